use crate::ParseError;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An IANA time zone such as `Europe/Brussels`, the zone a site reports in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timezone(chrono_tz::Tz);

impl Default for Timezone {
    fn default() -> Self {
        Timezone(chrono_tz::Europe::Brussels)
    }
}

impl Timezone {
    /// Parses an IANA zone name.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        chrono_tz::Tz::from_str(input.trim()).map(Timezone).map_err(|_| {
            ParseError::new(
                "timezone",
                format!("{input:?} is not an IANA time zone; use a name such as Europe/Brussels or Europe/Amsterdam"),
            )
        })
    }

    /// The zone's name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The UTC offset in seconds at an instant.
    pub fn offset_at(&self, t: DateTime<Utc>) -> i32 {
        self.0
            .offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    }

    /// The UTC instant of local midnight at the start of `day` (the first
    /// valid local time of that day when midnight falls in a DST gap).
    pub fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        let mut local: NaiveDateTime = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        for _ in 0..4 {
            if let Some(t) = self.0.from_local_datetime(&local).earliest() {
                return t.with_timezone(&Utc);
            }
            local += Duration::minutes(30);
        }
        Utc.from_utc_datetime(&local)
    }

    /// The UTC instant of a local wall-clock time (the earlier one when the
    /// time occurs twice, the first valid one after it when it falls in a
    /// DST gap).
    pub fn local_to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut t = local;
        for _ in 0..4 {
            if let Some(found) = self.0.from_local_datetime(&t).earliest() {
                return found.with_timezone(&Utc);
            }
            t += Duration::minutes(30);
        }
        Utc.from_utc_datetime(&local)
    }

    /// The local date of an instant.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.0).date_naive()
    }

    /// The local wall-clock time of an instant.
    pub fn local_time(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.0).naive_local()
    }

    /// Splits `range` into pieces of constant UTC offset, so a store can turn
    /// UTC timestamps into local time with a tiny `CASE` expression instead of
    /// a time-zone database.
    pub fn offset_segments(&self, range: UtcRange) -> Vec<OffsetSegment> {
        let mut segments = Vec::new();
        let mut start = range.start;
        let mut offset = self.offset_at(start);
        // Zones change offset at most a few times a year, on whole minutes;
        // probing every hour and bisecting finds every change.
        let mut probe = start;
        while probe < range.end {
            let next = (probe + Duration::hours(1)).min(range.end);
            let next_offset = self.offset_at(next);
            if next_offset != offset {
                let (mut lo, mut hi) = (probe, next);
                while hi - lo > Duration::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_at(mid) == offset {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                segments.push(OffsetSegment {
                    start,
                    end: hi,
                    offset_seconds: offset,
                });
                start = hi;
                offset = next_offset;
            }
            probe = next;
        }
        segments.push(OffsetSegment {
            start,
            end: range.end,
            offset_seconds: offset,
        });
        segments
    }
}

impl fmt::Display for Timezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for Timezone {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Timezone::parse(&s)
    }
}

impl From<Timezone> for String {
    fn from(t: Timezone) -> String {
        t.name().to_string()
    }
}

/// A half-open interval of UTC instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UtcRange {
    /// First instant included.
    pub start: DateTime<Utc>,
    /// First instant excluded.
    pub end: DateTime<Utc>,
}

/// A stretch of time during which a zone's UTC offset is constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetSegment {
    /// First instant of the stretch.
    pub start: DateTime<Utc>,
    /// First instant after the stretch.
    pub end: DateTime<Utc>,
    /// Local time minus UTC, in seconds.
    pub offset_seconds: i32,
}

/// An inclusive range of local calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// First day included.
    pub from: NaiveDate,
    /// Last day included.
    pub to: NaiveDate,
}

impl DateRange {
    /// A range from `from` to `to`, both included.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, ParseError> {
        if to < from {
            return Err(ParseError::new(
                "date_range",
                format!("the end {to} lies before the start {from}; give the earlier date first"),
            ));
        }
        Ok(DateRange { from, to })
    }

    /// Parses two `YYYY-MM-DD` dates.
    pub fn parse(from: &str, to: &str) -> Result<Self, ParseError> {
        let p = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                ParseError::new("date_range", format!("{s:?} is not a date like 2026-01-31"))
            })
        };
        Self::new(p(from)?, p(to)?)
    }

    /// Number of days in the range.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The range of the same length just before this one.
    pub fn previous_period(&self) -> DateRange {
        let len = Duration::days(self.days());
        DateRange {
            from: self.from - len,
            to: self.to - len,
        }
    }

    /// The UTC instants covering these local days in `tz`.
    pub fn to_utc(&self, tz: Timezone) -> UtcRange {
        UtcRange {
            start: tz.start_of_day(self.from),
            end: tz.start_of_day(self.to + Duration::days(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brussels_days_map_to_utc_with_dst() {
        let tz = Timezone::parse("Europe/Brussels").unwrap();
        let r = DateRange::parse("2026-03-29", "2026-03-29")
            .unwrap()
            .to_utc(tz);
        assert_eq!(r.start.to_rfc3339(), "2026-03-28T23:00:00+00:00");
        // The day DST starts has 23 hours.
        assert_eq!(r.end.to_rfc3339(), "2026-03-29T22:00:00+00:00");
        let segs = tz.offset_segments(r);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].offset_seconds, 3600);
        assert_eq!(segs[0].end.to_rfc3339(), "2026-03-29T01:00:00+00:00");
        assert_eq!(segs[1].offset_seconds, 7200);
    }

    #[test]
    fn date_range_rejects_reversed_dates() {
        let e = DateRange::parse("2026-02-01", "2026-01-01").unwrap_err();
        assert!(e.message.contains("before"));
        assert_eq!(
            DateRange::parse("2026-01-01", "2026-01-31").unwrap().days(),
            31
        );
        let prev = DateRange::parse("2026-01-08", "2026-01-14")
            .unwrap()
            .previous_period();
        assert_eq!(prev, DateRange::parse("2026-01-01", "2026-01-07").unwrap());
    }
}
