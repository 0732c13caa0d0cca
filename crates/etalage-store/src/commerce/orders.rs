//! Orders by order number; a changed order's lines are replaced as a whole.
use super::customers::{self, Source};
use super::sequence;
use super::stage::{self, content_hash, dec, last_of_each_key, Table};
use super::UpsertReport;
use crate::duckdb_store::ts_value;
use crate::Result;
use chrono::{DateTime, Utc};
use duckdb::types::Value;
use duckdb::{params, Connection};
use etalage_core::Order;

const ORDERS: Table = Table {
    name: "orders",
    keys: &["order_id"],
    // Who bought: only staged, to find or create the customer.
    extra: &["stage_customer_id", "stage_email"],
};

fn opt_ts(t: Option<DateTime<Utc>>) -> Value {
    t.map(ts_value).unwrap_or(Value::Null)
}

pub(super) fn upsert(conn: &Connection, site_id: u32, orders: &[Order]) -> Result<UpsertReport> {
    let now = ts_value(Utc::now());
    let mut buf = Vec::new();
    let keys: Vec<String> = orders.iter().map(|o| o.order_id.to_string()).collect();
    let hashes: Vec<u64> = orders.iter().map(|o| content_hash(o, &mut buf)).collect();
    let last = last_of_each_key(&keys);
    {
        let mut app = stage::stage_appender(conn, "orders", ORDERS.extra)?;
        for (i, o) in orders.iter().enumerate().filter(|(i, _)| last[*i]) {
            let who = o.customer.as_ref();
            app.append_row(params![
                i as i64,
                site_id,
                o.order_id.as_str(),
                o.platform_id,
                None::<u64>,
                o.customer_kind.map(|k| k.as_str()),
                ts_value(o.created_at),
                opt_ts(o.paid_at),
                opt_ts(o.fulfilled_at),
                opt_ts(o.cancelled_at),
                o.channel.as_str(),
                o.country.as_ref().map(|c| c.as_str()),
                o.currency.as_str(),
                dec(o.discount),
                dec(o.shipping),
                dec(o.tax),
                dec(o.total),
                dec(o.refunded),
                o.payment_method,
                hashes[i],
                now.clone(),
                who.and_then(|w| w.customer_id.as_ref()).map(|c| c.as_str()),
                who.and_then(|w| w.email.as_ref()).map(|e| e.as_str()),
            ])?;
        }
        app.flush()?;
    }
    {
        let mut app = stage::stage_appender(conn, "order_lines", &[])?;
        for (i, o) in orders.iter().enumerate().filter(|(i, _)| last[*i]) {
            for (n, l) in o.lines.iter().enumerate() {
                app.append_row(params![
                    i as i64,
                    site_id,
                    o.order_id.as_str(),
                    n as i32 + 1,
                    l.sku.as_ref().map(|s| s.as_str()),
                    l.name,
                    l.quantity,
                    dec(l.unit_price),
                    dec(l.discount),
                    crate::duckdb_store::ts_value(o.created_at),
                    o.cancelled_at.is_some(),
                ])?;
            }
        }
        app.flush()?;
    }
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
    Ok(UpsertReport { rows })
}
