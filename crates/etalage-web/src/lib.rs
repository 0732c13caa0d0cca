//! The HTTP side of etalage: event collection (`/api/event`, the tracker),
//! the stats API (`/api/v2/query`, `/api/v1/funnel`), the shop's own data
//! (`/api/v1/orders`, `…/returns`, `…/products`, `…/customers`,
//! `…/spend`), `/api/health`,
//! `/metrics`, and the public advisor (`/advice`).
//!
//! [`router`] builds the axum application from an [`AppState`]; the
//! `etalage` binary serves it.
//!
//! ```no_run
//! # async fn run(state: etalage_web::AppState) {
//! let app = etalage_web::router(state);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await.unwrap();
//! axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
//! # }
//! ```
#![deny(missing_docs)]

mod advice_page;
mod alerts_api;
mod auth;
mod client_ip;
mod commerce_api;
mod event_api;
mod metrics;
mod rate_limit;
mod shop_import;
mod state;
mod stats_api;
mod ui;

pub use advice_page::{embedded_content, AdvisorContent};
pub use alerts_api::{run_daily_check, AlertCache, ALERT_DAYS};
pub use auth::{hash_token, new_token};
pub use client_ip::TrustedProxies;
pub use metrics::QueryTimer;
pub use rate_limit::RateLimiter;
pub use shop_import::{import_shop_file, ShopFile};
pub use state::{AppState, WebConfig};
pub use ui::{add_user, AddUserError, MIN_PASSWORD_CHARS};

use axum::routing::{get, post};
use axum::Router;

/// The application's routes.
pub fn router(state: AppState) -> Router {
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([axum::http::Method::POST, axum::http::Method::GET])
        .allow_headers([axum::http::header::CONTENT_TYPE]);
    let collect = Router::new()
        .route("/api/event", post(event_api::post_event))
        .route("/js/script.js", get(event_api::tracker_script))
        .layer(cors);
    Router::new()
        .merge(collect)
        .route("/api/v2/query", post(stats_api::post_query))
        .route("/api/v1/funnel", post(stats_api::post_funnel))
        .route("/api/v1/alerts", get(alerts_api::get_alerts))
        .route("/api/v1/kpis", get(stats_api::get_kpis))
        .route(
            "/api/v1/customers/value",
            get(stats_api::get_customer_value),
        )
        .merge(commerce_routes())
        .route("/api/health", get(stats_api::health))
        .route("/metrics", get(metrics::prometheus))
        .route("/advice", get(advice_page::advice_page))
        .route("/advice/{sheet}", get(advice_page::sheet_page))
        .merge(ui::router())
        .with_state(state)
}

/// The shop-data routes, with a body limit for batches of records.
fn commerce_routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orders", post(commerce_api::post_orders))
        .route("/api/v1/returns", post(commerce_api::post_returns))
        .route("/api/v1/products", post(commerce_api::post_products))
        .route("/api/v1/customers", post(commerce_api::post_customers))
        .route("/api/v1/spend", post(commerce_api::post_spend))
        .layer(axum::extract::DefaultBodyLimit::max(commerce_api::MAX_BODY))
}
