//! The dashboard (`/`): top figures with their change, the time-series
//! chart, panels for pages, sources, devices, countries, goals (with the
//! break-even helper) and a funnel, realtime visitors, filters as chips,
//! CSV exports. Everything the page shows is in its URL.
mod data;
pub(crate) mod render;
pub(crate) mod view;

use super::context::Ctx;
use super::layout::esc;
use super::pages::{error_page, html, require_login};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use data::Panel;
use etalage_store::Site;
use std::time::Instant;
use view::View;

pub(crate) use render::Paths;

/// The site a view asks for among the sites the user may see: the named
/// one, or the first. `None` when a named site is not theirs (or absent).
pub(crate) fn chosen_site(ctx: &Ctx, view: &View) -> Option<Site> {
    if view.site.is_empty() {
        return ctx.sites.first().map(|(s, _)| s.clone());
    }
    ctx.sites
        .iter()
        .find(|(s, _)| s.domain.as_str() == view.site)
        .map(|(s, _)| s.clone())
}

/// The start of a page about one site (KPIs, customers): the login, the
/// view in the URL and the site it names; otherwise the page to answer
/// (login, "no sites yet", or 404).
pub(crate) fn page_site(ctx: &Ctx, title: &str) -> Result<(View, Site), Response> {
    require_login(ctx)?;
    let view = View::parse(&ctx.query);
    match chosen_site(ctx, &view) {
        Some(site) => Ok((view, site)),
        None if ctx.sites.is_empty() => {
            let main = format!(
                r#"<h1>{}</h1><p class="notice">{}</p>"#,
                esc(title),
                esc(&ctx.locale.t("layout-no-sites"))
            );
            Err(html(ctx, StatusCode::OK, title, &main))
        }
        None => Err(error_page(ctx, StatusCode::NOT_FOUND, "error-not-found")),
    }
}

fn no_sites(ctx: &Ctx, is_admin: bool) -> Response {
    let l = ctx.locale;
    let title = l.t("dashboard-title");
    let hint = if is_admin {
        "dashboard-no-sites-admin"
    } else {
        "dashboard-no-sites"
    };
    let mut main = format!(
        r#"<h1>{}</h1><p class="notice">{}</p>"#,
        esc(&title),
        esc(&l.t(hint))
    );
    if is_admin {
        main.push_str(
            "<pre><code>etalage site add shop.example --timezone Europe/Brussels</code></pre>\n",
        );
    }
    html(ctx, StatusCode::OK, &title, &main)
}

/// Renders a dashboard page for a site (logged in or through a share link).
pub(crate) async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    site: Site,
    view: View,
    paths: Paths,
    read_only: bool,
) -> Response {
    let started = Instant::now();
    let store = state.store.clone();
    let loaded = {
        let site = site.clone();
        let view = view.clone();
        tokio::task::spawn_blocking(move || data::load(store.as_ref(), &site, &view)).await
    };
    let d = match loaded {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "dashboard queries failed");
            return error_page(ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store");
        }
        Err(e) => {
            tracing::error!(error = %e, "dashboard queries panicked");
            return error_page(ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store");
        }
    };
    // Alerts come from the daily check's results; a page never waits for it.
    let alert_list = state.alerts.get(&site);
    let main = render::dashboard(
        &view,
        &site,
        &d,
        &paths,
        ctx.locale,
        read_only,
        alert_list.as_deref().map_or(&[], Vec::as_slice),
    );
    let title = format!(
        "{} · {}",
        ctx.locale.t("dashboard-title"),
        site.domain.as_str()
    );
    let mut response = html(ctx, StatusCode::OK, &title, &main);
    server_timing(&mut response, started);
    response
}

/// `Server-Timing: app;dur=…`: the server's share of the page time, for
/// the browser's network panel and for the performance budget.
fn server_timing(response: &mut Response, started: Instant) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.1}")) {
        response.headers_mut().insert("server-timing", v);
    }
}

/// `GET /`: the dashboard of the chosen site.
pub(crate) async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Response {
    let user = match require_login(&ctx) {
        Ok(u) => u.clone(),
        Err(r) => return r,
    };
    if ctx.sites.is_empty() {
        return no_sites(&ctx, user.is_admin);
    }
    let mut view = View::parse(&ctx.query);
    let Some(site) = chosen_site(&ctx, &view) else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    };
    if ctx.sites.len() == 1 {
        // One site: keep URLs short.
        view.site.clear();
    }
    let paths = Paths {
        page: "/".into(),
        csv: "/dashboard.csv".into(),
        realtime: format!(
            "/dashboard/realtime?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("site", site.domain.as_str())
                .finish()
        ),
    };
    render_page(&state, &ctx, site, view, paths, false).await
}

/// Writes one CSV field: quoted when needed, and with a leading `'` when a
/// spreadsheet would read it as a formula.
fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A panel as CSV (every row, not only the ten shown).
pub(crate) async fn csv_response(
    state: &AppState,
    site: Site,
    view: View,
    panel: Panel,
) -> Response {
    let store = state.store.clone();
    let answer = tokio::task::spawn_blocking(
        move || -> Result<(String, String), etalage_analytics::ApiError> {
            let today = site.timezone.local_date(Utc::now());
            let dates = view.period.dates(today);
            let dim = panel.dimension(&view, today);
            let metrics = panel.metrics(&view);
            let body = panel.query(&view, &site, dates, today, 10_000);
            let answer = etalage_analytics::run_query(store.as_ref(), &body)?;
            let mut rows = data::rows(&answer);
            if panel == Panel::Series {
                let labels = data::buckets(dates.0, dates.1, view.interval_for(today));
                rows = labels
                    .into_iter()
                    .map(|label| {
                        let metrics = rows
                            .iter()
                            .find(|r| r.label == label)
                            .map(|r| r.metrics.clone())
                            .unwrap_or_else(|| vec![0.0]);
                        data::Row { label, metrics }
                    })
                    .collect();
            }
            let mut out = String::new();
            let mut head = vec![dim.to_string()];
            head.extend(metrics.iter().map(|m| m.to_string()));
            out.push_str(&head.join(","));
            out.push('\n');
            for r in rows {
                let mut line = vec![csv_field(&r.label)];
                line.extend(r.metrics.iter().map(|v| v.to_string()));
                out.push_str(&line.join(","));
                out.push('\n');
            }
            let name = format!(
                "{}-{}-{}-{}.csv",
                site.domain.as_str(),
                panel.code(),
                dates.0,
                dates.1
            );
            Ok((out, name))
        },
    )
    .await;
    match answer {
        Ok(Ok((body, name))) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The CSV of the `panel` a request names, for a site it may see; 404
/// otherwise.
async fn panel_csv(state: &AppState, ctx: &Ctx, site: Option<Site>, view: View) -> Response {
    let panel = ctx
        .query
        .iter()
        .find(|(k, _)| k == "panel")
        .and_then(|(_, v)| Panel::parse(v));
    match (site, panel) {
        (Some(site), Some(panel)) => ctx.finish(csv_response(state, site, view, panel).await),
        _ => error_page(ctx, StatusCode::NOT_FOUND, "error-not-found"),
    }
}

/// `GET /dashboard.csv?…&panel=…`.
pub(crate) async fn csv(State(state): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = require_login(&ctx) {
        return r;
    }
    let view = View::parse(&ctx.query);
    let site = chosen_site(&ctx, &view);
    panel_csv(&state, &ctx, site, view).await
}

/// The realtime count as JSON: `{"visitors": 3}`.
pub(crate) async fn realtime_json(state: &AppState, site: Site) -> Response {
    let store = state.store.clone();
    let n = tokio::task::spawn_blocking(move || data::realtime(store.as_ref(), &site, Utc::now()))
        .await;
    match n {
        Ok(Ok(n)) => (
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(serde_json::json!({"visitors": n})),
        )
            .into_response(),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /dashboard/realtime?site=…`.
pub(crate) async fn realtime(State(state): State<AppState>, ctx: Ctx) -> Response {
    if ctx.user.is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let view = View::parse(&ctx.query);
    match chosen_site(&ctx, &view) {
        Some(site) => ctx.finish(realtime_json(&state, site).await),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The site behind a share-link token, or `None` (unknown, revoked, or a
/// token that cannot be one).
async fn shared_site(state: &AppState, token: &str) -> Option<Site> {
    if token.len() < 16
        || token.len() > 128
        || !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let hash = crate::auth::hash_share_token(token);
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || -> etalage_store::Result<Option<Site>> {
        let Some(id) = store.share_link_site(&hash)? else {
            return Ok(None);
        };
        Ok(store.sites()?.into_iter().find(|s| s.id == id))
    })
    .await
    .ok()
    .and_then(|r| r.ok())
    .flatten()
}

fn share_paths(token: &str) -> Paths {
    Paths {
        page: format!("/share/{token}"),
        csv: format!("/share/{token}/export.csv"),
        realtime: format!("/share/{token}/realtime"),
    }
}

/// `GET /share/{token}`: the read-only dashboard of a share link; no login.
pub(crate) async fn shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Response {
    let Some(site) = shared_site(&state, &token).await else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    };
    let mut view = View::parse(&ctx.query);
    view.site.clear();
    render_page(&state, &ctx, site, view, share_paths(&token), true).await
}

/// `GET /share/{token}/export.csv`.
pub(crate) async fn shared_csv(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Response {
    let site = shared_site(&state, &token).await;
    panel_csv(&state, &ctx, site, View::parse(&ctx.query)).await
}

/// `GET /share/{token}/realtime`.
pub(crate) async fn shared_realtime(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Response {
    match shared_site(&state, &token).await {
        Some(site) => realtime_json(&state, site).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("/e-bikes"), "/e-bikes");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
    }
}
