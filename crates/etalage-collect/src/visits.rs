//! Sessionisation at ingest: a visit is a visitor's run of events with no
//! gap over 30 minutes. The first event of a visit decides its acquisition
//! (source, referrer, UTM), which every later event of the visit carries.
use chrono::{DateTime, Duration, Utc};
use etalage_core::Visit;
use siphasher::sip::SipHasher13;
use std::collections::hash_map::Entry;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// The longest gap between two events of one visit.
pub const VISIT_TIMEOUT: Duration = Duration::minutes(30);

struct Open {
    visit_id: u64,
    last_ts: DateTime<Utc>,
    /// The visit's acquisition, in [`Acquisitions`].
    acquisition: u32,
}

/// The distinct acquisitions of open visits, each kept once: far fewer
/// than visits (most share "Direct / None" or a search engine), and an
/// open visit then holds a number instead of eight strings.
#[derive(Default)]
struct Acquisitions {
    list: Vec<Visit>,
    /// Numbers in `list` by a keyed hash of the acquisition; on a clash the
    /// next hash value is tried (`Visit` is not `Hash`, so it cannot be a
    /// key itself).
    index: HashMap<u64, u32, BuildHasherDefault<rustc_hash::FxHasher>>,
    keys: RandomState,
}

impl Acquisitions {
    fn hash(&self, visit: &Visit) -> u64 {
        // Destructured, so a new field of `Visit` cannot be forgotten here.
        let Visit {
            source,
            channel,
            referrer,
            utm_source,
            utm_medium,
            utm_campaign,
            utm_term,
            utm_content,
        } = visit;
        let mut h = self.keys.build_hasher();
        (source, channel, referrer, utm_source).hash(&mut h);
        (utm_medium, utm_campaign, utm_term, utm_content).hash(&mut h);
        h.finish()
    }

    /// The number of `visit`, added if new; `hint` is a number to try
    /// first (consecutive visits often arrive the same way).
    fn intern(&mut self, visit: &Visit, hint: Option<u32>) -> u32 {
        if let Some(h) = hint {
            if self.list[h as usize] == *visit {
                return h;
            }
        }
        let mut key = self.hash(visit);
        loop {
            match self.index.get(&key) {
                Some(&n) if self.list[n as usize] == *visit => return n,
                Some(_) => key = key.wrapping_add(1),
                None => break,
            }
        }
        let n = u32::try_from(self.list.len()).expect("fewer than 2^32 open visits");
        self.list.push(visit.clone());
        self.index.insert(key, n);
        n
    }

    fn get(&self, n: u32) -> &Visit {
        &self.list[n as usize]
    }
}

/// Open visits by (site, visitor). Visitor ids are already keyed hashes
/// (of a secret daily salt), so the map needs no hashing of its own that
/// resists chosen keys: a multiply-and-rotate hasher spreads them enough, at
/// a fraction of SipHash's cost for a bulk import's million lookups.
#[derive(Default)]
pub struct VisitTracker {
    open: HashMap<(u32, u64), Open, BuildHasherDefault<rustc_hash::FxHasher>>,
    acquisitions: Acquisitions,
    /// The acquisition of the last visit started.
    last_acquisition: Option<u32>,
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

/// `*to = from.clone()`, reusing `to`'s strings (the derived `Clone` of
/// `Visit` has no field-wise `clone_from`).
fn copy_visit(to: &mut Visit, from: &Visit) {
    // Destructured, so a new field of `Visit` cannot be forgotten here.
    let Visit {
        source,
        channel,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
    } = from;
    to.source.clone_from(source);
    to.channel.clone_from(channel);
    to.referrer.clone_from(referrer);
    to.utm_source.clone_from(utm_source);
    to.utm_medium.clone_from(utm_medium);
    to.utm_campaign.clone_from(utm_campaign);
    to.utm_term.clone_from(utm_term);
    to.utm_content.clone_from(utm_content);
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
        let acquisition = self.acquisitions.intern(&visit, None);
        self.open.insert(
            (site_id, visitor_id),
            Open {
                visit_id,
                last_ts,
                acquisition,
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
        let mut visit = landing;
        let visit_id = self.assign_in_place(site_id, visitor_id, ts, &mut visit);
        (visit_id, visit)
    }

    /// [`VisitTracker::assign`] on an event's own acquisition: `visit` comes
    /// in as the event's landing acquisition and leaves as its visit's,
    /// copied into the strings already there and only when it differs, so
    /// a bulk import does not allocate per event.
    pub fn assign_in_place(
        &mut self,
        site_id: u32,
        visitor_id: u64,
        ts: DateTime<Utc>,
        visit: &mut Visit,
    ) -> u64 {
        self.since_prune += 1;
        if self.since_prune >= 100_000 {
            self.prune(ts);
        }
        match self.open.entry((site_id, visitor_id)) {
            Entry::Occupied(mut entry) if ts - entry.get().last_ts <= VISIT_TIMEOUT => {
                let open = entry.get_mut();
                if ts > open.last_ts {
                    open.last_ts = ts;
                }
                let kept = self.acquisitions.get(open.acquisition);
                if *visit != *kept {
                    copy_visit(visit, kept);
                }
                open.visit_id
            }
            entry => {
                let acquisition = self.acquisitions.intern(visit, self.last_acquisition);
                self.last_acquisition = Some(acquisition);
                let visit_id = new_visit_id(site_id, visitor_id, ts);
                entry.insert_entry(Open {
                    visit_id,
                    last_ts: ts,
                    acquisition,
                });
                visit_id
            }
        }
    }

    /// Forgets visits that ended before `now` − 30 minutes, and the
    /// acquisitions only they had.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.open.retain(|_, o| now - o.last_ts <= VISIT_TIMEOUT);
        self.since_prune = 0;
        if self.acquisitions.list.len() > (2 * self.open.len()).max(1_024) {
            self.renumber_acquisitions();
        }
    }

    /// Keeps only the acquisitions of open visits.
    fn renumber_acquisitions(&mut self) {
        let mut old = std::mem::take(&mut self.acquisitions.list);
        self.acquisitions.index.clear();
        let mut renumbered = vec![u32::MAX; old.len()];
        for open in self.open.values_mut() {
            let n = &mut renumbered[open.acquisition as usize];
            if *n == u32::MAX {
                *n = self
                    .acquisitions
                    .intern(&std::mem::take(&mut old[open.acquisition as usize]), None);
            }
            open.acquisition = *n;
        }
        self.last_acquisition = None;
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

    #[test]
    fn visits_keep_their_acquisition_across_pruning() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap();
        let landing = |i: u64| Visit {
            source: format!("source {}", i % 3_000),
            channel: "referral".into(),
            referrer: Some(format!("ref{i}.example")),
            ..Visit::default()
        };
        let mut t = VisitTracker::new();
        let mut first = Vec::new();
        // 3,000 visitors land at t0 in distinct ways; visitors 0..10 stay
        // active every 10 minutes while 500 others send 240,000 events
        // (pruning twice, and renumbering the acquisitions).
        for i in 0..3_000u64 {
            first.push(t.assign(1, i, t0, landing(i)));
        }
        for step in 1..=12i64 {
            let ts = t0 + Duration::minutes(10 * step);
            for i in 0..20_000u64 {
                t.assign(1, 1_000_000 + i % 500, ts, landing(5));
            }
            for i in 0..10u64 {
                let mut v = Visit::default();
                let id = t.assign_in_place(1, i, ts, &mut v);
                assert_eq!(
                    (id, &v),
                    (first[i as usize].0, &landing(i)),
                    "visitor {i} at step {step}"
                );
            }
        }
        assert!(
            t.acquisitions.list.len() < 3_000,
            "unused acquisitions are dropped"
        );
        // A visitor who left at t0 starts a new visit with its own landing.
        let (id, v) = t.assign(1, 20, t0 + Duration::hours(3), landing(99));
        assert_ne!(id, first[20].0);
        assert_eq!(v, landing(99));
    }
}
