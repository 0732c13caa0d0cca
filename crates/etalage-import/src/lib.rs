//! Readers of the shop's exports for etalage: a Shopify order export
//! (CSV), WooCommerce's REST API orders (JSON), and any CSV whose columns a
//! small TOML mapping names; plus CSV files of products, customers, returns
//! and marketing spend with documented columns.
//!
//! Readers turn each record into a domain type of `etalage_core` or reject
//! it with its line number and the reason. The good records go in batches
//! to a writer (the store), which runs on its own thread while the next
//! batch is read; the report counts what the writer did, so a file with
//! bad rows still stores every good one.
//!
//! ```
//! use etalage_import::{import_orders, Counts, ImportOptions, OrderFormat};
//!
//! let csv = "Name,Email,Financial Status,Created at,Currency,Total,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n\
//!            #1001,an@shop.example,paid,2026-05-01 10:00:00 +0200,EUR,19.90,2,Bell,9.95,BELL-1\n\
//!            #1002,bo@shop.example,paid,yesterday,EUR,5,1,Bell,5,BELL-1\n";
//! let mut stored = Vec::new();
//! let report = import_orders(csv.as_bytes(), &OrderFormat::Shopify, &ImportOptions::default(), |batch| {
//!     stored.extend_from_slice(batch);
//!     Ok(Counts { inserted: batch.len(), ..Counts::default() })
//! })
//! .unwrap();
//! assert_eq!(report.imported, 1);
//! assert_eq!(report.rejected[0].line, 3);
//! assert_eq!(stored[0].order_id.as_str(), "1001");
//! ```
#![deny(missing_docs)]

mod batch;
mod csv_table;
mod mapping;
mod order_rows;
mod shopify;
mod tables;
mod woocommerce;

pub use batch::{Counts, ImportReport, Rejection};
pub use mapping::Mapping;

use etalage_core::commerce::ReadOptions;
use etalage_core::{Customer, MarketingSpend, Order, OrderReturn, Product, Timezone};
use std::io::Read;
use thiserror::Error;

/// Records written to the store in one transaction.
pub const BATCH: usize = 100_000;

/// A problem that stops an import (rows with problems are only rejected).
#[derive(Debug, Error)]
pub enum ImportError {
    /// The input could not be read.
    #[error("cannot read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The input is not in the expected format at all.
    #[error("{0}")]
    Format(String),
    /// The writer failed; the batches before it were stored.
    #[error("cannot store the data: {0}")]
    Store(String),
}

/// The format of an orders file.
#[derive(Debug, Clone)]
pub enum OrderFormat {
    /// Shopify's order export (CSV, one row per line item).
    Shopify,
    /// The JSON array WooCommerce's REST API v3 returns for `GET /orders`
    /// (several arrays one after the other are accepted, for pages).
    WooCommerce,
    /// Any CSV, through a column mapping.
    Csv(Mapping),
}

/// Settings shared by every import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Zone of times written without an offset (normally the site's zone).
    pub zone: Timezone,
    /// Records per batch.
    pub batch: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            zone: Timezone::default(),
            batch: BATCH,
        }
    }
}

impl ImportOptions {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            zone: self.zone,
            ..ReadOptions::default()
        }
    }
}

/// Imports orders from `input`; `write` stores a batch and says what it did.
pub fn import_orders(
    input: impl Read,
    format: &OrderFormat,
    options: &ImportOptions,
    write: impl FnMut(&[Order]) -> Result<Counts, String> + Send,
) -> Result<ImportReport, ImportError> {
    batch::run(options.batch, write, |import| match format {
        OrderFormat::Shopify => shopify::read(input, &options.read_options(), import),
        OrderFormat::WooCommerce => woocommerce::read(input, &options.read_options(), import),
        OrderFormat::Csv(m) => order_rows::read_mapped(input, m, options, import),
    })
}

macro_rules! table_import {
    ($(#[$doc:meta])* $name:ident, $ty:ty) => {
        $(#[$doc])*
        pub fn $name(
            input: impl Read,
            mapping: Option<&Mapping>,
            options: &ImportOptions,
            write: impl FnMut(&[$ty]) -> Result<Counts, String> + Send,
        ) -> Result<ImportReport, ImportError> {
            batch::run(options.batch, write, |import| {
                tables::read::<$ty>(input, mapping, options, import)
            })
        }
    };
}

table_import!(
    /// Imports products from a CSV (columns in `docs/import.md`, or a mapping).
    import_products,
    Product
);
table_import!(
    /// Imports customers from a CSV (columns in `docs/import.md`, or a mapping).
    import_customers,
    Customer
);
table_import!(
    /// Imports returns from a CSV (columns in `docs/import.md`, or a mapping).
    import_returns,
    OrderReturn
);
table_import!(
    /// Imports marketing spend from a CSV (columns in `docs/import.md`, or a mapping).
    import_spend,
    MarketingSpend
);
