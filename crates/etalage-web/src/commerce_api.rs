//! The shop's own data over HTTP: `POST /api/v1/orders`, `/api/v1/returns`,
//! `/api/v1/products`, `/api/v1/customers` and `/api/v1/spend`.
//!
//! The site is the `site_id` query parameter (its domain); the body is one
//! record or a list of them. A list with any invalid record stores nothing
//! and the `400` answer lists every invalid record by position and field
//! (`[3].lines[0].quantity: …`). Records are stored by the shop's own ids,
//! so sending the same body again changes nothing; the answer
//! (`{"inserted", "updated", "unchanged"}`) comes after the commit.
use crate::auth::require_key;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use etalage_core::commerce::ReadOptions;
use etalage_core::{Customer, MarketingSpend, Order, OrderReturn, ParseError, Product};
use etalage_store::{Store, UpsertReport};
use serde::Deserialize;
use serde_json::{json, Value};

/// Most records one request may carry.
pub(crate) const MAX_RECORDS: usize = 10_000;

/// Largest accepted body of these routes.
pub(crate) const MAX_BODY: usize = 16 * 1024 * 1024;

/// The query string of every route.
#[derive(Debug, Deserialize)]
pub(crate) struct SiteQuery {
    site_id: Option<String>,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": message.into()}))).into_response()
}

type Parse<T> = fn(&Value, &ReadOptions) -> Result<T, ParseError>;
type Write<T> = fn(&dyn Store, u32, &[T]) -> etalage_store::Result<UpsertReport>;

/// Checks the key and the site, reads every record, stores them all.
async fn post_records<T: Send + Sync + 'static>(
    state: AppState,
    headers: HeaderMap,
    query: SiteQuery,
    body: axum::body::Bytes,
    parse: Parse<T>,
    write: Write<T>,
) -> Response {
    if let Err(msg) = require_key(&state, &headers) {
        return error(StatusCode::UNAUTHORIZED, msg);
    }
    let Some(domain) = query.site_id.filter(|s| !s.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "site_id: is missing; add ?site_id=DOMAIN (the site as registered in etalage) to the URL",
        );
    };
    let site = match state.store.site_by_domain(&domain) {
        Ok(Some(s)) => s,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                format!("site_id: no site {domain:?}; add it with `etalage site add`"),
            )
        }
        Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    };
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("the body is not valid JSON ({e}); send one object or a list of objects"),
            )
        }
    };
    let (items, listed) = match value {
        Value::Array(items) => (items, true),
        other => (vec![other], false),
    };
    if items.len() > MAX_RECORDS {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("send at most {MAX_RECORDS} records per request"),
        );
    }
    let options = ReadOptions {
        zone: site.timezone,
        ..ReadOptions::default()
    };
    let mut records = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match parse(item, &options) {
            Ok(r) => records.push(r),
            Err(e) => {
                let e = if listed {
                    e.within(&format!("[{i}]"))
                } else {
                    e
                };
                errors.push(e.to_string());
            }
        }
    }
    if !errors.is_empty() {
        let message = if listed {
            format!(
                "{} of {} records are invalid; nothing was stored",
                errors.len(),
                items.len()
            )
        } else {
            format!("the record is invalid; nothing was stored: {}", errors[0])
        };
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": message, "errors": errors})),
        )
            .into_response();
    }
    let store = state.store.clone();
    let site_id = site.id;
    let written =
        tokio::task::spawn_blocking(move || write(store.as_ref(), site_id, &records)).await;
    match written {
        Ok(Ok(report)) => {
            let c = report.counts();
            Json(json!({"inserted": c.inserted, "updated": c.updated, "unchanged": c.unchanged}))
                .into_response()
        }
        Ok(Err(e)) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("nothing was stored: {e}"),
        ),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

macro_rules! route {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $method:ident) => {
        $(#[$doc])*
        pub(crate) async fn $name(
            State(state): State<AppState>,
            Query(query): Query<SiteQuery>,
            headers: HeaderMap,
            body: axum::body::Bytes,
        ) -> Response {
            post_records::<$ty>(state, headers, query, body, <$ty>::from_json, |s, site, r| {
                s.$method(site, r)
            })
            .await
        }
    };
}

route!(
    /// `POST /api/v1/orders`.
    post_orders,
    Order,
    upsert_orders
);
route!(
    /// `POST /api/v1/returns`.
    post_returns,
    OrderReturn,
    upsert_returns
);
route!(
    /// `POST /api/v1/products`.
    post_products,
    Product,
    upsert_products
);
route!(
    /// `POST /api/v1/customers`.
    post_customers,
    Customer,
    upsert_customers
);
route!(
    /// `POST /api/v1/spend`.
    post_spend,
    MarketingSpend,
    upsert_spend
);
