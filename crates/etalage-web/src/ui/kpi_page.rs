//! `/kpis`: the shop's key figures as a shop owner reads them — the
//! customer journey, finance, customers and returns, delivery, inventory —
//! each against the previous period of the same length.
use super::context::Ctx;
use super::dashboard::page_site;
use super::dashboard::render::{display_label, format_euros, period_nav, range_text, Paths};
use super::i18n::{format_count, format_number, format_percent, Locale};
use super::layout::{esc, tk};
use super::pages::{error_page, html};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use etalage_analytics::{kpi_trend_for, kpis_for, KpiAnswer};
use etalage_core::DateRange;
use etalage_store::{KpiReport, TrendBucket, TrendPoint, TREND_FIGURES};
use std::fmt::Write;

/// How a figure is written.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    Money,
    Percent,
    Number,
    Days,
}

fn show(kind: Kind, v: Option<f64>, l: Locale) -> String {
    let Some(v) = v else {
        return "–".into();
    };
    match kind {
        Kind::Count => format_count(v.max(0.0).round() as u64, l),
        Kind::Money => format_euros(v, l),
        Kind::Percent => format_percent(v / 100.0, 1, l),
        Kind::Number => format_number(v, 2, l),
        Kind::Days => format_number(v, 1, l),
    }
}

/// One figure: (Fluent key, kind, this period, previous period, lower is
/// better).
type Figure = (&'static str, Kind, Option<f64>, Option<f64>, bool);

fn n(v: u64) -> Option<f64> {
    Some(v as f64)
}

fn groups(k: &KpiReport, p: &KpiReport) -> Vec<(&'static str, Vec<Figure>)> {
    let j = |r: &KpiReport| r.journey.clone();
    let (jk, jp) = (j(k), j(p));
    vec![
        (
            tk("kpi-group-journey"),
            vec![
                (
                    tk("kpi-visits"),
                    Kind::Count,
                    n(jk.visits),
                    n(jp.visits),
                    false,
                ),
                (
                    tk("kpi-view-item"),
                    Kind::Count,
                    n(jk.view_item),
                    n(jp.view_item),
                    false,
                ),
                (
                    tk("kpi-add-to-cart"),
                    Kind::Count,
                    n(jk.add_to_cart),
                    n(jp.add_to_cart),
                    false,
                ),
                (
                    tk("kpi-begin-checkout"),
                    Kind::Count,
                    n(jk.begin_checkout),
                    n(jp.begin_checkout),
                    false,
                ),
                (
                    tk("kpi-purchase"),
                    Kind::Count,
                    n(jk.purchase),
                    n(jp.purchase),
                    false,
                ),
                (
                    tk("kpi-ecommerce-conversion-rate"),
                    Kind::Percent,
                    k.ecommerce_conversion_rate,
                    p.ecommerce_conversion_rate,
                    false,
                ),
                (
                    tk("kpi-cart-abandonment-rate"),
                    Kind::Percent,
                    k.cart_abandonment_rate,
                    p.cart_abandonment_rate,
                    true,
                ),
            ],
        ),
        (
            tk("kpi-group-finance"),
            vec![
                (
                    tk("kpi-revenue"),
                    Kind::Money,
                    Some(k.revenue),
                    Some(p.revenue),
                    false,
                ),
                (
                    tk("kpi-orders"),
                    Kind::Count,
                    n(k.orders),
                    n(p.orders),
                    false,
                ),
                (tk("kpi-aov"), Kind::Money, k.aov, p.aov, false),
                (
                    tk("kpi-gross-margin"),
                    Kind::Percent,
                    k.gross_margin,
                    p.gross_margin,
                    false,
                ),
                (
                    tk("kpi-refund-rate"),
                    Kind::Percent,
                    k.refund_rate,
                    p.refund_rate,
                    true,
                ),
                (
                    tk("kpi-marketing-spend"),
                    Kind::Money,
                    Some(k.marketing_spend),
                    Some(p.marketing_spend),
                    true,
                ),
                (tk("kpi-roas"), Kind::Number, k.roas, p.roas, false),
                (tk("kpi-cac"), Kind::Money, k.cac, p.cac, true),
            ],
        ),
        (
            tk("kpi-group-customers"),
            vec![
                (
                    tk("kpi-customers"),
                    Kind::Count,
                    n(k.customers),
                    n(p.customers),
                    false,
                ),
                (
                    tk("kpi-new-customers"),
                    Kind::Count,
                    n(k.new_customers),
                    n(p.new_customers),
                    false,
                ),
                (
                    tk("kpi-returning-customers"),
                    Kind::Count,
                    n(k.returning_customers),
                    n(p.returning_customers),
                    false,
                ),
                (
                    tk("kpi-purchase-frequency"),
                    Kind::Number,
                    k.purchase_frequency,
                    p.purchase_frequency,
                    false,
                ),
                (
                    tk("kpi-repeat-purchase-rate"),
                    Kind::Percent,
                    k.repeat_purchase_rate,
                    p.repeat_purchase_rate,
                    false,
                ),
                (
                    tk("kpi-revenue-top20-share"),
                    Kind::Percent,
                    k.revenue_top20_share,
                    p.revenue_top20_share,
                    false,
                ),
                (
                    tk("kpi-active-customers"),
                    Kind::Count,
                    n(k.active_customers),
                    n(p.active_customers),
                    false,
                ),
                (
                    tk("kpi-churn-rate"),
                    Kind::Percent,
                    k.churn_rate,
                    p.churn_rate,
                    true,
                ),
                (
                    tk("kpi-items-per-order"),
                    Kind::Number,
                    k.items_per_order,
                    p.items_per_order,
                    false,
                ),
                (
                    tk("kpi-return-rate"),
                    Kind::Percent,
                    k.return_rate,
                    p.return_rate,
                    true,
                ),
            ],
        ),
        (
            tk("kpi-group-delivery"),
            vec![
                (
                    tk("kpi-shipping-cost-per-order"),
                    Kind::Money,
                    k.shipping_cost_per_order,
                    p.shipping_cost_per_order,
                    false,
                ),
                (
                    tk("kpi-delivery-days"),
                    Kind::Days,
                    k.delivery_days,
                    p.delivery_days,
                    true,
                ),
            ],
        ),
        (
            tk("kpi-group-inventory"),
            vec![
                (
                    tk("kpi-stock-value"),
                    Kind::Money,
                    k.stock_value,
                    p.stock_value,
                    false,
                ),
                (
                    tk("kpi-days-of-inventory"),
                    Kind::Days,
                    k.days_of_inventory,
                    p.days_of_inventory,
                    true,
                ),
            ],
        ),
    ]
}

/// The period's figures per day, week or month.
struct Trend {
    bucket: TrendBucket,
    points: Vec<TrendPoint>,
}

/// Width and height of a sparkline, in SVG units.
const SPARK: (f64, f64) = (64.0, 24.0);

impl Trend {
    fn heading(&self) -> &'static str {
        match self.bucket {
            TrendBucket::Day => tk("kpi-trend-day"),
            TrendBucket::Week => tk("kpi-trend-week"),
            TrendBucket::Month => tk("kpi-trend-month"),
        }
    }

    /// A figure's line over the buckets as inline SVG, its first and last
    /// value in words for screen readers; empty for figures without one.
    fn sparkline(&self, fluent_key: &str, kind: Kind, l: Locale) -> String {
        let key = fluent_key.trim_start_matches("kpi-").replace('-', "_");
        if !TREND_FIGURES.contains(&key.as_str()) || self.points.len() < 2 {
            return String::new();
        }
        let values: Vec<Option<f64>> = self.points.iter().map(|p| p.figure(&key)).collect();
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let (Some(first), Some(last)) = (known.first(), known.last()) else {
            return String::new();
        };
        let (lo, hi) = known
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        let (w, h) = SPARK;
        let step = w / (values.len() - 1) as f64;
        let y = |v: f64| {
            if hi > lo {
                h - 2.0 - (v - lo) / (hi - lo) * (h - 4.0)
            } else {
                h / 2.0
            }
        };
        // Buckets without a value (a ratio over nothing) break the line.
        let mut lines = vec![String::new()];
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let line = lines.last_mut().expect("one line at least");
                    let _ = write!(line, "{:.1},{:.1} ", i as f64 * step, y(*v));
                }
                None => lines.push(String::new()),
            }
        }
        let mut svg = format!(
            r#"<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}">"#,
            esc(&l.ta(
                "kpi-trend-label",
                &[
                    ("first", &show(kind, Some(*first), l)),
                    ("last", &show(kind, Some(*last), l))
                ]
            ))
        );
        for points in lines.iter().filter(|p| !p.is_empty()) {
            if points.matches(',').count() == 1 {
                let (x, y) = points.trim().split_once(',').unwrap_or(("0", "0"));
                let _ = write!(svg, r#"<circle cx="{x}" cy="{y}" r="1.5"/>"#);
            } else {
                let _ = write!(svg, r#"<polyline points="{}"/>"#, points.trim());
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

fn change(now: Option<f64>, before: Option<f64>, lower_is_better: bool, l: Locale) -> String {
    let (Some(now), Some(before)) = (now, before) else {
        return String::new();
    };
    if before == 0.0 {
        return String::new();
    }
    let pct = ((now - before) / before * 100.0).round();
    let class = match (pct > 0.0, pct < 0.0, lower_is_better) {
        (false, false, _) => "same",
        (true, _, false) | (_, true, true) => "good",
        _ => "bad",
    };
    let sign = if pct > 0.0 { "+" } else { "" };
    format!(
        r#"<span class="change {class}">{sign}{}</span>"#,
        esc(&format_percent(pct / 100.0, 0, l))
    )
}

fn render(a: &KpiAnswer, trend: &Trend, l: Locale) -> String {
    let mut out = String::new();
    for (title, figures) in groups(&a.kpis, &a.previous) {
        let _ = write!(
            out,
            r#"<section class="card panel kpi-group"><h2>{}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
            esc(&l.t(title)),
            esc(&l.t("kpi-figure")),
            esc(&l.t(trend.heading())),
            esc(&l.t("kpi-this-period")),
            esc(&l.t("kpi-previous-period")),
            esc(&l.t("kpi-change")),
        );
        for (key, kind, now, before, lower) in figures {
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th><td class="trend">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                esc(&l.t(key)),
                trend.sparkline(key, kind, l),
                esc(&show(kind, now, l)),
                esc(&show(kind, before, l)),
                change(now, before, lower, l)
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    // Spend per channel.
    let k = &a.kpis;
    if !k.spend_by_channel.is_empty() {
        let _ = write!(
            out,
            r#"<section class="card panel"><h2>{}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
            esc(&l.t("kpi-spend-by-channel")),
            esc(&l.t("dashboard-dim-channel")),
            esc(&l.t("kpi-marketing-spend")),
            esc(&l.t("kpi-revenue")),
            esc(&l.t("kpi-roas")),
        );
        for c in &k.spend_by_channel {
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                esc(&display_label("visit:channel", &c.channel, l)),
                esc(&format_euros(c.spend, l)),
                esc(&format_euros(c.revenue, l)),
                esc(&show(Kind::Number, c.roas, l)),
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    // Returns by category, supplier and product: six columns, so the
    // whole width of the page.
    if !k.returns_by.is_empty() {
        let _ = write!(
            out,
            r#"<section class="card panel wide"><h2>{}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            esc(&l.t("kpi-returns")),
            esc(&l.t("kpi-returns-by")),
            esc(&l.t("kpi-returns-group")),
            esc(&l.t("kpi-units-sold")),
            esc(&l.t("kpi-units-returned")),
            esc(&l.t("kpi-return-rate")),
            esc(&l.t("kpi-top-reason")),
        );
        for g in &k.returns_by {
            let by = match g.by.as_str() {
                "category" => l.t("kpi-by-category"),
                "supplier" => l.t("kpi-by-supplier"),
                _ => l.t("kpi-by-sku"),
            };
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                esc(&by),
                esc(&g.value),
                esc(&show(Kind::Count, Some(g.units_sold), l)),
                esc(&show(Kind::Count, Some(g.units_returned), l)),
                esc(&show(Kind::Percent, g.return_rate, l)),
                esc(g.top_reason.as_deref().unwrap_or("–")),
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    if !k.slow_movers.is_empty() {
        let _ = write!(
            out,
            r#"<section class="card panel"><h2>{}</h2><p class="hint">{}</p><div class="table-wrap"><table><thead><tr><th scope="col">SKU</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
            esc(&l.t("kpi-slow-movers")),
            esc(&l.t("kpi-slow-movers-hint")),
            esc(&l.t("kpi-product")),
            esc(&l.t("kpi-stock")),
            esc(&l.t("kpi-stock-value")),
        );
        for m in &k.slow_movers {
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                esc(&m.sku),
                esc(m.name.as_deref().unwrap_or("–")),
                esc(&format_count(m.stock.max(0) as u64, l)),
                esc(&show(Kind::Money, m.stock_value, l)),
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    out
}

/// `GET /kpis`.
pub(crate) async fn kpis(State(state): State<AppState>, ctx: Ctx) -> Response {
    let l = ctx.locale;
    let title = l.t("nav-kpis");
    let (view, site) = match page_site(&ctx, &title) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let today = site.timezone.local_date(Utc::now());
    let (from, to) = view.period.dates(today);
    let Ok(range) = DateRange::new(from, to) else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    };
    let (store, s) = (state.store.clone(), site.clone());
    let answer = tokio::task::spawn_blocking(move || kpis_for(store.as_ref(), &s, range));
    let (store, s) = (state.store.clone(), site.clone());
    let trend = tokio::task::spawn_blocking(move || kpi_trend_for(store.as_ref(), &s, range));
    let (a, trend) = match tokio::join!(answer, trend) {
        (Ok(Ok(a)), Ok(Ok((bucket, points)))) => (a, Trend { bucket, points }),
        _ => return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store"),
    };
    let paths = Paths {
        page: "/kpis".into(),
        csv: "/dashboard.csv".into(),
        realtime: String::new(),
    };
    let mut main = format!(
        r#"<div class="dash-head"><h1>{} <span class="domain">{}</span></h1></div>"#,
        esc(&title),
        esc(site.domain.as_str())
    );
    main.push_str(&period_nav(&view, &paths, today, l));
    let _ = write!(
        main,
        r#"<p class="range">{}</p>"#,
        esc(&l.ta(
            "dashboard-range-compared",
            &[
                ("range", &range_text((a.date_range[0], a.date_range[1]), l)),
                (
                    "compare",
                    &range_text((a.previous_range[0], a.previous_range[1]), l)
                ),
            ]
        ))
    );
    // The shop's alerts of the last closed days, as the daily check kept
    // them (the dashboard shows the site's too).
    if let Some(list) = state.alerts.get(&site) {
        let shop: Vec<_> = list
            .iter()
            .filter(|a| a.about_the_shop())
            .cloned()
            .collect();
        main.push_str(&super::alerts_view::alert_list(&shop, l));
    }
    let is_owner = ctx
        .sites
        .iter()
        .any(|(s, r)| s.id == site.id && *r == etalage_store::Role::Owner);
    if is_owner {
        let href = format!(
            "/import?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("site", site.domain.as_str())
                .finish()
        );
        let _ = write!(
            main,
            r#"<p><a href="{}">{}</a></p>"#,
            esc(&href),
            esc(&l.t("kpi-import-link"))
        );
    }
    if a.kpis.orders == 0 && a.previous.orders == 0 {
        let _ = write!(
            main,
            r#"<p class="notice">{}</p>"#,
            esc(&l.t("kpi-no-orders"))
        );
    }
    let _ = write!(
        main,
        r#"<div class="panels">{}</div>"#,
        render(&a, &trend, l)
    );
    html(&ctx, StatusCode::OK, &title, &main)
}
