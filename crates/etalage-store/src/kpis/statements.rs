//! The statements behind a period's key figures. Each one reads one kind
//! of data (the period's orders, the customers' order sequence, the lines,
//! the returns, the visits, spend and stock) once, and they share nothing,
//! so they can run side by side; `super` turns their sums into figures.
use super::{ChannelSpend, JourneyCounts, KpiPeriod, SlowMover, STEP_COUNTS, VISIT_STEPS};
use crate::query_sql::ts_literal as ts;
use crate::Result;
use duckdb::arrow::array::Float64Array;
use duckdb::{Connection, Row};

/// Every row of `sql`, each turned into a `T` by `read`.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    read: impl FnMut(&Row<'_>) -> duckdb::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], read)?.collect::<duckdb::Result<_>>()?;
    Ok(rows)
}

/// A period's bounds as SQL literals, written once for every statement.
pub(super) struct Bounds {
    site: u32,
    /// The period's first instant and the first instant after it.
    s: String,
    e: String,
    /// The same, a year (365 days) earlier.
    ys: String,
    ye: String,
    /// First and last local day (spend is per day).
    d0: String,
    d1: String,
    /// 90 days before the end (slow movers).
    quarter_before_end: String,
    /// Whether the year before the end starts within the period.
    end_year_within: bool,
}

impl Bounds {
    pub(super) fn new(site: u32, period: KpiPeriod) -> Bounds {
        let KpiPeriod {
            first_day,
            last_day,
            start,
            end,
        } = period;
        let year = chrono::Duration::days(365);
        Bounds {
            site,
            s: ts(start),
            e: ts(end),
            ys: ts(start - year),
            ye: ts(end - year),
            d0: format!("DATE '{first_day}'"),
            d1: format!("DATE '{last_day}'"),
            quarter_before_end: ts(end - chrono::Duration::days(90)),
            end_year_within: end - year <= start,
        }
    }
}

/// Sums over the period's orders (cancelled ones excluded) that share a
/// tracked channel; added up over the channels they are the period's.
#[derive(Debug, Default, Clone)]
pub(super) struct OrderSums {
    /// The channel of the visit of the orders' tracked purchase (`None`:
    /// no tracked purchase).
    pub channel: Option<String>,
    pub orders: u64,
    /// Orders with a known customer, and their Σ total − refunded.
    pub customer_orders: u64,
    pub customer_revenue: f64,
    /// Σ total − refunded, Σ refunded, Σ total.
    pub revenue: f64,
    pub refunded: f64,
    pub total: f64,
    /// Σ shipping charged, over the orders that state it.
    pub shipping: f64,
    pub with_shipping: u64,
    /// Σ seconds from created to fulfilled, over the fulfilled orders.
    pub delivery_seconds: f64,
    pub fulfilled: u64,
}

/// The period's orders, in one pass, per tracked channel.
pub(super) fn order_sums(conn: &Connection, b: &Bounds) -> Result<Vec<OrderSums>> {
    let Bounds { site, s, e, .. } = b;
    rows(
        conn,
        &format!(
            "SELECT tracked_channel, count(*), count(customer_key),
                coalesce(sum(total - refunded) FILTER (WHERE customer_key IS NOT NULL), 0)::DOUBLE,
                coalesce(sum(total - refunded), 0)::DOUBLE, coalesce(sum(refunded), 0)::DOUBLE,
                coalesce(sum(total), 0)::DOUBLE,
                coalesce(sum(shipping), 0)::DOUBLE, count(shipping),
                coalesce(sum(epoch(fulfilled_at - created_at)), 0)::DOUBLE, count(fulfilled_at)
         FROM orders
         WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND cancelled_at IS NULL
         GROUP BY tracked_channel"
        ),
        |row| {
            let n = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
            Ok(OrderSums {
                channel: row.get(0)?,
                orders: n(1)?,
                customer_orders: n(2)?,
                customer_revenue: row.get(3)?,
                revenue: row.get(4)?,
                refunded: row.get(5)?,
                total: row.get(6)?,
                shipping: row.get(7)?,
                with_shipping: n(8)?,
                delivery_seconds: row.get(9)?,
                fulfilled: n(10)?,
            })
        },
    )
}

/// Sales the tracker recorded in the period without an order behind them
/// (the `sales` view's tracker part): their number and revenue.
pub(super) fn tracker_sales(conn: &Connection, b: &Bounds) -> Result<(u64, f64)> {
    let Bounds { site, s, e, .. } = b;
    Ok(conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(total - refunded), 0)::DOUBLE FROM sales
             WHERE site_id = {site} AND recorded_by = 'tracker' AND ts >= {s} AND ts < {e}"
        ),
        [],
        |row| Ok((row.get::<_, i64>(0)?.max(0) as u64, row.get(1)?)),
    )?)
}

/// Counts of customers from their orders in sequence.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct CustomerCounts {
    /// Customers with an order in the period.
    pub customers: u64,
    /// Of those, customers whose first order is in the period.
    pub new: u64,
    /// Of those, customers with two or more orders up to the period's end.
    pub repeaters: u64,
    /// Customers with an order in the year to the period's end.
    pub active_end: u64,
    /// Customers with an order in the year before the period's start.
    pub active_start: u64,
    /// Of those, customers without an order in the year to its end.
    pub churned: u64,
}

/// Customers active at the period's start (an order in the year before
/// it) with no order in the year before its end. When that year begins
/// within the period (periods up to 365 days), they are the customers
/// whose last order before the end falls in `[start − 1 year, end − 1
/// year)`: counted in the sequence's one range scan. Longer periods need
/// the anti-join.
fn churned_sql(b: &Bounds) -> String {
    let Bounds {
        site, s, e, ys, ye, ..
    } = b;
    if b.end_year_within {
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

/// The customer counts, from one range of the customers' orders in
/// sequence (the year before the period and the period).
pub(super) fn customer_counts(conn: &Connection, b: &Bounds) -> Result<CustomerCounts> {
    let Bounds {
        site, s, e, ys, ye, ..
    } = b;
    let churned = churned_sql(b);
    let sql = format!(
        // Each of a customer's orders has the customer's order before and
        // after it: a customer's first order has no order before it, and
        // their last order before an instant t is the one whose next order
        // is at or after t (or none).
        "WITH seq AS MATERIALIZED (
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
         SELECT customers, new_customers, repeaters, active_end, active_start, ({churned}) FROM seq"
    );
    Ok(conn.query_row(&sql, [], |row| {
        let n = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
        Ok(CustomerCounts {
            customers: n(0)?,
            new: n(1)?,
            repeaters: n(2)?,
            active_end: n(3)?,
            active_start: n(4)?,
            churned: n(5)?,
        })
    })?)
}

/// The revenue of the top fifth of the period's customers by revenue
/// (rounded up to whole customers). Ties at the border have the same
/// revenue, so which one is taken does not change the sum. Each
/// customer's revenue comes back as one Arrow column and the top fifth is
/// selected in place, without sorting every customer.
pub(super) fn top_fifth_revenue(conn: &Connection, b: &Bounds) -> Result<f64> {
    let Bounds { site, s, e, .. } = b;
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
            .downcast_ref::<Float64Array>()
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

/// Units and net line price (quantity × unit price − line discount) of one
/// SKU on the period's orders, with what the product data says of it.
#[derive(Debug, Default, Clone)]
pub(super) struct SkuSales {
    /// `None` for lines without a SKU (one row for all of them).
    pub sku: Option<String>,
    pub units: f64,
    pub net: f64,
    pub cost_price: Option<f64>,
    pub category: Option<String>,
    pub supplier: Option<String>,
}

/// The period's lines per SKU. Lines carry their order's creation time
/// and cancellation, so this reads only the period's lines.
pub(super) fn sku_sales(conn: &Connection, b: &Bounds) -> Result<Vec<SkuSales>> {
    let Bounds { site, s, e, .. } = b;
    rows(
        conn,
        &format!(
            "WITH by_sku AS (
            SELECT sku, sum(quantity) AS units, sum(quantity * unit_price - discount) AS net
            FROM order_lines
            WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND NOT cancelled
            GROUP BY sku)
         SELECT b.sku, b.units::DOUBLE, b.net::DOUBLE, p.cost_price::DOUBLE, p.category, p.supplier
         FROM by_sku b LEFT JOIN products p ON p.site_id = {site} AND p.sku = b.sku"
        ),
        |row| {
            Ok(SkuSales {
                sku: row.get(0)?,
                units: row.get(1)?,
                net: row.get(2)?,
                cost_price: row.get(3)?,
                category: row.get(4)?,
                supplier: row.get(5)?,
            })
        },
    )
}

/// Units returned of one SKU for one reason, from the period's orders,
/// with the product's category and supplier.
#[derive(Debug, Default, Clone)]
pub(super) struct SkuReturns {
    pub sku: String,
    pub reason: Option<String>,
    pub units: f64,
    pub category: Option<String>,
    pub supplier: Option<String>,
}

/// Returns of the period's orders (cancelled ones excluded) per SKU and
/// reason.
pub(super) fn sku_returns(conn: &Connection, b: &Bounds) -> Result<Vec<SkuReturns>> {
    let Bounds { site, s, e, .. } = b;
    rows(
        conn,
        &format!(
        "SELECT r.sku, r.reason, sum(r.quantity)::DOUBLE, any_value(p.category), any_value(p.supplier)
         FROM returns r
         JOIN orders o ON o.site_id = {site} AND o.order_id = r.order_id
         LEFT JOIN products p ON p.site_id = {site} AND p.sku = r.sku
         WHERE r.site_id = {site} AND o.created_at >= {s} AND o.created_at < {e}
           AND o.cancelled_at IS NULL
         GROUP BY r.sku, r.reason"
        ),
        |row| {
        Ok(SkuReturns {
            sku: row.get(0)?,
            reason: row.get(1)?,
            units: row.get(2)?,
            category: row.get(3)?,
            supplier: row.get(4)?,
        })
        },
    )
}

/// The period's visits by the steps of the journey they reached, and the
/// visits that added to the cart without a purchase.
pub(super) fn journey(conn: &Connection, b: &Bounds) -> Result<(JourneyCounts, u64)> {
    let Bounds { site, s, e, .. } = b;
    Ok(conn.query_row(
        &format!(
            "WITH v AS (
                SELECT visit_id,
                  {VISIT_STEPS}
                FROM events WHERE site_id = {site} AND ts >= {s} AND ts < {e} GROUP BY visit_id)
             SELECT {STEP_COUNTS} FROM v"
        ),
        [],
        |row| {
            let n = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
            let journey = JourneyCounts {
                visits: n(0)?,
                view_item: n(1)?,
                add_to_cart: n(2)?,
                begin_checkout: n(3)?,
                purchase: n(4)?,
            };
            Ok((journey, n(5)?))
        },
    )?)
}

/// Spend per channel in the period, most first (revenue filled in by the
/// caller).
pub(super) fn spend(conn: &Connection, b: &Bounds) -> Result<Vec<ChannelSpend>> {
    let Bounds { site, d0, d1, .. } = b;
    rows(
        conn,
        &format!(
            "SELECT channel, sum(amount)::DOUBLE AS spend FROM spend
         WHERE site_id = {site} AND day >= {d0} AND day <= {d1}
         GROUP BY channel ORDER BY spend DESC, channel"
        ),
        |row| {
            Ok(ChannelSpend {
                channel: row.get(0)?,
                spend: row.get(1)?,
                revenue: 0.0,
                roas: None,
            })
        },
    )
}

/// The products in stock: Σ stock × cost price (where known) and Σ units.
pub(super) fn stock(conn: &Connection, b: &Bounds) -> Result<(Option<f64>, f64)> {
    let site = b.site;
    Ok(conn.query_row(
        &format!(
            "SELECT sum(stock * cost_price) FILTER (WHERE cost_price IS NOT NULL)::DOUBLE,
                    coalesce(sum(stock), 0)::DOUBLE
             FROM products WHERE site_id = {site} AND stock > 0"
        ),
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

/// Slow movers: in stock, no units sold in the 90 days to the end.
pub(super) fn slow_movers(conn: &Connection, b: &Bounds) -> Result<Vec<SlowMover>> {
    let Bounds {
        site,
        e,
        quarter_before_end,
        ..
    } = b;
    rows(
        conn,
        &format!(
            "WITH p AS (SELECT sku, name, stock, cost_price, price FROM products
                    WHERE site_id = {site} AND stock > 0)
         SELECT p.sku, p.name, p.stock, (p.stock * p.cost_price)::DOUBLE FROM p
         WHERE p.sku NOT IN (
            SELECT l.sku FROM order_lines l
            WHERE l.site_id = {site} AND l.created_at >= {quarter_before_end} AND l.created_at < {e}
              AND NOT l.cancelled AND l.sku IN (SELECT sku FROM p))
         ORDER BY (p.stock * coalesce(p.cost_price, p.price, 0)) DESC, p.sku LIMIT 20"
        ),
        |row| {
            Ok(SlowMover {
                sku: row.get(0)?,
                name: row.get(1)?,
                stock: row.get(2)?,
                stock_value: row.get(3)?,
            })
        },
    )
}
