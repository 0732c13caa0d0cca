//! `GET /metrics` in the Prometheus text format.
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// A latency histogram of stats queries.
#[derive(Default, Debug)]
pub struct QueryTimer {
    buckets: [AtomicU64; 10],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl QueryTimer {
    /// Records one query's duration.
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if s <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }
}

/// Renders the counters.
pub(crate) async fn prometheus(State(state): State<AppState>) -> Response {
    let m = state.collector.metrics();
    let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP etalage_events_accepted_total Events made durable and answered 202."
    );
    let _ = writeln!(out, "# TYPE etalage_events_accepted_total counter");
    let _ = writeln!(out, "etalage_events_accepted_total {}", get(&m.accepted));
    let _ = writeln!(
        out,
        "# HELP etalage_events_stored_total Events written to the store."
    );
    let _ = writeln!(out, "# TYPE etalage_events_stored_total counter");
    let _ = writeln!(out, "etalage_events_stored_total {}", get(&m.stored));
    let _ = writeln!(
        out,
        "# HELP etalage_events_dropped_total Events not stored, by reason."
    );
    let _ = writeln!(out, "# TYPE etalage_events_dropped_total counter");
    for (reason, c) in [
        ("bot", &m.dropped_bot),
        ("unknown_site", &m.dropped_unknown_site),
        ("invalid", &m.dropped_invalid),
        ("rate_limited", &m.dropped_rate_limited),
        ("too_large", &m.dropped_too_large),
    ] {
        let _ = writeln!(
            out,
            "etalage_events_dropped_total{{reason=\"{reason}\"}} {}",
            get(c)
        );
    }
    let _ = writeln!(
        out,
        "# HELP etalage_log_lag_events Events in the durable log not yet in the store."
    );
    let _ = writeln!(out, "# TYPE etalage_log_lag_events gauge");
    let _ = writeln!(out, "etalage_log_lag_events {}", m.log_lag());
    let t = &state.query_timer;
    let _ = writeln!(
        out,
        "# HELP etalage_query_duration_seconds Latency of stats API queries."
    );
    let _ = writeln!(out, "# TYPE etalage_query_duration_seconds histogram");
    for (i, b) in BUCKETS.iter().enumerate() {
        let _ = writeln!(
            out,
            "etalage_query_duration_seconds_bucket{{le=\"{b}\"}} {}",
            get(&t.buckets[i])
        );
    }
    let _ = writeln!(
        out,
        "etalage_query_duration_seconds_bucket{{le=\"+Inf\"}} {}",
        get(&t.count)
    );
    let _ = writeln!(
        out,
        "etalage_query_duration_seconds_sum {}",
        get(&t.sum_micros) as f64 / 1e6
    );
    let _ = writeln!(
        out,
        "etalage_query_duration_seconds_count {}",
        get(&t.count)
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}
