//! Alerts: a closed day's key figures against their usual level on the
//! same weekday, and, when one moved beyond normal variation, the part of
//! the traffic that moved it.
//!
//! The usual level of a figure on day D is the median of the same weekday
//! in the [`WEEKS`] weeks before; its normal variation is the median
//! absolute deviation of those days (× 1.4826, the factor that makes it a
//! standard deviation for normal data), but never less than 10 % of the
//! usual level or the square root of it (counts vary like a Poisson
//! variable at least). A figure is an alert when it is at least
//! [`THRESHOLD`] such deviations and 20 % away from its usual level (or
//! two deviations and a third away), and the usual level is at least
//! [`MIN_USUAL`].
//!
//! The cause: the same comparison per value of a dimension (channel, then
//! source, device, country, entry page); the value whose own change is the
//! largest part of the total change, in the same direction, is named when
//! it makes up at least half of it.
use crate::ApiError;
use chrono::{Datelike, Duration, NaiveDate};
use etalage_store::{Site, Store};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Weeks of history that make a figure's usual level.
pub const WEEKS: i64 = 6;
/// How many normal deviations away a figure must be.
pub const THRESHOLD: f64 = 3.0;
/// The smallest usual level worth an alert (a shop with 5 visitors a day
/// moves by half on chance alone).
pub const MIN_USUAL: f64 = 20.0;

/// A figure the check watches: (API metric, whether it needs goals).
// Revenue carried by events is left out: a few large orders make it jump
// on ordinary days (the shop's own orders will be judged on their own).
const FIGURES: [(&str, bool); 3] = [
    ("visitors", false),
    ("pageviews", false),
    ("conversions", true),
];

/// Dimensions searched for the cause, in order of preference.
const CAUSES: [&str; 5] = [
    "visit:channel",
    "visit:source",
    "visit:device",
    "visit:country",
    "visit:entry_page",
];

/// The part of the traffic behind an alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cause {
    /// The dimension (`visit:channel`, …).
    pub dimension: String,
    /// Its value (`organic search`, …).
    pub value: String,
    /// The value's share of the total change, 0–1.
    pub share: f64,
    /// The value's own change against its usual level, in percent.
    pub change_percent: f64,
}

/// A figure that moved beyond its normal variation on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// The day (site time); for a week's alert, its last day.
    pub day: NaiveDate,
    /// How many days the figure covers: 1, or 7 for a week (shop figures
    /// with too few orders or returns a day to judge one day).
    pub days: u32,
    /// The figure: `visitors`, `pageviews`, `conversions`, or the shop's
    /// `orders`, `revenue` and `returns` (units).
    pub metric: String,
    /// The part of the traffic the figure is about, when the alert is
    /// about one channel rather than the whole site.
    pub segment: Option<(String, String)>,
    /// Its value that day.
    pub value: f64,
    /// Its usual level on that weekday.
    pub usual: f64,
    /// (value − usual) ÷ usual × 100.
    pub change_percent: f64,
    /// How many normal deviations away.
    pub deviations: f64,
    /// The part of the traffic that moved it, when one stands out.
    pub cause: Option<Cause>,
    /// What to look at, as a key: `search-ranking`, `ads`, `social`,
    /// `newsletter`, `tracker`, `referrers`, `device`, `country`, `page`,
    /// `general`, `what-worked` for a rise; for the shop's figures also
    /// `checkout`, `sales-channel`, `new-customers`, `returning-customers`,
    /// `returns-supplier`, `returns-product`, `returns-reason`, `returns`.
    pub hint: String,
    /// The alert in plain English (the web app words it per language).
    pub message: String,
}

impl Alert {
    /// Whether the alert is about the shop's own figures (orders, revenue,
    /// returns) rather than the site's traffic.
    pub fn about_the_shop(&self) -> bool {
        matches!(self.metric.as_str(), "orders" | "revenue" | "returns")
    }
}

/// The days compared with `day`: the same weekday in the weeks before.
pub(crate) fn history(day: NaiveDate) -> Vec<NaiveDate> {
    (1..=WEEKS).map(|w| day - Duration::weeks(w)).collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Whether a figure moved beyond normal variation: down by [`THRESHOLD`]
/// normal deviations and 20 %, or two deviations and a third; up by
/// [`THRESHOLD`] deviations and half.
pub fn beyond_normal(deviations: f64, change: f64) -> bool {
    let (z, c) = (deviations.abs(), change.abs());
    // A rise is good news and less urgent: it must be half again.
    if change > 0.0 {
        return z >= THRESHOLD && c >= 0.5;
    }
    (z >= THRESHOLD && c >= 0.2) || (z >= 2.0 && c >= 1.0 / 3.0)
}

/// The usual level and normal variation of a series of past values.
pub fn usual_level(past: &[f64]) -> (f64, f64) {
    let m = median(past.to_vec());
    let mad = median(past.iter().map(|v| (v - m).abs()).collect()) * 1.4826;
    let floor = (0.1 * m).max(m.sqrt());
    (m, mad.max(floor).max(1.0))
}

/// Per day and dimension value, the first metric of a `time:day` query.
fn by_day(answer: &Value) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    for r in answer["results"].as_array().into_iter().flatten() {
        let dims: Vec<String> = r["dimensions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| d.as_str().unwrap_or("").to_string())
            .collect();
        let day = dims.first().cloned().unwrap_or_default();
        let value = dims.get(1).cloned().unwrap_or_default();
        let m = r["metrics"][0].as_f64().unwrap_or(0.0);
        out.insert((day, value), m);
    }
    out
}

/// The stats API metric and filters of a watched figure.
fn metric_body(metric: &str, goal_names: &[String]) -> (String, Vec<Value>) {
    match metric {
        "conversions" => (
            "events".into(),
            vec![json!(["is", "event:goal", goal_names])],
        ),
        other => (other.to_string(), Vec::new()),
    }
}

/// What to check, as a hint key, for a figure's change and its cause.
pub(crate) fn hint(metric: &str, cause: Option<&Cause>, dropped: bool) -> &'static str {
    if metric == "returns" {
        // More returns is the bad news; fewer needs no action.
        return match cause.map(|c| c.dimension.as_str()) {
            Some("product:supplier") => "returns-supplier",
            Some("product:category" | "product:sku") => "returns-product",
            Some("return:reason") => "returns-reason",
            _ => "returns",
        };
    }
    if !dropped {
        return "what-worked";
    }
    let shop = matches!(metric, "orders" | "revenue");
    let Some(c) = cause else {
        // Orders fell everywhere at once: most likely the checkout.
        return if shop { "checkout" } else { "tracker" };
    };
    match (c.dimension.as_str(), c.value.as_str()) {
        ("visit:channel", "organic_search")
        | ("visit:source", "Google" | "Bing" | "DuckDuckGo") => "search-ranking",
        ("visit:channel", "paid_search" | "display" | "paid_other") => "ads",
        ("visit:channel", "organic_social" | "paid_social") => "social",
        ("visit:channel", "email") | ("visit:source", "newsletter") => "newsletter",
        ("visit:channel", "direct") => "tracker",
        ("visit:channel", "referral") | ("visit:source", _) => "referrers",
        ("visit:device", _) => "device",
        ("visit:country", _) | ("order:country", _) => "country",
        ("visit:entry_page", _) => "page",
        ("order:channel", "webshop") => "checkout",
        ("order:channel", _) => "sales-channel",
        ("order:customer", "new") => "new-customers",
        ("order:customer", "returning") => "returning-customers",
        _ => "general",
    }
}

/// How a dimension and its value read in an English sentence.
fn english_part(dimension: &str, value: &str) -> String {
    let dim = dimension
        .split_once(':')
        .map_or(dimension, |(_, d)| d)
        .replace('_', " ");
    let value = if value.is_empty() {
        "(none)".to_string()
    } else {
        value.replace('_', " ")
    };
    format!("{dim} {value}")
}

fn english(alert: &Alert) -> String {
    let name = alert.metric.as_str();
    let sign = if alert.change_percent >= 0.0 { "+" } else { "" };
    let name = match &alert.segment {
        Some((dim, value)) => {
            // Returns belong to a product; visits and orders come from a
            // channel, a country, a kind of customer.
            let link = if name == "returns" { "of" } else { "from" };
            format!("{name} {link} {}", english_part(dim, value))
        }
        None => name.to_string(),
    };
    let mut s = if alert.days == 1 {
        format!(
            "{name} {sign}{:.0} % on {} against the usual {} ({:.0})",
            alert.change_percent,
            alert.day,
            alert.day.weekday(),
            alert.usual
        )
    } else {
        format!(
            "{name} {sign}{:.0} % in the {} days to {} against the usual {:.0}",
            alert.change_percent, alert.days, alert.day, alert.usual
        )
    };
    if let Some(c) = alert.cause.as_ref().filter(|_| alert.segment.is_none()) {
        let most = if c.share >= 0.8 {
            "almost all"
        } else {
            "mostly"
        };
        s.push_str(&format!(
            ", {most} from {}",
            english_part(&c.dimension, &c.value)
        ));
    }
    let advice = match alert.hint.as_str() {
        "search-ranking" => "check your search ranking",
        "ads" => "check that your ads run and their budget",
        "social" => "check your social posts and ads",
        "newsletter" => "check whether your newsletter went out",
        "tracker" => "check that the site is up and the tracker is on every page",
        "referrers" => "check the sites that link to you",
        "device" => "check the site on that kind of device",
        "country" => "check delivery, prices and ads for that country",
        "page" => "check that page",
        "what-worked" => "find out what brought them and do more of it",
        "checkout" => "place a test order to check the checkout and payment",
        "sales-channel" => "check that sales channel (listing, stock, till)",
        "new-customers" => "check the campaigns that bring new customers",
        "returning-customers" => "check your newsletter and what you offer regular customers",
        "returns-supplier" => "check the quality and sizes of this supplier's products",
        "returns-product" => "check the descriptions, photos and size tables of these products",
        "returns-reason" => "read the return reasons and fix the most given one",
        "returns" => "read the return reasons of these days",
        _ => "look at what changed that day",
    };
    format!("{s}: {advice}")
}

/// Per (day, dimension value) a figure; the value is `""` for totals.
pub(crate) type ByDay = BTreeMap<(String, String), f64>;

/// The figures of a stretch of days, fetched once per (figure, dimension)
/// and kept for the days checked in it.
struct Series<'a> {
    store: &'a dyn Store,
    site: &'a Site,
    goal_names: Vec<String>,
    from: NaiveDate,
    to: NaiveDate,
    memo: std::collections::HashMap<(String, &'static str), ByDay>,
}

impl Series<'_> {
    /// Per (day, value of `dimension`) the figure; `""` for the totals.
    fn get(&mut self, metric: &str, dimension: &'static str) -> Result<&ByDay, ApiError> {
        let key = (metric.to_string(), dimension);
        if !self.memo.contains_key(&key) {
            let (api_metric, filters) = metric_body(metric, &self.goal_names);
            let mut dims = vec!["time:day"];
            if !dimension.is_empty() {
                dims.push(dimension);
            }
            let body = json!({"site_id": self.site.domain.as_str(),
                              "date_range": [self.from.to_string(), self.to.to_string()],
                              "metrics": [api_metric], "dimensions": dims, "filters": filters,
                              "pagination": {"limit": 100000}});
            let answer = crate::run_query(self.store, &body)?;
            self.memo.insert(key.clone(), by_day(&answer));
        }
        Ok(&self.memo[&key])
    }
}

/// The figure of `value` on `day` and on the days before it that count.
pub(crate) fn level(
    per: &ByDay,
    value: &str,
    day: NaiveDate,
    past: &[NaiveDate],
) -> (f64, Vec<f64>) {
    let at = |d: NaiveDate| {
        per.get(&(d.to_string(), value.to_string()))
            .copied()
            .unwrap_or(0.0)
    };
    (at(day), past.iter().map(|d| at(*d)).collect())
}

fn values_of(per: &ByDay) -> std::collections::BTreeSet<String> {
    per.keys().map(|(_, v)| v.clone()).collect()
}

/// A whole-site (or whole-shop) alert when `value` is beyond normal
/// variation around its `past`, without its cause yet.
pub(crate) fn judge(
    metric: &str,
    day: NaiveDate,
    days: u32,
    value: f64,
    past: &[f64],
    min_usual: f64,
) -> Option<Alert> {
    let (usual, spread) = usual_level(past);
    if usual < min_usual || usual <= 0.0 {
        return None;
    }
    let deviations = (value - usual) / spread;
    let change = (value - usual) / usual;
    beyond_normal(deviations, change)
        .then(|| moved(metric, None, (day, days), value, usual, deviations))
}

/// An alert that `metric` (of `segment`, or of the whole) moved from
/// `usual` to `value`, `deviations` normal deviations; its cause, hint and
/// message come with [`complete`].
fn moved(
    metric: &str,
    segment: Option<(String, String)>,
    (day, days): (NaiveDate, u32),
    value: f64,
    usual: f64,
    deviations: f64,
) -> Alert {
    Alert {
        day,
        days,
        metric: metric.to_string(),
        segment,
        value,
        usual,
        change_percent: ((value - usual) / usual * 1000.0).round() / 10.0,
        deviations: (deviations * 10.0).round() / 10.0,
        cause: None,
        hint: String::new(),
        message: String::new(),
    }
}

/// Gives an alert its cause, hint and English message.
pub(crate) fn complete(mut alert: Alert, cause: Option<Cause>) -> Alert {
    alert.hint = hint(&alert.metric, cause.as_ref(), alert.value < alert.usual).to_string();
    alert.cause = cause;
    alert.message = english(&alert);
    alert
}

/// The alerts of closed days, newest first: the site's visitors,
/// pageviews and conversions, then the shop's orders, revenue and returns
/// (see [`crate::shop_alerts`]).
pub fn check_days(
    store: &dyn Store,
    site: &Site,
    days: &[NaiveDate],
) -> Result<Vec<Alert>, ApiError> {
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return Ok(Vec::new());
    };
    let goal_names: Vec<String> = store.goals(site.id)?.into_iter().map(|g| g.name).collect();
    let figures: Vec<&str> = FIGURES
        .iter()
        .filter(|(_, needs_goals)| !needs_goals || !goal_names.is_empty())
        .map(|(m, _)| *m)
        .collect();
    let mut series = Series {
        store,
        site,
        goal_names,
        from: *first - Duration::weeks(WEEKS),
        to: *last,
        memo: Default::default(),
    };
    let mut sorted = days.to_vec();
    sorted.sort_by(|a, b| b.cmp(a));
    let mut alerts = Vec::new();
    for &day in &sorted {
        let past = history(day);
        for m in &figures {
            let (value, before) = level(series.get(m, "")?, "", day, &past);
            let alert = match judge(m, day, 1, value, &before, MIN_USUAL) {
                Some(alert) => {
                    let total_change = value - alert.usual;
                    let mut cause = None;
                    for dim in CAUSES {
                        cause = find_cause(series.get(m, dim)?, dim, day, &past, total_change);
                        if cause.is_some() {
                            break;
                        }
                    }
                    Some(complete(alert, cause))
                }
                None => {
                    let (usual, _) = usual_level(&before);
                    segment_alert(
                        series.get(m, CAUSES[0])?,
                        CAUSES[0],
                        m,
                        (day, 1),
                        &past,
                        value - usual,
                        &BUSY_CHANNEL,
                    )
                }
            };
            alerts.extend(alert);
        }
    }
    alerts.extend(crate::shop_alerts::check(store, site, &sorted)?);
    alerts.sort_by_key(|a| std::cmp::Reverse(a.day));
    Ok(alerts)
}

/// The alerts of one closed day.
pub fn check_day(store: &dyn Store, site: &Site, day: NaiveDate) -> Result<Vec<Alert>, ApiError> {
    check_days(store, site, &[day])
}

/// The alerts of the `days` closed days before `today`, newest first.
pub fn recent_alerts(
    store: &dyn Store,
    site: &Site,
    today: NaiveDate,
    days: i64,
) -> Result<Vec<Alert>, ApiError> {
    let list: Vec<NaiveDate> = (1..=days).map(|b| today - Duration::days(b)).collect();
    check_days(store, site, &list)
}

/// When one part of the traffic or the shop is an alert on its own while
/// the whole stays within normal variation.
pub(crate) struct SegmentRule {
    /// The part's smallest usual level worth judging.
    pub min_usual: f64,
    /// How many normal deviations it must move.
    pub min_deviations: f64,
    /// How far it must move, as a fraction of its usual level.
    pub min_change: f64,
    /// Whether falls count (else only rises).
    pub falls: bool,
    /// Whether rises count, and the deviations a rise of more than double
    /// needs.
    pub rises: Option<f64>,
}

/// A busy channel (usually at least 5 × [`MIN_USUAL`]) whose own figure
/// moved four deviations and half its level (a rise of more than double
/// needs six): a lost search ranking can hide in a busy day.
const BUSY_CHANNEL: SegmentRule = SegmentRule {
    min_usual: 5.0 * MIN_USUAL,
    min_deviations: 4.0,
    min_change: 0.5,
    falls: true,
    rises: Some(6.0),
};

/// The value of `dimension` that moved furthest beyond its own normal
/// variation under `rule`, as an alert about that part.
pub(crate) fn segment_alert(
    per: &ByDay,
    dimension: &'static str,
    metric: &str,
    (day, days): (NaiveDate, u32),
    past: &[NaiveDate],
    total_change: f64,
    rule: &SegmentRule,
) -> Option<Alert> {
    let mut best: Option<Alert> = None;
    for v in values_of(per) {
        let (value, before) = level(per, &v, day, past);
        let (usual, spread) = usual_level(&before);
        if usual < rule.min_usual {
            continue;
        }
        let deviations = (value - usual) / spread;
        let change = (value - usual) / usual;
        let allowed = if change < 0.0 {
            rule.falls
        } else {
            match rule.rises {
                Some(big) => change <= 1.0 || deviations >= big,
                None => false,
            }
        };
        if !allowed || deviations.abs() < rule.min_deviations || change.abs() < rule.min_change {
            continue;
        }
        if best
            .as_ref()
            .is_some_and(|b| b.deviations.abs() >= deviations.abs())
        {
            continue;
        }
        let share = if total_change.abs() < f64::EPSILON {
            1.0
        } else {
            ((value - usual) / total_change).clamp(0.0, 1.0)
        };
        let cause = Cause {
            dimension: dimension.to_string(),
            value: v.clone(),
            share: (share * 100.0).round() / 100.0,
            change_percent: (change * 1000.0).round() / 10.0,
        };
        let alert = moved(
            metric,
            Some((dimension.to_string(), v)),
            (day, days),
            value,
            usual,
            deviations,
        );
        best = Some(complete(alert, Some(cause)));
    }
    best
}

/// The value of `dimension` that explains at least half of a figure's
/// change, in the same direction.
pub(crate) fn find_cause(
    per: &ByDay,
    dimension: &str,
    day: NaiveDate,
    past: &[NaiveDate],
    total_change: f64,
) -> Option<Cause> {
    let mut best: Option<Cause> = None;
    for v in values_of(per) {
        let (now, before) = level(per, &v, day, past);
        let usual = median(before);
        let delta = now - usual;
        let share = delta / total_change;
        if share > best.as_ref().map_or(0.0, |b| b.share) {
            best = Some(Cause {
                dimension: dimension.to_string(),
                value: v,
                share: (share.min(1.0) * 100.0).round() / 100.0,
                change_percent: if usual > 0.0 {
                    (delta / usual * 1000.0).round() / 10.0
                } else {
                    100.0
                },
            });
        }
    }
    best.filter(|b| b.share >= 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_level_resists_one_odd_week() {
        let (m, s) = usual_level(&[100.0, 104.0, 96.0, 400.0, 98.0, 102.0]);
        assert_eq!(m, 101.0);
        // MAD of |−1, 3, −5, 299, −3, 1| = 3 → 4.45, floored at 10 % of 101.
        assert!((s - 10.1).abs() < 1e-9, "{s}");
        let (_, small) = usual_level(&[30.0, 30.0, 30.0]);
        assert!((small - 30f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn history_is_the_same_weekday() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let h = history(d);
        assert_eq!(h.len(), 6);
        assert!(h.iter().all(|x| x.weekday() == d.weekday()));
        assert_eq!(h[5], NaiveDate::from_ymd_opt(2026, 10, 7).unwrap());
    }
}
