//! The dashboard's state, all of it in the URL: site, period, comparison,
//! chart metric and interval, filters, panel tabs, funnel steps and the
//! break-even inputs. Parsing is forgiving (an unknown value falls back to
//! the default) so that an old bookmark still opens.
use chrono::{Datelike, Duration, Months, NaiveDate};

/// A date range choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// Today so far.
    Today,
    /// The last 7 days, today included.
    Days7,
    /// The last 30 days, today included.
    Days30,
    /// This calendar month so far.
    Month,
    /// The last 6 calendar months, this one included.
    Months6,
    /// The last 12 calendar months, this one included.
    Months12,
    /// Chosen dates, both included.
    Custom(NaiveDate, NaiveDate),
}

/// The periods offered as links, with their URL value and Fluent key.
pub(crate) const PERIODS: [(Period, &str, &str); 6] = [
    (Period::Today, "today", "dashboard-period-today"),
    (Period::Days7, "7d", "dashboard-period-7d"),
    (Period::Days30, "30d", "dashboard-period-30d"),
    (Period::Month, "month", "dashboard-period-month"),
    (Period::Months6, "6mo", "dashboard-period-6mo"),
    (Period::Months12, "12mo", "dashboard-period-12mo"),
];

impl Period {
    /// The URL value (`custom` for chosen dates).
    pub(crate) fn code(self) -> &'static str {
        PERIODS
            .iter()
            .find(|(p, _, _)| *p == self)
            .map(|(_, c, _)| *c)
            .unwrap_or("custom")
    }

    /// The first and last day, given the site's today.
    pub(crate) fn dates(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let month_start = |back: u32| {
            today
                .with_day(1)
                .and_then(|d| d.checked_sub_months(Months::new(back)))
                .unwrap_or(today)
        };
        match self {
            Period::Today => (today, today),
            Period::Days7 => (today - Duration::days(6), today),
            Period::Days30 => (today - Duration::days(29), today),
            Period::Month => (month_start(0), today),
            Period::Months6 => (month_start(5), today),
            Period::Months12 => (month_start(11), today),
            Period::Custom(from, to) => (from, to),
        }
    }

    /// The natural chart interval for the period.
    pub(crate) fn default_interval(self, today: NaiveDate) -> Interval {
        let (from, to) = self.dates(today);
        match (to - from).num_days() {
            0..=1 => Interval::Hour,
            2..=62 => Interval::Day,
            63..=190 => Interval::Week,
            _ => Interval::Month,
        }
    }
}

/// What the comparison figures are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compare {
    /// The same number of days just before.
    Previous,
    /// The same dates one year earlier.
    Year,
    /// No comparison.
    Off,
}

impl Compare {
    /// The URL value.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Compare::Previous => "previous",
            Compare::Year => "year",
            Compare::Off => "off",
        }
    }

    /// The comparison dates for a period, if any.
    pub(crate) fn dates(self, from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Compare::Previous => {
                let days = (to - from).num_days() + 1;
                let end = from - Duration::days(1);
                Some((end - Duration::days(days - 1), end))
            }
            Compare::Year => Some((
                from.checked_sub_months(Months::new(12))?,
                to.checked_sub_months(Months::new(12))?,
            )),
            Compare::Off => None,
        }
    }
}

/// A chart bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interval {
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
}

/// The intervals, with URL value, stats dimension and Fluent key.
pub(crate) const INTERVALS: [(Interval, &str, &str, &str); 4] = [
    (
        Interval::Hour,
        "hour",
        "time:hour",
        "dashboard-interval-hour",
    ),
    (Interval::Day, "day", "time:day", "dashboard-interval-day"),
    (
        Interval::Week,
        "week",
        "time:week",
        "dashboard-interval-week",
    ),
    (
        Interval::Month,
        "month",
        "time:month",
        "dashboard-interval-month",
    ),
];

impl Interval {
    /// The URL value.
    pub(crate) fn code(self) -> &'static str {
        INTERVALS
            .iter()
            .find(|(i, ..)| *i == self)
            .map(|(_, c, ..)| *c)
            .unwrap_or("day")
    }

    /// The stats API dimension.
    pub(crate) fn dimension(self) -> &'static str {
        INTERVALS
            .iter()
            .find(|(i, ..)| *i == self)
            .map(|(_, _, d, _)| *d)
            .unwrap_or("time:day")
    }
}

/// The metrics the chart can draw: (URL value = API metric, Fluent key).
pub(crate) const CHART_METRICS: [(&str, &str); 6] = [
    ("visitors", "dashboard-metric-visitors"),
    ("visits", "dashboard-metric-visits"),
    ("pageviews", "dashboard-metric-pageviews"),
    ("views_per_visit", "dashboard-metric-views-per-visit"),
    ("bounce_rate", "dashboard-metric-bounce-rate"),
    ("visit_duration", "dashboard-metric-visit-duration"),
];

/// A tabbed panel's tabs: (URL value, stats dimension, Fluent key).
pub(crate) type Tabs = [(&'static str, &'static str, &'static str)];

/// Pages: top pages, entry pages, exit pages.
pub(crate) const PAGE_TABS: &Tabs = &[
    ("pages", "event:page", "dashboard-tab-pages"),
    ("entry", "visit:entry_page", "dashboard-tab-entry"),
    ("exit", "visit:exit_page", "dashboard-tab-exit"),
];

/// Sources, channels, referrers and UTM tags.
pub(crate) const SOURCE_TABS: &Tabs = &[
    ("sources", "visit:source", "dashboard-tab-sources"),
    ("channels", "visit:channel", "dashboard-tab-channels"),
    ("referrers", "visit:referrer", "dashboard-tab-referrers"),
    ("utm_source", "visit:utm_source", "dashboard-tab-utm-source"),
    ("utm_medium", "visit:utm_medium", "dashboard-tab-utm-medium"),
    (
        "utm_campaign",
        "visit:utm_campaign",
        "dashboard-tab-utm-campaign",
    ),
];

/// Devices, browsers, operating systems.
pub(crate) const DEVICE_TABS: &Tabs = &[
    ("devices", "visit:device", "dashboard-tab-devices"),
    ("browsers", "visit:browser", "dashboard-tab-browsers"),
    ("os", "visit:os", "dashboard-tab-os"),
];

/// The dimensions a row click may filter on, with the Fluent key that
/// names them on a filter chip.
pub(crate) const FILTERABLE: [(&str, &str); 15] = [
    ("event:page", "dashboard-dim-page"),
    ("visit:entry_page", "dashboard-dim-entry-page"),
    ("visit:exit_page", "dashboard-dim-exit-page"),
    ("visit:source", "dashboard-dim-source"),
    ("visit:channel", "dashboard-dim-channel"),
    ("visit:referrer", "dashboard-dim-referrer"),
    ("visit:utm_source", "dashboard-dim-utm-source"),
    ("visit:utm_medium", "dashboard-dim-utm-medium"),
    ("visit:utm_campaign", "dashboard-dim-utm-campaign"),
    ("visit:device", "dashboard-dim-device"),
    ("visit:browser", "dashboard-dim-browser"),
    ("visit:os", "dashboard-dim-os"),
    ("visit:country", "dashboard-dim-country"),
    ("event:goal", "dashboard-dim-goal"),
    ("event:name", "dashboard-dim-event"),
];

/// Everything the dashboard shows, as read from its URL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct View {
    /// The site's domain (empty: the user's first site).
    pub(crate) site: String,
    /// The period.
    pub(crate) period: Period,
    /// The comparison.
    pub(crate) compare: Compare,
    /// The chart's metric (an API metric name from [`CHART_METRICS`]).
    pub(crate) metric: &'static str,
    /// The chart's interval; `None` picks one from the period.
    pub(crate) interval: Option<Interval>,
    /// Active filters: (dimension, value), each an `is` condition.
    pub(crate) filters: Vec<(&'static str, String)>,
    /// Chosen tab of the pages panel.
    pub(crate) pages_tab: &'static str,
    /// Chosen tab of the sources panel.
    pub(crate) sources_tab: &'static str,
    /// Chosen tab of the devices panel.
    pub(crate) devices_tab: &'static str,
    /// Funnel steps (goal names); empty picks them from the data.
    pub(crate) funnel: Vec<String>,
    /// Break-even helper: campaign cost as typed.
    pub(crate) be_cost: String,
    /// Break-even helper: the goal.
    pub(crate) be_goal: String,
    /// Break-even helper: value per conversion as typed (empty: the goal's).
    pub(crate) be_value: String,
}

impl Default for View {
    fn default() -> Self {
        View {
            site: String::new(),
            period: Period::Days30,
            compare: Compare::Previous,
            metric: "visitors",
            interval: None,
            filters: Vec::new(),
            pages_tab: PAGE_TABS[0].0,
            sources_tab: SOURCE_TABS[0].0,
            devices_tab: DEVICE_TABS[0].0,
            funnel: Vec::new(),
            be_cost: String::new(),
            be_goal: String::new(),
            be_value: String::new(),
        }
    }
}

fn tab(tabs: &Tabs, value: &str) -> Option<&'static str> {
    tabs.iter().find(|(v, ..)| *v == value).map(|(v, ..)| *v)
}

/// The stats dimension of a tab.
pub(crate) fn tab_dimension(tabs: &Tabs, value: &str) -> &'static str {
    tabs.iter()
        .find(|(v, ..)| *v == value)
        .map(|(_, d, _)| *d)
        .unwrap_or(tabs[0].1)
}

impl View {
    /// Reads the state from query pairs; unknown values keep the default.
    pub(crate) fn parse(query: &[(String, String)]) -> View {
        let mut v = View::default();
        let mut from = None;
        let mut to = None;
        let mut period = None;
        for (k, value) in query {
            let value = value.trim();
            match k.as_str() {
                "site" => v.site = value.to_string(),
                "period" => period = Some(value.to_string()),
                "from" => from = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "to" => to = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "compare" => {
                    v.compare = match value {
                        "year" => Compare::Year,
                        "off" => Compare::Off,
                        _ => Compare::Previous,
                    }
                }
                "metric" => {
                    if let Some((m, _)) = CHART_METRICS.iter().find(|(m, _)| *m == value) {
                        v.metric = m;
                    }
                }
                "interval" => {
                    v.interval = INTERVALS
                        .iter()
                        .find(|(_, c, ..)| *c == value)
                        .map(|(i, ..)| *i)
                }
                "f" => {
                    if let Some((dim, val)) = value.split_once('|') {
                        if let Some((d, _)) = FILTERABLE.iter().find(|(d, _)| *d == dim) {
                            let entry = (*d, val.to_string());
                            if !val.is_empty() && !v.filters.contains(&entry) {
                                v.filters.push(entry);
                            }
                        }
                    }
                }
                "pages" => v.pages_tab = tab(PAGE_TABS, value).unwrap_or(v.pages_tab),
                "sources" => v.sources_tab = tab(SOURCE_TABS, value).unwrap_or(v.sources_tab),
                "devices" => v.devices_tab = tab(DEVICE_TABS, value).unwrap_or(v.devices_tab),
                "step" if !value.is_empty() && v.funnel.len() < 8 => {
                    v.funnel.push(value.to_string());
                }
                "be_cost" => v.be_cost = value.to_string(),
                "be_goal" => v.be_goal = value.to_string(),
                "be_value" => v.be_value = value.to_string(),
                _ => {}
            }
        }
        v.period = match period.as_deref() {
            Some("custom") => match (from, to) {
                (Some(f), Some(t)) if f <= t => Period::Custom(f, t),
                (Some(f), Some(t)) => Period::Custom(t, f),
                _ => Period::Days30,
            },
            Some(code) => PERIODS
                .iter()
                .find(|(_, c, _)| *c == code)
                .map(|(p, ..)| *p)
                .unwrap_or(Period::Days30),
            None => Period::Days30,
        };
        v
    }

    /// The query pairs of this state, defaults left out.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let d = View::default();
        let mut q: Vec<(&'static str, String)> = Vec::new();
        if !self.site.is_empty() {
            q.push(("site", self.site.clone()));
        }
        if self.period != d.period {
            q.push(("period", self.period.code().to_string()));
            if let Period::Custom(from, to) = self.period {
                q.push(("from", from.to_string()));
                q.push(("to", to.to_string()));
            }
        }
        if self.compare != d.compare {
            q.push(("compare", self.compare.code().to_string()));
        }
        if self.metric != d.metric {
            q.push(("metric", self.metric.to_string()));
        }
        if let Some(i) = self.interval {
            q.push(("interval", i.code().to_string()));
        }
        for (dim, value) in &self.filters {
            q.push(("f", format!("{dim}|{value}")));
        }
        for (key, value, default) in [
            ("pages", self.pages_tab, d.pages_tab),
            ("sources", self.sources_tab, d.sources_tab),
            ("devices", self.devices_tab, d.devices_tab),
        ] {
            if value != default {
                q.push((key, value.to_string()));
            }
        }
        for s in &self.funnel {
            q.push(("step", s.clone()));
        }
        for (key, value) in [
            ("be_cost", &self.be_cost),
            ("be_goal", &self.be_goal),
            ("be_value", &self.be_value),
        ] {
            if !value.is_empty() {
                q.push((key, value.clone()));
            }
        }
        q
    }

    /// A link to this state under `base` (e.g. `/` or `/share/…`).
    pub(crate) fn href(&self, base: &str) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return base.to_string();
        }
        let q: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        format!("{base}?{q}")
    }

    /// A link to a changed copy of this state.
    pub(crate) fn with(&self, base: &str, change: impl FnOnce(&mut View)) -> String {
        let mut v = self.clone();
        change(&mut v);
        v.href(base)
    }

    /// The chart interval in effect.
    pub(crate) fn interval_for(&self, today: NaiveDate) -> Interval {
        self.interval
            .unwrap_or_else(|| self.period.default_interval(today))
    }

    /// The filters as stats API filters.
    pub(crate) fn api_filters(&self) -> Vec<serde_json::Value> {
        self.filters
            .iter()
            .map(|(d, v)| serde_json::json!(["is", d, [v]]))
            .collect()
    }
}

/// The Fluent key naming a filterable dimension.
pub(crate) fn dimension_key(dim: &str) -> &'static str {
    FILTERABLE
        .iter()
        .find(|(d, _)| *d == dim)
        .map(|(_, k)| *k)
        .unwrap_or("dashboard-dim-page")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(dim: &str) -> bool {
        etalage_core::Dimension::parse(dim).is_some()
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_view_survives_its_own_url() {
        let v = View::parse(&q(&[
            ("site", "fietsen.example"),
            ("period", "custom"),
            ("from", "2026-03-01"),
            ("to", "2026-03-31"),
            ("compare", "year"),
            ("metric", "bounce_rate"),
            ("interval", "week"),
            ("f", "visit:source|Google"),
            ("f", "event:page|/a|b"),
            ("sources", "utm_campaign"),
            ("step", "Add to cart"),
            ("step", "Purchase"),
            ("be_cost", "1000"),
        ]));
        assert_eq!(
            v.period,
            Period::Custom(
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
            )
        );
        assert_eq!(v.filters[1], ("event:page", "/a|b".to_string()));
        let again = View::parse(
            &v.pairs()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Vec<_>>(),
        );
        assert_eq!(again, v);
        assert!(v
            .href("/")
            .starts_with("/?site=fietsen.example&period=custom"));
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let v = View::parse(&q(&[
            ("period", "fortnight"),
            ("metric", "sessions"),
            ("f", "visit:city|Gent"),
            ("f", "no-separator"),
            ("sources", "nope"),
        ]));
        assert_eq!(v, View::default());
        assert_eq!(View::default().href("/"), "/");
        let swapped = View::parse(&q(&[
            ("period", "custom"),
            ("from", "2026-03-31"),
            ("to", "2026-03-01"),
        ]));
        assert_eq!(
            swapped.period.dates(NaiveDate::MIN).0.to_string(),
            "2026-03-01"
        );
    }

    #[test]
    fn periods_and_comparisons_cover_the_right_days() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Period::Days7.dates(today), (d("2026-03-09"), today));
        assert_eq!(Period::Days30.dates(today), (d("2026-02-14"), today));
        assert_eq!(Period::Month.dates(today), (d("2026-03-01"), today));
        assert_eq!(Period::Months6.dates(today), (d("2025-10-01"), today));
        assert_eq!(Period::Months12.dates(today), (d("2025-04-01"), today));
        assert_eq!(
            Compare::Previous.dates(d("2026-03-09"), today),
            Some((d("2026-03-02"), d("2026-03-08")))
        );
        assert_eq!(
            Compare::Year.dates(d("2026-03-09"), today),
            Some((d("2025-03-09"), d("2025-03-15")))
        );
        assert_eq!(Period::Today.default_interval(today), Interval::Hour);
        assert_eq!(Period::Days30.default_interval(today), Interval::Day);
        assert_eq!(Period::Months6.default_interval(today), Interval::Week);
        assert_eq!(Period::Months12.default_interval(today), Interval::Month);
    }

    #[test]
    fn every_filterable_dimension_and_tab_is_known_to_the_engine() {
        for (d, _) in FILTERABLE {
            assert!(known(d), "{d}");
        }
        for tabs in [PAGE_TABS, SOURCE_TABS, DEVICE_TABS] {
            for (_, d, _) in tabs {
                assert!(known(d), "{d}");
                assert!(FILTERABLE.iter().any(|(f, _)| f == d), "{d} filterable");
            }
        }
    }
}
