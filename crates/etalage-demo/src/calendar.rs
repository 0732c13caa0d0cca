//! The shop's year: how busy a day is and what is going on.
//!
//! Every factor is a plain function of the date, so a day's traffic does not
//! depend on which other days are generated.
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Black Friday: the day after the fourth Thursday of November.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(etalage_demo::black_friday(2025), NaiveDate::from_ymd_opt(2025, 11, 28).unwrap());
/// ```
pub fn black_friday(year: i32) -> NaiveDate {
    nth_weekday(year, 11, Weekday::Thu, 4) + Duration::days(1)
}

/// Mother's Day in Belgium (Antwerp excepted) and the Netherlands: the second
/// Sunday of May.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(etalage_demo::mothers_day(2026), NaiveDate::from_ymd_opt(2026, 5, 10).unwrap());
/// ```
pub fn mothers_day(year: i32) -> NaiveDate {
    nth_weekday(year, 5, Weekday::Sun, 2)
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let skip = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    first + Duration::days(i64::from(skip + 7 * (n - 1)))
}

/// Relative traffic of a weekday (Monday first): people shop from the office
/// early in the week and are out cycling on Saturday.
const WEEKDAY: [f64; 7] = [1.08, 1.10, 1.06, 1.03, 0.93, 0.78, 0.98];

/// Relative traffic of a month (January first): spring is cycling season.
const MONTH: [f64; 12] = [
    0.72, 0.82, 1.08, 1.22, 1.22, 1.05, 1.0, 0.88, 0.95, 0.90, 0.95, 1.05,
];

/// Traffic growth per year of the fictional shop.
const YEARLY_GROWTH: f64 = 1.15;

/// Days from `b` to `a`.
fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (a - b).num_days()
}

/// The retail calendar's lift on traffic: Valentine's Day, Mother's Day,
/// summer sales, Black Friday to Cyber Monday, the December peak.
fn retail_lift(day: NaiveDate) -> f64 {
    let (m, d) = (day.month(), day.day());
    let bf = days(day, black_friday(day.year()));
    let md = days(day, mothers_day(day.year()));
    match (m, d) {
        (1, 1) => 0.55,
        (2, 8..=14) => 1.08,
        (5, _) if (-7..=-1).contains(&md) => 1.25,
        (5, _) if md == 0 => 0.9,
        (7, 1..=7) => 1.35,
        (7, _) => 1.12,
        (11 | 12, _) if (-1..=4).contains(&bf) => [1.6, 3.0, 2.3, 2.1, 2.4, 1.3][(bf + 1) as usize],
        (11, _) if (-7..=-2).contains(&bf) => 1.15,
        (12, 1..=20) => 1.15 + 0.02 * f64::from(d),
        (12, 21) => 1.0,
        (12, 22) => 0.85,
        (12, 23) => 0.75,
        (12, 24) => 0.6,
        (12, 25) => 0.45,
        (12, 26) => 0.6,
        (12, _) => 0.75,
        _ => 1.0,
    }
}

/// How much more likely a visit is to buy on this day: deal days convert
/// better, January worse.
pub(crate) fn conversion_lift(day: NaiveDate) -> f64 {
    let bf = days(day, black_friday(day.year()));
    let md = days(day, mothers_day(day.year()));
    match (day.month(), day.day()) {
        (11 | 12, _) if (-1..=3).contains(&bf) => 1.5,
        (12, 1..=20) => 1.3,
        (12, _) => 0.8,
        (1, _) => 0.8,
        (7, _) => 1.2,
        (5, _) if (-7..=-1).contains(&md) => 1.1,
        (3..=5, _) => 1.1,
        _ => 1.0,
    }
}

/// Whether the newsletter goes out: every second Tuesday, and on the
/// Thursday before Black Friday.
pub(crate) fn is_newsletter_day(day: NaiveDate) -> bool {
    // 2024-01-02 was a Tuesday; count fortnights from it.
    let epoch = NaiveDate::from_ymd_opt(2024, 1, 2).expect("valid date");
    let since = days(day, epoch);
    (day.weekday() == Weekday::Tue && since.rem_euclid(14) == 0)
        || days(day, black_friday(day.year())) == -1
}

/// Newsletter traffic of a day relative to other days: most clicks come on
/// the day it is sent and the day after.
pub(crate) fn newsletter_pull(day: NaiveDate) -> f64 {
    if is_newsletter_day(day) {
        5.0
    } else if is_newsletter_day(day - Duration::days(1)) {
        2.0
    } else if is_newsletter_day(day - Duration::days(2)) {
        0.7
    } else {
        0.3
    }
}

/// The newsletter campaign (`utm_campaign`) of a month: `2026-03-lente`.
pub(crate) fn newsletter_campaign(day: NaiveDate) -> String {
    const THEMES: [&str; 12] = [
        "nieuwjaar",
        "valentijn",
        "lente",
        "e-bike-week",
        "moederdag",
        "zomertochten",
        "solden",
        "vakantie",
        "back-to-school",
        "herfst",
        "black-friday",
        "kerst",
    ];
    format!(
        "{}-{:02}-{}",
        day.year(),
        day.month(),
        THEMES[day.month0() as usize]
    )
}

/// The paid campaigns running on a day, with their weights.
pub(crate) fn paid_campaigns(day: NaiveDate) -> &'static [(&'static str, f64)] {
    let bf = days(day, black_friday(day.year()));
    if (-14..=4).contains(&bf) {
        &[("black-friday", 0.6), ("brand", 0.4)]
    } else if (3..=5).contains(&day.month()) {
        &[("spring-ebikes", 0.5), ("brand", 0.5)]
    } else {
        &[("brand", 1.0)]
    }
}

/// Relative traffic of a day before the newsletter: weekday × season ×
/// retail calendar × growth since `first`.
pub(crate) fn base_weight(day: NaiveDate, first: NaiveDate) -> f64 {
    let years = days(day, first) as f64 / 365.0;
    WEEKDAY[day.weekday().num_days_from_monday() as usize]
        * MONTH[day.month0() as usize]
        * retail_lift(day)
        * YEARLY_GROWTH.powf(years)
}

/// Relative traffic per local hour (0–23) for a day: lunch break and
/// evening peaks; Sunday evening is the busiest time of the week.
pub(crate) fn hour_weights(day: NaiveDate) -> &'static [f64; 24] {
    const WEEKDAY: [f64; 24] = [
        0.9, 0.5, 0.3, 0.2, 0.2, 0.35, 0.9, 2.0, 3.0, 3.8, 4.4, 5.0, 5.8, 5.3, 4.7, 4.5, 4.6, 4.8,
        4.9, 5.6, 6.4, 6.3, 4.4, 2.3,
    ];
    const SATURDAY: [f64; 24] = [
        1.2, 0.7, 0.4, 0.25, 0.2, 0.3, 0.6, 1.2, 2.4, 3.8, 4.8, 5.3, 5.4, 5.1, 4.8, 4.6, 4.4, 4.2,
        4.0, 4.2, 4.6, 4.5, 3.6, 2.2,
    ];
    const SUNDAY: [f64; 24] = [
        1.1, 0.6, 0.35, 0.25, 0.2, 0.3, 0.5, 1.0, 2.0, 3.2, 4.2, 4.8, 5.0, 4.6, 4.4, 4.4, 4.6, 5.0,
        5.6, 6.8, 7.8, 7.6, 5.2, 2.6,
    ];
    match day.weekday() {
        Weekday::Sat => &SATURDAY,
        Weekday::Sun => &SUNDAY,
        _ => &WEEKDAY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn retail_dates() {
        assert_eq!(black_friday(2024), d(2024, 11, 29));
        assert_eq!(black_friday(2026), d(2026, 11, 27));
        assert_eq!(mothers_day(2025), d(2025, 5, 11));
        assert!(is_newsletter_day(d(2024, 1, 16)));
        assert!(!is_newsletter_day(d(2024, 1, 9)));
        assert!(is_newsletter_day(d(2026, 11, 26)));
        assert_eq!(newsletter_campaign(d(2026, 3, 4)), "2026-03-lente");
    }

    #[test]
    fn black_friday_outweighs_an_ordinary_november_friday() {
        let first = d(2025, 1, 1);
        let bf = black_friday(2025);
        assert!(base_weight(bf, first) > 2.5 * base_weight(d(2025, 11, 7), first));
        assert!(base_weight(d(2025, 12, 18), first) > base_weight(d(2025, 12, 27), first));
    }
}
