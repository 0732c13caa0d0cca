//! The web app (server-rendered pages): accounts, sites, dashboard.
//!
//! Every page is rendered on the server in the visitor's language (Dutch,
//! French or English; see `i18n`), inside one base layout (`layout`). Pages
//! that show data need a login (`session`); every POST form carries a CSRF
//! token tied to the session (or, before login, to an anonymous cookie).
// Helpers return a ready `Response` as their error so handlers can `return`
// it; boxing it would only add an allocation to the error path.
#![allow(clippy::result_large_err)]

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

mod account_pages;
mod alerts_view;
mod api_keys;
pub(crate) mod assets;
mod customers_page;
mod dashboard;
mod import_page;
mod kpi_page;
// Shared with other pages (the dashboard, the advisor): the request context
// extractor `context::Ctx`, translations and formatting in `i18n`, the base
// layout `layout::page`, and `pages::require_login` / `pages::html`.
pub(crate) mod context;
mod enhance;
mod forms;
mod goals;
pub(crate) mod i18n;
pub(crate) mod layout;
mod members;
pub(crate) mod pages;
mod session;
mod share_links;
mod site_settings;
mod snippet;

pub use session::{add_user, AddUserError, MIN_PASSWORD_CHARS};

/// The web app's routes.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::dashboard))
        .route("/dashboard.csv", get(dashboard::csv))
        .route("/dashboard/realtime", get(dashboard::realtime))
        .route("/share/{token}", get(dashboard::shared))
        .route("/share/{token}/export.csv", get(dashboard::shared_csv))
        .route("/share/{token}/realtime", get(dashboard::shared_realtime))
        .route(
            assets::DASHBOARD_JS.path,
            get(|| async { assets::DASHBOARD_JS.response() }),
        )
        .route(
            assets::UPLOT_JS.path,
            get(|| async { assets::UPLOT_JS.response() }),
        )
        .route(
            assets::UPLOT_CSS.path,
            get(|| async { assets::UPLOT_CSS.response() }),
        )
        .route("/kpis", get(kpi_page::kpis))
        .route("/customers", get(customers_page::customers))
        .route("/customers.csv", get(customers_page::segment_csv))
        .route(
            "/import",
            get(import_page::page).post(import_page::upload).layer(
                axum::extract::DefaultBodyLimit::max(import_page::MAX_UPLOAD_BYTES),
            ),
        )
        .route("/settings", get(members::settings_page))
        .route("/settings/invite", post(members::invite_submit))
        .route("/settings/sites", post(site_settings::add_site))
        .route("/settings/sites/new", get(site_settings::new_site_page))
        .route(
            "/settings/sites/{site}",
            get(site_settings::site_page).post(site_settings::update_site),
        )
        .route(
            "/settings/sites/{site}/first-event",
            get(snippet::first_event),
        )
        .route("/settings/sites/{site}/goals", post(goals::create))
        .route(
            "/settings/sites/{site}/goals/{goal}",
            get(goals::edit_page).post(goals::update),
        )
        .route(
            "/settings/sites/{site}/goals/{goal}/delete",
            post(goals::delete),
        )
        .route(
            "/settings/sites/{site}/share-links",
            post(share_links::create),
        )
        .route(
            "/settings/sites/{site}/share-links/{link}/revoke",
            post(share_links::revoke),
        )
        .route(
            "/settings/api-keys",
            get(api_keys::keys_page).post(api_keys::create),
        )
        .route("/settings/api-keys/{key}/revoke", post(api_keys::revoke))
        .route(
            "/invite/{token}",
            get(members::invite_page).post(members::invite_accept),
        )
        .route(
            "/setup",
            get(account_pages::setup_page).post(account_pages::setup_submit),
        )
        .route(
            "/login",
            get(account_pages::login_page).post(account_pages::login_submit),
        )
        .route("/logout", post(account_pages::logout))
        .route(
            assets::APP_CSS.path,
            get(|| async { assets::APP_CSS.response() }),
        )
        // Pages and assets travel gzipped (the dashboard's first load stays
        // well under its 150 KB budget).
        .layer(tower_http::compression::CompressionLayer::new())
}

/// The web app's source, for the test that every translation key it uses
/// is defined.
#[cfg(test)]
const SOURCE_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("mod.rs")),
    ("account_pages.rs", include_str!("account_pages.rs")),
    ("api_keys.rs", include_str!("api_keys.rs")),
    ("context.rs", include_str!("context.rs")),
    ("dashboard/mod.rs", include_str!("dashboard/mod.rs")),
    ("dashboard/data.rs", include_str!("dashboard/data.rs")),
    ("dashboard/render.rs", include_str!("dashboard/render.rs")),
    ("dashboard/view.rs", include_str!("dashboard/view.rs")),
    ("kpi_page.rs", include_str!("kpi_page.rs")),
    ("customers_page.rs", include_str!("customers_page.rs")),
    ("import_page.rs", include_str!("import_page.rs")),
    ("enhance.rs", include_str!("enhance.rs")),
    ("forms.rs", include_str!("forms.rs")),
    ("goals.rs", include_str!("goals.rs")),
    ("layout.rs", include_str!("layout.rs")),
    ("members.rs", include_str!("members.rs")),
    ("pages.rs", include_str!("pages.rs")),
    ("session.rs", include_str!("session.rs")),
    ("share_links.rs", include_str!("share_links.rs")),
    ("site_settings.rs", include_str!("site_settings.rs")),
    ("snippet.rs", include_str!("snippet.rs")),
];

#[cfg(test)]
mod customers_tests;
#[cfg(test)]
mod dashboard_tests;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod settings_tests;
