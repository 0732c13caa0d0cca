//! The column mapping of a CSV import: a small TOML file naming, for each
//! of etalage's fields, the column of the file that holds it (format and
//! example in `docs/import.md`).
use etalage_core::Timezone;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How to read a CSV file of the shop's data.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The column separator (one character; default `,`).
    pub delimiter: Option<String>,
    /// Amounts are written with a decimal comma and perhaps thousands
    /// dots (`1.234,50`).
    #[serde(default)]
    pub decimal_comma: bool,
    /// A `strftime` format of the file's times (default: ISO 8601 and
    /// Shopify's `2026-05-01 10:00:00 +0200`).
    pub datetime_format: Option<String>,
    /// A `strftime` format of the file's dates (default `%Y-%m-%d`).
    pub date_format: Option<String>,
    /// Zone of times without an offset (default: the site's zone).
    pub timezone: Option<String>,
    /// etalage's field name → the file's column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// etalage's field name → a value for every row (for fields the file
    /// does not have, such as `currency = "EUR"`).
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
}

impl Mapping {
    /// Parses a mapping from TOML text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Mapping = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(d) = &m.delimiter {
            if d.len() != 1 {
                return Err(format!(
                    "delimiter: {d:?} must be one character such as \",\" or \";\""
                ));
            }
        }
        if let Some(z) = &m.timezone {
            Timezone::parse(z).map_err(|e| format!("timezone: {}", e.message))?;
        }
        Ok(m)
    }

    /// Reads and parses a mapping file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Mapping::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The separator byte.
    pub(crate) fn delimiter(&self) -> u8 {
        self.delimiter
            .as_deref()
            .and_then(|d| d.bytes().next())
            .unwrap_or(b',')
    }

    /// Refuses field names that are not among `known`.
    pub(crate) fn check_fields(&self, known: &[&str]) -> Result<(), String> {
        for field in self.columns.keys().chain(self.defaults.keys()) {
            if !known.contains(&field.as_str()) {
                return Err(format!(
                    "the mapping names the field {field:?}, which this import does not have; its fields are {}",
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }
}
