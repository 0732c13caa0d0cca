//! `etalage kpi` without `--json`: one line per figure, with the previous
//! period's value beside it.
use etalage_analytics::KpiAnswer;
use etalage_store::KpiReport;
use std::fmt::Write;

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| format!("{x:.decimals$}"))
        .unwrap_or_else(|| "–".into())
}

/// A figure of a report, as shown with a number of decimals.
type Figure = (&'static str, fn(&KpiReport) -> Option<f64>, usize);

/// Every scalar figure, in the order printed.
const FIGURES: [Figure; 24] = [
    ("orders", |r| Some(r.orders as f64), 0),
    ("revenue", |r| Some(r.revenue), 2),
    ("aov", |r| r.aov, 2),
    ("items_per_order", |r| r.items_per_order, 2),
    ("customers", |r| Some(r.customers as f64), 0),
    ("new_customers", |r| Some(r.new_customers as f64), 0),
    (
        "returning_customers",
        |r| Some(r.returning_customers as f64),
        0,
    ),
    ("purchase_frequency", |r| r.purchase_frequency, 2),
    ("repeat_purchase_rate %", |r| r.repeat_purchase_rate, 1),
    ("revenue_top20_share %", |r| r.revenue_top20_share, 1),
    ("return_rate %", |r| r.return_rate, 1),
    ("refund_rate %", |r| r.refund_rate, 1),
    ("gross_margin %", |r| r.gross_margin, 1),
    ("shipping_cost_per_order", |r| r.shipping_cost_per_order, 2),
    ("delivery_days", |r| r.delivery_days, 1),
    ("marketing_spend", |r| Some(r.marketing_spend), 2),
    ("cac", |r| r.cac, 2),
    ("roas", |r| r.roas, 2),
    (
        "ecommerce_conversion_rate %",
        |r| r.ecommerce_conversion_rate,
        2,
    ),
    ("cart_abandonment_rate %", |r| r.cart_abandonment_rate, 1),
    ("active_customers", |r| Some(r.active_customers as f64), 0),
    ("churn_rate %", |r| r.churn_rate, 1),
    ("stock_value", |r| r.stock_value, 2),
    ("days_of_inventory", |r| r.days_of_inventory, 1),
];

/// The figures as aligned text.
pub fn render(a: &KpiAnswer) -> String {
    let (k, p) = (&a.kpis, &a.previous);
    let mut out = format!(
        "{} {} – {} (previous: {} – {})\n",
        a.site_id, a.date_range[0], a.date_range[1], a.previous_range[0], a.previous_range[1]
    );
    for (name, get, decimals) in FIGURES {
        let (now, before) = (num(get(k), decimals), num(get(p), decimals));
        let _ = writeln!(out, "{name:<30} {now:>14} {before:>14}");
    }
    for c in &k.spend_by_channel {
        let _ = writeln!(
            out,
            "spend {:<24} {:>14.2} roas {}",
            c.channel,
            c.spend,
            num(c.roas, 2)
        );
    }
    if !k.slow_movers.is_empty() {
        let skus: Vec<&str> = k.slow_movers.iter().map(|s| s.sku.as_str()).collect();
        let _ = writeln!(out, "slow movers: {}", skus.join(", "));
    }
    out
}
