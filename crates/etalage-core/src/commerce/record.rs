//! A record of named text values (a JSON object, a CSV row through a
//! column mapping) and a reader that turns its fields into typed values,
//! naming the field in every error. The shop's records are validated by
//! one piece of code whatever they arrived as.
use super::values;
use crate::{Country, Currency, ParseError, Timezone};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Named values of one record.
pub trait Record {
    /// The value of `field` as text, `None` when it is absent, null or
    /// empty; an error when the value cannot be text (a JSON list).
    fn text(&self, field: &str) -> Result<Option<Cow<'_, str>>, ParseError>;
}

/// How texts of times and dates are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Zone of times written without an offset.
    pub zone: Timezone,
    /// A `strftime` format for times, when the source uses its own.
    pub datetime_format: Option<String>,
    /// A `strftime` format for dates, when the source uses its own.
    pub date_format: Option<String>,
}

/// Reads typed fields from a [`Record`].
pub struct Reader<'a> {
    record: &'a dyn Record,
    options: &'a ReadOptions,
}

impl<'a> Reader<'a> {
    /// A reader of `record`.
    pub fn new(record: &'a dyn Record, options: &'a ReadOptions) -> Self {
        Reader { record, options }
    }

    /// The trimmed text of a field; `None` when absent or blank.
    pub fn raw(&self, field: &str) -> Result<Option<String>, ParseError> {
        Ok(self
            .record
            .text(field)?
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()))
    }

    /// A required field's text.
    pub fn required(&self, field: &str) -> Result<String, ParseError> {
        self.raw(field)?
            .ok_or_else(|| ParseError::new(field, "is missing"))
    }

    /// A single-line free text of at most [`values::MAX_TEXT`] characters.
    pub fn text(&self, field: &str) -> Result<Option<String>, ParseError> {
        match self.raw(field)? {
            Some(t) => values::clean_text(field, &t, values::MAX_TEXT),
            None => Ok(None),
        }
    }

    /// Parses a field with `parse` when it is present.
    pub fn parsed<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, ParseError>,
    ) -> Result<Option<T>, ParseError> {
        match self.raw(field)? {
            Some(t) => parse(&t)
                .map(Some)
                .map_err(|e| ParseError::new(field, e.message)),
            None => Ok(None),
        }
    }

    /// An amount that may be negative.
    pub fn amount(&self, field: &str) -> Result<Option<Decimal>, ParseError> {
        self.parsed(field, |t| values::parse_amount(field, t))
    }

    /// An amount of 0 or more.
    pub fn non_negative(&self, field: &str) -> Result<Option<Decimal>, ParseError> {
        self.parsed(field, |t| values::parse_non_negative(field, t))
    }

    /// A quantity: a whole number above 0.
    pub fn quantity(&self, field: &str) -> Result<Option<u32>, ParseError> {
        self.parsed(field, |t| values::parse_quantity(field, t))
    }

    /// A whole number.
    pub fn integer(&self, field: &str) -> Result<Option<i64>, ParseError> {
        self.parsed(field, |t| values::parse_integer(field, t))
    }

    /// A point in time.
    pub fn timestamp(&self, field: &str) -> Result<Option<DateTime<Utc>>, ParseError> {
        let o = self.options;
        self.parsed(field, |t| match &o.datetime_format {
            Some(f) => values::parse_timestamp_with(field, t, f, o.zone)
                .or_else(|e| values::parse_timestamp(field, t, o.zone).map_err(|_| e)),
            None => values::parse_timestamp(field, t, o.zone),
        })
    }

    /// A calendar date.
    pub fn date(&self, field: &str) -> Result<Option<NaiveDate>, ParseError> {
        let o = self.options;
        self.parsed(field, |t| match &o.date_format {
            Some(f) => values::parse_date_with(field, t, f)
                .or_else(|e| values::parse_date(field, t).map_err(|_| e)),
            None => values::parse_date(field, t),
        })
    }

    /// True or false.
    pub fn boolean(&self, field: &str) -> Result<Option<bool>, ParseError> {
        self.parsed(field, |t| values::parse_bool(field, t))
    }

    /// A two-letter country code.
    pub fn country(&self, field: &str) -> Result<Option<Country>, ParseError> {
        self.parsed(field, Country::parse)
    }

    /// A three-letter currency code.
    pub fn currency(&self, field: &str) -> Result<Option<Currency>, ParseError> {
        self.parsed(field, Currency::parse)
    }
}

/// A JSON object as a [`Record`]; unknown fields are refused so that a
/// misspelt field is reported instead of silently ignored.
pub struct JsonRecord<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> JsonRecord<'a> {
    /// Wraps `value`, which must be an object whose fields are all in `known`.
    pub fn new(value: &'a Value, known: &[&str]) -> Result<Self, ParseError> {
        let map = value
            .as_object()
            .ok_or_else(|| ParseError::new("", "must be a JSON object"))?;
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(ParseError::new(
                unknown.as_str(),
                format!("is not a known field; the fields are {}", known.join(", ")),
            ));
        }
        Ok(JsonRecord { map })
    }

    /// The raw value of a field (for nested lists such as `lines`).
    pub fn value(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }
}

impl Record for JsonRecord<'_> {
    fn text(&self, field: &str) -> Result<Option<Cow<'_, str>>, ParseError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s.as_str()))),
            Some(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
            Some(Value::Bool(b)) => Ok(Some(Cow::Borrowed(if *b { "true" } else { "false" }))),
            Some(_) => Err(ParseError::new(
                field,
                "must be a string, number or boolean, not a list or object",
            )),
        }
    }
}

/// Field names and values in memory, as a [`Record`] (for readers that
/// compute values, such as the Shopify and WooCommerce formats).
#[derive(Debug, Clone, Default)]
pub struct FieldMap(pub Vec<(&'static str, String)>);

impl FieldMap {
    /// Sets a field.
    pub fn set(&mut self, field: &'static str, value: impl Into<String>) {
        self.0.push((field, value.into()));
    }
}

impl Record for FieldMap {
    fn text(&self, field: &str) -> Result<Option<Cow<'_, str>>, ParseError> {
        Ok(self
            .0
            .iter()
            .rev()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| Cow::Borrowed(v.as_str())))
    }
}
