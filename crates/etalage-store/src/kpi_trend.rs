//! The shop's key figures per day, week or month of a period: the sums
//! behind each figure that can be split by time, so the KPI page can draw
//! its trend. The figures follow `docs/kpis.md`, each bucket read as a
//! period of its own.
use crate::duckdb_store::DuckDbStore;
use crate::kpis::{pct, ratio, KpiPeriod, STEP_COUNTS, VISIT_STEPS};
use crate::query_sql::{local_expr, ts_literal};
use crate::Result;
use chrono::NaiveDate;
use etalage_core::OffsetSegment;
use serde::Serialize;
use std::collections::BTreeMap;

/// How long a trend's buckets are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrendBucket {
    /// One local day.
    Day,
    /// A week from Monday.
    Week,
    /// A calendar month.
    Month,
}

impl TrendBucket {
    /// Days for periods up to a month, weeks up to half a year, then months.
    pub fn for_days(days: i64) -> TrendBucket {
        match days {
            ..=31 => TrendBucket::Day,
            32..=190 => TrendBucket::Week,
            _ => TrendBucket::Month,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            TrendBucket::Day => "day",
            TrendBucket::Week => "week",
            TrendBucket::Month => "month",
        }
    }
}

/// The sums of one bucket.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrendPoint {
    /// The bucket's first day (site time); the first bucket may start
    /// before the period.
    pub start: Option<NaiveDate>,
    /// Sales (orders and unmatched tracked purchases), cancelled excluded.
    pub orders: f64,
    /// Their total − refunded.
    pub revenue: f64,
    /// Units on the shop's orders.
    pub units: f64,
    /// Shop orders (for items per order, shipping).
    pub shop_orders: f64,
    /// Distinct customers with an order in the bucket.
    pub customers: f64,
    /// Of those, customers whose first order ever is in the bucket.
    pub new_customers: f64,
    /// Orders with a known customer.
    pub customer_orders: f64,
    /// Units on the bucket's orders that were returned.
    pub returned: f64,
    /// Σ refunded of the shop's orders.
    pub refunded: f64,
    /// Σ total of the shop's orders.
    pub total: f64,
    /// Σ line net price where the cost price is known.
    pub net_known: f64,
    /// Σ cost of those lines.
    pub cost: f64,
    /// Σ shipping charged.
    pub shipping: f64,
    /// Σ days created → fulfilled, and how many orders were fulfilled.
    pub delivery_days: f64,
    /// Fulfilled orders.
    pub fulfilled: f64,
    /// Marketing spend.
    pub spend: f64,
    /// Visits (by their first event).
    pub visits: f64,
    /// Visits with a `view_item`, `add_to_cart`, `begin_checkout`,
    /// `purchase` event.
    pub journey: [f64; 4],
    /// Visits with `add_to_cart` and no purchase.
    pub abandoned: f64,
}

/// Reads `(bucket, values…)` rows into the points.
fn fold(
    conn: &duckdb::Connection,
    sql: &str,
    points: &mut BTreeMap<NaiveDate, TrendPoint>,
    mut apply: impl FnMut(&mut TrendPoint, &duckdb::Row<'_>) -> duckdb::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Some(start) = row.get::<_, Option<NaiveDate>>(0)? else {
            continue;
        };
        let p = points.entry(start).or_default();
        p.start = Some(start);
        apply(p, row)?;
    }
    Ok(())
}

impl DuckDbStore {
    /// The key figures' sums per bucket of a period (see
    /// [`crate::CommerceStore::kpi_trend`]).
    pub(crate) fn compute_kpi_trend(
        &self,
        site_id: u32,
        period: KpiPeriod,
        offsets: &[OffsetSegment],
        bucket: TrendBucket,
    ) -> Result<Vec<TrendPoint>> {
        let (s, e) = (ts_literal(period.start), ts_literal(period.end));
        let (d0, d1) = (period.first_day, period.last_day);
        let b = bucket.sql();
        let at = |column: &str| {
            format!(
                "CAST(date_trunc('{b}', {}) AS DATE)",
                local_expr(column, offsets)
            )
        };
        let site = site_id;
        let sales = format!(
            "SELECT {bucket}, count(*)::DOUBLE, coalesce(sum(total - refunded), 0)::DOUBLE
             FROM sales WHERE site_id = {site} AND ts >= {s} AND ts < {e} AND NOT cancelled GROUP BY 1",
            bucket = at("ts"),
        );
        let orders = format!(
            "WITH o AS (
                SELECT {bucket} AS b, order_id, customer_key, created_at, fulfilled_at, total, refunded, shipping
                FROM orders WHERE site_id = {site} AND created_at >= {s} AND created_at < {e}
                  AND cancelled_at IS NULL),
             -- A customer's first order ever is the one with no order before it.
             firsts AS (
                SELECT {bucket} AS b, count(*)::DOUBLE AS new_customers FROM customer_orders
                WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND prev_at IS NULL
                GROUP BY 1),
             -- Lines carry their order's creation time and cancellation:
             -- units and net prices per bucket and SKU, then the cost.
             l AS (
                SELECT x.b, sum(x.units)::DOUBLE AS units,
                       sum(x.net) FILTER (WHERE p.cost_price IS NOT NULL)::DOUBLE AS net_known,
                       sum(x.units * p.cost_price)::DOUBLE AS cost
                FROM (SELECT {bucket} AS b, sku, sum(quantity) AS units,
                             sum(quantity * unit_price - discount) AS net
                      FROM order_lines WHERE site_id = {site} AND created_at >= {s} AND created_at < {e}
                        AND NOT cancelled GROUP BY 1, 2) x
                LEFT JOIN products p ON p.site_id = {site} AND p.sku = x.sku GROUP BY x.b),
             r AS (
                SELECT o.b, sum(r.quantity)::DOUBLE AS returned FROM returns r JOIN o ON o.order_id = r.order_id
                WHERE r.site_id = {site} GROUP BY o.b),
             c AS (
                SELECT b, count(DISTINCT customer_key)::DOUBLE AS customers,
                       count(customer_key)::DOUBLE AS customer_orders
                FROM o GROUP BY b),
             t AS (
                SELECT b, count(*)::DOUBLE AS n, sum(refunded)::DOUBLE AS refunded, sum(total)::DOUBLE AS total,
                       sum(shipping)::DOUBLE AS shipping,
                       coalesce(sum(epoch(fulfilled_at - created_at)) / 86400.0, 0)::DOUBLE AS delivery,
                       count(fulfilled_at)::DOUBLE AS fulfilled
                FROM o GROUP BY b)
             SELECT t.b, t.n, t.refunded, t.total, t.shipping, t.delivery, t.fulfilled,
                    coalesce(l.units, 0), coalesce(l.net_known, 0), coalesce(l.cost, 0),
                    coalesce(r.returned, 0), c.customers, coalesce(firsts.new_customers, 0), c.customer_orders
             FROM t LEFT JOIN l USING (b) LEFT JOIN r USING (b) LEFT JOIN c USING (b) LEFT JOIN firsts USING (b)",
            bucket = at("created_at"),
        );
        let spend = format!(
            "SELECT CAST(date_trunc('{b}', day) AS DATE), sum(amount)::DOUBLE FROM spend
             WHERE site_id = {site} AND day >= DATE '{d0}' AND day <= DATE '{d1}' GROUP BY 1"
        );
        let journey = format!(
            "WITH v AS (
                SELECT min(ts) AS ts, {VISIT_STEPS}
                FROM events WHERE site_id = {site} AND ts >= {s} AND ts < {e} GROUP BY visit_id)
             SELECT {bucket}, {STEP_COUNTS} FROM v GROUP BY 1",
            bucket = at("ts"),
        );
        self.read(|conn| {
            let mut points = BTreeMap::new();
            fold(conn, &sales, &mut points, |p, row| {
                p.orders = row.get(1)?;
                p.revenue = row.get(2)?;
                Ok(())
            })?;
            fold(conn, &orders, &mut points, |p, row| {
                let f = |i: usize| row.get::<_, Option<f64>>(i).map(Option::unwrap_or_default);
                p.shop_orders = f(1)?;
                p.refunded = f(2)?;
                p.total = f(3)?;
                p.shipping = f(4)?;
                p.delivery_days = f(5)?;
                p.fulfilled = f(6)?;
                p.units = f(7)?;
                p.net_known = f(8)?;
                p.cost = f(9)?;
                p.returned = f(10)?;
                p.customers = f(11)?;
                p.new_customers = f(12)?;
                p.customer_orders = f(13)?;
                Ok(())
            })?;
            fold(conn, &spend, &mut points, |p, row| {
                p.spend = row.get(1)?;
                Ok(())
            })?;
            fold(conn, &journey, &mut points, |p, row| {
                let n = |i: usize| row.get::<_, i64>(i).map(|v| v as f64);
                p.visits = n(1)?;
                p.journey = [n(2)?, n(3)?, n(4)?, n(5)?];
                p.abandoned = n(6)?;
                Ok(())
            })?;
            Ok(fill(points, bucket, period))
        })
    }
}

/// Every bucket of the period, empty ones included, in order.
fn fill(
    mut points: BTreeMap<NaiveDate, TrendPoint>,
    bucket: TrendBucket,
    period: KpiPeriod,
) -> Vec<TrendPoint> {
    let mut out = Vec::new();
    let mut start = bucket_start(period.first_day, bucket);
    while start <= period.last_day {
        let mut p = points.remove(&start).unwrap_or_default();
        p.start = Some(start);
        out.push(p);
        start = next_bucket(start, bucket);
    }
    out
}

fn bucket_start(day: NaiveDate, bucket: TrendBucket) -> NaiveDate {
    use chrono::Datelike;
    match bucket {
        TrendBucket::Day => day,
        TrendBucket::Week => {
            day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
        }
        TrendBucket::Month => day.with_day(1).unwrap_or(day),
    }
}

fn next_bucket(start: NaiveDate, bucket: TrendBucket) -> NaiveDate {
    match bucket {
        TrendBucket::Day => start + chrono::Duration::days(1),
        TrendBucket::Week => start + chrono::Duration::days(7),
        TrendBucket::Month => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start),
    }
}

/// The key figures a bucket can show, by their `docs/kpis.md` key (the
/// journey's steps by `visits`, `view_item`, …).
pub const TREND_FIGURES: [&str; 23] = [
    "orders",
    "revenue",
    "aov",
    "items_per_order",
    "customers",
    "new_customers",
    "returning_customers",
    "purchase_frequency",
    "return_rate",
    "refund_rate",
    "gross_margin",
    "shipping_cost_per_order",
    "delivery_days",
    "marketing_spend",
    "cac",
    "roas",
    "ecommerce_conversion_rate",
    "cart_abandonment_rate",
    "visits",
    "view_item",
    "add_to_cart",
    "begin_checkout",
    "purchase",
];

impl TrendPoint {
    /// The bucket's value of a key figure (see [`TREND_FIGURES`]); `None`
    /// where it is undefined, as in [`crate::KpiReport`].
    pub fn figure(&self, key: &str) -> Option<f64> {
        match key {
            "orders" => Some(self.orders),
            "revenue" => Some(self.revenue),
            "aov" => ratio(self.revenue, self.orders),
            "items_per_order" => ratio(self.units, self.shop_orders),
            "customers" => Some(self.customers),
            "new_customers" => Some(self.new_customers),
            "returning_customers" => Some(self.customers - self.new_customers),
            "purchase_frequency" => ratio(self.customer_orders, self.customers),
            "return_rate" => pct(self.returned, self.units),
            "refund_rate" => pct(self.refunded, self.total),
            "gross_margin" => pct(self.net_known - self.cost, self.net_known),
            "shipping_cost_per_order" => ratio(self.shipping, self.shop_orders),
            "delivery_days" => ratio(self.delivery_days, self.fulfilled),
            "marketing_spend" => Some(self.spend),
            "cac" => ratio(self.spend, self.new_customers).filter(|_| self.spend > 0.0),
            "roas" => ratio(self.revenue, self.spend),
            "ecommerce_conversion_rate" => pct(self.journey[3], self.visits),
            "cart_abandonment_rate" => pct(self.abandoned, self.journey[1]),
            "visits" => Some(self.visits),
            "view_item" => Some(self.journey[0]),
            "add_to_cart" => Some(self.journey[1]),
            "begin_checkout" => Some(self.journey[2]),
            "purchase" => Some(self.journey[3]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::tests::{may, shop};
    use crate::CommerceStore;

    #[test]
    fn a_month_bucket_gives_the_months_figures_and_days_add_up_to_it() {
        let store = shop();
        let k = store.kpis(1, may()).unwrap();
        let month = store
            .compute_kpi_trend(1, may(), &[], TrendBucket::Month)
            .unwrap();
        assert_eq!(month.len(), 1);
        let m = &month[0];
        assert_eq!(m.start, NaiveDate::from_ymd_opt(2026, 5, 1));
        let json = serde_json::to_value(&k).unwrap();
        for key in TREND_FIGURES {
            let want = json
                .get(key)
                .or_else(|| json["journey"].get(key))
                .and_then(|v| v.as_f64());
            let got = m.figure(key);
            match (want, got) {
                (Some(w), Some(g)) => assert!((w - g).abs() < 1e-9, "{key}: {w} vs {g}"),
                (w, g) => assert_eq!(w, g, "{key}"),
            }
        }
        // By day: 31 buckets whose orders, revenue, units and returns add up
        // to May's.
        let days = store
            .compute_kpi_trend(1, may(), &[], TrendBucket::Day)
            .unwrap();
        assert_eq!(days.len(), 31);
        let sum = |f: fn(&TrendPoint) -> f64| days.iter().map(f).sum::<f64>();
        assert_eq!(sum(|p| p.orders), m.orders);
        assert!((sum(|p| p.revenue) - m.revenue).abs() < 1e-9);
        assert_eq!(sum(|p| p.units), m.units);
        assert_eq!(sum(|p| p.returned), m.returned);
        assert_eq!(sum(|p| p.visits), m.visits);
        assert!(days.iter().all(|p| p.start.is_some()));
    }

    #[test]
    fn buckets_follow_the_period_length() {
        assert_eq!(TrendBucket::for_days(7), TrendBucket::Day);
        assert_eq!(TrendBucket::for_days(31), TrendBucket::Day);
        assert_eq!(TrendBucket::for_days(90), TrendBucket::Week);
        assert_eq!(TrendBucket::for_days(365), TrendBucket::Month);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 2026-05-13 is a Wednesday.
        assert_eq!(
            bucket_start(d("2026-05-13"), TrendBucket::Week),
            d("2026-05-11")
        );
        assert_eq!(
            bucket_start(d("2026-05-13"), TrendBucket::Month),
            d("2026-05-01")
        );
        assert_eq!(
            next_bucket(d("2026-12-01"), TrendBucket::Month),
            d("2027-01-01")
        );
    }
}
