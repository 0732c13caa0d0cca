//! A CSV file whose columns are found by name, and its rows as
//! [`Record`]s of etalage's field names.
use crate::mapping::Mapping;
use crate::ImportError;
use etalage_core::commerce::Record;
use etalage_core::ParseError;
use std::borrow::Cow;
use std::io::Read;

/// Fields whose values are numbers (a decimal comma is converted).
const NUMERIC: &[&str] = &[
    "total",
    "shipping",
    "tax",
    "discount",
    "refunded",
    "line_quantity",
    "line_unit_price",
    "line_discount",
    "price",
    "cost_price",
    "amount",
    "quantity",
    "stock",
];

/// Opens a CSV reader with the given separator; rows may have fewer or
/// more cells than the header (missing cells are empty).
pub(crate) fn reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(input)
}

/// Where each field's value is: a column, or a constant.
pub(crate) struct Columns {
    /// (field, column index, column name).
    found: Vec<(&'static str, usize, String)>,
    /// (field, constant value).
    defaults: Vec<(&'static str, String)>,
    decimal_comma: bool,
}

impl Columns {
    /// Finds the columns of `fields` in `header`: through `mapping` when
    /// given (every mapped column must exist), else by the field's own
    /// name (case and surrounding spaces ignored).
    pub(crate) fn find(
        header: &csv::StringRecord,
        fields: &[&'static str],
        mapping: Option<&Mapping>,
    ) -> Result<Columns, ImportError> {
        let position = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name.trim())
            })
        };
        let mut found = Vec::new();
        let mut defaults = Vec::new();
        match mapping {
            Some(m) => {
                m.check_fields(fields).map_err(ImportError::Format)?;
                for field in fields {
                    if let Some(column) = m.columns.get(*field) {
                        let i = position(column).ok_or_else(|| {
                            ImportError::Format(format!(
                                "the mapping puts {field} in the column {column:?}, but the file has no such column; its columns are {}",
                                header.iter().collect::<Vec<_>>().join(", ")
                            ))
                        })?;
                        found.push((*field, i, column.clone()));
                    }
                    if let Some(value) = m.defaults.get(*field) {
                        defaults.push((*field, value.clone()));
                    }
                }
            }
            None => {
                for field in fields {
                    if let Some(i) = position(field) {
                        found.push((*field, i, field.to_string()));
                    }
                }
            }
        }
        Ok(Columns {
            found,
            defaults,
            decimal_comma: mapping.is_some_and(|m| m.decimal_comma),
        })
    }

    /// True when a field has a column or a constant.
    pub(crate) fn has(&self, field: &str) -> bool {
        self.found.iter().any(|(f, ..)| *f == field)
            || self.defaults.iter().any(|(f, _)| *f == field)
    }

    /// Fails unless every one of `fields` has a column or a constant.
    pub(crate) fn require(&self, fields: &[&str], what: &str) -> Result<(), ImportError> {
        let missing: Vec<&str> = fields.iter().copied().filter(|f| !self.has(f)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ImportError::Format(format!(
            "the file has no column for {}; {what}",
            missing.join(", ")
        )))
    }

    /// The column name of a field, for messages (the field's name when it
    /// has none).
    pub(crate) fn describe<'a>(&'a self, field: &'a str) -> &'a str {
        self.found
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|(_, _, name)| name.as_str())
            .unwrap_or(field)
    }

    /// A row as a record.
    pub(crate) fn record<'a>(&'a self, row: &'a csv::StringRecord) -> CsvRecord<'a> {
        CsvRecord { columns: self, row }
    }

    /// A parse error as a message naming the column.
    pub(crate) fn reason(&self, e: &ParseError) -> String {
        format!("{}: {}", self.describe(&e.field), e.message)
    }
}

/// One CSV row, read by field name.
pub(crate) struct CsvRecord<'a> {
    columns: &'a Columns,
    row: &'a csv::StringRecord,
}

impl Record for CsvRecord<'_> {
    fn text(&self, field: &str) -> Result<Option<Cow<'_, str>>, ParseError> {
        let cell = self
            .columns
            .found
            .iter()
            .find(|(f, ..)| *f == field)
            .and_then(|(_, i, _)| self.row.get(*i))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let value = match cell {
            Some(v) => Cow::Borrowed(v),
            None => match self.columns.defaults.iter().find(|(f, _)| *f == field) {
                Some((_, v)) => Cow::Borrowed(v.as_str()),
                None => return Ok(None),
            },
        };
        if self.columns.decimal_comma && NUMERIC.contains(&field) {
            let t: String = value
                .chars()
                .filter(|c| *c != '.' && !c.is_whitespace() && *c != '\u{a0}')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            return Ok(Some(Cow::Owned(t)));
        }
        Ok(Some(value))
    }
}
