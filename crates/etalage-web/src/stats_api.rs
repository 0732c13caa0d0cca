//! The stats API: `POST /api/v2/query`, `POST /api/v1/funnel`, `GET /api/health`.
use crate::auth::require_key;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use etalage_analytics::{run_funnel, run_query, ApiError};
use serde_json::{json, Value};
use std::time::Instant;

fn api_error(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(json!({"error": e.to_string()}))).into_response()
}

fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))
}

async fn authorised_json<T: serde::Serialize + Send + 'static>(
    state: AppState,
    headers: HeaderMap,
    body: axum::body::Bytes,
    run: fn(&dyn etalage_store::Store, &Value) -> Result<T, ApiError>,
) -> Response {
    if let Err(msg) = require_key(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": msg}))).into_response();
    }
    let value = match parse_json(&body) {
        Ok(v) => v,
        Err(e) => return api_error(e),
    };
    let started = Instant::now();
    let store = state.store.clone();
    let result = tokio::task::spawn_blocking(move || run(store.as_ref(), &value)).await;
    state.query_timer.observe(started.elapsed());
    match result {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => api_error(e),
        Err(e) => api_error(ApiError::Internal(e.to_string())),
    }
}

/// `POST /api/v2/query`.
pub(crate) async fn post_query(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    authorised_json(state, headers, body, run_query).await
}

/// `POST /api/v1/funnel`.
pub(crate) async fn post_funnel(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    authorised_json(state, headers, body, run_funnel).await
}

/// `GET /api/health`.
pub(crate) async fn health(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let ok = tokio::task::spawn_blocking(move || store.sites().is_ok())
        .await
        .unwrap_or(false);
    let body = json!({
        "status": if ok { "ok" } else { "degraded" },
        "version": env!("CARGO_PKG_VERSION"),
        "log_lag": state.collector.metrics().log_lag(),
    });
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// The query of `GET /api/v1/kpis`.
#[derive(serde::Deserialize)]
pub(crate) struct KpiQuery {
    site_id: String,
    /// `30d`, `month`, … or `FROM,TO` (two dates).
    date_range: Option<String>,
}

/// `GET /api/v1/kpis?site_id=DOMAIN&date_range=30d` (or `2026-05-01,2026-05-31`).
pub(crate) async fn get_kpis(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<KpiQuery>,
) -> Response {
    if let Err(msg) = require_key(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": msg}))).into_response();
    }
    let range = match q.date_range.as_deref().unwrap_or("30d").split_once(',') {
        Some((from, to)) => json!([from.trim(), to.trim()]),
        None => json!(q.date_range.as_deref().unwrap_or("30d")),
    };
    let store = state.store.clone();
    let started = Instant::now();
    let result = tokio::task::spawn_blocking(move || {
        etalage_analytics::run_kpis(store.as_ref(), &q.site_id, &range)
    })
    .await;
    state.query_timer.observe(started.elapsed());
    match result {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => api_error(e),
        Err(e) => api_error(ApiError::Internal(e.to_string())),
    }
}

/// The query of `GET /api/v1/customers/value`.
#[derive(serde::Deserialize)]
pub(crate) struct ValueQuery {
    site_id: String,
    /// Share of revenue kept as margin, 0–1 (default 0.3).
    margin: Option<f64>,
}

/// `GET /api/v1/customers/value?site_id=DOMAIN[&margin=0.3]`: RFM segments
/// with revenue share, historical value, predicted CLV and the most a new
/// customer may cost; the spread of CLV, the models' parameters and their
/// holdout check; cohort retention; and per acquisition channel the most a
/// new customer may cost against what one cost over the last 90 days.
pub(crate) async fn get_customer_value(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<ValueQuery>,
) -> Response {
    if let Err(msg) = require_key(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": msg}))).into_response();
    }
    let margin = q.margin.unwrap_or(etalage_analytics::DEFAULT_MARGIN);
    if !(margin > 0.0 && margin <= 1.0) {
        return api_error(ApiError::BadRequest(
            "margin: give the share of revenue kept, above 0 and at most 1 (0.3 = 30 %)".into(),
        ));
    }
    let store = state.store.clone();
    let cache = state.value_cache.clone();
    let result = tokio::task::spawn_blocking(move || {
        let site = store.site_by_domain(&q.site_id)?.ok_or_else(|| {
            ApiError::NotFound(format!(
                "site_id: no site {:?}; add it with `etalage site add`",
                q.site_id
            ))
        })?;
        let today = site.timezone.local_date(chrono::Utc::now());
        etalage_analytics::customer_value_report(
            store.as_ref(),
            &site,
            Some(margin),
            today,
            Some(&cache),
        )
    })
    .await;
    match result {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => api_error(e),
        Err(e) => api_error(ApiError::Internal(e.to_string())),
    }
}
