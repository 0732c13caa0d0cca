//! `POST /api/event` and the tracker script.
use crate::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use etalage_collect::{parse_event_body, CollectError, CollectMetrics, Outcome, MAX_BODY_BYTES};
use serde_json::json;
use std::net::SocketAddr;

const TRACKER: &str = include_str!("../../etalage-collect/assets/script.js");

/// Serves the tracker.
pub(crate) async fn tracker_script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        TRACKER,
    )
        .into_response()
}

fn error(status: StatusCode, field: Option<&str>, message: impl Into<String>) -> Response {
    let mut body = json!({"error": message.into()});
    if let Some(f) = field {
        body["field"] = json!(f);
    }
    (status, Json(body)).into_response()
}

/// Accepts one event; answers 202 once it is durable.
pub(crate) async fn post_event(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let metrics = state.collector.metrics();
    let ip = state.config.trusted_proxies.client_ip(peer.ip(), &headers);
    if !state.limiter.allow(ip) {
        CollectMetrics::inc(&metrics.dropped_rate_limited);
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            None,
            "too many events from this address; slow down",
        );
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            CollectMetrics::inc(&metrics.dropped_too_large);
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some("body"),
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            );
        }
    };
    let incoming = match parse_event_body(&bytes) {
        Ok(e) => e,
        Err(e) => {
            CollectMetrics::inc(&metrics.dropped_invalid);
            return error(StatusCode::BAD_REQUEST, Some(&e.field), e.to_string());
        }
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match state.collector.collect(incoming, ip, user_agent).await {
        Ok(Outcome::Accepted(_)) => (StatusCode::ACCEPTED, "ok").into_response(),
        Ok(Outcome::Bot(_)) => {
            let mut r = (StatusCode::ACCEPTED, "ok").into_response();
            r.headers_mut()
                .insert("x-etalage-dropped", HeaderValue::from_static("bot"));
            r
        }
        Err(e @ CollectError::UnknownSite(_)) => {
            error(StatusCode::NOT_FOUND, Some("domain"), e.to_string())
        }
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, None, e.to_string()),
    }
}
