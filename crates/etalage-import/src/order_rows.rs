//! Orders from CSV files with one row per order line: the rows of an order
//! follow each other, its own fields are read from its first row, and each
//! row with line fields is one line. Used by the Shopify format and by
//! mapped CSV files.
use crate::batch::Import;
use crate::csv_table::{reader, Columns, CsvRecord};
use crate::mapping::Mapping;
use crate::{ImportError, ImportOptions};
use etalage_core::commerce::{FieldMap, ReadOptions, Reader, Record};
use etalage_core::{Order, OrderId, OrderLine, ParseError, Timezone};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

/// The fields an orders CSV may have: the order's (as in the API, but for
/// its `lines`) and the line's, prefixed.
pub(crate) static FIELDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    Order::FIELDS
        .iter()
        .copied()
        .filter(|f| *f != "lines")
        .chain(LINE_FIELDS.iter().copied())
        .collect()
});

const LINE_FIELDS: &[&str] = &[
    "line_sku",
    "line_name",
    "line_quantity",
    "line_unit_price",
    "line_discount",
];

/// Computes or corrects order fields from the order's first row and its
/// lines (the Shopify format derives the channel, the country, …).
pub(crate) type Adjust<'a> = &'a dyn Fn(&CsvRecord<'_>, &[OrderLine], &mut FieldMap);

/// A record with some fields replaced.
struct Overlay<'a> {
    base: &'a dyn Record,
    extra: &'a FieldMap,
}

impl Record for Overlay<'_> {
    fn text(&self, field: &str) -> Result<Option<Cow<'_, str>>, ParseError> {
        match self.extra.text(field)? {
            Some(v) => Ok(Some(v)),
            None => self.base.text(field),
        }
    }
}

/// Reads a CSV of orders described by a mapping.
pub(crate) fn read_mapped(
    input: impl Read,
    mapping: &Mapping,
    options: &ImportOptions,
    import: &mut Import<Order>,
) -> Result<(), ImportError> {
    let mut csv = reader(input, mapping.delimiter());
    let header = csv.headers().map_err(csv_error)?.clone();
    let columns = Columns::find(&header, &FIELDS, Some(mapping))?;
    columns.require(
        &["order_id", "created_at", "currency", "total"],
        "map it in [columns] (or give a value in [defaults]); see docs/import.md",
    )?;
    let read_options = ReadOptions {
        zone: match &mapping.timezone {
            Some(z) => Timezone::parse(z).map_err(|e| ImportError::Format(e.to_string()))?,
            None => options.zone,
        },
        datetime_format: mapping.datetime_format.clone(),
        date_format: mapping.date_format.clone(),
    };
    read_grouped(csv, &columns, &read_options, &|_, _, _| {}, import)
}

pub(crate) fn csv_error(e: csv::Error) -> ImportError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => ImportError::Io(e),
        other => ImportError::Format(format!("the file is not a readable CSV: {other:?}")),
    }
}

/// The rows of one order.
struct Group {
    order_id: String,
    rows: Vec<(usize, csv::StringRecord)>,
}

/// Reads rows, groups each order's rows and hands orders to `import`.
pub(crate) fn read_grouped<R: Read>(
    mut csv: csv::Reader<R>,
    columns: &Columns,
    options: &ReadOptions,
    adjust: Adjust<'_>,
    import: &mut Import<Order>,
) -> Result<(), ImportError> {
    let has_lines = LINE_FIELDS.iter().any(|f| columns.has(f));
    // Where each finished order started, to refuse an order split in two.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut group: Option<Group> = None;
    let mut row = csv::StringRecord::new();
    loop {
        let more = match csv.read_record(&mut row) {
            Ok(more) => more,
            Err(e) => {
                // A malformed row (bad quoting, invalid UTF-8) is rejected; the
                // reader goes on with the next one.
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(csv_error(e));
                }
                import.reject(line, format!("the row cannot be read as CSV: {e}"));
                continue;
            }
        };
        if !more {
            break;
        }
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let record = columns.record(&row);
        let key = match record
            .text("order_id")
            .and_then(|t| OrderId::parse(t.as_deref().unwrap_or("")))
        {
            Ok(id) => id.to_string(),
            Err(e) => {
                import.reject(line, columns.reason(&e));
                continue;
            }
        };
        if group.as_ref().is_some_and(|g| g.order_id == key) {
            if let Some(g) = group.as_mut() {
                g.rows.push((line, row.clone()));
            }
            continue;
        }
        if let Some(g) = group.take() {
            seen.insert(g.order_id.clone(), g.rows[0].0);
            finish(g, columns, options, adjust, has_lines, import)?;
        }
        if let Some(first) = seen.get(&key) {
            import.reject(
                line,
                format!(
                    "the order {key} already had rows before (from line {first}); keep the rows of an order together"
                ),
            );
            continue;
        }
        group = Some(Group {
            order_id: key,
            rows: vec![(line, row.clone())],
        });
    }
    if let Some(g) = group.take() {
        finish(g, columns, options, adjust, has_lines, import)?;
    }
    Ok(())
}

/// Turns a group of rows into an order, or rejects all its rows.
fn finish(
    group: Group,
    columns: &Columns,
    options: &ReadOptions,
    adjust: Adjust<'_>,
    has_lines: bool,
    import: &mut Import<Order>,
) -> Result<(), ImportError> {
    let mut lines = Vec::with_capacity(group.rows.len());
    let mut bad: Vec<(usize, String)> = Vec::new();
    for (line, row) in &group.rows {
        let record = columns.record(row);
        let has_line_data = has_lines
            && LINE_FIELDS
                .iter()
                .any(|f| record.text(f).ok().flatten().is_some());
        if !has_line_data {
            continue;
        }
        match OrderLine::from_record(&Reader::new(&record, options), "line_") {
            Ok(l) => lines.push(l),
            Err(e) => bad.push((*line, columns.reason(&e))),
        }
    }
    let (first_line, first_row) = &group.rows[0];
    let first = columns.record(first_row);
    let mut extra = FieldMap::default();
    adjust(&first, &lines, &mut extra);
    let overlay = Overlay {
        base: &first,
        extra: &extra,
    };
    let order = Order::from_record(&Reader::new(&overlay, options), lines);
    if let Err(e) = &order {
        bad.push((*first_line, columns.reason(e)));
    }
    match order {
        Ok(order) if bad.is_empty() => import.accept(order),
        _ => {
            bad.sort();
            let culprit = bad[0].0;
            for (line, _) in &group.rows {
                let reasons: Vec<&str> = bad
                    .iter()
                    .filter(|(l, _)| l == line)
                    .map(|(_, r)| r.as_str())
                    .collect();
                if reasons.is_empty() {
                    import.reject(
                        *line,
                        format!(
                            "the order {} is not imported because line {culprit} is invalid",
                            group.order_id
                        ),
                    );
                } else {
                    import.reject(*line, reasons.join("; "));
                }
            }
            Ok(())
        }
    }
}
