//! Products by SKU.
use super::stage::{self, Table};
use super::UpsertReport;
use crate::duckdb_store::ts_value;
use crate::Result;
use chrono::Utc;
use duckdb::{params, Connection};
use etalage_core::Product;

const PRODUCTS: Table = Table {
    name: "products",
    keys: &["sku"],
    extra: &[],
};

pub(super) fn upsert(
    conn: &Connection,
    site_id: u32,
    products: &[Product],
) -> Result<UpsertReport> {
    let now = ts_value(Utc::now());
    let rows = stage::upsert_simple(
        conn,
        &PRODUCTS,
        products,
        |p| p.sku.to_string(),
        |app, row_no, p, hash| {
            let currency = p.price.or(p.cost_price).map(|m| m.currency.to_string());
            app.append_row(params![
                row_no,
                site_id,
                p.sku.as_str(),
                p.name,
                p.category,
                p.supplier,
                currency,
                p.price.map(|m| stage::dec(m.amount)),
                p.cost_price.map(|m| stage::dec(m.amount)),
                p.stock,
                hash,
                now.clone(),
            ])
        },
        None,
    )?;
    Ok(UpsertReport { rows })
}
