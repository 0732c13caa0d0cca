//! CSV files with one record per row: products, customers, returns and
//! marketing spend. Columns carry etalage's field names (see
//! `docs/import.md`) unless a mapping names them.
use crate::batch::Import;
use crate::csv_table::{reader, Columns};
use crate::mapping::Mapping;
use crate::order_rows::csv_error;
use crate::{ImportError, ImportOptions};
use etalage_core::commerce::{ReadOptions, Reader};
use etalage_core::{Customer, MarketingSpend, OrderReturn, ParseError, Product, Timezone};
use std::io::Read;

/// A record type with one row per record.
pub(crate) trait TableRecord: Sized {
    /// Its fields (also its column names).
    const FIELDS: &'static [&'static str];
    /// Fields without which no row can be read.
    const REQUIRED: &'static [&'static str];
    /// Reads one record.
    fn read(r: &Reader<'_>) -> Result<Self, ParseError>;
}

impl TableRecord for Product {
    const FIELDS: &'static [&'static str] = Product::FIELDS;
    const REQUIRED: &'static [&'static str] = &["sku"];
    fn read(r: &Reader<'_>) -> Result<Self, ParseError> {
        Product::from_record(r)
    }
}

impl TableRecord for Customer {
    const FIELDS: &'static [&'static str] = Customer::FIELDS;
    const REQUIRED: &'static [&'static str] = &[];
    fn read(r: &Reader<'_>) -> Result<Self, ParseError> {
        Customer::from_record(r)
    }
}

impl TableRecord for OrderReturn {
    const FIELDS: &'static [&'static str] = OrderReturn::FIELDS;
    const REQUIRED: &'static [&'static str] = &["order_id", "sku", "quantity", "date"];
    fn read(r: &Reader<'_>) -> Result<Self, ParseError> {
        OrderReturn::from_record(r)
    }
}

impl TableRecord for MarketingSpend {
    const FIELDS: &'static [&'static str] = MarketingSpend::FIELDS;
    const REQUIRED: &'static [&'static str] = &["date", "channel", "amount", "currency"];
    fn read(r: &Reader<'_>) -> Result<Self, ParseError> {
        MarketingSpend::from_record(r)
    }
}

/// Reads every row of a CSV as a `T`.
pub(crate) fn read<T: TableRecord>(
    input: impl Read,
    mapping: Option<&Mapping>,
    options: &ImportOptions,
    import: &mut Import<T>,
) -> Result<(), ImportError> {
    let mut csv = reader(input, mapping.map_or(b',', Mapping::delimiter));
    let header = csv.headers().map_err(csv_error)?.clone();
    let columns = Columns::find(&header, T::FIELDS, mapping)?;
    columns.require(
        T::REQUIRED,
        &format!(
            "the columns are {} (see docs/import.md)",
            T::FIELDS.join(", ")
        ),
    )?;
    let read_options = ReadOptions {
        zone: match mapping.and_then(|m| m.timezone.as_deref()) {
            Some(z) => Timezone::parse(z).map_err(|e| ImportError::Format(e.to_string()))?,
            None => options.zone,
        },
        datetime_format: mapping.and_then(|m| m.datetime_format.clone()),
        date_format: mapping.and_then(|m| m.date_format.clone()),
    };
    let mut row = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(csv_error(e));
                }
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                import.reject(line, format!("the row cannot be read as CSV: {e}"));
                continue;
            }
        }
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        let record = columns.record(&row);
        match T::read(&Reader::new(&record, &read_options)) {
            Ok(t) => import.accept(t)?,
            Err(e) => import.reject(line, columns.reason(&e)),
        }
    }
    Ok(())
}
