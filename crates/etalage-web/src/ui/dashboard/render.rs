//! The dashboard's HTML: server-rendered and complete without JavaScript
//! (links and GET forms carry the whole state); `dashboard.js` only draws
//! the chart, submits choices on change and refreshes the realtime count.
use super::data::{metric_key, Dashboard, Panel, Row, TOP_FIGURES};
use super::view::{
    dimension_key, Compare, Tabs, View, CHART_METRICS, DEVICE_TABS, INTERVALS, PAGE_TABS, PERIODS,
    SOURCE_TABS,
};
use crate::ui::assets;
use crate::ui::i18n::{format_count, format_date, format_number, format_percent, Arg, Locale};
use crate::ui::layout::{esc, tk};
use chrono::NaiveDate;
use etalage_store::Site;
use std::fmt::Write;

/// Where the page's links and helpers live: `/` when logged in, or a
/// share link's own paths.
pub(crate) struct Paths {
    /// The page itself.
    pub(crate) page: String,
    /// CSV exports.
    pub(crate) csv: String,
    /// The realtime count (JSON).
    pub(crate) realtime: String,
}

/// How a metric value is written.
pub(crate) fn format_metric(metric: &str, value: f64, l: Locale) -> String {
    match metric {
        "views_per_visit" => format_number(value, 2, l),
        "bounce_rate" | "conversion_rate" => format_percent(value / 100.0, 1, l),
        "visit_duration" => format_duration(value),
        "goal_value" | "total_revenue" => format_euros(value, l),
        _ => format_count(value.max(0.0).round() as u64, l),
    }
}

/// Seconds as `1 min 05 s` (or `42 s`, `1 h 02 min`).
pub(crate) fn format_duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s}\u{a0}s"),
        60..=3599 => format!("{}\u{a0}min {:02}\u{a0}s", s / 60, s % 60),
        _ => format!("{}\u{a0}h {:02}\u{a0}min", s / 3600, (s % 3600) / 60),
    }
}

/// An amount in euros, written per language.
pub(crate) fn format_euros(value: f64, l: Locale) -> String {
    let amount = rust_decimal::Decimal::from_f64_retain(value).unwrap_or_default();
    match etalage_core::Money::new(
        amount.round_dp(2),
        etalage_core::Currency::parse("EUR").expect("EUR"),
    ) {
        Ok(m) => crate::ui::i18n::format_money(&m, l),
        Err(_) => format_number(value, 2, l),
    }
}

/// The change against the comparison as a chip: `+12 %`, `−3 %`, `new`.
fn change(metric: &str, now: f64, before: Option<f64>, l: Locale) -> String {
    let Some(before) = before else {
        return String::new();
    };
    // Lower is better for the bounce rate.
    let lower_is_better = metric == "bounce_rate";
    if before == 0.0 {
        if now == 0.0 {
            return String::new();
        }
        return format!(
            r#"<span class="change up">{}</span>"#,
            esc(&l.t("dashboard-change-new"))
        );
    }
    let pct = (now - before) / before * 100.0;
    let rounded = pct.round();
    let (class, arrow) = if rounded > 0.0 {
        (if lower_is_better { "bad" } else { "good" }, "↑")
    } else if rounded < 0.0 {
        (if lower_is_better { "good" } else { "bad" }, "↓")
    } else {
        ("same", "→")
    };
    let sign = if rounded > 0.0 { "+" } else { "" };
    let text = format!("{sign}{}", format_percent(rounded / 100.0, 0, l));
    format!(
        r#"<span class="change {class}" title="{title}"><span aria-hidden="true">{arrow}</span> {text}</span>"#,
        title = esc(&l.ta(
            "dashboard-change-title",
            &[("before", &format_metric(metric, before, l))]
        )),
    )
}

pub(crate) fn range_text(dates: (NaiveDate, NaiveDate), l: Locale) -> String {
    if dates.0 == dates.1 {
        format_date(dates.0, l)
    } else {
        format!("{} – {}", format_date(dates.0, l), format_date(dates.1, l))
    }
}

/// Hidden inputs carrying the state, except the fields a form sets itself.
fn hidden_state(view: &View, except: &[&str]) -> String {
    let mut out = String::new();
    for (k, v) in view.pairs() {
        if !except.contains(&k) {
            let _ = write!(
                out,
                r#"<input type="hidden" name="{k}" value="{}">"#,
                esc(&v)
            );
        }
    }
    out
}

pub(crate) fn period_nav(view: &View, paths: &Paths, today: NaiveDate, l: Locale) -> String {
    let mut out = format!(
        r#"<nav class="periods" aria-label="{}"><ul>"#,
        esc(&l.t("dashboard-period-label"))
    );
    for (period, _, key) in PERIODS {
        let current = if view.period == period {
            r#" aria-current="true""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<li><a href="{}"{current}>{}</a></li>"#,
            esc(&view.with(&paths.page, |v| v.period = period)),
            esc(&l.t(key))
        );
    }
    out.push_str("</ul>");
    let (from, to) = view.period.dates(today);
    let _ = write!(
        out,
        r#"<form class="custom-range" method="get" action="{action}">{hidden}<input type="hidden" name="period" value="custom">
<label>{from_label} <input type="date" name="from" value="{from}" max="{today}" required></label>
<label>{to_label} <input type="date" name="to" value="{to}" max="{today}" required></label>
<label>{compare_label} <select name="compare" data-autosubmit>"#,
        action = esc(&paths.page),
        hidden = hidden_state(view, &["period", "from", "to", "compare"]),
        from_label = esc(&l.t("dashboard-from")),
        to_label = esc(&l.t("dashboard-to")),
        compare_label = esc(&l.t("dashboard-compare")),
    );
    for (c, key) in [
        (Compare::Previous, tk("dashboard-compare-previous")),
        (Compare::Year, tk("dashboard-compare-year")),
        (Compare::Off, tk("dashboard-compare-off")),
    ] {
        let selected = if view.compare == c { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{}"{selected}>{}</option>"#,
            c.code(),
            esc(&l.t(key))
        );
    }
    let _ = write!(
        out,
        r#"</select></label> <button type="submit">{}</button></form></nav>"#,
        esc(&l.t("dashboard-apply"))
    );
    out
}

fn chips(view: &View, paths: &Paths, l: Locale) -> String {
    if view.filters.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<ul class="chips" aria-label="{}">"#,
        esc(&l.t("dashboard-filters"))
    );
    for (i, (dim, value)) in view.filters.iter().enumerate() {
        let label = l.t(dimension_key(dim));
        let text = l.ta(
            "dashboard-filter-chip",
            &[("dimension", &label), ("value", value)],
        );
        let remove = view.with(&paths.page, |v| {
            v.filters.remove(i);
        });
        let _ = write!(
            out,
            r#"<li class="chip"><span>{text}</span> <a href="{remove}" aria-label="{aria}">×</a></li>"#,
            text = esc(&text),
            remove = esc(&remove),
            aria = esc(&l.ta("dashboard-filter-remove", &[("filter", &text)])),
        );
    }
    let _ = write!(
        out,
        r#"<li><a class="clear" href="{}">{}</a></li></ul>"#,
        esc(&view.with(&paths.page, |v| v.filters.clear())),
        esc(&l.t("dashboard-filters-clear"))
    );
    out
}

fn figures(d: &Dashboard, l: Locale) -> String {
    let mut out = format!(
        r#"<section class="figures" aria-label="{}"><ul>"#,
        esc(&l.t("dashboard-figures"))
    );
    let card = |out: &mut String, id: &str, key: &str, value: String, chg: String| {
        let _ = write!(
            out,
            r#"<li class="figure" id="figure-{id}"><span class="label">{}</span> <strong class="value">{}</strong> {chg}</li>"#,
            esc(&l.t(key)),
            esc(&value)
        );
    };
    for (i, (metric, key)) in TOP_FIGURES.iter().enumerate() {
        let now = d.top.get(i).copied().unwrap_or(0.0);
        let before = d
            .top_compare
            .as_ref()
            .map(|t| t.get(i).copied().unwrap_or(0.0));
        card(
            &mut out,
            metric,
            key,
            format_metric(metric, now, l),
            change(metric, now, before, l),
        );
    }
    match d.conversions {
        Some((events, value)) => {
            let before = d.conversions_compare;
            card(
                &mut out,
                "conversions",
                tk("dashboard-metric-conversions"),
                format_metric("events", events, l),
                change("events", events, before.map(|b| b.0), l),
            );
            card(
                &mut out,
                "goal_value",
                tk("dashboard-metric-goal-value"),
                format_metric("goal_value", value, l),
                change("goal_value", value, before.map(|b| b.1), l),
            );
        }
        None => {
            for (id, key) in [
                ("conversions", tk("dashboard-metric-conversions")),
                ("goal_value", tk("dashboard-metric-goal-value")),
            ] {
                card(&mut out, id, key, "–".into(), String::new());
            }
        }
    }
    out.push_str("</ul></section>");
    out
}

fn chart(view: &View, d: &Dashboard, paths: &Paths, l: Locale) -> String {
    let metric_label = l.t(metric_key(view.metric));
    let mut out = format!(
        r#"<section class="card chart-panel" aria-labelledby="chart-title"><div class="panel-head"><h2 id="chart-title">{}</h2>"#,
        esc(&metric_label)
    );
    let _ = write!(
        out,
        r#"<form method="get" action="{action}" class="chart-form">{hidden}<label>{metric_l} <select name="metric" data-autosubmit>"#,
        action = esc(&paths.page),
        hidden = hidden_state(view, &["metric", "interval"]),
        metric_l = esc(&l.t("dashboard-chart-metric")),
    );
    for (m, key) in CHART_METRICS {
        let selected = if view.metric == m { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{m}"{selected}>{}</option>"#,
            esc(&l.t(key))
        );
    }
    let _ = write!(
        out,
        r#"</select></label> <label>{} <select name="interval" data-autosubmit>"#,
        esc(&l.t("dashboard-chart-interval"))
    );
    for (i, code, _, key) in INTERVALS {
        let selected = if d.interval == i { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{code}"{selected}>{}</option>"#,
            esc(&l.t(key))
        );
    }
    let _ = write!(
        out,
        r#"</select></label> <button type="submit">{}</button></form>{}</div>"#,
        esc(&l.t("dashboard-apply")),
        csv_link(view, paths, Panel::Series, l)
    );
    // The data for the chart script, and the same as a table.
    let labels: Vec<&str> = d.series.iter().map(|(b, _)| b.as_str()).collect();
    let values: Vec<f64> = d.series.iter().map(|(_, v)| *v).collect();
    let data = serde_json::json!({
        "labels": labels,
        "values": values,
        "compare": d.series_compare,
        "metric": view.metric,
        "label": metric_label,
        "compareLabel": l.t("dashboard-chart-compare"),
        "bucketLabel": l.t("dashboard-chart-bucket"),
        "locale": match l { Locale::Nl => "nl-BE", Locale::Fr => "fr-BE", Locale::En => "en-GB" },
    });
    // `</` cannot end the script element early: JSON escapes it.
    let json = data.to_string().replace("</", "<\\/");
    let _ = write!(
        out,
        r#"<div id="chart" class="chart" role="img" aria-label="{aria}"></div><script type="application/json" id="chart-data">{json}</script>"#,
        aria = esc(&l.ta("dashboard-chart-aria", &[("metric", &metric_label)])),
    );
    let _ = write!(
        out,
        r#"<details class="chart-table"><summary>{}</summary><table><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        esc(&l.t("dashboard-chart-as-table")),
        esc(&l.t("dashboard-chart-bucket")),
        esc(&metric_label)
    );
    for (bucket, value) in &d.series {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="num">{}</td></tr>"#,
            esc(bucket),
            esc(&format_metric(view.metric, *value, l))
        );
    }
    out.push_str("</tbody></table></details></section>");
    out
}

fn csv_link(view: &View, paths: &Paths, panel: Panel, l: Locale) -> String {
    let mut v = view.clone();
    v.be_cost.clear();
    v.be_goal.clear();
    v.be_value.clear();
    let href = v.href(&paths.csv);
    let sep = if href.contains('?') { '&' } else { '?' };
    format!(
        r#"<a class="csv" href="{}{sep}panel={}" download>{}</a>"#,
        esc(&href),
        panel.code(),
        esc(&l.t("dashboard-csv"))
    )
}

fn tabs(
    view: &View,
    paths: &Paths,
    tabs: &Tabs,
    current: &str,
    set: fn(&mut View, &'static str),
    l: Locale,
) -> String {
    let mut out = String::from(r#"<ul class="tabs">"#);
    for (value, _, key) in tabs {
        let here = if *value == current {
            r#" aria-current="true""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<li><a href="{}"{here}>{}</a></li>"#,
            esc(&view.with(&paths.page, |v| set(v, value))),
            esc(&l.t(key))
        );
    }
    out.push_str("</ul>");
    out
}

/// A panel's table: the first column filters the dashboard on click; the
/// first metric draws a bar behind the row.
#[allow(clippy::too_many_arguments)]
fn table(
    view: &View,
    paths: &Paths,
    dim: &'static str,
    head: &str,
    metrics: &[&str],
    rows: &[Row],
    total_for_share: Option<f64>,
    l: Locale,
) -> String {
    if rows.is_empty() {
        return format!(r#"<p class="empty">{}</p>"#, esc(&l.t("dashboard-no-data")));
    }
    // A wide table (a goal's many figures) scrolls inside its own
    // wrapper on a phone, not the whole card.
    let mut out = format!(
        r#"<div class="table-wrap"><table><thead><tr><th scope="col">{}</th>"#,
        esc(head)
    );
    for m in metrics {
        let _ = write!(
            out,
            r#"<th scope="col" class="num">{}</th>"#,
            esc(&l.t(metric_key_any(m)))
        );
    }
    if total_for_share.is_some() {
        let _ = write!(
            out,
            r#"<th scope="col" class="num">{}</th>"#,
            esc(&l.t("dashboard-share"))
        );
    }
    out.push_str("</tr></thead><tbody>");
    let max = rows
        .iter()
        .map(|r| r.metrics.first().copied().unwrap_or(0.0))
        .fold(0.0_f64, f64::max);
    let filtered = view.filters.iter().any(|(d, _)| *d == dim);
    for r in rows {
        let first = r.metrics.first().copied().unwrap_or(0.0);
        let width = if max > 0.0 { first / max * 100.0 } else { 0.0 };
        let label = display_label(dim, &r.label, l);
        let cell = if filtered || r.label.is_empty() {
            esc(&label)
        } else {
            let href = view.with(&paths.page, |v| v.filters.push((dim, r.label.clone())));
            format!(
                r#"<a href="{}" title="{}">{}</a>"#,
                esc(&href),
                esc(&l.t("dashboard-filter-by")),
                esc(&label)
            )
        };
        let _ = write!(
            out,
            r#"<tr><td class="bar" style="--w:{width:.1}%">{cell}</td>"#
        );
        for (m, v) in metrics.iter().zip(&r.metrics) {
            let _ = write!(
                out,
                r#"<td class="num">{}</td>"#,
                esc(&format_metric(m, *v, l))
            );
        }
        if let Some(total) = total_for_share {
            let share = if total > 0.0 { first / total } else { 0.0 };
            let _ = write!(
                out,
                r#"<td class="num">{}</td>"#,
                esc(&format_percent(share, 0, l))
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The channels the collector assigns, with the Fluent key of their name.
const CHANNELS: [(&str, &str); 10] = [
    ("direct", tk("dashboard-channel-direct")),
    ("organic_search", tk("dashboard-channel-organic-search")),
    ("paid_search", tk("dashboard-channel-paid-search")),
    ("organic_social", tk("dashboard-channel-organic-social")),
    ("paid_social", tk("dashboard-channel-paid-social")),
    ("email", tk("dashboard-channel-email")),
    ("affiliates", tk("dashboard-channel-affiliates")),
    ("display", tk("dashboard-channel-display")),
    ("paid_other", tk("dashboard-channel-paid-other")),
    ("referral", tk("dashboard-channel-referral")),
];

/// How a dimension value is shown: device categories in the page's
/// language, countries with their flag, an empty value as "(none)".
pub(crate) fn display_label(dim: &str, value: &str, l: Locale) -> String {
    if value.is_empty() {
        return l.t("dashboard-none");
    }
    match (dim, value) {
        ("visit:device", "mobile") => l.t("dashboard-device-mobile"),
        ("visit:device", "desktop") => l.t("dashboard-device-desktop"),
        ("visit:device", "tablet") => l.t("dashboard-device-tablet"),
        ("visit:channel", id) => match CHANNELS.iter().find(|(c, _)| *c == id) {
            Some((_, key)) => l.t(key),
            None => id.replace('_', " "),
        },
        ("visit:country", code)
            if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            // Regional indicator letters make the flag.
            let flag: String = code
                .chars()
                .filter_map(|c| char::from_u32(0x1F1E6 + (c as u32 - 'A' as u32)))
                .collect();
            format!("{flag} {code}")
        }
        _ => value.to_string(),
    }
}

/// Fluent keys of every metric a panel shows.
fn metric_key_any(metric: &str) -> &'static str {
    match metric {
        "events" => tk("dashboard-metric-events"),
        "conversion_rate" => tk("dashboard-metric-conversion-rate"),
        "goal_value" => tk("dashboard-metric-goal-value"),
        "total_revenue" => tk("dashboard-metric-revenue"),
        other => metric_key(other),
    }
}

#[allow(clippy::too_many_arguments)]
fn panel(
    view: &View,
    paths: &Paths,
    d: &Dashboard,
    which: Panel,
    title_key: &str,
    tabs_html: String,
    head_key: &str,
    rows: &[Row],
    l: Locale,
) -> String {
    let dim = which.dimension(view, d.today);
    let metrics = which.metrics(view);
    let share = matches!(which, Panel::Devices | Panel::Countries)
        .then(|| d.top.first().copied().unwrap_or(0.0));
    format!(
        r#"<section class="card panel" id="panel-{code}" aria-labelledby="panel-{code}-title"><div class="panel-head"><h2 id="panel-{code}-title">{title}</h2>{csv}</div>{tabs_html}{table}</section>"#,
        code = which.code(),
        title = esc(&l.t(title_key)),
        csv = csv_link(view, paths, which, l),
        table = table(view, paths, dim, &l.t(head_key), &metrics, rows, share, l),
    )
}

/// Reads an amount typed the Belgian or the English way: `1.000,50`,
/// `1000.50`, `1 000`, `€ 40`.
pub(crate) fn parse_amount(input: &str, l: Locale) -> Option<f64> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}')
        .collect();
    if s.is_empty() {
        return None;
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let normal = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(_)) => s.replace(',', "."),
        (Some(d), None) => {
            // `1.000` is a thousand in Dutch and French.
            let decimals = s.len() - d - 1;
            if l != Locale::En && decimals == 3 {
                s.replace('.', "")
            } else {
                s
            }
        }
        (None, None) => s,
    };
    normal
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

fn break_even(view: &View, paths: &Paths, d: &Dashboard, l: Locale) -> String {
    let mut out = format!(
        r#"<form class="break-even" method="get" action="{action}#break-even" id="break-even">{hidden}<h3>{title}</h3><p class="hint">{hint}</p>
<div class="row"><label>{cost_l} <input name="be_cost" inputmode="decimal" value="{cost}" placeholder="1.000"></label>
<label>{goal_l} <select name="be_goal">"#,
        action = esc(&paths.page),
        hidden = hidden_state(view, &["be_cost", "be_goal", "be_value"]),
        title = esc(&l.t("dashboard-break-even")),
        hint = esc(&l.t("dashboard-break-even-hint")),
        cost_l = esc(&l.t("dashboard-break-even-cost")),
        cost = esc(&view.be_cost),
        goal_l = esc(&l.t("dashboard-dim-goal")),
    );
    let chosen = d
        .goal_defs
        .iter()
        .find(|g| g.name == view.be_goal)
        .or_else(|| d.goal_defs.iter().find(|g| g.value.is_some()))
        .or(d.goal_defs.first());
    for g in &d.goal_defs {
        let selected = if chosen.is_some_and(|c| c.name == g.name) {
            " selected"
        } else {
            ""
        };
        let _ = write!(out, r#"<option{selected}>{}</option>"#, esc(&g.name));
    }
    // A goal's value per conversion: its fixed value, or else the revenue
    // its completions brought on average this period.
    let value_of = |goal: &etalage_core::Goal| -> Option<f64> {
        if let Some(m) = &goal.value {
            return m.amount.to_string().parse::<f64>().ok();
        }
        let row = d.goals.iter().find(|r| r.label == goal.name)?;
        let (events, revenue) = (row.metrics.get(1)?, row.metrics.get(4)?);
        (*events > 0.0 && *revenue > 0.0).then(|| (revenue / events * 100.0).round() / 100.0)
    };
    let default_value = chosen
        .and_then(value_of)
        .map(|v| format_number(v, 2, l))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"</select></label>
<label>{value_l} <input name="be_value" inputmode="decimal" value="{value}" placeholder="{placeholder}"></label>
<button type="submit">{submit}</button></div>"#,
        value_l = esc(&l.t("dashboard-break-even-value")),
        value = esc(&view.be_value),
        placeholder = esc(&default_value),
        submit = esc(&l.t("dashboard-break-even-submit")),
    );
    if !view.be_cost.is_empty() {
        let cost = parse_amount(&view.be_cost, l);
        let value = if view.be_value.is_empty() {
            chosen.and_then(value_of)
        } else {
            parse_amount(&view.be_value, l)
        };
        match (cost, value, chosen) {
            (None, ..) => {
                let _ = write!(
                    out,
                    r#"<p class="notice notice-error" role="alert">{}</p>"#,
                    esc(&l.t("dashboard-break-even-bad-cost"))
                );
            }
            (Some(_), None, _) | (Some(_), Some(_), None) => {
                let _ = write!(
                    out,
                    r#"<p class="notice notice-error" role="alert">{}</p>"#,
                    esc(&l.t("dashboard-break-even-bad-value"))
                );
            }
            (Some(_), Some(v), Some(_)) if v <= 0.0 => {
                let _ = write!(
                    out,
                    r#"<p class="notice notice-error" role="alert">{}</p>"#,
                    esc(&l.t("dashboard-break-even-bad-value"))
                );
            }
            (Some(cost), Some(value), Some(goal)) => {
                let needed = (cost / value - 1e-9).ceil().max(0.0);
                let actual = d
                    .goals
                    .iter()
                    .find(|r| r.label == goal.name)
                    .map(|r| r.metrics.get(1).copied().unwrap_or(0.0))
                    .unwrap_or(0.0);
                let verdict = if actual >= needed {
                    l.t("dashboard-break-even-reached")
                } else {
                    l.tc(
                        "dashboard-break-even-short",
                        &[("missing", Arg::Count((needed - actual) as u64))],
                    )
                };
                let _ = write!(
                    out,
                    r#"<p class="notice" role="status" id="break-even-result">{}</p>"#,
                    esc(&l.tc(
                        "dashboard-break-even-result",
                        &[
                            ("cost", Arg::Text(&format_euros(cost, l))),
                            ("value", Arg::Text(&format_euros(value, l))),
                            ("needed", Arg::Count(needed as u64)),
                            ("actual", Arg::Count(actual as u64)),
                            ("goal", Arg::Text(&goal.name)),
                        ]
                    ))
                );
                let _ = write!(out, r#"<p class="verdict">{}</p>"#, esc(&verdict));
            }
        }
    }
    out.push_str("</form>");
    out
}

fn funnel(view: &View, paths: &Paths, d: &Dashboard, l: Locale) -> String {
    let mut out = format!(
        r#"<section class="card panel" id="panel-funnel" aria-labelledby="panel-funnel-title"><div class="panel-head"><h2 id="panel-funnel-title">{}</h2></div>"#,
        esc(&l.t("dashboard-funnel"))
    );
    if d.goal_defs.len() < 2 {
        let _ = write!(
            out,
            r#"<p class="empty">{}</p></section>"#,
            esc(&l.t("dashboard-funnel-needs-goals"))
        );
        return out;
    }
    let _ = write!(
        out,
        r#"<form method="get" action="{}#panel-funnel" class="funnel-form">{}"#,
        esc(&paths.page),
        hidden_state(view, &["step"])
    );
    for i in 0..4 {
        let current = d.funnel_steps.get(i);
        let _ = write!(
            out,
            r#"<label>{} <select name="step"><option value="">–</option>"#,
            esc(&l.ta("dashboard-funnel-step", &[("n", &(i + 1).to_string())]))
        );
        for g in &d.goal_defs {
            let selected = if current == Some(&g.name) {
                " selected"
            } else {
                ""
            };
            let _ = write!(out, r#"<option{selected}>{}</option>"#, esc(&g.name));
        }
        out.push_str("</select></label> ");
    }
    let _ = write!(
        out,
        r#"<button type="submit">{}</button></form>"#,
        esc(&l.t("dashboard-apply"))
    );
    match &d.funnel {
        None => {
            let _ = write!(
                out,
                r#"<p class="empty">{}</p>"#,
                esc(&l.t("dashboard-funnel-empty"))
            );
        }
        Some(report) => {
            let _ = write!(
                out,
                r#"<div class="table-wrap"><table class="funnel"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th></tr></thead><tbody>"#,
                esc(&l.t("dashboard-funnel-step-col")),
                esc(&l.t("dashboard-metric-visitors")),
                esc(&l.t("dashboard-funnel-conversion")),
                esc(&l.t("dashboard-funnel-dropoff")),
            );
            for s in &report.steps {
                let _ = write!(
                    out,
                    r#"<tr><td class="bar" style="--w:{w:.1}%">{name}</td><td class="num">{v}</td><td class="num">{c}</td><td class="num">{drop}</td></tr>"#,
                    w = s.conversion_rate,
                    name = esc(&s.name),
                    v = esc(&format_count(s.visitors, l)),
                    c = esc(&format_percent(s.conversion_rate / 100.0, 1, l)),
                    drop = esc(&format_count(s.dropoff, l)),
                );
            }
            out.push_str("</tbody></table></div>");
        }
    }
    out.push_str("</section>");
    out
}

/// The words after the realtime count, agreeing with it.
fn realtime_label(visitors: u64, l: Locale) -> String {
    l.tc("dashboard-realtime", &[("visitors", Arg::Count(visitors))])
}

/// The whole dashboard (the `<main>` content).
pub(crate) fn dashboard(
    view: &View,
    site: &Site,
    d: &Dashboard,
    paths: &Paths,
    l: Locale,
    read_only: bool,
    alert_list: &[etalage_analytics::alerts::Alert],
) -> String {
    let mut main = String::with_capacity(32 * 1024);
    let _ = write!(
        main,
        r#"<div class="dash-head"><h1>{title} <span class="domain">{domain}</span></h1>
<p class="realtime" data-realtime-url="{rt}"><span class="pulse" aria-hidden="true"></span> <strong id="realtime-count">{count}</strong> <span id="realtime-label" data-one="{one}" data-other="{other}">{now}</span></p></div>"#,
        title = esc(&l.t("dashboard-title")),
        domain = esc(site.domain.as_str()),
        rt = esc(&paths.realtime),
        count = esc(&format_count(d.realtime, l)),
        now = esc(&realtime_label(d.realtime, l)),
        // Both forms, for the script that refreshes the count: the plural
        // category of 1 is `one` and of 2 `other` in nl, en and fr.
        one = esc(&realtime_label(1, l)),
        other = esc(&realtime_label(2, l)),
    );
    if read_only {
        let _ = write!(
            main,
            r#"<p class="notice">{}</p>"#,
            esc(&l.t("dashboard-shared"))
        );
    }
    main.push_str(&period_nav(view, paths, d.today, l));
    let compared = match d.compare {
        Some(c) => l.ta(
            "dashboard-range-compared",
            &[
                ("range", &range_text(d.dates, l)),
                ("compare", &range_text(c, l)),
            ],
        ),
        None => range_text(d.dates, l),
    };
    let _ = write!(main, r#"<p class="range">{}</p>"#, esc(&compared));
    main.push_str(&crate::ui::alerts_view::alert_list(alert_list, l));
    main.push_str(&chips(view, paths, l));
    main.push_str(&figures(d, l));
    main.push_str(&chart(view, d, paths, l));
    main.push_str(r#"<div class="panels">"#);
    main.push_str(&panel(
        view,
        paths,
        d,
        Panel::Pages,
        tk("dashboard-panel-pages"),
        tabs(
            view,
            paths,
            PAGE_TABS,
            view.pages_tab,
            |v, t| v.pages_tab = t,
            l,
        ),
        tk("dashboard-dim-page"),
        &d.pages,
        l,
    ));
    main.push_str(&panel(
        view,
        paths,
        d,
        Panel::Sources,
        tk("dashboard-panel-sources"),
        tabs(
            view,
            paths,
            SOURCE_TABS,
            view.sources_tab,
            |v, t| v.sources_tab = t,
            l,
        ),
        tk("dashboard-dim-source"),
        &d.sources,
        l,
    ));
    main.push_str(&panel(
        view,
        paths,
        d,
        Panel::Devices,
        tk("dashboard-panel-devices"),
        tabs(
            view,
            paths,
            DEVICE_TABS,
            view.devices_tab,
            |v, t| v.devices_tab = t,
            l,
        ),
        tk("dashboard-dim-device"),
        &d.devices,
        l,
    ));
    main.push_str(&panel(
        view,
        paths,
        d,
        Panel::Countries,
        tk("dashboard-panel-countries"),
        String::new(),
        tk("dashboard-dim-country"),
        &d.countries,
        l,
    ));
    // Goals, with the break-even helper.
    let goals_html = if d.goal_defs.is_empty() {
        format!(
            r#"<section class="card panel" id="panel-goals"><div class="panel-head"><h2>{}</h2></div><p class="empty">{}</p></section>"#,
            esc(&l.t("dashboard-panel-goals")),
            esc(&l.t("dashboard-no-goals"))
        )
    } else {
        let mut g = panel(
            view,
            paths,
            d,
            Panel::Goals,
            tk("dashboard-panel-goals"),
            String::new(),
            tk("dashboard-dim-goal"),
            &d.goals,
            l,
        );
        g.truncate(g.len() - "</section>".len());
        g.push_str(&break_even(view, paths, d, l));
        g.push_str("</section>");
        g
    };
    main.push_str(&goals_html);
    main.push_str(&funnel(view, paths, d, l));
    main.push_str("</div>");
    let _ = write!(
        main,
        r#"<link rel="stylesheet" href="{}"><script src="{}" defer></script><script src="{}" defer></script>"#,
        assets::UPLOT_CSS.url(),
        assets::UPLOT_JS.url(),
        assets::DASHBOARD_JS.url(),
    );
    main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_the_way_people_type_them() {
        assert_eq!(parse_amount("1000", Locale::Nl), Some(1000.0));
        assert_eq!(parse_amount("1.000", Locale::Nl), Some(1000.0));
        assert_eq!(parse_amount("1.000", Locale::En), Some(1.0));
        assert_eq!(parse_amount("1.000,50", Locale::Fr), Some(1000.5));
        assert_eq!(parse_amount("1,000.50", Locale::En), Some(1000.5));
        assert_eq!(parse_amount("€ 40", Locale::Nl), Some(40.0));
        assert_eq!(parse_amount("40,5", Locale::Nl), Some(40.5));
        assert_eq!(parse_amount("veel", Locale::Nl), None);
        assert_eq!(parse_amount("-5", Locale::Nl), None);
    }

    #[test]
    fn durations_and_metrics_read_naturally() {
        assert_eq!(format_duration(42.0), "42\u{a0}s");
        assert_eq!(format_duration(79.0), "1\u{a0}min 19\u{a0}s");
        assert_eq!(format_duration(3720.0), "1\u{a0}h 02\u{a0}min");
        assert_eq!(
            format_metric("bounce_rate", 45.46, Locale::Nl),
            "45,5\u{a0}%"
        );
        assert_eq!(format_metric("visitors", 12345.0, Locale::Nl), "12.345");
        assert_eq!(
            format_metric("goal_value", 1234.5, Locale::Nl),
            "1.234,50\u{a0}€"
        );
    }

    #[test]
    fn changes_are_signed_and_judged() {
        let up = change("visitors", 110.0, Some(100.0), Locale::En);
        assert!(up.contains("good") && up.contains("+10%"), "{up}");
        let bounce_up = change("bounce_rate", 60.0, Some(50.0), Locale::En);
        assert!(bounce_up.contains("bad"), "{bounce_up}");
        assert!(change("visitors", 5.0, Some(0.0), Locale::En).contains("up"));
        assert_eq!(change("visitors", 5.0, None, Locale::En), "");
    }
}
