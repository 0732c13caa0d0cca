//! Alerts on the shop's own figures: orders, revenue and returned units.
//!
//! A busy shop's orders are judged per day like the site's visitors (same
//! weekday in the weeks before); a day's revenue is not, as one large
//! order swings it. Most small shops have too few orders and
//! returns a day for that, so every closed week (Monday to Sunday, site
//! time) is also judged against the six weeks before it, checked on its
//! Sunday. A week holds every weekday once, so the comparison is
//! weekday-aware too.
//!
//! Causes come from the orders' sales channel, country and kind of
//! customer (new or returning), and for returns from the products'
//! supplier, category and SKU and the reason given. When the whole week's
//! returns stay within normal variation, a supplier (then a category, then
//! a product) whose returns at least doubled is an alert on its own:
//! "returns of supplier X doubled".
use crate::alerts::{
    complete, find_cause, history, judge, level, segment_alert, usual_level, Alert, ByDay,
    SegmentRule, MIN_USUAL, WEEKS,
};
use crate::kpis::kpi_period;
use crate::ApiError;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use etalage_core::DateRange;
use etalage_store::{Site, Store};
use std::collections::{BTreeSet, HashMap};

/// Days in a judged week.
const WEEK: u32 = 7;
/// The smallest usual week (orders, or returned units) worth an alert.
pub const MIN_USUAL_WEEK: f64 = 10.0;

/// Where an order figure's change is looked for, in order of preference.
const ORDER_CAUSES: [&str; 3] = ["order:channel", "order:country", "order:customer"];
/// Where a change in returns is looked for, in order of preference.
const RETURN_CAUSES: [&str; 4] = [
    "product:supplier",
    "product:category",
    "product:sku",
    "return:reason",
];

/// A supplier, category or product whose returns at least doubled in a
/// week, by three normal deviations, from at least three units a week.
const RETURNS_DOUBLED: SegmentRule = SegmentRule {
    min_usual: 3.0,
    min_deviations: 3.0,
    min_change: 1.0,
    falls: false,
    rises: Some(3.0),
};

/// A sales channel whose orders halved in a week, by four normal
/// deviations, from at least [`MIN_USUAL_WEEK`] × 2 orders a week.
const CHANNEL_HALVED: SegmentRule = SegmentRule {
    min_usual: 2.0 * MIN_USUAL_WEEK,
    min_deviations: 4.0,
    min_change: 0.5,
    falls: true,
    rises: None,
};

/// The shop's figures per (figure, dimension), by day and value.
type Figures = HashMap<(&'static str, &'static str), ByDay>;

/// The alerts of the shop's figures on `days` (closed days, site time).
pub(crate) fn check(
    store: &dyn Store,
    site: &Site,
    days: &[NaiveDate],
) -> Result<Vec<Alert>, ApiError> {
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return Ok(Vec::new());
    };
    let range = DateRange {
        from: *first - Duration::weeks(WEEKS) - Duration::days(i64::from(WEEK) - 1),
        to: *last,
    };
    let period = kpi_period(site, range);
    let offsets = site.timezone.offset_segments(range.to_utc(site.timezone));
    let mut daily = Figures::new();
    for row in store.shop_days(site.id, period, &offsets)? {
        daily
            .entry((row.figure, row.dimension))
            .or_default()
            .insert((row.day.to_string(), row.value), row.amount);
    }
    if daily.is_empty() {
        return Ok(Vec::new());
    }
    let mut alerts = Vec::new();
    for &day in days {
        alerts.extend(day_alerts(&daily, day));
        if day.weekday() == Weekday::Sun {
            let weekly = weeks_to(&daily, day);
            alerts.extend(week_alerts(&weekly, day));
        }
    }
    Ok(alerts)
}

fn empty() -> &'static ByDay {
    static EMPTY: ByDay = ByDay::new();
    &EMPTY
}

fn get<'a>(figures: &'a Figures, figure: &'static str, dimension: &'static str) -> &'a ByDay {
    figures.get(&(figure, dimension)).unwrap_or(empty())
}

/// The cause of a whole-shop change: the first dimension with a value
/// behind at least half of it.
fn cause_of(
    figures: &Figures,
    figure: &'static str,
    alert: &Alert,
    dimensions: &[&'static str],
    past: &[NaiveDate],
) -> Option<crate::alerts::Cause> {
    dimensions.iter().find_map(|dim| {
        find_cause(
            get(figures, figure, dim),
            dim,
            alert.day,
            past,
            alert.value - alert.usual,
        )
    })
}

/// A busy shop's orders on one day against the same weekday. A day's
/// revenue is not judged: one large order more or less swings it by half.
fn day_alerts(daily: &Figures, day: NaiveDate) -> Option<Alert> {
    let past = history(day);
    let (orders, before) = level(get(daily, "orders", ""), "", day, &past);
    let a = judge("orders", day, 1, orders, &before, MIN_USUAL)?;
    let cause = cause_of(daily, "orders", &a, &ORDER_CAUSES, &past);
    Some(complete(a, cause))
}

/// The week that ends on `end` and the [`WEEKS`] weeks before, summed per
/// value and keyed by each week's last day.
fn weeks_to(daily: &Figures, end: NaiveDate) -> Figures {
    let ends: BTreeSet<NaiveDate> = std::iter::once(end).chain(history(end)).collect();
    let mut weekly = Figures::new();
    for (key, per) in daily {
        let sums: &mut ByDay = weekly.entry(*key).or_default();
        for ((day, value), amount) in per {
            let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
                continue;
            };
            // The week ending on the first Sunday on or after this day.
            let sunday = d + Duration::days(i64::from(6 - d.weekday().num_days_from_monday()));
            if ends.contains(&sunday) {
                *sums.entry((sunday.to_string(), value.clone())).or_default() += amount;
            }
        }
    }
    weekly
}

/// The week to `end` (a Sunday) against the weeks before it.
fn week_alerts(weekly: &Figures, end: NaiveDate) -> Vec<Alert> {
    let past = history(end);
    let mut out = Vec::new();
    let (orders, orders_before) = level(get(weekly, "orders", ""), "", end, &past);
    let (usual_orders, _) = usual_level(&orders_before);
    let busy_days = usual_orders / f64::from(WEEK) >= MIN_USUAL;
    // A busy shop's orders are judged day by day already.
    if !busy_days && usual_orders >= MIN_USUAL_WEEK {
        match judge("orders", end, WEEK, orders, &orders_before, MIN_USUAL_WEEK) {
            Some(a) => {
                let cause = cause_of(weekly, "orders", &a, &ORDER_CAUSES, &past);
                out.push(complete(a, cause));
            }
            None => {
                out.extend(segment_alert(
                    get(weekly, "orders", ORDER_CAUSES[0]),
                    ORDER_CAUSES[0],
                    "orders",
                    (end, WEEK),
                    &past,
                    orders - usual_orders,
                    &CHANNEL_HALVED,
                ));
            }
        }
        let (revenue, before) = level(get(weekly, "revenue", ""), "", end, &past);
        if let Some(a) = judge("revenue", end, WEEK, revenue, &before, 0.0) {
            let cause = cause_of(weekly, "revenue", &a, &ORDER_CAUSES, &past);
            out.push(complete(a, cause));
        }
    }
    let (returns, before) = level(get(weekly, "returns", ""), "", end, &past);
    match judge("returns", end, WEEK, returns, &before, MIN_USUAL_WEEK) {
        // Fewer returns than usual is no reason to act.
        Some(a) if a.value > a.usual => {
            let cause = cause_of(weekly, "returns", &a, &RETURN_CAUSES, &past);
            out.push(complete(a, cause));
        }
        Some(_) => {}
        None => {
            let (usual, _) = usual_level(&before);
            out.extend(RETURN_CAUSES[..3].iter().find_map(|&dim| {
                segment_alert(
                    get(weekly, "returns", dim),
                    dim,
                    "returns",
                    (end, WEEK),
                    &past,
                    returns - usual,
                    &RETURNS_DOUBLED,
                )
            }));
        }
    }
    out
}
