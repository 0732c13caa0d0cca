//! The dashboard's set of queries, timed in process.
use etalage_store::{DuckDbStore, Store};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

/// The queries one dashboard view runs (last 30 days, with the previous
/// period for comparison).
pub fn queries(site: &str, range: [&str; 2], previous: [&str; 2]) -> Vec<(&'static str, Value)> {
    let top = [
        "visitors",
        "visits",
        "pageviews",
        "views_per_visit",
        "bounce_rate",
        "visit_duration",
    ];
    vec![
        (
            "aggregate",
            json!({"site_id": site, "metrics": top, "date_range": range}),
        ),
        (
            "aggregate_previous",
            json!({"site_id": site, "metrics": top, "date_range": previous}),
        ),
        (
            "timeseries_day",
            json!({"site_id": site, "metrics": ["visitors", "pageviews"], "date_range": range, "dimensions": ["time:day"]}),
        ),
        (
            "top_pages",
            json!({"site_id": site, "metrics": ["visitors", "pageviews"], "date_range": range, "dimensions": ["event:page"], "pagination": {"limit": 10}}),
        ),
        (
            "sources",
            json!({"site_id": site, "metrics": ["visitors", "bounce_rate"], "date_range": range, "dimensions": ["visit:source"], "pagination": {"limit": 10}}),
        ),
        (
            "devices",
            json!({"site_id": site, "metrics": ["visitors"], "date_range": range, "dimensions": ["visit:device"]}),
        ),
        (
            "countries",
            json!({"site_id": site, "metrics": ["visitors"], "date_range": range, "dimensions": ["visit:country"], "pagination": {"limit": 10}}),
        ),
        (
            "goals",
            json!({"site_id": site, "metrics": ["visitors", "events", "conversion_rate", "goal_value"], "date_range": range, "dimensions": ["event:goal"]}),
        ),
    ]
}

pub fn run(data_dir: &Path, site: &str, runs: usize) -> anyhow::Result<()> {
    let store = DuckDbStore::open(&data_dir.join("etalage.duckdb"))?;
    let s = store
        .site_by_domain(site)?
        .ok_or_else(|| anyhow::anyhow!("no site {site}"))?;
    store
        .first_event(s.id)?
        .ok_or_else(|| anyhow::anyhow!("no events"))?;
    let today = s.timezone.local_date(chrono::Utc::now());
    let from = today - chrono::Duration::days(29);
    let pfrom = from - chrono::Duration::days(30);
    let pto = from - chrono::Duration::days(1);
    let (a, b, c, d) = (
        from.to_string(),
        today.to_string(),
        pfrom.to_string(),
        pto.to_string(),
    );
    let qs = queries(site, [&a, &b], [&c, &d]);
    let mut totals = Vec::new();
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); qs.len()];
    for _ in 0..runs {
        let t = Instant::now();
        for (i, (_, q)) in qs.iter().enumerate() {
            let tq = Instant::now();
            etalage_analytics::run_query(&store, q).map_err(|e| anyhow::anyhow!("{e}"))?;
            per_query[i].push(tq.elapsed().as_secs_f64() * 1000.0);
        }
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // The same set as the dashboard page runs it: two queries at a time.
    let bodies: Vec<Value> = qs.iter().map(|(_, q)| q.clone()).collect();
    let mut concurrent = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        for answer in etalage_analytics::run_queries(&store, &bodies, 2) {
            answer.map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        concurrent.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let events = store.count_events(
        s.id,
        etalage_core::DateRange::new(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(), today)?
            .to_utc(s.timezone),
    )?;
    let mut out = json!({"benchmark": "dashboard", "events_in_site": events, "runs": runs, "median_total_ms": (median(&mut totals) * 10.0).round() / 10.0, "median_total_two_at_a_time_ms": (median(&mut concurrent) * 10.0).round() / 10.0});
    for (i, (name, _)) in qs.iter().enumerate() {
        out[format!("median_{name}_ms")] = json!((median(&mut per_query[i]) * 10.0).round() / 10.0);
    }
    out["peak_rss_mib"] = json!(crate::peak_rss_mib(std::process::id()));
    println!("{out}");
    Ok(())
}
