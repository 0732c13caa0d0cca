//! Returns by the shop's return id, else by order, SKU, date and reason.
use super::stage::{self, Table};
use super::UpsertReport;
use crate::duckdb_store::ts_value;
use crate::Result;
use chrono::Utc;
use duckdb::{params, Connection};
use etalage_core::OrderReturn;

const RETURNS: Table = Table {
    name: "returns",
    keys: &["return_key"],
    extra: &[],
};

pub(super) fn upsert(
    conn: &Connection,
    site_id: u32,
    returns: &[OrderReturn],
) -> Result<UpsertReport> {
    let now = ts_value(Utc::now());
    // Keys without a return id are hashed, so that forgetting a customer
    // can clear the reason and keep the key.
    let hash_keys = "UPDATE stage_returns SET return_key = 'k:' || sha256(return_key) WHERE return_key NOT LIKE 'id:%'";
    let rows = stage::upsert_simple(
        conn,
        &RETURNS,
        returns,
        OrderReturn::key,
        |app, row_no, r, hash| {
            app.append_row(params![
                row_no,
                site_id,
                r.key(),
                r.return_id,
                r.order_id.as_str(),
                r.sku.as_str(),
                r.quantity,
                r.reason,
                r.date,
                hash,
                now.clone(),
            ])
        },
        Some(hash_keys),
    )?;
    Ok(UpsertReport { rows })
}
