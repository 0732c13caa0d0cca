//! Parsing of the plain values shop data is made of: amounts, quantities,
//! times, dates and short texts. Every function names the field it parses
//! in its error, so callers only add where the field was (`lines[0]`).
use crate::{ParseError, Timezone};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Longest accepted text of a free-text field (names, reasons, campaigns).
pub const MAX_TEXT: usize = 500;

/// Parses an amount of money: `12.50`, `12,50`, `-3`, with at most four
/// decimals and below 10^13 in size (no shop figure is larger).
pub fn parse_amount(field: &str, text: &str) -> Result<Decimal, ParseError> {
    let t = text.trim();
    let normalised;
    let t = if t.contains(',') && !t.contains('.') {
        normalised = t.replace(',', ".");
        normalised.as_str()
    } else {
        t
    };
    let amount = Decimal::from_str(t).map_err(|_| {
        ParseError::new(
            field,
            format!("{text:?} is not an amount; write it like 12.50"),
        )
    })?;
    if amount.normalize().scale() > 4 {
        return Err(ParseError::new(field, "use at most 4 decimals"));
    }
    if amount.abs() >= Decimal::from(10_000_000_000_000i64) {
        return Err(ParseError::new(field, "the amount is too large"));
    }
    Ok(amount.normalize())
}

/// An amount that may not be negative.
pub fn parse_non_negative(field: &str, text: &str) -> Result<Decimal, ParseError> {
    let amount = parse_amount(field, text)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(ParseError::new(
            field,
            format!("{text:?} is negative; it must be 0 or more"),
        ));
    }
    Ok(amount)
}

/// Parses a quantity: a whole number above 0 (`3`, also `3.0`).
pub fn parse_quantity(field: &str, text: &str) -> Result<u32, ParseError> {
    let bad = || ParseError::new(field, "must be a whole number above 0");
    let d = Decimal::from_str(text.trim()).map_err(|_| bad())?;
    if d.fract() != Decimal::ZERO || d <= Decimal::ZERO || d > Decimal::from(1_000_000_000u32) {
        return Err(bad());
    }
    d.to_u32().ok_or_else(bad)
}

/// Parses a whole number that may be negative or zero (a stock level).
pub fn parse_integer(field: &str, text: &str) -> Result<i64, ParseError> {
    let bad = || ParseError::new(field, format!("{text:?} is not a whole number"));
    let d = Decimal::from_str(text.trim()).map_err(|_| bad())?;
    if d.fract() != Decimal::ZERO {
        return Err(bad());
    }
    d.to_i64().ok_or_else(bad)
}

/// Parses a point in time. Accepted forms: RFC 3339
/// (`2026-05-01T10:00:00+02:00`, `…Z`), Shopify's
/// `2026-05-01 10:00:00 +0200`, and local times without an offset
/// (`2026-05-01 10:00`, `2026-05-01T10:00:00`, or a date alone, meaning its
/// midnight), which are read in `zone`.
pub fn parse_timestamp(
    field: &str,
    text: &str,
    zone: Timezone,
) -> Result<DateTime<Utc>, ParseError> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(t, f) {
            return Ok(d.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(zone.local_to_utc(local));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(zone.start_of_day(day));
    }
    Err(ParseError::new(
        field,
        format!("{text:?} is not a time; write it like 2026-05-01T10:00:00+02:00 or 2026-05-01 10:00:00 +0200"),
    ))
}

/// Parses a point in time with an explicit `strftime` format (as a CSV
/// mapping may give), read in `zone` when the format has no offset.
pub fn parse_timestamp_with(
    field: &str,
    text: &str,
    format: &str,
    zone: Timezone,
) -> Result<DateTime<Utc>, ParseError> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_str(t, format) {
        return Ok(d.with_timezone(&Utc));
    }
    if let Ok(local) = NaiveDateTime::parse_from_str(t, format) {
        return Ok(zone.local_to_utc(local));
    }
    if let Ok(day) = NaiveDate::parse_from_str(t, format) {
        return Ok(zone.start_of_day(day));
    }
    Err(ParseError::new(
        field,
        format!("{text:?} does not match the time format {format:?}"),
    ))
}

/// Parses a calendar date: `2026-05-01` (or a time, whose date is taken).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, ParseError> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    if t.len() > 10 && t.is_char_boundary(10) {
        if let Ok(d) = NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d") {
            return Ok(d);
        }
    }
    Err(ParseError::new(
        field,
        format!("{text:?} is not a date; write it like 2026-05-01"),
    ))
}

/// Parses a calendar date with an explicit `strftime` format.
pub fn parse_date_with(field: &str, text: &str, format: &str) -> Result<NaiveDate, ParseError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, format)
        .or_else(|_| NaiveDateTime::parse_from_str(t, format).map(|d| d.date()))
        .map_err(|_| {
            ParseError::new(
                field,
                format!("{text:?} does not match the date format {format:?}"),
            )
        })
}

/// Parses `true`/`false` (also `yes`/`no`, `1`/`0`, `ja`/`nee`, `oui`/`non`).
pub fn parse_bool(field: &str, text: &str) -> Result<bool, ParseError> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "ja" | "oui" => Ok(true),
        "false" | "no" | "n" | "0" | "nee" | "non" => Ok(false),
        _ => Err(ParseError::new(
            field,
            format!("{text:?} is not true or false"),
        )),
    }
}

/// Trims a text; `None` when it is empty. Rejects texts longer than `max`
/// characters and control characters (other than none: no newlines either,
/// these fields are single-line).
pub fn clean_text(field: &str, text: &str, max: usize) -> Result<Option<String>, ParseError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(ParseError::new(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(ParseError::new(
            field,
            "may not contain control characters such as line breaks",
        ));
    }
    Ok(Some(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_quantities_and_times() {
        assert_eq!(
            parse_amount("total", "12,50").unwrap(),
            Decimal::new(125, 1)
        );
        assert_eq!(parse_amount("total", " -3 ").unwrap(), Decimal::from(-3));
        assert_eq!(parse_amount("total", "1,234.5").unwrap_err().field, "total");
        assert!(parse_amount("t", "0.00001").is_err());
        assert!(parse_non_negative("shipping", "-1").is_err());
        assert_eq!(parse_quantity("quantity", "3").unwrap(), 3);
        assert_eq!(parse_quantity("quantity", "3.0").unwrap(), 3);
        for bad in ["0", "-1", "2.5", "x", ""] {
            assert_eq!(
                parse_quantity("quantity", bad).unwrap_err().to_string(),
                "quantity: must be a whole number above 0"
            );
        }
        assert_eq!(parse_integer("stock", "-4").unwrap(), -4);
        let z = Timezone::default();
        let want = "2026-05-01T08:00:00Z".parse::<DateTime<Utc>>().unwrap();
        for t in [
            "2026-05-01T10:00:00+02:00",
            "2026-05-01 10:00:00 +0200",
            "2026-05-01T08:00:00Z",
            "2026-05-01 10:00",
        ] {
            assert_eq!(parse_timestamp("created_at", t, z).unwrap(), want, "{t}");
        }
        assert_eq!(
            parse_timestamp_with("created_at", "01/05/2026 10:00", "%d/%m/%Y %H:%M", z).unwrap(),
            want
        );
        assert!(parse_timestamp("created_at", "yesterday", z).is_err());
        assert_eq!(
            parse_date("date", "2026-05-01T10:00:00Z").unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
        );
        assert_eq!(clean_text("name", "  ", 10).unwrap(), None);
        assert!(clean_text("name", "a\nb", 10).is_err());
        assert!(clean_text("name", "abcdefghijk", 10).is_err());
    }
}
