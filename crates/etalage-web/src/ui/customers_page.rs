//! `/customers`: which customers matter and what they are worth — RFM
//! segments with their share of revenue, value so far and predicted
//! lifetime value, what to do for each (with the advice sheets on it), the
//! most a new customer may cost against what one costs now, overall and per
//! acquisition channel, how lifetime value is spread, cohort retention, how
//! far the models can be trusted (their parameters and a holdout check),
//! and a CSV of a segment's customers who agreed to marketing.
use super::context::Ctx;
use super::dashboard::render::{display_label, format_euros};
use super::dashboard::view::View;
use super::dashboard::{chosen_site, page_site};
use super::i18n::{format_count, format_date, format_number, format_percent, Arg, Locale};
use super::layout::{esc, tk};
use super::pages::{error_page, html, require_login};
use crate::advice_page::{embedded_content, AdvisorContent};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use etalage_analytics::CustomerValueReport;
use etalage_value::{CacVerdict, Diagnostics, HoldoutCheck, Shortfall, ValueOverview};
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

/// Segment id → (name key, action key, advice sheets on what to do).
type SegmentRow = (&'static str, &'static str, &'static str, [&'static str; 2]);

/// Every segment, in the order of `etalage_value::Segment::ALL`. The advice
/// sheets are ids of `content/advice` (a test checks they exist).
const SEGMENTS: [SegmentRow; 11] = [
    (
        "champions",
        tk("customers-seg-champions"),
        tk("customers-do-champions"),
        ["value-reviews", "value-loyalty-programme"],
    ),
    (
        "loyal",
        tk("customers-seg-loyal"),
        tk("customers-do-loyal"),
        ["value-loyalty-programme", "automation-recommendations"],
    ),
    (
        "potential_loyalists",
        tk("customers-seg-potential-loyalists"),
        tk("customers-do-potential-loyalists"),
        ["value-loyalty-programme", "management-customer-loyalty"],
    ),
    (
        "new",
        tk("customers-seg-new"),
        tk("customers-do-new"),
        ["automation-triggered-emails", "marketing-show-expertise"],
    ),
    (
        "promising",
        tk("customers-seg-promising"),
        tk("customers-do-promising"),
        ["marketing-direct-contacts", "marketing-show-expertise"],
    ),
    (
        "need_attention",
        tk("customers-seg-need-attention"),
        tk("customers-do-need-attention"),
        ["marketing-direct-contacts", "automation-segmentation"],
    ),
    (
        "about_to_sleep",
        tk("customers-seg-about-to-sleep"),
        tk("customers-do-about-to-sleep"),
        ["automation-triggered-emails", "automation-recommendations"],
    ),
    (
        "at_risk",
        tk("customers-seg-at-risk"),
        tk("customers-do-at-risk"),
        [
            "management-customer-service",
            "marketing-existing-customers",
        ],
    ),
    (
        "cant_lose_them",
        tk("customers-seg-cant-lose-them"),
        tk("customers-do-cant-lose-them"),
        ["management-customer-service", "management-customer-loyalty"],
    ),
    (
        "hibernating",
        tk("customers-seg-hibernating"),
        tk("customers-do-hibernating"),
        ["marketing-direct-contacts", "marketing-cost-benefit"],
    ),
    (
        "lost",
        tk("customers-seg-lost"),
        tk("customers-do-lost"),
        [
            "management-customer-service",
            "value-segment-your-customers",
        ],
    ),
];

fn segment_row(id: &str) -> &'static SegmentRow {
    SEGMENTS
        .iter()
        .find(|s| s.0 == id)
        .unwrap_or(&SEGMENTS[SEGMENTS.len() - 1])
}

struct Loaded {
    report: Arc<CustomerValueReport>,
    /// The advice base, when the advisor is public (its pages are the links).
    advisor: Option<Arc<AdvisorContent>>,
}

fn load(
    state: &AppState,
    site: &etalage_store::Site,
) -> Result<Loaded, etalage_analytics::ApiError> {
    let today = site.timezone.local_date(Utc::now());
    let report = etalage_analytics::customer_value_report(
        state.store.as_ref(),
        site,
        None,
        today,
        Some(&state.value_cache),
    )?;
    let advisor = if state.config.advisor_public {
        embedded_content().ok()
    } else {
        None
    };
    Ok(Loaded { report, advisor })
}

/// The name of an acquisition channel: a visit channel as the dashboard
/// names it, or a sales channel.
fn channel_name(id: &str, l: Locale) -> String {
    match id {
        "webshop" => l.t("customers-channel-webshop"),
        "marketplace" => l.t("customers-channel-marketplace"),
        "shop_counter" => l.t("customers-channel-shop-counter"),
        other => display_label("visit:channel", other, l),
    }
}

fn verdict_text(v: Option<CacVerdict>, l: Locale) -> (&'static str, String) {
    match v {
        Some(CacVerdict::Healthy) => ("good", l.t("customers-verdict-healthy")),
        Some(CacVerdict::Tight) => ("same", l.t("customers-verdict-tight")),
        Some(CacVerdict::Unprofitable) => ("bad", l.t("customers-verdict-unprofitable")),
        None => ("", "–".to_string()),
    }
}

fn shortfall_text(s: Shortfall, l: Locale) -> String {
    l.t(match s {
        Shortfall::NoRepeatBuyers => tk("customers-shortfall-no-repeat-buyers"),
        Shortfall::ShortHistory => tk("customers-shortfall-short-history"),
        Shortfall::TooLittleData => tk("customers-shortfall-too-little-data"),
        Shortfall::ModelFailed => tk("customers-shortfall-model-failed"),
    })
}

/// Acquisition per channel: the most a new customer may cost against what
/// one cost over the spend period.
fn channels(out: &mut String, d: &CustomerValueReport, l: Locale) {
    if d.channels.is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<section class="card panel site" id="channels"><h2>{}</h2><p class="hint">{}</p><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        esc(&l.t("customers-channels")),
        esc(&l.ta(
            "customers-channels-hint",
            &[
                ("from", &format_date(d.spend_range[0], l)),
                ("to", &format_date(d.spend_range[1], l)),
            ]
        )),
        esc(&l.t("customers-channel")),
        esc(&l.t("customers-count")),
        esc(&l.t("customers-average-clv")),
        esc(&l.t("customers-max-cac")),
        esc(&l.t("customers-new-customers")),
        esc(&l.t("customers-spend")),
        esc(&l.t("customers-cac")),
        esc(&l.t("customers-verdict")),
    );
    for c in &d.channels {
        let cac = match c.cac {
            Some(v) => format_euros(v, l),
            None if c.spend > 0.0 => l.t("customers-no-new"),
            None => "–".to_string(),
        };
        let spend = if c.spend > 0.0 {
            format_euros(c.spend, l)
        } else {
            "–".to_string()
        };
        let (class, verdict) = verdict_text(c.verdict, l);
        let _ = write!(
            out,
            r#"<tr id="channel-{id}"><th scope="row">{name}</th><td class="num">{n}</td><td class="num">{clv}</td><td class="num">{max}</td><td class="num">{new}</td><td class="num">{spend}</td><td class="num">{cac}</td><td class="verdict {class}">{verdict}</td></tr>"#,
            id = esc(&c.channel),
            name = esc(&channel_name(&c.channel, l)),
            n = esc(&format_count(c.customers as u64, l)),
            clv = esc(&format_euros(c.average_clv, l)),
            max = esc(&format_euros(c.acquisition.max_acquisition_cost, l)),
            new = esc(&format_count(c.new_customers as u64, l)),
            spend = esc(&spend),
            cac = esc(&cac),
            verdict = esc(&verdict),
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// The segment grid, each with what to do and the advice sheets on it.
fn segments(out: &mut String, site: &etalage_store::Site, d: &Loaded, l: Locale) {
    let o = &d.report.overview;
    let lang = etalage_advisor::Lang::parse(l.code()).unwrap_or_default();
    let _ = write!(
        out,
        r#"<section class="card panel site" id="segments"><h2>{}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col">CSV</th></tr></thead><tbody>"#,
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
        let (_, name, action, sheets) = segment_row(s.segment);
        let csv = format!(
            "/customers.csv?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("site", site.domain.as_str())
                .append_pair("segment", s.segment)
                .finish()
        );
        let mut todo = esc(&l.t(action));
        if let Some(advisor) = &d.advisor {
            let links: Vec<String> = sheets
                .iter()
                .filter_map(|id| advisor.kb.sheet(id))
                .map(|sheet| {
                    // The title up to its colon keeps the column narrow;
                    // the whole title shows on hover.
                    let title = sheet.title.get(lang);
                    let short = title.split(':').next().unwrap_or(title).trim();
                    format!(
                        r#"<a href="/advice/{}?lang={}" title="{}">{}</a>"#,
                        esc(&sheet.id),
                        l.code(),
                        esc(title),
                        esc(short)
                    )
                })
                .collect();
            if !links.is_empty() {
                let _ = write!(
                    todo,
                    r#"<br><span class="hint">{}</span> {}"#,
                    esc(&l.t("customers-advice")),
                    links.join(" · ")
                );
            }
        }
        let _ = write!(
            out,
            r#"<tr id="segment-{id}"><th scope="row">{name}</th><td class="num">{n}</td><td class="num">{share}</td><td class="num">{value}</td><td class="num">{clv}</td><td class="num">{max}</td><td class="todo">{todo}</td><td><a class="csv" href="{csv}" download>CSV</a></td></tr>"#,
            id = s.segment,
            name = esc(&l.t(name)),
            n = esc(&format_count(s.customers as u64, l)),
            share = esc(&format_percent(s.revenue_share / 100.0, 1, l)),
            value = esc(&format_euros(s.average_value, l)),
            clv = esc(&format_euros(s.average_clv, l)),
            max = esc(&format_euros(s.acquisition.max_acquisition_cost, l)),
            csv = esc(&csv),
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// How expected value is spread: quantiles, the top customers' share and
/// a histogram over bands (bars in CSS, so without JavaScript).
fn distribution(out: &mut String, o: &ValueOverview, l: Locale) {
    let d = &o.clv_distribution;
    let _ = write!(
        out,
        r#"<section class="card panel site" id="clv-distribution"><h2>{}</h2>"#,
        esc(&l.t("customers-distribution")),
    );
    let (Some(top10), Some(top20)) = (d.top10_share, d.top20_share) else {
        let _ = write!(
            out,
            r#"<p class="notice">{}</p></section>"#,
            esc(&l.t("customers-distribution-none"))
        );
        return;
    };
    let _ = write!(
        out,
        r#"<p>{}</p><div class="table-wrap"><table class="bands"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        esc(&l.ta(
            "customers-distribution-summary",
            &[
                ("p50", &format_euros(d.p50, l)),
                ("p90", &format_euros(d.p90, l)),
                ("p99", &format_euros(d.p99, l)),
                ("top10", &format_percent(top10 / 100.0, 0, l)),
                ("top20", &format_percent(top20 / 100.0, 0, l)),
            ]
        )),
        esc(&l.t("customers-band")),
        esc(&l.t("customers-count")),
        esc(&l.t("customers-share-of-customers")),
        esc(&l.t("customers-clv-share")),
    );
    let most = d
        .bands
        .iter()
        .map(|b| b.customers)
        .max()
        .unwrap_or(0)
        .max(1);
    for b in &d.bands {
        let band = match b.to {
            Some(to) if b.from == 0.0 => {
                l.ta("customers-band-under", &[("to", &format_euros(to, l))])
            }
            Some(to) => format!("{} – {}", format_euros(b.from, l), format_euros(to, l)),
            None => l.ta("customers-band-over", &[("from", &format_euros(b.from, l))]),
        };
        let share = if d.customers > 0 {
            b.customers as f64 / d.customers as f64
        } else {
            0.0
        };
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="bar" style="--w:{:.1}%">{}</td><td class="num">{}</td></tr>"#,
            esc(&band),
            esc(&format_count(b.customers as u64, l)),
            b.customers as f64 / most as f64 * 100.0,
            esc(&format_percent(share, 1, l)),
            esc(&format_percent(b.clv_share / 100.0, 1, l)),
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// Cohorts: share of each first-order month still buying k months later.
fn cohorts(out: &mut String, o: &ValueOverview, l: Locale) {
    let recent: Vec<_> = o.cohorts.iter().rev().take(13).rev().collect();
    let width = recent
        .iter()
        .map(|c| c.share.len())
        .max()
        .unwrap_or(0)
        .min(13);
    let _ = write!(
        out,
        r#"<section class="card panel site" id="cohorts"><h2>{}</h2><p class="hint">{}</p><div class="table-wrap"><table class="cohorts"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th>"#,
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
    out.push_str("</tbody></table></div></section>");
}

/// The cumulative repeat purchases, actual against predicted, as an inline
/// SVG line chart (the table after it holds the same figures).
fn tracking_chart(h: &HoldoutCheck, l: Locale) -> String {
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 8.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 24.0;
    let points = &h.tracking;
    let n = points.len().max(2) as f64;
    let top = points
        .iter()
        .map(|p| p.actual.max(p.predicted))
        .fold(0.0, f64::max)
        .max(1.0);
    let x = |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1.0);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let line = |f: fn(&etalage_value::TrackingPoint) -> f64| {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let split = points
        .iter()
        .rposition(|p| p.end_date <= h.calibration_end)
        .unwrap_or(0);
    let (first, last) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (format_date(a.end_date, l), format_date(b.end_date, l)),
        _ => (String::new(), String::new()),
    };
    format!(
        r##"<figure class="tracking"><svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="tracking-title" preserveAspectRatio="xMidYMid meet"><title id="tracking-title">{title}</title><line x1="{LEFT}" y1="{base:.1}" x2="{right:.1}" y2="{base:.1}" stroke="#6b7682"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base:.1}" stroke="#6b7682"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="end" font-size="11">{max}</text><text x="{tx:.1}" y="{base:.1}" text-anchor="end" font-size="11">0</text><line x1="{sx:.1}" y1="{TOP}" x2="{sx:.1}" y2="{base:.1}" stroke="#6b7682" stroke-dasharray="2 3"/><text x="{sxl:.1}" y="{ly:.1}" font-size="11">{holdout}</text><polyline fill="none" stroke="#0b5cad" stroke-width="2" points="{actual}"/><polyline fill="none" stroke="#a4161a" stroke-width="2" stroke-dasharray="6 4" points="{predicted}"/><text x="{LEFT}" y="{dy:.1}" font-size="11">{first}</text><text x="{right:.1}" y="{dy:.1}" text-anchor="end" font-size="11">{last}</text></svg><figcaption><span class="key actual">━ {actual_label}</span> <span class="key predicted">╍ {predicted_label}</span></figcaption></figure>"##,
        title = esc(&l.t("customers-tracking")),
        base = H - BOTTOM,
        right = W - RIGHT,
        tx = LEFT - 4.0,
        ty = TOP + 10.0,
        max = esc(&format_count(top.round() as u64, l)),
        sx = x(split),
        sxl = x(split) + 4.0,
        ly = TOP + 12.0,
        holdout = esc(&l.t("customers-holdout-period")),
        actual = line(|p| p.actual),
        predicted = line(|p| p.predicted),
        dy = H - 6.0,
        first = esc(&first),
        last = esc(&last),
        actual_label = esc(&l.t("customers-actual")),
        predicted_label = esc(&l.t("customers-predicted")),
    )
}

/// The fitted parameters and the holdout check, or why they are missing.
fn diagnostics(out: &mut String, d: &Diagnostics, l: Locale) {
    let _ = write!(
        out,
        r#"<section class="card panel site" id="diagnostics"><h2>{}</h2><p class="hint">{}</p>"#,
        esc(&l.t("customers-diagnostics")),
        esc(&l.t("customers-diagnostics-hint")),
    );
    if let Some(s) = d.models_unavailable {
        let _ = write!(
            out,
            r#"<p class="notice">{} {}</p>"#,
            esc(&l.t("customers-models-missing")),
            esc(&shortfall_text(s, l))
        );
    }
    let n = |v: f64, decimals: usize| esc(&format_number(v, decimals, l));
    if d.bgnbd.is_some() || d.gamma_gamma.is_some() {
        let _ = write!(
            out,
            r#"<table class="parameters"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
            esc(&l.t("customers-model")),
            esc(&l.t("customers-parameters")),
            esc(&l.t("customers-log-likelihood")),
        );
        if let Some(bg) = &d.bgnbd {
            let p = &bg.params;
            let _ = write!(
                out,
                r#"<tr id="model-bgnbd"><th scope="row">BG/NBD</th><td>r = {}, α = {}, a = {}, b = {}</td><td class="num">{}</td></tr>"#,
                n(p.r, 3),
                n(p.alpha, 3),
                n(p.a, 3),
                n(p.b, 3),
                n(bg.log_likelihood, 1),
            );
        }
        if let Some(gg) = &d.gamma_gamma {
            let p = &gg.params;
            let _ = write!(
                out,
                r#"<tr id="model-gamma-gamma"><th scope="row">Gamma-Gamma</th><td>p = {}, q = {}, γ = {}</td><td class="num">{}</td></tr>"#,
                n(p.p, 3),
                n(p.q, 3),
                n(p.gamma, 3),
                n(gg.log_likelihood, 1),
            );
        }
        out.push_str("</tbody></table>");
    }
    let _ = write!(
        out,
        r#"<h3 id="holdout">{}</h3>"#,
        esc(&l.t("customers-holdout"))
    );
    let Some(h) = &d.holdout else {
        let why = d
            .holdout_unavailable
            .map(|s| shortfall_text(s, l))
            .unwrap_or_default();
        let _ = write!(
            out,
            r#"<p class="notice">{} {}</p></section>"#,
            esc(&l.t("customers-holdout-missing")),
            esc(&why)
        );
        return;
    };
    let _ = write!(
        out,
        r#"<p>{}</p><div class="table-wrap"><table class="holdout"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        esc(&l.tc(
            "customers-holdout-summary",
            &[
                ("end", Arg::Text(&format_date(h.calibration_end, l))),
                ("weeks", Arg::Count(u64::from(h.holdout_weeks))),
                ("customers", Arg::Count(h.customers as u64)),
                // Whole purchases, so the words agree with the number shown.
                (
                    "predicted",
                    Arg::Count(h.predicted_purchases.max(0.0).round() as u64)
                ),
                (
                    "actual",
                    Arg::Count(h.actual_purchases.max(0.0).round() as u64)
                ),
            ]
        )),
        esc(&l.t("customers-holdout-frequency")),
        esc(&l.t("customers-count")),
        esc(&l.t("customers-actual")),
        esc(&l.t("customers-predicted")),
    );
    for r in &h.rows {
        let bucket = if r.frequency >= 7 {
            "7+".to_string()
        } else {
            r.frequency.to_string()
        };
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            bucket,
            esc(&format_count(r.customers as u64, l)),
            n(r.actual, 2),
            n(r.predicted, 2),
        );
    }
    out.push_str("</tbody></table></div>");
    let _ = write!(
        out,
        r#"<h3 id="tracking">{}</h3><p class="hint">{}</p>{}<details><summary>{}</summary><div class="table-wrap"><table class="tracking-table"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        esc(&l.t("customers-tracking")),
        esc(&l.t("customers-tracking-hint")),
        tracking_chart(h, l),
        esc(&l.t("customers-tracking-table")),
        esc(&l.t("customers-week-ending")),
        esc(&l.t("customers-actual")),
        esc(&l.t("customers-predicted")),
    );
    for p in &h.tracking {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&format_date(p.end_date, l)),
            n(p.actual, 0),
            n(p.predicted, 0),
        );
    }
    out.push_str("</tbody></table></div></details></section>");
}

fn render(ctx: &Ctx, site: &etalage_store::Site, d: &Loaded) -> String {
    let l = ctx.locale;
    let r = &d.report;
    let o = &r.overview;
    let mut out = format!(
        r#"<div class="dash-head"><h1>{} <span class="domain">{}</span></h1></div><p class="range">{}</p>"#,
        esc(&l.t("nav-customers")),
        esc(site.domain.as_str()),
        esc(&l.tc(
            "customers-intro",
            &[
                ("customers", Arg::Count(o.customers as u64)),
                ("margin", Arg::Text(&format_percent(r.margin, 0, l))),
            ]
        )),
    );
    // The acquisition budget against the actual cost of a new customer.
    let verdict = r.cac.and_then(|cac| o.acquisition.verdict(cac).ok());
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
                    &r.cac
                        .map(|c| format_euros(c, l))
                        .unwrap_or_else(|| "–".into())
                ),
            ]
        )),
        esc(&l.t(verdict_key)),
    );
    channels(&mut out, r, l);
    segments(&mut out, site, d, l);
    distribution(&mut out, o, l);
    cohorts(&mut out, o, l);
    diagnostics(&mut out, &o.diagnostics, l);
    out
}

/// `GET /customers`.
pub(crate) async fn customers(State(state): State<AppState>, ctx: Ctx) -> Response {
    let started = Instant::now();
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
    let mut response = html(&ctx, StatusCode::OK, &title, &main);
    // The server's share of the page time, as on the dashboard.
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.1}")) {
        response.headers_mut().insert("server-timing", v);
    }
    response
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
    if !SEGMENTS.iter().any(|s| s.0 == segment) {
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
        for (key, sg, clv) in &d.report.overview.customer_segments {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_segment_links_to_advice_sheets_that_exist() {
        let kb = etalage_advisor::KnowledgeBase::embedded().unwrap();
        let ids: Vec<&str> = SEGMENTS.iter().map(|s| s.0).collect();
        let expected: Vec<&str> = etalage_value::Segment::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(ids, expected, "one row per segment, in order");
        for (segment, _, _, sheets) in SEGMENTS {
            for id in sheets {
                assert!(
                    kb.sheet(id).is_some(),
                    "{segment} links to advice sheet {id}, which content/advice lacks"
                );
            }
            assert_ne!(sheets[0], sheets[1], "{segment}");
        }
    }
}
