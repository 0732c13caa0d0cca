use crate::ApiError;
use chrono::{Datelike, Duration, NaiveDate};
use etalage_core::DateRange;
use serde_json::Value;

const SHORTCUTS: &str = "\"day\", \"7d\", \"28d\", \"30d\", \"91d\", \"month\", \"6mo\", \"12mo\", \"year\", \"all\" or [\"2026-01-01\", \"2026-01-31\"]";

fn months_back(today: NaiveDate, months: u32) -> NaiveDate {
    let first = today.with_day(1).expect("day 1 exists");
    first
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(first)
}

/// Resolves a `date_range` (a shortcut or a pair of dates) to local days,
/// relative to `today` in the site's time zone. Shortcuts of N days end with
/// today; `month`, `year`, `6mo` and `12mo` start at the first day of the
/// current or an earlier month and end with today. `all` is resolved by the
/// caller (it needs the first event) and is returned here as 2000-01-01 to
/// today.
pub fn parse_date_range(value: &Value, today: NaiveDate) -> Result<DateRange, ApiError> {
    let days = |n: i64| DateRange::new(today - Duration::days(n - 1), today);
    let r = match value {
        Value::String(s) => match s.as_str() {
            "day" => days(1),
            "7d" => days(7),
            "28d" => days(28),
            "30d" => days(30),
            "91d" => days(91),
            "month" => DateRange::new(months_back(today, 0), today),
            "6mo" => DateRange::new(months_back(today, 5), today),
            "12mo" => DateRange::new(months_back(today, 11), today),
            "year" => DateRange::new(
                NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("jan 1"),
                today,
            ),
            "all" => DateRange::new(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid"), today),
            other => {
                return Err(ApiError::BadRequest(format!(
                    "date_range: {other:?} is not supported; use {SHORTCUTS}"
                )))
            }
        },
        Value::Array(pair) if pair.len() == 2 => {
            let (Some(a), Some(b)) = (pair[0].as_str(), pair[1].as_str()) else {
                return Err(ApiError::BadRequest(format!("date_range: use {SHORTCUTS}")));
            };
            // Accept full timestamps too; only their date part counts.
            DateRange::parse(a.get(..10).unwrap_or(a), b.get(..10).unwrap_or(b))
        }
        _ => return Err(ApiError::BadRequest(format!("date_range: use {SHORTCUTS}"))),
    };
    r.map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shortcuts_end_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let r = |v| parse_date_range(&v, today).unwrap();
        assert_eq!(r(json!("day")).from, today);
        assert_eq!(r(json!("30d")).days(), 30);
        assert_eq!(r(json!("month")).from.to_string(), "2026-03-01");
        assert_eq!(r(json!("6mo")).from.to_string(), "2025-10-01");
        assert_eq!(r(json!("12mo")).from.to_string(), "2025-04-01");
        assert_eq!(r(json!("year")).from.to_string(), "2026-01-01");
        assert_eq!(r(json!(["2026-01-01", "2026-01-31"])).days(), 31);
        assert!(parse_date_range(&json!("fortnight"), today)
            .unwrap_err()
            .to_string()
            .contains("7d"));
        assert!(parse_date_range(&json!(["2026-02-01", "2026-01-01"]), today).is_err());
    }
}
