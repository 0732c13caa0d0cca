//! The shop's key figures over a period: each one's SQL, once. The
//! definitions are in `docs/kpis.md`; a test pins them on a small
//! hand-computed data set.
use crate::duckdb_store::DuckDbStore;
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use duckdb::Connection;
use serde::Serialize;

/// Marketing spend of one channel in the period, and what it brought.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSpend {
    /// The channel as written in the spend data (`paid_search`, …).
    pub channel: String,
    /// Spend in the period.
    pub spend: f64,
    /// Revenue of the period's orders whose tracked purchase happened in a
    /// visit of this channel.
    pub revenue: f64,
    /// revenue ÷ spend.
    pub roas: Option<f64>,
}

/// A product with stock that did not sell in the 90 days to the period end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowMover {
    /// SKU.
    pub sku: String,
    /// Name, when known.
    pub name: Option<String>,
    /// Units in stock.
    pub stock: i64,
    /// Stock × cost price, when the cost is known.
    pub stock_value: Option<f64>,
}

/// Returns of one group of products (a category, a supplier, a SKU).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnGroup {
    /// `category`, `supplier` or `sku`.
    pub by: String,
    /// The group's value (`(none)` when the product data lacks it).
    pub value: String,
    /// Units on the period's orders.
    pub units_sold: f64,
    /// Of those, units returned.
    pub units_returned: f64,
    /// units_returned ÷ units_sold, in %.
    pub return_rate: Option<f64>,
    /// The most given reason.
    pub top_reason: Option<String>,
}

/// Visits of the period that reached each step of the shop's journey.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct JourneyCounts {
    /// All visits.
    pub visits: u64,
    /// Visits with a `view_item` event.
    pub view_item: u64,
    /// Visits with an `add_to_cart` event.
    pub add_to_cart: u64,
    /// Visits with a `begin_checkout` event.
    pub begin_checkout: u64,
    /// Visits with a `purchase` event.
    pub purchase: u64,
}

/// The key figures of a period. A figure is `None` where it is undefined
/// (a ratio over zero) or its data is missing (no cost prices, no spend).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KpiReport {
    /// Orders created in the period, cancelled ones excluded.
    pub orders: u64,
    /// Σ order total − Σ refunded of those orders.
    pub revenue: f64,
    /// revenue ÷ orders.
    pub aov: Option<f64>,
    /// Σ line quantity ÷ orders.
    pub items_per_order: Option<f64>,
    /// Distinct customers with an order in the period.
    pub customers: u64,
    /// Of those, customers whose first order ever is in the period.
    pub new_customers: u64,
    /// customers − new_customers.
    pub returning_customers: u64,
    /// orders ÷ customers (orders with a known customer).
    pub purchase_frequency: Option<f64>,
    /// % of the period's customers with two or more orders up to its end.
    pub repeat_purchase_rate: Option<f64>,
    /// % of revenue from the top 20 % of the period's customers by revenue.
    pub revenue_top20_share: Option<f64>,
    /// % of units sold in the period that were returned.
    pub return_rate: Option<f64>,
    /// % of Σ order total refunded.
    pub refund_rate: Option<f64>,
    /// % margin on line net prices where the cost price is known.
    pub gross_margin: Option<f64>,
    /// Average shipping charged per order.
    pub shipping_cost_per_order: Option<f64>,
    /// Average days from created to fulfilled.
    pub delivery_days: Option<f64>,
    /// Marketing spend in the period.
    pub marketing_spend: f64,
    /// marketing_spend ÷ new_customers.
    pub cac: Option<f64>,
    /// revenue ÷ marketing_spend.
    pub roas: Option<f64>,
    /// Spend and return per channel.
    pub spend_by_channel: Vec<ChannelSpend>,
    /// % of visits with a purchase event.
    pub ecommerce_conversion_rate: Option<f64>,
    /// % of visits with `add_to_cart` that have no purchase.
    pub cart_abandonment_rate: Option<f64>,
    /// The journey's steps, in visits.
    pub journey: JourneyCounts,
    /// Customers with an order in the 365 days to the period end.
    pub active_customers: u64,
    /// % of customers active at the period start no longer active at its end.
    pub churn_rate: Option<f64>,
    /// Σ stock × cost price.
    pub stock_value: Option<f64>,
    /// Units in stock ÷ units sold per day in the period.
    pub days_of_inventory: Option<f64>,
    /// Products in stock without a sale in the 90 days to the period end.
    pub slow_movers: Vec<SlowMover>,
    /// Returns by category, supplier and SKU (groups with returns, most
    /// returned units first, ten per kind).
    pub returns_by: Vec<ReturnGroup>,
}

fn ts(t: DateTime<Utc>) -> String {
    format!("TIMESTAMP '{}'", t.format("%Y-%m-%d %H:%M:%S%.6f"))
}

/// a ÷ b, undefined over zero.
pub(crate) fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// a ÷ b in %, undefined over zero.
pub(crate) fn pct(a: f64, b: f64) -> Option<f64> {
    ratio(a, b).map(|r| r * 100.0)
}

/// A period: its local days (for spend) and their UTC instants.
#[derive(Debug, Clone, Copy)]
pub struct KpiPeriod {
    /// First day, site time.
    pub first_day: NaiveDate,
    /// Last day, site time, included.
    pub last_day: NaiveDate,
    /// The first instant of the first day.
    pub start: DateTime<Utc>,
    /// The first instant after the last day.
    pub end: DateTime<Utc>,
}

/// Customers active at the period's start (an order in the year before it)
/// with no order in the year before its end. When that year begins before
/// the period does (periods up to 365 days), they are the customers whose
/// last order before the end falls in `[start − 1 year, end − 1 year)`: one
/// range scan. Longer periods need the anti-join.
fn churned_sql(site: u32, [s, e, ys, ye]: [&str; 4], end_year_within: bool) -> String {
    if end_year_within {
        "SELECT churned_within FROM seq".to_string()
    } else {
        format!(
            "SELECT count(*) FROM customer_orders a WHERE a.site_id = {site}
               AND a.created_at >= {ys} AND a.created_at < {s} AND (a.next_at IS NULL OR a.next_at >= {s})
               AND NOT EXISTS (SELECT 1 FROM customer_orders b WHERE b.site_id = {site}
                 AND b.customer_key = a.customer_key AND b.created_at >= {ye} AND b.created_at < {e})"
        )
    }
}

/// The revenue of the top fifth of the period's customers by revenue
/// (rounded up to whole customers). Ties at the border have the same
/// revenue, so which one is taken does not change the sum. Each
/// customer's revenue comes back as one Arrow column and the top fifth is
/// selected in place, without sorting every customer.
fn top_fifth_revenue(conn: &Connection, site: u32, s: &str, e: &str) -> Result<f64> {
    let mut stmt = conn.prepare(&format!(
        "SELECT sum(total - refunded)::DOUBLE FROM orders
         WHERE site_id = {site} AND created_at >= {s} AND created_at < {e}
           AND cancelled_at IS NULL AND customer_key IS NOT NULL
         GROUP BY customer_key"
    ))?;
    let mut revenue: Vec<f64> = Vec::new();
    for batch in stmt.query_arrow([])? {
        let column = batch.column(0);
        let values = column
            .as_any()
            .downcast_ref::<duckdb::arrow::array::Float64Array>()
            .expect("a DOUBLE column arrives as Float64");
        revenue.extend(values.iter().flatten());
    }
    let k = revenue.len().div_ceil(5);
    if k == 0 {
        return Ok(0.0);
    }
    revenue.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
    Ok(revenue[..k].iter().sum())
}

/// Units and net line price (quantity × unit price − line discount) per
/// SKU of the lines of orders created in `[s, e)` and not cancelled; lines
/// without a SKU make one row with a NULL SKU. Lines carry their order's
/// creation time and cancellation, so this reads only the period's lines.
fn lines_by_sku(site: u32, s: &str, e: &str) -> String {
    format!(
        "SELECT sku, sum(quantity) AS units, sum(quantity * unit_price - discount) AS net
         FROM order_lines
         WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND NOT cancelled
         GROUP BY sku"
    )
}

/// Computes the figures of a period.
pub(crate) fn compute(conn: &Connection, site_id: u32, period: KpiPeriod) -> Result<KpiReport> {
    let KpiPeriod {
        first_day,
        last_day,
        start,
        end,
    } = period;
    let days = ((last_day - first_day).num_days() + 1) as f64;
    let (s, e) = (ts(start), ts(end));
    let (d0, d1) = (format!("DATE '{first_day}'"), format!("DATE '{last_day}'"));
    let year = chrono::Duration::days(365);
    let (ys, ye) = (ts(start - year), ts(end - year));
    let quarter_before_end = ts(end - chrono::Duration::days(90));
    let site = site_id;
    let churned = churned_sql(site, [&s, &e, &ys, &ye], end - year <= start);
    let by_sku = lines_by_sku(site, &s, &e);
    let sql = format!(
        "WITH o AS (
            SELECT order_id, customer_key, created_at, fulfilled_at, total, refunded, shipping
            FROM orders WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND cancelled_at IS NULL),
         oa AS (
            SELECT count(*) AS n, count(customer_key) AS customer_orders,
                   coalesce(sum(total - refunded) FILTER (WHERE customer_key IS NOT NULL), 0)::DOUBLE
                     AS customer_revenue,
                   coalesce(sum(refunded), 0)::DOUBLE AS refunded,
                   coalesce(sum(total), 0)::DOUBLE AS total, avg(shipping)::DOUBLE AS shipping,
                   (avg(epoch(fulfilled_at - created_at)) / 86400.0)::DOUBLE AS delivery
            FROM o),
         sales_in AS (
            SELECT count(*) AS n, coalesce(sum(total - refunded), 0)::DOUBLE AS revenue FROM sales
            WHERE site_id = {site} AND ts >= {s} AND ts < {e} AND NOT cancelled),
         by_sku AS MATERIALIZED ({by_sku}),
         cost AS (
            SELECT sum(b.net) AS net_known, sum(b.units * p.cost_price) AS cost
            FROM by_sku b JOIN products p ON p.site_id = {site} AND p.sku = b.sku WHERE p.cost_price IS NOT NULL),
         -- Customers' orders in sequence, each with the customer's order
         -- before and after it: a customer's first order has no order
         -- before it, and their last order before an instant t is the one
         -- whose next order is at or after t (or none).
         seq AS MATERIALIZED (
            SELECT
              count(*) FILTER (WHERE in_period AND last_by_end) AS customers,
              count(*) FILTER (WHERE in_period AND first) AS new_customers,
              count(*) FILTER (WHERE in_period AND NOT first AND last_by_end) AS repeaters,
              count(*) FILTER (WHERE created_at >= {ye} AND last_by_end) AS active_end,
              count(*) FILTER (WHERE NOT in_period AND (next_at IS NULL OR next_at >= {s})) AS active_start,
              -- Churned, when the year before the end starts within the period.
              count(*) FILTER (WHERE created_at < {ye} AND last_by_end) AS churned_within
            FROM (SELECT created_at, next_at, created_at >= {s} AS in_period, prev_at IS NULL AS first,
                         (next_at IS NULL OR next_at >= {e}) AS last_by_end
                  FROM customer_orders WHERE site_id = {site} AND created_at >= {ys} AND created_at < {e}))
         SELECT
            (SELECT n FROM sales_in),
            (SELECT revenue FROM sales_in),
            (SELECT n FROM oa),
            (SELECT coalesce(sum(units), 0)::DOUBLE FROM by_sku),
            (SELECT customers FROM seq),
            (SELECT customer_orders FROM oa),
            (SELECT new_customers FROM seq),
            (SELECT repeaters FROM seq),
            (SELECT customer_revenue FROM oa),
            (SELECT coalesce(sum(r.quantity), 0)::DOUBLE FROM returns r
               WHERE r.site_id = {site} AND r.order_id IN (SELECT order_id FROM o)),
            (SELECT refunded FROM oa),
            (SELECT total FROM oa),
            (SELECT net_known::DOUBLE FROM cost),
            (SELECT cost::DOUBLE FROM cost),
            (SELECT shipping FROM oa),
            (SELECT delivery FROM oa),
            (SELECT coalesce(sum(amount), 0)::DOUBLE FROM spend
               WHERE site_id = {site} AND day >= {d0} AND day <= {d1}),
            (SELECT active_end FROM seq),
            (SELECT active_start FROM seq),
            ({churned}),
            (SELECT sum(stock * cost_price)::DOUBLE FROM products
               WHERE site_id = {site} AND stock > 0 AND cost_price IS NOT NULL),
            (SELECT coalesce(sum(stock), 0)::DOUBLE FROM products WHERE site_id = {site} AND stock > 0)"
    );
    let top20 = top_fifth_revenue(conn, site, &s, &e)?;
    let mut r = conn.query_row(&sql, [], |row| {
        let f = |i: usize| row.get::<_, Option<f64>>(i);
        let n = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
        let sales = n(0)?;
        let revenue = f(1)?.unwrap_or(0.0);
        let shop_orders = n(2)? as f64;
        let units = f(3)?.unwrap_or(0.0);
        let customers = n(4)?;
        let customer_orders = n(5)? as f64;
        let new_customers = n(6)?;
        let repeaters = n(7)? as f64;
        let customer_revenue = f(8)?.unwrap_or(0.0);
        let returned = f(9)?.unwrap_or(0.0);
        let refunded = f(10)?.unwrap_or(0.0);
        let total = f(11)?.unwrap_or(0.0);
        let net_known = f(12)?;
        let cost = f(13)?;
        let spend = f(16)?.unwrap_or(0.0);
        let active_start = n(18)? as f64;
        let stock_units = f(21)?.unwrap_or(0.0);
        Ok(KpiReport {
            orders: sales,
            revenue,
            aov: ratio(revenue, sales as f64),
            items_per_order: ratio(units, shop_orders),
            customers,
            new_customers,
            returning_customers: customers.saturating_sub(new_customers),
            purchase_frequency: ratio(customer_orders, customers as f64),
            repeat_purchase_rate: pct(repeaters, customers as f64),
            revenue_top20_share: pct(top20, customer_revenue),
            return_rate: pct(returned, units),
            refund_rate: pct(refunded, total),
            gross_margin: match (net_known, cost) {
                (Some(net), Some(c)) => pct(net - c, net),
                _ => None,
            },
            shipping_cost_per_order: f(14)?,
            delivery_days: f(15)?,
            marketing_spend: spend,
            cac: ratio(spend, new_customers as f64).filter(|_| spend > 0.0),
            roas: ratio(revenue, spend),
            active_customers: n(17)?,
            churn_rate: pct(n(19)? as f64, active_start),
            stock_value: f(20)?,
            days_of_inventory: ratio(units, days).and_then(|per_day| ratio(stock_units, per_day)),
            ..KpiReport::default()
        })
    })?;

    // Spend per channel, with the revenue of the orders whose tracked
    // purchase happened in a visit of that channel (kept with the order).
    let mut stmt = conn.prepare(&format!(
        "WITH by_channel AS (
            SELECT tracked_channel AS channel, sum(total - refunded)::DOUBLE AS rev FROM orders
            WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND cancelled_at IS NULL
              AND tracked_channel IS NOT NULL
            GROUP BY tracked_channel),
         sp AS (
            SELECT channel, sum(amount)::DOUBLE AS spend FROM spend
            WHERE site_id = {site} AND day >= {d0} AND day <= {d1} GROUP BY channel)
         SELECT sp.channel, sp.spend, coalesce(by_channel.rev, 0) FROM sp
         LEFT JOIN by_channel ON by_channel.channel = sp.channel ORDER BY sp.spend DESC, sp.channel"
    ))?;
    r.spend_by_channel = stmt
        .query_map([], |row| {
            let (channel, spend, revenue): (String, f64, f64) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            Ok(ChannelSpend {
                channel,
                spend,
                revenue,
                roas: ratio(revenue, spend),
            })
        })?
        .collect::<duckdb::Result<_>>()?;

    // The journey, in visits.
    r.journey = conn
        .query_row(
            &format!(
                "WITH v AS (
                SELECT visit_id,
                  bool_or(lower(name) = 'view_item') AS viewed,
                  bool_or(lower(name) = 'add_to_cart') AS carted,
                  bool_or(lower(name) = 'begin_checkout') AS checkout,
                  bool_or(lower(name) = 'purchase') AS bought
                FROM events WHERE site_id = {site} AND ts >= {s} AND ts < {e} GROUP BY visit_id)
             SELECT count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE carted),
                    count(*) FILTER (WHERE checkout), count(*) FILTER (WHERE bought),
                    count(*) FILTER (WHERE carted AND NOT bought) FROM v"
            ),
            [],
            |row| {
                let n = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
                let j = JourneyCounts {
                    visits: n(0)?,
                    view_item: n(1)?,
                    add_to_cart: n(2)?,
                    begin_checkout: n(3)?,
                    purchase: n(4)?,
                };
                let abandoned = n(5)? as f64;
                Ok((j, abandoned))
            },
        )
        .map(|(j, abandoned)| {
            r.ecommerce_conversion_rate = pct(j.purchase as f64, j.visits as f64);
            r.cart_abandonment_rate = pct(abandoned, j.add_to_cart as f64);
            j
        })?;

    // Returns by category, supplier and SKU of the period's orders, from
    // the units sold per SKU and the units returned per SKU and reason.
    let mut stmt = conn.prepare(&format!(
        "WITH o AS (
            SELECT order_id FROM orders
            WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND cancelled_at IS NULL),
         by_sku AS MATERIALIZED ({by_sku}),
         sold AS (
            SELECT b.sku, b.units, coalesce(p.category, '(none)') AS category,
                   coalesce(p.supplier, '(none)') AS supplier
            FROM by_sku b LEFT JOIN products p ON p.site_id = {site} AND p.sku = b.sku
            WHERE b.sku IS NOT NULL),
         back AS MATERIALIZED (
            SELECT r.sku, r.reason, sum(r.quantity) AS units,
                   coalesce(any_value(p.category), '(none)') AS category,
                   coalesce(any_value(p.supplier), '(none)') AS supplier
            FROM returns r JOIN o ON o.order_id = r.order_id
            LEFT JOIN products p ON p.site_id = {site} AND p.sku = r.sku
            WHERE r.site_id = {site} GROUP BY r.sku, r.reason),
         sold_by AS (
            SELECT 0 AS k, category AS g, sum(units) AS units FROM sold GROUP BY 1, 2
            UNION ALL SELECT 1, supplier, sum(units) FROM sold GROUP BY 1, 2
            UNION ALL SELECT 2, sku, sum(units) FROM sold GROUP BY 1, 2),
         back_by AS (
            SELECT 0 AS k, category AS g, reason, sum(units) AS units FROM back GROUP BY 1, 2, 3
            UNION ALL SELECT 1, supplier, reason, sum(units) FROM back GROUP BY 1, 2, 3
            UNION ALL SELECT 2, sku, reason, sum(units) FROM back GROUP BY 1, 2, 3),
         -- The most returned units' reason; ties go to the first in
         -- alphabetical order, so the answer never changes.
         groups AS (
            SELECT k, g, sum(units)::DOUBLE AS units,
                   first(reason ORDER BY reason IS NULL, units DESC, reason) AS reason
            FROM back_by GROUP BY k, g)
         SELECT groups.k, groups.g, coalesce(sold_by.units, 0)::DOUBLE, groups.units, groups.reason
         FROM groups LEFT JOIN sold_by USING (k, g)
         QUALIFY row_number() OVER (PARTITION BY groups.k ORDER BY groups.units DESC, groups.g) <= 10
         ORDER BY groups.k, groups.units DESC, groups.g"
    ))?;
    let rows = stmt.query_map([], |row| {
        let (kind, value, sold, returned, reason): (i32, String, f64, f64, Option<String>) = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        );
        Ok(ReturnGroup {
            by: ["category", "supplier", "sku"][kind as usize].to_string(),
            value,
            units_sold: sold,
            units_returned: returned,
            return_rate: pct(returned, sold),
            top_reason: reason,
        })
    })?;
    for g in rows {
        r.returns_by.push(g?);
    }

    // Slow movers: in stock, no units sold in the 90 days to the end.
    let mut stmt = conn.prepare(&format!(
        "WITH p AS (SELECT sku, name, stock, cost_price, price FROM products
                    WHERE site_id = {site} AND stock > 0)
         SELECT p.sku, p.name, p.stock, (p.stock * p.cost_price)::DOUBLE FROM p
         WHERE p.sku NOT IN (
            SELECT l.sku FROM order_lines l
            WHERE l.site_id = {site} AND l.created_at >= {quarter_before_end} AND l.created_at < {e}
              AND NOT l.cancelled AND l.sku IN (SELECT sku FROM p))
         ORDER BY (p.stock * coalesce(p.cost_price, p.price, 0)) DESC, p.sku LIMIT 20"
    ))?;
    r.slow_movers = stmt
        .query_map([], |row| {
            Ok(SlowMover {
                sku: row.get(0)?,
                name: row.get(1)?,
                stock: row.get(2)?,
                stock_value: row.get(3)?,
            })
        })?
        .collect::<duckdb::Result<_>>()?;
    Ok(r)
}

impl DuckDbStore {
    /// The shop's key figures for a period (see [`crate::CommerceStore::kpis`]).
    pub(crate) fn compute_kpis(&self, site_id: u32, period: KpiPeriod) -> Result<KpiReport> {
        self.read(|conn| compute(conn, site_id, period))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{CommerceStore, Store};
    use etalage_core::commerce::ReadOptions;
    use etalage_core::{Domain, Event, MarketingSpend, Order, OrderReturn, Product, Timezone};
    use serde_json::{json, Value};

    fn order(
        id: &str,
        email: Option<&str>,
        at: &str,
        total: &str,
        lines: Value,
        more: Value,
    ) -> Order {
        let mut v = json!({"order_id": id, "created_at": at, "currency": "EUR", "total": total, "lines": lines});
        if let Some(e) = email {
            v["email"] = json!(e);
        }
        for (k, x) in more.as_object().unwrap() {
            v[k] = x.clone();
        }
        Order::from_json(&v, &ReadOptions::default()).unwrap()
    }

    fn line(sku: &str, qty: u32, price: &str) -> Value {
        json!({"sku": sku, "quantity": qty, "unit_price": price})
    }

    fn event(visit: u64, name: &str, channel: &str, props: &[(&str, &str)]) -> Event {
        crate::test_events::shop_event(visit, name, channel, "2026-05-10T09:00:00Z", props)
    }

    /// May 2026 of a small shop, every figure worked out by hand in
    /// `docs/kpis.md`'s terms:
    ///
    /// - customers a (orders A0 in March, A1 and A2 in May), b (B1 in May,
    ///   €50 refunded), f (B2 in May), d (D1 in April), e (E0 in May 2025),
    ///   c (C1 in May, cancelled); G1 in May without a customer.
    /// - May's orders: A1 100 (P1 2×40, P2 1×15, shipping 5, fulfilled after
    ///   2 days), A2 40 (P2 2×20), B1 200 (P1 5×40, shipping 10, fulfilled
    ///   after 4 days, 50 refunded), B2 60 (P3 3×20), G1 25 (P3 1×25).
    pub(crate) fn shop() -> DuckDbStore {
        let s = DuckDbStore::open_in_memory().unwrap();
        let site = s
            .add_site(
                &Domain::parse("fietsen.example").unwrap(),
                Timezone::default(),
            )
            .unwrap();
        assert_eq!(site.id, 1);
        let none = json!({});
        let orders = vec![
            order(
                "A0",
                Some("a@x.example"),
                "2026-03-10T10:00:00Z",
                "50",
                json!([line("P2", 2, "25")]),
                none.clone(),
            ),
            order(
                "A1",
                Some("a@x.example"),
                "2026-05-05T10:00:00Z",
                "100",
                json!([line("P1", 2, "40"), line("P2", 1, "15")]),
                json!({"shipping": "5", "fulfilled_at": "2026-05-07T10:00:00Z"}),
            ),
            order(
                "A2",
                Some("a@x.example"),
                "2026-05-28T10:00:00Z",
                "40",
                json!([line("P2", 2, "20")]),
                none.clone(),
            ),
            order(
                "B1",
                Some("b@x.example"),
                "2026-05-10T10:00:00Z",
                "200",
                json!([line("P1", 5, "40")]),
                json!({"shipping": "10", "refunded": "50", "fulfilled_at": "2026-05-14T10:00:00Z"}),
            ),
            order(
                "B2",
                Some("f@x.example"),
                "2026-05-20T10:00:00Z",
                "60",
                json!([line("P3", 3, "20")]),
                none.clone(),
            ),
            order(
                "C1",
                Some("c@x.example"),
                "2026-05-15T10:00:00Z",
                "30",
                json!([line("P2", 2, "15")]),
                json!({"cancelled_at": "2026-05-16T10:00:00Z"}),
            ),
            order(
                "D1",
                Some("d@x.example"),
                "2026-04-01T10:00:00Z",
                "40",
                json!([line("P2", 2, "20")]),
                none.clone(),
            ),
            order(
                "E0",
                Some("e@x.example"),
                "2025-05-15T10:00:00Z",
                "20",
                json!([line("P2", 1, "20")]),
                none.clone(),
            ),
            order(
                "G1",
                None,
                "2026-05-25T10:00:00Z",
                "25",
                json!([line("P3", 1, "25")]),
                none,
            ),
        ];
        s.upsert_orders(1, &orders).unwrap();
        let products: Vec<Product> = [
            json!({"sku": "P1", "currency": "EUR", "price": "40", "cost_price": "25", "stock": 10}),
            json!({"sku": "P2", "currency": "EUR", "price": "20", "cost_price": "5", "stock": 0}),
            json!({"sku": "P3", "currency": "EUR", "price": "20", "stock": 4}),
            json!({"sku": "P4", "name": "Old saddle", "currency": "EUR", "price": "30", "cost_price": "10", "stock": 6}),
        ]
        .iter()
        .map(|v| Product::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_products(1, &products).unwrap();
        let returns: Vec<OrderReturn> = [
            json!({"order_id": "B1", "sku": "P1", "quantity": 2, "date": "2026-06-03", "reason": "too big"}),
            json!({"order_id": "A0", "sku": "P2", "quantity": 1, "date": "2026-05-02"}),
        ]
        .iter()
        .map(|v| OrderReturn::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_returns(1, &returns).unwrap();
        let spend: Vec<MarketingSpend> = [
            json!({"date": "2026-05-03", "channel": "paid_search", "amount": "100", "currency": "EUR"}),
            json!({"date": "2026-05-20", "channel": "paid_social", "amount": "50", "currency": "EUR"}),
            json!({"date": "2026-04-30", "channel": "paid_search", "amount": "999", "currency": "EUR"}),
        ]
        .iter()
        .map(|v| MarketingSpend::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_spend(1, &spend).unwrap();
        // Four visits: 1 buys (B1) from paid search, 2 and 4 leave a cart.
        let events = vec![
            event(1, "view_item", "paid_search", &[]),
            event(1, "add_to_cart", "paid_search", &[]),
            event(1, "begin_checkout", "paid_search", &[]),
            event(1, "purchase", "paid_search", &[("transaction_id", "B1")]),
            event(2, "view_item", "direct", &[]),
            event(2, "add_to_cart", "direct", &[]),
            event(3, "pageview", "direct", &[]),
            event(4, "add_to_cart", "email", &[]),
        ];
        s.insert_events(&events, None).unwrap();
        s
    }

    pub(crate) fn may() -> KpiPeriod {
        let tz = Timezone::default();
        let first_day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let last_day = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        KpiPeriod {
            first_day,
            last_day,
            start: tz.start_of_day(first_day),
            end: tz.start_of_day(last_day.succ_opt().unwrap()),
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn every_figure_matches_the_hand_computed_shop() {
        let s = shop();
        let k = s.kpis(1, may()).unwrap();
        assert_eq!(k.orders, 5);
        assert_eq!(k.revenue, 375.0, "425 − 50 refunded");
        assert!(close(k.aov, 75.0));
        assert!(close(k.items_per_order, 14.0 / 5.0));
        assert_eq!(
            (k.customers, k.new_customers, k.returning_customers),
            (3, 2, 1)
        );
        assert!(close(k.purchase_frequency, 4.0 / 3.0));
        assert!(close(k.repeat_purchase_rate, 100.0 / 3.0), "only a");
        assert!(
            close(k.revenue_top20_share, 100.0 * 150.0 / 350.0),
            "b of a, b, f"
        );
        assert!(
            close(k.return_rate, 100.0 * 2.0 / 14.0),
            "B1's return counts, A0's not"
        );
        assert!(close(k.refund_rate, 100.0 * 50.0 / 425.0));
        assert!(
            close(k.gross_margin, 100.0 * (335.0 - 190.0) / 335.0),
            "P3 has no cost"
        );
        assert!(close(k.shipping_cost_per_order, 3.0));
        assert!(close(k.delivery_days, 3.0));
        assert_eq!(k.marketing_spend, 150.0);
        assert!(close(k.cac, 75.0));
        assert!(close(k.roas, 2.5));
        assert_eq!(k.spend_by_channel.len(), 2);
        assert_eq!(k.spend_by_channel[0].channel, "paid_search");
        assert_eq!(
            k.spend_by_channel[0].revenue, 150.0,
            "B1 bought in a paid-search visit"
        );
        assert!(close(k.spend_by_channel[0].roas, 1.5));
        assert_eq!(k.spend_by_channel[1].revenue, 0.0);
        assert_eq!(
            k.journey,
            JourneyCounts {
                visits: 4,
                view_item: 2,
                add_to_cart: 3,
                begin_checkout: 1,
                purchase: 1
            }
        );
        assert!(close(k.ecommerce_conversion_rate, 25.0));
        assert!(close(k.cart_abandonment_rate, 200.0 / 3.0));
        assert_eq!(k.active_customers, 4, "a, b, f, d; not e");
        assert!(close(k.churn_rate, 100.0 / 3.0), "e of a, d, e");
        assert!(close(k.stock_value, 310.0));
        assert!(close(k.days_of_inventory, 20.0 / (14.0 / 31.0)));
        assert_eq!(k.slow_movers.len(), 1);
        assert_eq!(k.slow_movers[0].sku, "P4");
        assert_eq!(k.slow_movers[0].stock_value, Some(60.0));
        // B1's two P1 returned, of 7 P1 sold in May (A1 2, B1 5).
        let sku: Vec<_> = k.returns_by.iter().filter(|g| g.by == "sku").collect();
        assert_eq!(sku.len(), 1);
        assert_eq!(
            (
                sku[0].value.as_str(),
                sku[0].units_sold,
                sku[0].units_returned
            ),
            ("P1", 7.0, 2.0)
        );
        assert!(close(sku[0].return_rate, 100.0 * 2.0 / 7.0));
        assert_eq!(sku[0].top_reason.as_deref(), Some("too big"));
        let category: Vec<_> = k.returns_by.iter().filter(|g| g.by == "category").collect();
        assert_eq!(category[0].value, "(none)");
        assert_eq!(
            category[0].units_sold, 14.0,
            "no product has a category: all May's units"
        );
    }

    fn period(first: (i32, u32, u32), last: (i32, u32, u32)) -> KpiPeriod {
        let tz = Timezone::default();
        let first_day = NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap();
        let last_day = NaiveDate::from_ymd_opt(last.0, last.1, last.2).unwrap();
        KpiPeriod {
            first_day,
            last_day,
            start: tz.start_of_day(first_day),
            end: tz.start_of_day(last_day.succ_opt().unwrap()),
        }
    }

    /// The shop plus customer h, who ordered on 2024-09-01 and 2025-03-01.
    /// Over 2025-01-01 – 2026-05-31 (516 days) the year before the end
    /// starts after the period does: h was active at the start (an order in
    /// the 365 days before it) and not at the end, so h alone churned; e,
    /// whose only order (2025-05-15) falls inside the period, was not active
    /// at its start.
    #[test]
    fn churn_over_a_period_longer_than_a_year() {
        let s = shop();
        let h = |id: &str, at: &str| {
            order(
                id,
                Some("h@x.example"),
                at,
                "30",
                json!([line("P2", 1, "30")]),
                json!({}),
            )
        };
        s.upsert_orders(
            1,
            &[
                h("H0", "2024-09-01T10:00:00Z"),
                h("H1", "2025-03-01T10:00:00Z"),
            ],
        )
        .unwrap();
        let k = s.kpis(1, period((2025, 1, 1), (2026, 5, 31))).unwrap();
        assert_eq!(k.active_customers, 4, "a, b, f, d");
        assert!(close(k.churn_rate, 100.0), "h of h");
        assert_eq!(
            (k.customers, k.new_customers, k.returning_customers),
            (6, 5, 1),
            "a, b, f, d, e new; h returning"
        );
        assert!(close(k.repeat_purchase_rate, 100.0 * 2.0 / 6.0), "a and h");
        // A year to 2026-05-31: active at its start (2024-06-01 to
        // 2025-05-31) were e and h; neither ordered since.
        let k = s.kpis(1, period((2025, 6, 1), (2026, 5, 31))).unwrap();
        assert!(close(k.churn_rate, 100.0), "e and h of e and h");
        assert_eq!(
            (k.customers, k.new_customers),
            (4, 4),
            "a, b, f, d: first orders in the year"
        );
    }

    #[test]
    fn an_empty_period_has_no_ratios() {
        let s = shop();
        let tz = Timezone::default();
        let day = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        let k = s
            .kpis(
                1,
                KpiPeriod {
                    first_day: day,
                    last_day: day,
                    start: tz.start_of_day(day),
                    end: tz.start_of_day(day.succ_opt().unwrap()),
                },
            )
            .unwrap();
        assert_eq!((k.orders, k.revenue), (0, 0.0));
        assert_eq!(
            (k.aov, k.return_rate, k.roas, k.cac),
            (None, None, None, None)
        );
    }
}
