//! The numbers behind the dashboard: one stats query per panel, run two at
//! a time through the same engine as `/api/v2/query`, so the page and the
//! API can never disagree.
use super::view::{
    tab_dimension, Interval, View, CHART_METRICS, DEVICE_TABS, PAGE_TABS, SOURCE_TABS,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use etalage_analytics::{run_funnel, run_queries, ApiError, FunnelReport};
use etalage_core::{Goal, Metric, QueryPlan, UtcRange};
use etalage_store::{Site, Store};
use serde_json::{json, Value};

/// The top figures, in display order: (API metric, Fluent key).
pub(crate) const TOP_FIGURES: [(&str, &str); 6] = [
    ("visitors", "dashboard-metric-visitors"),
    ("visits", "dashboard-metric-visits"),
    ("pageviews", "dashboard-metric-pageviews"),
    ("views_per_visit", "dashboard-metric-views-per-visit"),
    ("bounce_rate", "dashboard-metric-bounce-rate"),
    ("visit_duration", "dashboard-metric-visit-duration"),
];

/// A panel of the dashboard that lists rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Panel {
    /// Pages, entry pages, exit pages.
    Pages,
    /// Sources and campaigns.
    Sources,
    /// Devices, browsers, operating systems.
    Devices,
    /// Countries.
    Countries,
    /// Goals.
    Goals,
    /// The time series.
    Series,
}

impl Panel {
    /// Reads the `panel` parameter of a CSV export.
    pub(crate) fn parse(s: &str) -> Option<Panel> {
        Some(match s {
            "pages" => Panel::Pages,
            "sources" => Panel::Sources,
            "devices" => Panel::Devices,
            "countries" => Panel::Countries,
            "goals" => Panel::Goals,
            "series" => Panel::Series,
            _ => return None,
        })
    }

    /// The URL value.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Panel::Pages => "pages",
            Panel::Sources => "sources",
            Panel::Devices => "devices",
            Panel::Countries => "countries",
            Panel::Goals => "goals",
            Panel::Series => "series",
        }
    }

    /// The dimension rows are grouped by, for the view's tab.
    pub(crate) fn dimension(self, view: &View, today: NaiveDate) -> &'static str {
        match self {
            Panel::Pages => tab_dimension(PAGE_TABS, view.pages_tab),
            Panel::Sources => tab_dimension(SOURCE_TABS, view.sources_tab),
            Panel::Devices => tab_dimension(DEVICE_TABS, view.devices_tab),
            Panel::Countries => "visit:country",
            Panel::Goals => "event:goal",
            Panel::Series => view.interval_for(today).dimension(),
        }
    }

    /// The metrics of each row.
    pub(crate) fn metrics(self, view: &View) -> Vec<&'static str> {
        match self {
            Panel::Pages if view.pages_tab == PAGE_TABS[0].0 => vec!["visitors", "pageviews"],
            Panel::Pages => vec!["visitors", "visits"],
            Panel::Sources => vec!["visitors", "bounce_rate"],
            Panel::Devices | Panel::Countries => vec!["visitors"],
            Panel::Goals => vec![
                "visitors",
                "events",
                "conversion_rate",
                "goal_value",
                "total_revenue",
            ],
            Panel::Series => vec![view.metric],
        }
    }

    /// The stats query of this panel.
    pub(crate) fn query(
        self,
        view: &View,
        site: &Site,
        dates: (NaiveDate, NaiveDate),
        today: NaiveDate,
        limit: u32,
    ) -> Value {
        let mut filters = view.api_filters();
        if self == Panel::Pages && view.pages_tab == PAGE_TABS[0].0 {
            filters.push(json!(["is", "event:name", ["pageview"]]));
        }
        json!({
            "site_id": site.domain.as_str(),
            "date_range": [dates.0.to_string(), dates.1.to_string()],
            "metrics": self.metrics(view),
            "dimensions": [self.dimension(view, today)],
            "filters": filters,
            "pagination": {"limit": limit},
        })
    }
}

/// One row of a panel: its label (the dimension value) and metrics.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The dimension value.
    pub(crate) label: String,
    /// The metrics, in the panel's order.
    pub(crate) metrics: Vec<f64>,
}

/// Everything one dashboard view shows.
#[derive(Debug, Clone)]
pub(crate) struct Dashboard {
    /// The site's today.
    pub(crate) today: NaiveDate,
    /// First and last day shown.
    pub(crate) dates: (NaiveDate, NaiveDate),
    /// The comparison days, if any.
    pub(crate) compare: Option<(NaiveDate, NaiveDate)>,
    /// The chart interval.
    pub(crate) interval: Interval,
    /// Top figures, in [`TOP_FIGURES`] order.
    pub(crate) top: Vec<f64>,
    /// The same for the comparison period.
    pub(crate) top_compare: Option<Vec<f64>>,
    /// Conversions (events that complete a goal) and their value (fixed
    /// goal values plus the revenue they carried); `None` without goals.
    pub(crate) conversions: Option<(f64, f64)>,
    /// The same for the comparison period.
    pub(crate) conversions_compare: Option<(f64, f64)>,
    /// The chart: bucket labels and values, every bucket present.
    pub(crate) series: Vec<(String, f64)>,
    /// The comparison period's values, bucket by bucket.
    pub(crate) series_compare: Vec<f64>,
    /// Rows of the pages panel.
    pub(crate) pages: Vec<Row>,
    /// Rows of the sources panel.
    pub(crate) sources: Vec<Row>,
    /// Rows of the devices panel.
    pub(crate) devices: Vec<Row>,
    /// Rows of the countries panel.
    pub(crate) countries: Vec<Row>,
    /// Rows of the goals panel.
    pub(crate) goals: Vec<Row>,
    /// The site's goals.
    pub(crate) goal_defs: Vec<Goal>,
    /// The funnel, when two or more steps are known.
    pub(crate) funnel: Option<FunnelReport>,
    /// The funnel's steps (chosen or picked).
    pub(crate) funnel_steps: Vec<String>,
    /// Visitors in the last 30 minutes.
    pub(crate) realtime: u64,
}

/// Rows of a stats API answer.
pub(crate) fn rows(answer: &Value) -> Vec<Row> {
    answer["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| Row {
                    label: r["dimensions"][0].as_str().unwrap_or("").to_string(),
                    metrics: r["metrics"]
                        .as_array()
                        .map(|ms| ms.iter().map(|m| m.as_f64().unwrap_or(0.0)).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn first_metrics(answer: &Value) -> Vec<f64> {
    rows(answer)
        .into_iter()
        .next()
        .map(|r| r.metrics)
        .unwrap_or_default()
}

/// Every bucket label of a range, as the stats engine writes them.
pub(crate) fn buckets(from: NaiveDate, to: NaiveDate, interval: Interval) -> Vec<String> {
    let mut out = Vec::new();
    match interval {
        Interval::Hour => {
            let mut d = from;
            while d <= to {
                for h in 0..24 {
                    out.push(format!("{d} {h:02}:00:00"));
                }
                d += Duration::days(1);
            }
        }
        Interval::Day => {
            let mut d = from;
            while d <= to {
                out.push(d.to_string());
                d += Duration::days(1);
            }
        }
        Interval::Week => {
            let mut d = from - Duration::days(from.weekday().num_days_from_monday() as i64);
            while d <= to {
                out.push(d.to_string());
                d += Duration::days(7);
            }
        }
        Interval::Month => {
            let mut d = from.with_day(1).unwrap_or(from);
            while d <= to {
                out.push(d.to_string());
                d = d
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(NaiveDate::MAX);
            }
        }
    }
    out
}

fn fill(labels: &[String], rows: &[Row]) -> Vec<f64> {
    labels
        .iter()
        .map(|l| {
            rows.iter()
                .find(|r| &r.label == l)
                .and_then(|r| r.metrics.first().copied())
                .unwrap_or(0.0)
        })
        .collect()
}

/// Visitors and pageviews of the last 30 minutes.
pub(crate) fn realtime(
    store: &dyn Store,
    site: &Site,
    now: DateTime<Utc>,
) -> Result<u64, ApiError> {
    let range = UtcRange {
        start: now - Duration::minutes(30),
        end: now + Duration::minutes(1),
    };
    let plan = QueryPlan::totals(site.id, range, vec![Metric::Visitors]);
    let rows = store.query(&plan)?;
    Ok(rows
        .first()
        .and_then(|r| r.metrics.first())
        .map(|v| *v as u64)
        .unwrap_or(0))
}

/// Runs every query of a view.
pub(crate) fn load(store: &dyn Store, site: &Site, view: &View) -> Result<Dashboard, ApiError> {
    let now = Utc::now();
    let today = site.timezone.local_date(now);
    let dates = view.period.dates(today);
    let compare = view.compare.dates(dates.0, dates.1);
    let interval = view.interval_for(today);
    let goal_defs = store.goals(site.id)?;
    let domain = site.domain.as_str();
    let filters = view.api_filters();
    let range = |d: (NaiveDate, NaiveDate)| json!([d.0.to_string(), d.1.to_string()]);
    let top_metrics: Vec<&str> = TOP_FIGURES.iter().map(|(m, _)| *m).collect();
    let goal_filtered = view.filters.iter().any(|(d, _)| *d == "event:goal");
    let mut conv_filters = filters.clone();
    if !goal_filtered {
        let names: Vec<&str> = goal_defs.iter().map(|g| g.name.as_str()).collect();
        conv_filters.push(json!(["is", "event:goal", names]));
    }

    // (slot, body) in the order they are run.
    let mut bodies: Vec<Value> = Vec::new();
    let mut slot = |b: Value| {
        bodies.push(b);
        bodies.len() - 1
    };
    let top_q = |d| json!({"site_id": domain, "date_range": range(d), "metrics": top_metrics, "filters": filters});
    let conv_q = |d| json!({"site_id": domain, "date_range": range(d), "metrics": ["events", "goal_value", "total_revenue"], "filters": conv_filters});
    let i_top = slot(top_q(dates));
    let i_top_c = compare.map(|c| slot(top_q(c)));
    let has_goals = !goal_defs.is_empty();
    let i_conv = has_goals.then(|| slot(conv_q(dates)));
    let i_conv_c = compare.filter(|_| has_goals).map(|c| slot(conv_q(c)));
    let i_series = slot(Panel::Series.query(view, site, dates, today, 10_000));
    let i_series_c = compare.map(|c| slot(Panel::Series.query(view, site, c, today, 10_000)));
    let i_pages = slot(Panel::Pages.query(view, site, dates, today, 10));
    let i_sources = slot(Panel::Sources.query(view, site, dates, today, 10));
    let i_devices = slot(Panel::Devices.query(view, site, dates, today, 10));
    let i_countries = slot(Panel::Countries.query(view, site, dates, today, 10));
    let i_goals = has_goals.then(|| slot(Panel::Goals.query(view, site, dates, today, 50)));

    let answers: Vec<Value> = run_queries(store, &bodies, 2)
        .into_iter()
        .collect::<Result<_, _>>()?;
    // Conversions, and what they brought: fixed goal values plus revenue.
    let pair = |i: usize| {
        let m = first_metrics(&answers[i]);
        let at = |k: usize| m.get(k).copied().unwrap_or(0.0);
        (at(0), at(1) + at(2))
    };
    let labels = buckets(dates.0, dates.1, interval);
    let series_rows = rows(&answers[i_series]);
    let values = fill(&labels, &series_rows);
    let series_compare = match (i_series_c, compare) {
        (Some(i), Some(c)) => fill(&buckets(c.0, c.1, interval), &rows(&answers[i])),
        _ => Vec::new(),
    };
    let goals = i_goals.map(|i| rows(&answers[i])).unwrap_or_default();

    // Funnel: the chosen steps, or the goals with the most converting
    // visitors, largest first (the shape of a checkout).
    let funnel_steps: Vec<String> = if view.funnel.len() >= 2 {
        view.funnel.clone()
    } else {
        let mut by_visitors = goals.clone();
        by_visitors.sort_by(|a, b| {
            b.metrics[0]
                .total_cmp(&a.metrics[0])
                .then(a.label.cmp(&b.label))
        });
        by_visitors
            .into_iter()
            .filter(|r| r.metrics[0] > 0.0)
            .take(3)
            .map(|r| r.label)
            .collect()
    };
    let funnel = if funnel_steps.len() >= 2 {
        match run_funnel(
            store,
            &json!({"site_id": domain, "date_range": range(dates), "steps": funnel_steps}),
        ) {
            Ok(f) => Some(f),
            Err(ApiError::BadRequest(_)) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };

    Ok(Dashboard {
        today,
        dates,
        compare,
        interval,
        top: first_metrics(&answers[i_top]),
        top_compare: i_top_c.map(|i| first_metrics(&answers[i])),
        conversions: i_conv.map(pair),
        conversions_compare: i_conv_c.map(pair),
        series: labels.into_iter().zip(values).collect(),
        series_compare,
        pages: rows(&answers[i_pages]),
        sources: rows(&answers[i_sources]),
        devices: rows(&answers[i_devices]),
        countries: rows(&answers[i_countries]),
        goals,
        goal_defs,
        funnel,
        funnel_steps,
        realtime: realtime(store, site, now)?,
    })
}

/// The chart metric's Fluent key.
pub(crate) fn metric_key(metric: &str) -> &'static str {
    CHART_METRICS
        .iter()
        .find(|(m, _)| *m == metric)
        .map(|(_, k)| *k)
        .unwrap_or("dashboard-metric-visitors")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_the_range_like_the_engine_labels_them() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            buckets(d("2026-03-30"), d("2026-04-01"), Interval::Day),
            ["2026-03-30", "2026-03-31", "2026-04-01"]
        );
        let hours = buckets(d("2026-03-30"), d("2026-03-30"), Interval::Hour);
        assert_eq!(hours.len(), 24);
        assert_eq!(hours[13], "2026-03-30 13:00:00");
        // Weeks start on Monday: 2026-04-01 is a Wednesday.
        assert_eq!(
            buckets(d("2026-04-01"), d("2026-04-13"), Interval::Week),
            ["2026-03-30", "2026-04-06", "2026-04-13"]
        );
        assert_eq!(
            buckets(d("2026-01-15"), d("2026-03-02"), Interval::Month),
            ["2026-01-01", "2026-02-01", "2026-03-01"]
        );
    }

    #[test]
    fn missing_buckets_are_zero() {
        let labels = vec!["a".to_string(), "b".to_string()];
        let rows = vec![Row {
            label: "b".into(),
            metrics: vec![3.0],
        }];
        assert_eq!(fill(&labels, &rows), [0.0, 3.0]);
    }
}
