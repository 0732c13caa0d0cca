//! Orders by order number; a changed order's lines are replaced as a whole.
use super::columns::Columns;
use super::customers::{self, Source};
use super::sequence;
use super::stage::{self, content_hash, last_of_each_key, Table};
use super::tracked;
use super::UpsertReport;
use crate::Result;
use chrono::Utc;
use duckdb::Connection;
use etalage_core::{Order, OrderLine};

const ORDERS: Table = Table {
    name: "orders",
    keys: &["order_id"],
    // Who bought: only staged, to find or create the customer.
    extra: &["stage_customer_id", "stage_email"],
};

pub(super) fn upsert(conn: &Connection, site_id: u32, orders: &[Order]) -> Result<UpsertReport> {
    let now = Utc::now();
    let mut buf = Vec::new();
    let keys: Vec<String> = orders.iter().map(|o| o.order_id.to_string()).collect();
    let hashes: Vec<u64> = orders.iter().map(|o| content_hash(o, &mut buf)).collect();
    let last = last_of_each_key(&keys);
    let staged: Vec<(usize, &Order)> = orders
        .iter()
        .enumerate()
        .filter(|(i, _)| last[*i])
        .collect();
    let mut cols = Columns::default();
    cols.int64(staged.iter().map(|(i, _)| *i as i64))
        .uint32(staged.iter().map(|_| site_id))
        .text(staged.iter().map(|(_, o)| Some(o.order_id.as_str())))
        .text(staged.iter().map(|(_, o)| o.platform_id.as_deref()))
        .uint64(staged.iter().map(|_| None))
        .text(
            staged
                .iter()
                .map(|(_, o)| o.customer_kind.map(|k| k.as_str())),
        )
        .time(staged.iter().map(|(_, o)| Some(o.created_at)))
        .time(staged.iter().map(|(_, o)| o.paid_at))
        .time(staged.iter().map(|(_, o)| o.fulfilled_at))
        .time(staged.iter().map(|(_, o)| o.cancelled_at))
        .text(staged.iter().map(|(_, o)| Some(o.channel.as_str())))
        .text(
            staged
                .iter()
                .map(|(_, o)| o.country.as_ref().map(|c| c.as_str())),
        )
        .text(staged.iter().map(|(_, o)| Some(o.currency.as_str())))
        .amount(staged.iter().map(|(_, o)| o.discount))
        .amount(staged.iter().map(|(_, o)| o.shipping))
        .amount(staged.iter().map(|(_, o)| o.tax))
        .amount(staged.iter().map(|(_, o)| o.total))
        .amount(staged.iter().map(|(_, o)| o.refunded))
        .text(staged.iter().map(|(_, o)| o.payment_method.as_deref()))
        .uint64(staged.iter().map(|(i, _)| Some(hashes[*i])))
        .time(staged.iter().map(|_| Some(now)))
        // tracked_channel: set once the order is linked to its purchase.
        .text(staged.iter().map(|_| None))
        .text(staged.iter().map(|(_, o)| {
            o.customer
                .as_ref()
                .and_then(|w| w.customer_id.as_ref())
                .map(|c| c.as_str())
        }))
        .text(staged.iter().map(|(_, o)| {
            o.customer
                .as_ref()
                .and_then(|w| w.email.as_ref())
                .map(|e| e.as_str())
        }));
    stage::stage_appender(conn, "orders", ORDERS.extra)?.append_batch(cols.batch())?;
    let lines: Vec<(usize, &Order, usize, &OrderLine)> = staged
        .iter()
        .flat_map(|(i, o)| o.lines.iter().enumerate().map(move |(n, l)| (*i, *o, n, l)))
        .collect();
    let mut cols = Columns::default();
    cols.int64(lines.iter().map(|(i, ..)| *i as i64))
        .uint32(lines.iter().map(|_| site_id))
        .text(lines.iter().map(|(_, o, ..)| Some(o.order_id.as_str())))
        .int32(lines.iter().map(|(_, _, n, _)| *n as i32 + 1))
        .text(
            lines
                .iter()
                .map(|(.., l)| l.sku.as_ref().map(|s| s.as_str())),
        )
        .text(lines.iter().map(|(.., l)| l.name.as_deref()))
        .int32(lines.iter().map(|(.., l)| l.quantity as i32))
        .amount(lines.iter().map(|(.., l)| l.unit_price))
        .amount(lines.iter().map(|(.., l)| l.discount))
        .time(lines.iter().map(|(_, o, ..)| Some(o.created_at)))
        .boolean(lines.iter().map(|(_, o, ..)| o.cancelled_at.is_some()));
    stage::stage_appender(conn, "order_lines", &[])?.append_batch(cols.batch())?;
    let rows = stage::compare(conn, &ORDERS, &keys, &hashes)?;
    // Only new and changed orders are left staged: their lines and buyers.
    customers::create_stage_people(conn)?;
    conn.execute_batch(&format!(
        "DELETE FROM stage_order_lines l WHERE NOT EXISTS (SELECT 1 FROM stage_orders s WHERE s.row_no = l.row_no);
         INSERT INTO stage_people (row_no, customer_id, email, country, kind, id_hash, email_hash, matched, forgotten)
         SELECT row_no, customer_id, email, country, kind, {hashes}, false, false
         FROM (SELECT row_no, stage_customer_id AS customer_id, stage_email AS email, country,
                      customer_kind AS kind
               FROM stage_orders WHERE stage_customer_id IS NOT NULL OR stage_email IS NOT NULL);",
        hashes = customers::identity_hashes(site_id)
    ))?;
    customers::resolve(conn, site_id, Source::Orders)?;
    sequence::note_customers_before(conn)?;
    // The orders, each with its buyer's key.
    stage::replace_with(
        conn,
        &ORDERS,
        "SELECT s.* EXCLUDE (row_no, stage_customer_id, stage_email) REPLACE (p.customer_key AS customer_key)
         FROM stage_orders s LEFT JOIN stage_people p ON p.row_no = s.row_no ORDER BY s.row_no",
    )?;
    conn.execute_batch(
        "DELETE FROM order_lines USING stage_orders s
         WHERE order_lines.site_id = s.site_id AND order_lines.order_id = s.order_id;
         INSERT INTO order_lines SELECT * EXCLUDE (row_no) FROM stage_order_lines ORDER BY row_no, line_no;",
    )?;
    sequence::rebuild(conn, site_id)?;
    tracked::relink_staged_orders(conn, site_id)?;
    Ok(UpsertReport { rows })
}
