//! The tracking snippet of a site, and whether its first event has
//! arrived: `GET /settings/sites/{site}/first-event` answers
//! `{"received": true, "first_event": "2026-03-02T10:00:00Z", "message": "…"}`
//! for the notice on the settings page to poll.
use super::context::Ctx;
use super::enhance::copy_button;
use super::i18n::{format_date, format_time};
use super::layout::esc;
use super::site_settings::site_url;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use etalage_store::Site;
use serde_json::json;

/// The `<script>` tag a site puts in the `<head>` of its pages (as in the
/// README): the tracker served by this etalage, told which site it counts.
pub(super) fn tag(base: &str, site: &Site) -> String {
    format!(
        r#"<script defer data-domain="{domain}" src="{base}/js/script.js"></script>"#,
        domain = esc(site.domain.as_str()),
        base = esc(base),
    )
}

/// "First event received on …", in the site's time zone.
fn received_message(ctx: &Ctx, site: &Site, first: DateTime<Utc>) -> String {
    let l = ctx.locale;
    let local = site.timezone.local_time(first);
    l.ta(
        "snippet-received",
        &[
            ("date", &format_date(local.date(), l)),
            ("time", &format_time(local.time(), l)),
        ],
    )
}

/// The snippet section of the site page: the tag to copy and the state of
/// the first event.
pub(super) fn section(ctx: &Ctx, base: &str, site: &Site, first: Option<DateTime<Utc>>) -> String {
    let l = ctx.locale;
    let status = match first {
        Some(t) => format!(
            r#"<p id="first-event" class="notice notice-ok" role="status">{}</p>"#,
            esc(&received_message(ctx, site, t))
        ),
        None => format!(
            r#"<p id="first-event" class="notice" role="status" data-waiting data-url="{url}/first-event">{waiting}</p>"#,
            url = site_url(site.id),
            waiting = esc(&l.t("snippet-waiting")),
        ),
    };
    format!(
        r#"<section class="card site" id="snippet" aria-labelledby="snippet-heading"><h2 id="snippet-heading">{heading}</h2>
<p>{intro}</p>
<div class="field"><label for="sn-code">{label}</label><textarea id="sn-code" class="copy" rows="3" readonly spellcheck="false">{tag}</textarea></div>
{copy}{status}<p class="hint">{hint}</p></section>
"#,
        heading = esc(&l.t("snippet-heading")),
        intro = esc(&l.ta("snippet-intro", &[("domain", site.domain.as_str())])),
        label = esc(&l.t("snippet-label")),
        tag = esc(&tag(base, site)),
        copy = copy_button(ctx, "sn-code"),
        hint = esc(&l.t("snippet-hint")),
    )
}

/// `GET /settings/sites/{site}/first-event`: JSON for the waiting notice.
/// 401 without a login, 404 for a site the user cannot see.
pub(crate) async fn first_event(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Response {
    if ctx.user.is_none() {
        return ctx.finish((
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "log in first"})),
        ));
    }
    let Some((site, _)) = raw_id
        .parse::<u32>()
        .ok()
        .and_then(|id| ctx.sites.iter().find(|(s, _)| s.id == id))
    else {
        return ctx.finish((
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such site"})),
        ));
    };
    let store = state.store.clone();
    let id = site.id;
    match tokio::task::spawn_blocking(move || store.first_event(id)).await {
        Ok(Ok(first)) => ctx.finish(Json(json!({
            "received": first.is_some(),
            "first_event": first.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            "message": match first {
                Some(t) => received_message(&ctx, site, t),
                None => ctx.locale.t("snippet-waiting"),
            },
        }))),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot read the first event");
            ctx.finish((
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"error": "the store failed"})),
            ))
        }
        Err(e) => {
            tracing::error!(error = %e, "first-event lookup panicked");
            ctx.finish((
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"error": "the store failed"})),
            ))
        }
    }
}
