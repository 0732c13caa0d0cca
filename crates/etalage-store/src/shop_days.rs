//! The shop's figures per local day, whole and split by the dimensions
//! that explain a change: what the daily alert check compares with the
//! usual level. One scan of the orders and one of the returns.
use crate::duckdb_store::DuckDbStore;
use crate::kpis::KpiPeriod;
use crate::query_sql::{local_ts_expr, ts_literal};
use crate::Result;
use chrono::NaiveDate;
use etalage_core::OffsetSegment;
use serde::Serialize;

/// One figure of one local day, for the whole shop (`dimension` is `""`)
/// or for one value of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopDay {
    /// The day, site time (returns: the day the return was recorded).
    pub day: NaiveDate,
    /// `orders` (created that day, cancelled ones excluded), `revenue`
    /// (their total − refunded) or `returns` (units returned that day).
    pub figure: &'static str,
    /// `""`, or `order:channel`, `order:country`, `order:customer` (`new`
    /// or `returning`; empty for orders without a known customer) for
    /// orders and revenue; `product:supplier`, `product:category`,
    /// `product:sku` or `return:reason` for returns.
    pub dimension: &'static str,
    /// The dimension's value (`""` for the whole shop or an unknown value).
    pub value: String,
    /// The figure.
    pub amount: f64,
}

/// Dimensions of orders, in the order of the grouping sets below.
const ORDER_DIMENSIONS: [&str; 3] = ["order:channel", "order:country", "order:customer"];
/// Dimensions of returns, in the order of the grouping sets below.
const RETURN_DIMENSIONS: [&str; 4] = [
    "product:supplier",
    "product:category",
    "product:sku",
    "return:reason",
];

/// The `dim`/`value` columns of a grouping-sets query over `columns`:
/// the first column that is grouped names the dimension.
fn dimension_columns(columns: &[&str]) -> String {
    let mut dim = String::from("CASE");
    let mut value = String::from("CASE");
    for (i, c) in columns.iter().enumerate() {
        dim.push_str(&format!(" WHEN grouping({c}) = 0 THEN {i}"));
        value.push_str(&format!(" WHEN grouping({c}) = 0 THEN {c}"));
    }
    format!("{dim} ELSE -1 END, coalesce({value} END, '')")
}

impl DuckDbStore {
    /// The shop's daily figures in a period (see
    /// [`crate::CommerceStore::shop_days`]).
    pub(crate) fn compute_shop_days(
        &self,
        site_id: u32,
        period: KpiPeriod,
        offsets: &[OffsetSegment],
    ) -> Result<Vec<ShopDay>> {
        let (s, e) = (ts_literal(period.start), ts_literal(period.end));
        let (d0, d1) = (period.first_day, period.last_day);
        let local = local_ts_expr(offsets);
        let site = site_id;
        let orders = format!(
            "WITH firsts AS (
                -- The period's first orders ever: no order of the customer before them.
                SELECT order_id FROM customer_orders
                WHERE site_id = {site} AND created_at >= {s} AND created_at < {e} AND prev_at IS NULL),
             o AS (
                SELECT CAST({local} AS DATE) AS day, channel, coalesce(country, '') AS country,
                       CASE WHEN x.customer_key IS NULL THEN ''
                            WHEN f.order_id IS NOT NULL THEN 'new' ELSE 'returning' END AS customer,
                       (total - refunded)::DOUBLE AS rev
                FROM (SELECT order_id, created_at AS ts, customer_key, channel, country, total, refunded
                      FROM orders WHERE site_id = {site} AND created_at >= {s} AND created_at < {e}
                        AND cancelled_at IS NULL) x
                LEFT JOIN firsts f ON f.order_id = x.order_id)
             SELECT day, {cols}, count(*)::DOUBLE, coalesce(sum(rev), 0)::DOUBLE FROM o
             GROUP BY GROUPING SETS ((day), (day, channel), (day, country), (day, customer))",
            cols = dimension_columns(&["channel", "country", "customer"]),
        );
        let returns = format!(
            "WITH r AS (
                SELECT r.returned_on AS day, coalesce(p.supplier, '') AS supplier,
                       coalesce(p.category, '') AS category, r.sku, coalesce(r.reason, '') AS reason,
                       r.quantity
                FROM returns r LEFT JOIN products p ON p.site_id = r.site_id AND p.sku = r.sku
                WHERE r.site_id = {site} AND r.returned_on >= DATE '{d0}' AND r.returned_on <= DATE '{d1}')
             SELECT day, {cols}, coalesce(sum(quantity), 0)::DOUBLE FROM r
             GROUP BY GROUPING SETS ((day), (day, supplier), (day, category), (day, sku), (day, reason))",
            cols = dimension_columns(&["supplier", "category", "sku", "reason"]),
        );
        self.read(|conn| {
            let mut out = Vec::new();
            let dimension = |names: &[&'static str], i: i32| -> &'static str {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| names.get(i).copied())
                    .unwrap_or("")
            };
            let mut stmt = conn.prepare(&orders)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let day: NaiveDate = row.get(0)?;
                let dim = dimension(&ORDER_DIMENSIONS, row.get(1)?);
                let value: String = row.get(2)?;
                for (figure, col) in [("orders", 3), ("revenue", 4)] {
                    out.push(ShopDay {
                        day,
                        figure,
                        dimension: dim,
                        value: value.clone(),
                        amount: row.get(col)?,
                    });
                }
            }
            let mut stmt = conn.prepare(&returns)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                out.push(ShopDay {
                    day: row.get(0)?,
                    figure: "returns",
                    dimension: dimension(&RETURN_DIMENSIONS, row.get(1)?),
                    value: row.get(2)?,
                    amount: row.get(3)?,
                });
            }
            Ok(out)
        })
    }
}
