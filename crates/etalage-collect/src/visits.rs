//! Sessionisation at ingest: a visit is a visitor's run of events with no
//! gap over 30 minutes. The first event of a visit decides its acquisition
//! (source, referrer, UTM), which every later event of the visit carries.
use chrono::{DateTime, Duration, Utc};
use etalage_core::Visit;
use siphasher::sip::SipHasher13;
use std::collections::HashMap;
use std::hash::Hasher;

/// The longest gap between two events of one visit.
pub const VISIT_TIMEOUT: Duration = Duration::minutes(30);

struct Open {
    visit_id: u64,
    last_ts: DateTime<Utc>,
    visit: Visit,
}

/// Open visits by (site, visitor).
#[derive(Default)]
pub struct VisitTracker {
    open: HashMap<(u32, u64), Open>,
    since_prune: usize,
}

/// The id of a visit of `visitor_id` on `site_id` that starts at `ts`.
fn new_visit_id(site_id: u32, visitor_id: u64, ts: DateTime<Utc>) -> u64 {
    let mut h = SipHasher13::new_with_keys(0x6574_616c_6167_6521, 0x7669_7369_7473_2121);
    h.write_u32(site_id);
    h.write_u64(visitor_id);
    h.write_i64(ts.timestamp_micros());
    h.finish()
}

impl VisitTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Continues a visit known from storage (after a restart).
    pub fn restore(
        &mut self,
        site_id: u32,
        visitor_id: u64,
        visit_id: u64,
        last_ts: DateTime<Utc>,
        visit: Visit,
    ) {
        self.open.insert(
            (site_id, visitor_id),
            Open {
                visit_id,
                last_ts,
                visit,
            },
        );
    }

    /// Assigns an event at `ts` to a visit: the visitor's open visit when
    /// its last event is at most 30 minutes earlier, else a new visit whose
    /// acquisition is `landing`. Returns the visit id and acquisition.
    pub fn assign(
        &mut self,
        site_id: u32,
        visitor_id: u64,
        ts: DateTime<Utc>,
        landing: Visit,
    ) -> (u64, Visit) {
        self.since_prune += 1;
        if self.since_prune >= 100_000 {
            self.prune(ts);
        }
        match self.open.get_mut(&(site_id, visitor_id)) {
            Some(open) if ts - open.last_ts <= VISIT_TIMEOUT => {
                if ts > open.last_ts {
                    open.last_ts = ts;
                }
                (open.visit_id, open.visit.clone())
            }
            _ => {
                let visit_id = new_visit_id(site_id, visitor_id, ts);
                self.open.insert(
                    (site_id, visitor_id),
                    Open {
                        visit_id,
                        last_ts: ts,
                        visit: landing.clone(),
                    },
                );
                (visit_id, landing)
            }
        }
    }

    /// Forgets visits that ended before `now` − 30 minutes.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.open.retain(|_, o| now - o.last_ts <= VISIT_TIMEOUT);
        self.since_prune = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn splits_on_gaps_over_thirty_minutes() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap();
        let mut t = VisitTracker::new();
        let google = Visit {
            source: "Google".into(),
            ..Visit::default()
        };
        let direct = Visit {
            source: "Direct / None".into(),
            ..Visit::default()
        };
        let (v1, a1) = t.assign(1, 7, t0, google.clone());
        let (v2, a2) = t.assign(1, 7, t0 + Duration::minutes(30), direct.clone());
        assert_eq!(
            (v1, &a1),
            (v2, &google),
            "exactly 30 minutes continues, keeping the landing source"
        );
        assert_eq!(a2, google);
        let (v3, a3) = t.assign(1, 7, t0 + Duration::minutes(61), direct.clone());
        assert_ne!(v3, v1, "a gap over 30 minutes starts a new visit");
        assert_eq!(a3, direct);
        let (v4, _) = t.assign(2, 7, t0, direct);
        assert_ne!(v4, v1, "visits are per site");
    }
}
