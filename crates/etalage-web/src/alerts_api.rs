//! Alerts: `GET /api/v1/alerts` and the daily check that keeps them.
//!
//! The check (see `etalage_analytics::alerts`) looks at the last
//! [`ALERT_DAYS`] closed days of a site. Closed days do not change with
//! live traffic, so the result is kept per site and site-local day; the
//! server refreshes it in the background (see [`run_daily_check`]) so that
//! pages only read it.
use crate::auth::require_key;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use etalage_analytics::alerts::{recent_alerts, Alert};
use etalage_store::{Site, Store};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Closed days an alert list covers.
pub const ALERT_DAYS: i64 = 7;

/// One site's alert list for one of its days.
type Kept = HashMap<(u32, NaiveDate), Arc<Vec<Alert>>>;

/// Alert lists per (site id, the site's today).
#[derive(Default)]
pub struct AlertCache {
    lists: Mutex<Kept>,
}

impl AlertCache {
    /// The kept list of a site for its today, if checked already.
    pub fn get(&self, site: &Site) -> Option<Arc<Vec<Alert>>> {
        let today = site.timezone.local_date(Utc::now());
        self.lists
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(site.id, today))
            .cloned()
    }

    /// Checks a site's last closed days now and keeps the result.
    pub fn refresh(&self, store: &dyn Store, site: &Site) -> Result<Arc<Vec<Alert>>, String> {
        let today = site.timezone.local_date(Utc::now());
        let list =
            Arc::new(recent_alerts(store, site, today, ALERT_DAYS).map_err(|e| e.to_string())?);
        let mut lists = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        lists.retain(|(_, day), _| *day >= today - chrono::Duration::days(1));
        lists.insert((site.id, today), list.clone());
        Ok(list)
    }

    /// The kept list, or a fresh check.
    pub fn get_or_refresh(
        &self,
        store: &dyn Store,
        site: &Site,
    ) -> Result<Arc<Vec<Alert>>, String> {
        match self.get(site) {
            Some(list) => Ok(list),
            None => self.refresh(store, site),
        }
    }
}

/// The daily check: at start and then every ten minutes, checks every
/// site whose day has turned since its last check. Runs until the process
/// ends.
pub async fn run_daily_check(state: AppState) {
    loop {
        let s = state.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let Ok(sites) = s.store.sites() else { return };
            for site in sites {
                if s.alerts.get(&site).is_none() {
                    if let Err(e) = s.alerts.refresh(s.store.as_ref(), &site) {
                        tracing::warn!(site = %site.domain.as_str(), error = %e, "alert check failed");
                    }
                }
            }
        })
        .await;
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

/// The query of `GET /api/v1/alerts`.
#[derive(serde::Deserialize)]
pub(crate) struct AlertsQuery {
    site_id: String,
}

/// `GET /api/v1/alerts?site_id=DOMAIN`: the alerts of the last closed days.
pub(crate) async fn get_alerts(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AlertsQuery>,
) -> Response {
    if let Err(msg) = require_key(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": msg}))).into_response();
    }
    let s = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let site = s
            .store
            .site_by_domain(&q.site_id)
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
            .ok_or_else(|| {
                (
                    StatusCode::NOT_FOUND,
                    format!(
                        "site_id: no site {:?}; add it with `etalage site add`",
                        q.site_id
                    ),
                )
            })?;
        s.alerts
            .get_or_refresh(s.store.as_ref(), &site)
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e))
    })
    .await;
    match answer {
        Ok(Ok(list)) => Json(json!({"days": ALERT_DAYS, "alerts": *list})).into_response(),
        Ok(Err((status, msg))) => (status, Json(json!({"error": msg}))).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}
