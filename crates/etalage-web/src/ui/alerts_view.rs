//! The alert list as the dashboard and the KPI page show it, in the
//! page's language: the figure (and the part of the traffic or the shop it
//! is about), its change against the usual level, the cause, and what to
//! check.
use super::dashboard::render::{display_label, format_euros};
use super::dashboard::view::dimension_key;
use super::i18n::{format_count, format_date, format_percent, Locale};
use super::layout::{esc, tk};
use etalage_analytics::alerts::Alert;
use std::fmt::Write;

/// The Fluent key of a watched figure.
fn figure_key(metric: &str) -> &'static str {
    match metric {
        "pageviews" => tk("dashboard-metric-pageviews"),
        "conversions" => tk("dashboard-metric-conversions"),
        "orders" => tk("kpi-orders"),
        "revenue" => tk("kpi-revenue"),
        "returns" => tk("alert-figure-returns"),
        _ => tk("dashboard-metric-visitors"),
    }
}

/// Fluent keys of the shop's dimensions (the site's are the dashboard's).
const SHOP_DIMENSIONS: [(&str, &str); 7] = [
    ("order:channel", tk("alert-dim-sales-channel")),
    ("order:country", tk("dashboard-dim-country")),
    ("order:customer", tk("alert-dim-customers")),
    ("product:supplier", tk("kpi-by-supplier")),
    ("product:category", tk("kpi-by-category")),
    ("product:sku", tk("kpi-by-sku")),
    ("return:reason", tk("alert-dim-reason")),
];

/// What to check, per hint of an alert.
const HINTS: [(&str, &str); 19] = [
    ("what-worked", tk("dashboard-alert-hint-what-worked")),
    ("search-ranking", tk("dashboard-alert-hint-search-ranking")),
    ("ads", tk("dashboard-alert-hint-ads")),
    ("social", tk("dashboard-alert-hint-social")),
    ("newsletter", tk("dashboard-alert-hint-newsletter")),
    ("tracker", tk("dashboard-alert-hint-tracker")),
    ("referrers", tk("dashboard-alert-hint-referrers")),
    ("device", tk("dashboard-alert-hint-device")),
    ("country", tk("dashboard-alert-hint-country")),
    ("page", tk("dashboard-alert-hint-page")),
    ("general", tk("dashboard-alert-hint-general")),
    ("checkout", tk("alert-hint-checkout")),
    ("sales-channel", tk("alert-hint-sales-channel")),
    ("new-customers", tk("alert-hint-new-customers")),
    ("returning-customers", tk("alert-hint-returning-customers")),
    ("returns-supplier", tk("alert-hint-returns-supplier")),
    ("returns-product", tk("alert-hint-returns-product")),
    ("returns-reason", tk("alert-hint-returns-reason")),
    ("returns", tk("alert-hint-returns")),
];

/// A dimension's name and a value's label in the page's language.
fn named(dim: &str, value: &str, l: Locale) -> (String, String) {
    let Some((_, key)) = SHOP_DIMENSIONS.iter().find(|(d, _)| *d == dim) else {
        return (l.t(dimension_key(dim)), display_label(dim, value, l));
    };
    let label = match (dim, value) {
        (_, "") => l.t("dashboard-none"),
        ("order:channel", "webshop") => l.t("alert-sales-webshop"),
        ("order:channel", "marketplace") => l.t("alert-sales-marketplace"),
        ("order:channel", "shop_counter") => l.t("alert-sales-shop-counter"),
        ("order:customer", "new") => l.t("kpi-new-customers"),
        ("order:customer", "returning") => l.t("kpi-returning-customers"),
        ("order:country", code) => display_label("visit:country", code, l),
        (_, v) => v.to_string(),
    };
    (l.t(key), label)
}

/// Whether an alert is bad news (falls, and rises in returns).
fn is_bad(a: &Alert) -> bool {
    (a.change_percent < 0.0) != (a.metric == "returns")
}

/// One alert as a sentence and its hint.
fn sentence(a: &Alert, l: Locale) -> String {
    let figure = l.t(figure_key(&a.metric));
    let figure = match &a.segment {
        Some((dim, value)) => {
            let (d, v) = named(dim, value, l);
            // Returns belong to a supplier or product; visits and orders
            // come through a channel.
            let key = if a.metric == "returns" {
                "alert-segment-of"
            } else {
                "dashboard-alert-segment"
            };
            l.ta(
                key,
                &[("figure", &figure), ("dimension", &d), ("value", &v)],
            )
        }
        None => figure,
    };
    let shown = |v: f64| {
        if a.metric == "revenue" {
            format_euros(v, l)
        } else {
            format_count(v.max(0.0).round() as u64, l)
        }
    };
    let sign = if a.change_percent > 0.0 { "+" } else { "" };
    let line = if a.days == 1 {
        "dashboard-alert-line"
    } else {
        "alert-line-week"
    };
    let mut text = l.ta(
        line,
        &[
            ("figure", &figure),
            (
                "change",
                &format!("{sign}{}", format_percent(a.change_percent / 100.0, 0, l)),
            ),
            ("date", &format_date(a.day, l)),
            ("value", &shown(a.value)),
            ("usual", &shown(a.usual)),
        ],
    );
    if let (Some(c), None) = (&a.cause, &a.segment) {
        let (d, v) = named(&c.dimension, &c.value, l);
        text.push(' ');
        text.push_str(&l.ta(
            "dashboard-alert-cause",
            &[
                ("share", &format_percent(c.share, 0, l)),
                ("dimension", &d),
                ("value", &v),
            ],
        ));
    }
    text
}

/// The alerts of the last closed days, in the page's language; empty
/// when there are none.
pub(crate) fn alert_list(list: &[Alert], l: Locale) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<section class="alerts" aria-labelledby="alerts-title"><h2 id="alerts-title">{}</h2><ul>"#,
        esc(&l.t("dashboard-alerts"))
    );
    for a in list {
        let hint = HINTS
            .iter()
            .find(|(h, _)| *h == a.hint)
            .map(|(_, k)| *k)
            .unwrap_or("dashboard-alert-hint-general");
        let _ = write!(
            out,
            r#"<li class="notice {}">{} <strong>{}</strong></li>"#,
            if is_bad(a) {
                "notice-error"
            } else {
                "notice-ok"
            },
            esc(&sentence(a, l)),
            esc(&l.t(hint))
        );
    }
    out.push_str("</ul></section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use etalage_analytics::alerts::Cause;

    fn returns_week() -> Alert {
        Alert {
            day: NaiveDate::from_ymd_opt(2026, 6, 21).unwrap(),
            days: 7,
            metric: "returns".into(),
            segment: Some(("product:supplier".into(), "Flandria Onderdelen BV".into())),
            value: 16.0,
            usual: 3.5,
            change_percent: 357.1,
            deviations: 5.7,
            cause: Some(Cause {
                dimension: "product:supplier".into(),
                value: "Flandria Onderdelen BV".into(),
                share: 1.0,
                change_percent: 357.1,
            }),
            hint: "returns-supplier".into(),
            message: String::new(),
        }
    }

    #[test]
    fn a_weeks_returns_read_as_a_week_in_every_language() {
        let a = returns_week();
        assert_eq!(
            sentence(&a, Locale::Nl),
            "Teruggestuurde stuks van Leverancier „Flandria Onderdelen BV” +357\u{a0}% in de week tot 21 juni 2026: 16 tegenover gewoonlijk 4 per week."
        );
        let fr = alert_list(std::slice::from_ref(&a), Locale::Fr);
        assert!(
            fr.contains("Articles retournés de Fournisseur « Flandria Onderdelen BV » +357"),
            "{fr}"
        );
        assert!(
            fr.contains("Vérifiez la qualité et les tailles des produits de ce fournisseur."),
            "{fr}"
        );
        // More returns is bad news even though the figure rose.
        assert!(fr.contains("notice-error"), "{fr}");
        let en = alert_list(&[a], Locale::En);
        assert!(en.contains("in the week to "), "{en}");
    }

    #[test]
    fn a_fall_in_orders_names_the_sales_channel_and_shows_money_for_revenue() {
        let mut a = returns_week();
        a.metric = "revenue".into();
        a.segment = None;
        a.days = 1;
        a.value = 80.0;
        a.usual = 350.0;
        a.change_percent = -77.1;
        a.cause = Some(Cause {
            dimension: "order:channel".into(),
            value: "webshop".into(),
            share: 1.0,
            change_percent: -90.0,
        });
        a.hint = "checkout".into();
        let nl = alert_list(&[a], Locale::Nl);
        assert!(nl.contains("Omzet -77\u{a0}% op "), "{nl}");
        assert!(
            nl.contains(": 80,00\u{a0}€ tegenover gewoonlijk 350,00\u{a0}€"),
            "{nl}"
        );
        assert!(nl.contains("van Verkoopkanaal „Webshop”"), "{nl}");
        assert!(nl.contains("Plaats een testbestelling"), "{nl}");
        assert!(nl.contains("notice-error"), "{nl}");
    }
}
