//! `etalage kpi` without `--json`: one line per figure, with the previous
//! period's value beside it.
use etalage_analytics::KpiAnswer;
use std::fmt::Write;

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| format!("{x:.decimals$}"))
        .unwrap_or_else(|| "–".into())
}

/// The figures as aligned text.
pub fn render(a: &KpiAnswer) -> String {
    let (k, p) = (&a.kpis, &a.previous);
    let rows: Vec<(&str, String, String)> = vec![
        ("orders", k.orders.to_string(), p.orders.to_string()),
        ("revenue", num(Some(k.revenue), 2), num(Some(p.revenue), 2)),
        ("aov", num(k.aov, 2), num(p.aov, 2)),
        (
            "items_per_order",
            num(k.items_per_order, 2),
            num(p.items_per_order, 2),
        ),
        (
            "customers",
            k.customers.to_string(),
            p.customers.to_string(),
        ),
        (
            "new_customers",
            k.new_customers.to_string(),
            p.new_customers.to_string(),
        ),
        (
            "returning_customers",
            k.returning_customers.to_string(),
            p.returning_customers.to_string(),
        ),
        (
            "purchase_frequency",
            num(k.purchase_frequency, 2),
            num(p.purchase_frequency, 2),
        ),
        (
            "repeat_purchase_rate %",
            num(k.repeat_purchase_rate, 1),
            num(p.repeat_purchase_rate, 1),
        ),
        (
            "revenue_top20_share %",
            num(k.revenue_top20_share, 1),
            num(p.revenue_top20_share, 1),
        ),
        (
            "return_rate %",
            num(k.return_rate, 1),
            num(p.return_rate, 1),
        ),
        (
            "refund_rate %",
            num(k.refund_rate, 1),
            num(p.refund_rate, 1),
        ),
        (
            "gross_margin %",
            num(k.gross_margin, 1),
            num(p.gross_margin, 1),
        ),
        (
            "shipping_cost_per_order",
            num(k.shipping_cost_per_order, 2),
            num(p.shipping_cost_per_order, 2),
        ),
        (
            "delivery_days",
            num(k.delivery_days, 1),
            num(p.delivery_days, 1),
        ),
        (
            "marketing_spend",
            num(Some(k.marketing_spend), 2),
            num(Some(p.marketing_spend), 2),
        ),
        ("cac", num(k.cac, 2), num(p.cac, 2)),
        ("roas", num(k.roas, 2), num(p.roas, 2)),
        (
            "ecommerce_conversion_rate %",
            num(k.ecommerce_conversion_rate, 2),
            num(p.ecommerce_conversion_rate, 2),
        ),
        (
            "cart_abandonment_rate %",
            num(k.cart_abandonment_rate, 1),
            num(p.cart_abandonment_rate, 1),
        ),
        (
            "active_customers",
            k.active_customers.to_string(),
            p.active_customers.to_string(),
        ),
        ("churn_rate %", num(k.churn_rate, 1), num(p.churn_rate, 1)),
        ("stock_value", num(k.stock_value, 2), num(p.stock_value, 2)),
        (
            "days_of_inventory",
            num(k.days_of_inventory, 1),
            num(p.days_of_inventory, 1),
        ),
    ];
    let mut out = format!(
        "{} {} – {} (previous: {} – {})\n",
        a.site_id, a.date_range[0], a.date_range[1], a.previous_range[0], a.previous_range[1]
    );
    for (name, now, before) in rows {
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
