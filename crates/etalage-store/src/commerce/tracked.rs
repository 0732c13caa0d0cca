//! The tracker's e-commerce events, kept in tables KPI queries can join:
//! `tracked_purchases` (the first `purchase` per transaction id, so a
//! reloaded thank-you page counts once) and `tracked_items`.
use super::stage::stage_appender;
use crate::duckdb_store::ts_value;
use crate::Result;
use duckdb::{params, Connection};
use etalage_core::commerce::{is_commerce_event, items_from_json, EVENT_PURCHASE};
use etalage_core::{Event, OrderId};

fn prop<'a>(e: &'a Event, key: &str) -> Option<&'a str> {
    e.props
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A staged purchase (`s`) that repeats a transaction: one already stored,
/// or one staged before it in the same batch.
const REPEATED: &str = "EXISTS (SELECT 1 FROM tracked_purchases t
                 WHERE t.site_id = s.site_id AND t.transaction_id = s.transaction_id)
    OR row_no <> (SELECT min(row_no) FROM stage_tracked_purchases f
                  WHERE f.site_id = s.site_id AND f.transaction_id = s.transaction_id)";

/// Records the e-commerce events among `events`; called in the
/// transaction that appends them. Returns the positions of `purchase`
/// events that repeat a transaction already recorded (stored, or earlier
/// in `events`): a reloaded thank-you page, whose revenue must not count
/// twice.
pub(crate) fn record(conn: &Connection, events: &[Event]) -> Result<Vec<usize>> {
    if !events.iter().any(|e| is_commerce_event(&e.name)) {
        return Ok(Vec::new());
    }
    {
        let mut purchases = stage_appender(conn, "tracked_purchases", &[])?;
        let mut items = stage_appender(conn, "tracked_items", &[])?;
        for (n, e) in events.iter().enumerate() {
            if !is_commerce_event(&e.name) {
                continue;
            }
            let transaction_id = prop(e, "transaction_id")
                .and_then(|t| OrderId::parse(t).ok())
                .filter(|_| e.name == EVENT_PURCHASE);
            if let Some(t) = &transaction_id {
                purchases.append_row(params![
                    n as i64,
                    e.site_id,
                    t.as_str(),
                    ts_value(e.ts),
                    e.visitor_id,
                    e.visit_id,
                    e.revenue.map(|m| m.amount),
                    e.revenue.map(|m| m.currency.to_string()),
                    None::<String>,
                    e.visit.channel.as_str(),
                ])?;
            }
            for item in prop(e, "items")
                .and_then(items_from_json)
                .unwrap_or_default()
            {
                items.append_row(params![
                    n as i64,
                    e.site_id,
                    ts_value(e.ts),
                    e.visitor_id,
                    e.visit_id,
                    e.name,
                    transaction_id.as_ref().map(|t| t.as_str()),
                    item.item_id,
                    item.item_name,
                    item.item_category,
                    item.price,
                    item.quantity.unwrap_or(1),
                ])?;
            }
        }
        purchases.flush()?;
        items.flush()?;
    }
    // Keep the first purchase of each transaction, in this batch and over
    // what is stored, and the items of the purchases kept.
    let repeated: Vec<usize> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT row_no FROM stage_tracked_purchases s WHERE {REPEATED} ORDER BY row_no"
        ))?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        rows.map(|r| r.map(|n| n as usize))
            .collect::<duckdb::Result<_>>()?
    };
    conn.execute_batch(&format!(
        "DELETE FROM stage_tracked_purchases s WHERE {REPEATED};
         DELETE FROM stage_tracked_items i
         WHERE i.transaction_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM stage_tracked_purchases p WHERE p.row_no = i.row_no);
         INSERT INTO tracked_purchases SELECT * EXCLUDE (row_no) FROM stage_tracked_purchases ORDER BY row_no;
         INSERT INTO tracked_items SELECT * EXCLUDE (row_no) FROM stage_tracked_items ORDER BY row_no;"
    ))?;
    link_orders(conn, "SELECT transaction_id FROM stage_tracked_purchases")?;
    refresh_order_channels(
        conn,
        "SELECT order_id FROM tracked_purchases WHERE order_id IS NOT NULL
           AND transaction_id IN (SELECT transaction_id FROM stage_tracked_purchases)",
    )?;
    Ok(repeated)
}

/// Sets `orders.tracked_channel` of the orders among `orders` (a query of
/// order ids) from the purchases that record them: the lowest channel, or
/// NULL when no purchase does.
fn refresh_order_channels(conn: &Connection, orders: &str) -> Result<()> {
    conn.execute_batch(&format!(
        "UPDATE orders SET tracked_channel = t.channel
         FROM (SELECT o.site_id, o.order_id, min(p.channel) AS channel
               FROM orders o LEFT JOIN tracked_purchases p
                 ON p.site_id = o.site_id AND p.order_id = o.order_id
               WHERE o.order_id IN ({orders}) GROUP BY o.site_id, o.order_id) t
         WHERE t.site_id = orders.site_id AND t.order_id = orders.order_id
           AND orders.tracked_channel IS DISTINCT FROM t.channel;"
    ))?;
    Ok(())
}

/// Links the tracked purchases without an order whose transaction id is
/// among `candidates` (a query of ids) to the order they record: the
/// order with that number, else (the lowest-numbered) one with that
/// platform id.
pub(crate) fn link_orders(conn: &Connection, candidates: &str) -> Result<()> {
    conn.execute_batch(&format!(
        "UPDATE tracked_purchases SET order_id = o.order_id FROM orders o
         WHERE tracked_purchases.order_id IS NULL AND tracked_purchases.transaction_id IN ({candidates})
           AND o.site_id = tracked_purchases.site_id AND o.order_id = tracked_purchases.transaction_id;
         UPDATE tracked_purchases SET order_id = o.order_id
         FROM (SELECT site_id, platform_id, min(order_id) AS order_id FROM orders
               WHERE platform_id IN ({candidates}) GROUP BY site_id, platform_id) o
         WHERE tracked_purchases.order_id IS NULL AND tracked_purchases.transaction_id IN ({candidates})
           AND o.site_id = tracked_purchases.site_id AND o.platform_id = tracked_purchases.transaction_id;"
    ))?;
    Ok(())
}

/// After an order upsert: the purchases linked to a staged (new or
/// changed) order, and those whose transaction id is a staged order's
/// number or platform id, are linked again (a changed platform id may
/// move a purchase to another order, or leave it without one).
pub(crate) fn relink_staged_orders(conn: &Connection, site_id: u32) -> Result<()> {
    let site = site_id;
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE relink AS
         SELECT transaction_id AS id FROM tracked_purchases
         WHERE site_id = {site} AND order_id IN (SELECT order_id FROM stage_orders)
         UNION ALL SELECT order_id FROM stage_orders
         UNION ALL SELECT platform_id FROM stage_orders WHERE platform_id IS NOT NULL;
         -- Orders that may lose or gain a purchase.
         CREATE OR REPLACE TEMP TABLE relinked_orders AS
         SELECT order_id FROM stage_orders
         UNION SELECT order_id FROM tracked_purchases
         WHERE site_id = {site} AND order_id IS NOT NULL AND transaction_id IN (SELECT id FROM relink);
         UPDATE tracked_purchases SET order_id = NULL
         WHERE site_id = {site} AND transaction_id IN (SELECT id FROM relink);"
    ))?;
    link_orders(conn, "SELECT id FROM relink")?;
    conn.execute_batch(&format!(
        "INSERT INTO relinked_orders SELECT order_id FROM tracked_purchases
         WHERE site_id = {site} AND order_id IS NOT NULL AND transaction_id IN (SELECT id FROM relink);"
    ))?;
    refresh_order_channels(conn, "SELECT order_id FROM relinked_orders")?;
    conn.execute_batch("DROP TABLE relink; DROP TABLE relinked_orders;")?;
    Ok(())
}
