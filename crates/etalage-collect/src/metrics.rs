//! Counters the collector keeps for `GET /metrics`.
use std::sync::atomic::{AtomicU64, Ordering};

/// Ingest counters, shared between the HTTP layer and the collector.
#[derive(Default, Debug)]
pub struct CollectMetrics {
    /// Events made durable (answered 202).
    pub accepted: AtomicU64,
    /// Events written to the store.
    pub stored: AtomicU64,
    /// Dropped: bots.
    pub dropped_bot: AtomicU64,
    /// Dropped: unknown site domain.
    pub dropped_unknown_site: AtomicU64,
    /// Dropped: invalid body.
    pub dropped_invalid: AtomicU64,
    /// Dropped: rate limited.
    pub dropped_rate_limited: AtomicU64,
    /// Dropped: body too large.
    pub dropped_too_large: AtomicU64,
}

impl CollectMetrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Events accepted but not yet in the store.
    pub fn log_lag(&self) -> u64 {
        self.accepted
            .load(Ordering::Relaxed)
            .saturating_sub(self.stored.load(Ordering::Relaxed))
    }
}
