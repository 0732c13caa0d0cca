//! One file of the shop's data into the store: the reader of
//! `etalage-import` for its kind, writing through the store's upserts.
//! Used by `etalage import …` and by the web app's upload page.
use etalage_import::{Counts, ImportError, ImportOptions, ImportReport, Mapping, OrderFormat};
use etalage_store::{Site, Store, StoreError, UpsertReport};
use std::io::Read;

/// What a file holds.
#[derive(Debug, Clone)]
pub enum ShopFile {
    /// Orders, in one of the order formats.
    Orders(OrderFormat),
    /// Products (CSV).
    Products,
    /// Customers (CSV).
    Customers,
    /// Returns (CSV).
    Returns,
    /// Marketing spend (CSV).
    Spend,
}

fn counts(r: Result<UpsertReport, StoreError>) -> Result<Counts, String> {
    let c = r.map_err(|e| e.to_string())?.counts();
    Ok(Counts {
        inserted: c.inserted,
        updated: c.updated,
        unchanged: c.unchanged,
    })
}

/// Imports `input` into `site`; `mapping` renames the columns of a CSV
/// (for orders it belongs in [`OrderFormat::Csv`]). Times without an
/// offset are read in the site's time zone.
pub fn import_shop_file(
    store: &dyn Store,
    site: &Site,
    file: &ShopFile,
    input: impl Read,
    mapping: Option<&Mapping>,
) -> Result<ImportReport, ImportError> {
    let options = ImportOptions {
        zone: site.timezone,
        ..ImportOptions::default()
    };
    let id = site.id;
    match file {
        ShopFile::Orders(format) => etalage_import::import_orders(input, format, &options, |b| {
            counts(store.upsert_orders(id, b))
        }),
        ShopFile::Products => etalage_import::import_products(input, mapping, &options, |b| {
            counts(store.upsert_products(id, b))
        }),
        ShopFile::Customers => etalage_import::import_customers(input, mapping, &options, |b| {
            counts(store.upsert_customers(id, b))
        }),
        ShopFile::Returns => etalage_import::import_returns(input, mapping, &options, |b| {
            counts(store.upsert_returns(id, b))
        }),
        ShopFile::Spend => etalage_import::import_spend(input, mapping, &options, |b| {
            counts(store.upsert_spend(id, b))
        }),
    }
}
