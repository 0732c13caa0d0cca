//! `/customers`: which customers matter and what they are worth — RFM
//! segments with their share of revenue, value so far and predicted
//! lifetime value, what to do for each, the most a new customer may cost
//! against what one costs now, cohort retention, and a CSV of a segment's
//! customers who agreed to marketing.
use super::context::Ctx;
use super::dashboard::render::format_euros;
use super::dashboard::view::View;
use super::dashboard::{chosen_site, page_site};
use super::i18n::{format_count, format_percent};
use super::layout::{esc, tk};
use super::pages::{error_page, html, require_login};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use etalage_core::DateRange;
use etalage_value::{CacVerdict, ValueOverview};
use std::fmt::Write;

/// Margin used when the shop's cost prices are unknown.
const DEFAULT_MARGIN: f64 = 0.3;

/// Segment id → (name key, action key).
const SEGMENTS: [(&str, &str, &str); 11] = [
    (
        "champions",
        tk("customers-seg-champions"),
        tk("customers-do-champions"),
    ),
    ("loyal", tk("customers-seg-loyal"), tk("customers-do-loyal")),
    (
        "potential_loyalists",
        tk("customers-seg-potential-loyalists"),
        tk("customers-do-potential-loyalists"),
    ),
    ("new", tk("customers-seg-new"), tk("customers-do-new")),
    (
        "promising",
        tk("customers-seg-promising"),
        tk("customers-do-promising"),
    ),
    (
        "need_attention",
        tk("customers-seg-need-attention"),
        tk("customers-do-need-attention"),
    ),
    (
        "about_to_sleep",
        tk("customers-seg-about-to-sleep"),
        tk("customers-do-about-to-sleep"),
    ),
    (
        "at_risk",
        tk("customers-seg-at-risk"),
        tk("customers-do-at-risk"),
    ),
    (
        "cant_lose_them",
        tk("customers-seg-cant-lose-them"),
        tk("customers-do-cant-lose-them"),
    ),
    (
        "hibernating",
        tk("customers-seg-hibernating"),
        tk("customers-do-hibernating"),
    ),
    ("lost", tk("customers-seg-lost"), tk("customers-do-lost")),
];

fn names(id: &str) -> (&'static str, &'static str) {
    SEGMENTS
        .iter()
        .find(|(s, _, _)| *s == id)
        .map(|(_, n, a)| (*n, *a))
        .unwrap_or((tk("customers-seg-lost"), tk("customers-do-lost")))
}

struct Loaded {
    overview: ValueOverview,
    margin: f64,
    cac: Option<f64>,
}

fn load(
    state: &AppState,
    site: &etalage_store::Site,
) -> Result<Loaded, etalage_analytics::ApiError> {
    let store = state.store.as_ref();
    // The last 90 days' gross margin and acquisition cost, from the key
    // figures (a quarter keeps the page quick and the figures current).
    let today = site.timezone.local_date(Utc::now());
    let year = DateRange::new(today - Duration::days(89), today)
        .map_err(|e| etalage_analytics::ApiError::BadRequest(e.to_string()))?;
    // This year's figures only: the page needs no comparison.
    let k = store.kpis(site.id, etalage_analytics::kpi_period(site, year))?;
    let margin = k
        .gross_margin
        .map(|m| (m / 100.0).clamp(0.01, 1.0))
        .unwrap_or(DEFAULT_MARGIN);
    let overview = etalage_analytics::customer_value(store, site, margin)?;
    Ok(Loaded {
        overview,
        margin,
        cac: k.cac,
    })
}

fn render(ctx: &Ctx, site: &etalage_store::Site, d: &Loaded) -> String {
    let l = ctx.locale;
    let o = &d.overview;
    let mut out = format!(
        r#"<div class="dash-head"><h1>{} <span class="domain">{}</span></h1></div><p class="range">{}</p>"#,
        esc(&l.t("nav-customers")),
        esc(site.domain.as_str()),
        esc(&l.ta(
            "customers-intro",
            &[
                ("customers", &format_count(o.customers as u64, l)),
                ("margin", &format_percent(d.margin, 0, l)),
            ]
        )),
    );
    // The acquisition budget against the actual cost of a new customer.
    let verdict = d.cac.and_then(|cac| o.acquisition.verdict(cac).ok());
    let (class, verdict_key) = match verdict {
        Some(CacVerdict::Healthy) => ("notice-ok", tk("customers-cac-healthy")),
        Some(CacVerdict::Tight) => ("", tk("customers-cac-tight")),
        Some(CacVerdict::Unprofitable) => ("notice-error", tk("customers-cac-unprofitable")),
        None => ("", tk("customers-cac-unknown")),
    };
    let _ = write!(
        out,
        r#"<section class="notice {class}" id="acquisition"><p>{}</p><p><strong>{}</strong></p></section>"#,
        esc(&l.ta(
            "customers-acquisition",
            &[
                ("clv", &format_euros(o.average_clv, l)),
                ("max", &format_euros(o.acquisition.max_acquisition_cost, l)),
                (
                    "healthy",
                    &format_euros(o.acquisition.healthy_acquisition_cost, l)
                ),
                (
                    "cac",
                    &d.cac
                        .map(|c| format_euros(c, l))
                        .unwrap_or_else(|| "–".into())
                ),
            ]
        )),
        esc(&l.t(verdict_key)),
    );
    // The segment grid.
    let _ = write!(
        out,
        r#"<section class="card panel" id="segments"><h2>{}</h2><table><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col">CSV</th></tr></thead><tbody>"#,
        esc(&l.t("customers-segments")),
        esc(&l.t("customers-segment")),
        esc(&l.t("customers-count")),
        esc(&l.t("customers-revenue-share")),
        esc(&l.t("customers-average-value")),
        esc(&l.t("customers-average-clv")),
        esc(&l.t("customers-max-cac")),
        esc(&l.t("customers-what-to-do")),
    );
    for s in &o.segments {
        let (name, action) = names(s.segment);
        let csv = format!(
            "/customers.csv?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("site", site.domain.as_str())
                .append_pair("segment", s.segment)
                .finish()
        );
        let _ = write!(
            out,
            r#"<tr id="segment-{id}"><th scope="row">{name}</th><td class="num">{n}</td><td class="num">{share}</td><td class="num">{value}</td><td class="num">{clv}</td><td class="num">{max}</td><td>{action}</td><td><a class="csv" href="{csv}" download>CSV</a></td></tr>"#,
            id = s.segment,
            name = esc(&l.t(name)),
            n = esc(&format_count(s.customers as u64, l)),
            share = esc(&format_percent(s.revenue_share / 100.0, 1, l)),
            value = esc(&format_euros(s.average_value, l)),
            clv = esc(&format_euros(s.average_clv, l)),
            max = esc(&format_euros(s.acquisition.max_acquisition_cost, l)),
            action = esc(&l.t(action)),
            csv = esc(&csv),
        );
    }
    out.push_str("</tbody></table></section>");
    // Cohorts: share of each first-order month still buying k months later.
    let recent: Vec<_> = o.cohorts.iter().rev().take(13).rev().collect();
    let width = recent
        .iter()
        .map(|c| c.share.len())
        .max()
        .unwrap_or(0)
        .min(13);
    let _ = write!(
        out,
        r#"<section class="card panel" id="cohorts"><h2>{}</h2><p class="hint">{}</p><table class="cohorts"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th>"#,
        esc(&l.t("customers-cohorts")),
        esc(&l.t("customers-cohorts-hint")),
        esc(&l.t("customers-cohort")),
        esc(&l.t("customers-count")),
    );
    for k in 1..width {
        let _ = write!(out, r#"<th scope="col" class="num">+{k}</th>"#);
    }
    out.push_str("</tr></thead><tbody>");
    for c in recent {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td>"#,
            esc(&c.cohort),
            esc(&format_count(c.customers as u64, l))
        );
        for k in 1..width {
            match c.share.get(k) {
                Some(s) => {
                    let _ = write!(
                        out,
                        r#"<td class="num heat" style="--h:{:.0}%">{}</td>"#,
                        (s * 400.0).min(100.0),
                        esc(&format_percent(*s, 0, l))
                    );
                }
                None => out.push_str("<td></td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>");
    out
}

/// `GET /customers`.
pub(crate) async fn customers(State(state): State<AppState>, ctx: Ctx) -> Response {
    let l = ctx.locale;
    let title = l.t("nav-customers");
    let (_, site) = match page_site(&ctx, &title) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let s = state.clone();
    let site2 = site.clone();
    let loaded = tokio::task::spawn_blocking(move || load(&s, &site2)).await;
    let main = match loaded {
        Ok(Ok(d)) => render(&ctx, &site, &d),
        Ok(Err(etalage_analytics::ApiError::NotFound(_))) => format!(
            r#"<h1>{}</h1><p class="notice">{}</p>"#,
            esc(&title),
            esc(&l.t("customers-no-orders"))
        ),
        _ => return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store"),
    };
    html(&ctx, StatusCode::OK, &title, &main)
}

/// `GET /customers.csv?site=…&segment=…`: the segment's customers who
/// agreed to marketing, with their e-mail address, value and CLV.
pub(crate) async fn segment_csv(State(state): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = require_login(&ctx) {
        return r;
    }
    let view = View::parse(&ctx.query);
    let Some(site) = chosen_site(&ctx, &view) else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    };
    let segment = ctx
        .query
        .iter()
        .find(|(k, _)| k == "segment")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if !SEGMENTS.iter().any(|(s, _, _)| *s == segment) {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    }
    let s = state.clone();
    let site2 = site.clone();
    let seg = segment.clone();
    let built = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let d = load(&s, &site2).map_err(|e| e.to_string())?;
        let contacts: std::collections::HashMap<String, String> = s
            .store
            .consenting_contacts(site2.id)
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect();
        let mut out = String::from("email,segment,clv\n");
        for (key, sg, clv) in &d.overview.customer_segments {
            if *sg == seg {
                if let Some(email) = contacts.get(key) {
                    let email = email.replace(['"', ',', '\n', '\r'], "");
                    let _ = writeln!(out, "{email},{sg},{clv:.2}");
                }
            }
        }
        Ok(out)
    })
    .await;
    match built {
        Ok(Ok(body)) => ctx.finish(
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!(
                            "attachment; filename=\"{}-{segment}.csv\"",
                            site.domain.as_str()
                        ),
                    ),
                ],
                body,
            )
                .into_response(),
        ),
        _ => error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store"),
    }
}
