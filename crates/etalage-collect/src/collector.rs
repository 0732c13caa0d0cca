//! The live collector: enrich, hash, sessionise, make durable, batch-write.
//!
//! ```text
//! request ─► Collector::collect ─► log thread (group commit, fsync) ─► 202
//!                                        │
//!                                        └─► pending ─► flusher thread ─► store (with checkpoint)
//! ```
use crate::enrich::{BotReason, GeoDb};
use crate::enricher::{Enriched, Enricher};
use crate::log::{self, LogWriter};
use crate::metrics::CollectMetrics;
use crate::payload::IncomingEvent;
use crate::salt::SaltKeeper;
use crate::sites::SiteIndex;
use crate::visitor::visitor_id;
use crate::visits::{VisitTracker, VISIT_TIMEOUT};
use chrono::{DateTime, Utc};
use etalage_core::Event;
use etalage_store::{Checkpoint, Site, Store};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use thiserror::Error;

/// Why an event was not accepted.
#[derive(Debug, Error)]
pub enum CollectError {
    /// None of the event's domains is a registered site.
    #[error("no site is registered for the domain {0}; add it with `etalage site add {0}`")]
    UnknownSite(String),
    /// The durable log could not be written.
    #[error("the event could not be stored: {0}")]
    Storage(String),
}

/// What happened to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Durable; `n` events (one per matching site).
    Accepted(usize),
    /// Dropped as a bot.
    Bot(BotReason),
}

enum LogRequest {
    Append(Vec<Event>, tokio::sync::oneshot::Sender<Result<(), String>>),
    Shutdown(tokio::sync::oneshot::Sender<()>),
}

#[derive(Default)]
struct Pending {
    events: Vec<Event>,
    checkpoint: Option<Checkpoint>,
    closing: bool,
}

type Shared = Arc<(Mutex<Pending>, Condvar)>;

/// What handlers share and change: the daily salts and the open visits.
/// Held only to read a salt and to assign visits; enrichment runs outside.
struct State {
    salts: SaltKeeper,
    visits: VisitTracker,
}

/// Options for the batch writer.
#[derive(Debug, Clone, Copy)]
pub struct FlushPolicy {
    /// Write when this many events are pending.
    pub max_events: usize,
    /// Write at least this often when events are pending.
    pub interval: Duration,
}

impl Default for FlushPolicy {
    fn default() -> Self {
        FlushPolicy {
            max_events: 20_000,
            interval: Duration::from_millis(500),
        }
    }
}

/// The live ingest pipeline of a server.
pub struct Collector {
    store: Arc<dyn Store>,
    sites: Mutex<SiteIndex>,
    enricher: Enricher,
    state: Mutex<State>,
    log_tx: mpsc::Sender<LogRequest>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    metrics: Arc<CollectMetrics>,
}

impl Collector {
    /// Replays the log in `data_dir/log` into the store, restores today's
    /// open visits, and starts the log and flusher threads.
    pub fn start(
        store: Arc<dyn Store>,
        data_dir: &Path,
        geo: Option<GeoDb>,
        metrics: Arc<CollectMetrics>,
        policy: FlushPolicy,
    ) -> Result<Self, CollectError> {
        let log_dir = data_dir.join("log");
        let storage = |e: &dyn std::fmt::Display| CollectError::Storage(e.to_string());
        let replayed = replay_log(store.as_ref(), &log_dir).map_err(|e| storage(&e))?;
        if replayed > 0 {
            tracing::info!(replayed, "replayed events from the ingest log");
        }
        let writer = LogWriter::create(&log_dir).map_err(|e| storage(&e))?;
        // Everything before the new segment is now in the store.
        log::remove_applied(
            &log_dir,
            Checkpoint {
                segment: writer.segment(),
                offset: 0,
            },
        )
        .map_err(|e| storage(&e))?;
        let mut visits = VisitTracker::new();
        let now = Utc::now();
        for v in store
            .open_visits(now - VISIT_TIMEOUT)
            .map_err(|e| storage(&e))?
        {
            visits.restore(v.site_id, v.visitor_id, v.visit_id, v.last_ts, v.visit);
        }
        let state = State {
            salts: SaltKeeper::open(data_dir).map_err(|e| storage(&e))?,
            visits,
        };
        let shared: Shared = Arc::new((Mutex::new(Pending::default()), Condvar::new()));
        let (log_tx, log_rx) = mpsc::channel();
        let log_thread = {
            let shared = shared.clone();
            let metrics = metrics.clone();
            std::thread::Builder::new()
                .name("etalage-log".into())
                .spawn(move || log_loop(writer, log_rx, shared, metrics, policy))
                .map_err(|e| storage(&e))?
        };
        let flush_thread = {
            let store = store.clone();
            let metrics = metrics.clone();
            std::thread::Builder::new()
                .name("etalage-flush".into())
                .spawn(move || flush_loop(store, shared, metrics, policy, log_dir))
                .map_err(|e| storage(&e))?
        };
        let sites = SiteIndex::load(store.as_ref()).map_err(|e| storage(&e))?;
        Ok(Collector {
            store,
            sites: Mutex::new(sites),
            enricher: Enricher::new(geo),
            state: Mutex::new(state),
            log_tx,
            threads: Mutex::new(vec![log_thread, flush_thread]),
            metrics,
        })
    }

    /// The counters.
    pub fn metrics(&self) -> &Arc<CollectMetrics> {
        &self.metrics
    }

    /// Tells the collector that sites were added, renamed or removed: the
    /// next event reads them again, so a new domain is accepted and an old
    /// one refused at once, without a restart.
    pub fn sites_changed(&self) {
        self.sites
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .mark_changed();
    }

    fn site(&self, domain: &str) -> Option<Site> {
        let key = SiteIndex::key(domain)?;
        self.sites
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .site(self.store.as_ref(), &key)
    }

    /// Accepts one event received now; resolves once it is durable.
    pub async fn collect(
        &self,
        incoming: IncomingEvent,
        ip: IpAddr,
        user_agent: &str,
    ) -> Result<Outcome, CollectError> {
        self.collect_at(incoming, ip, user_agent, Utc::now()).await
    }

    /// Accepts one event as if received at `ts` (tests and replays).
    pub async fn collect_at(
        &self,
        incoming: IncomingEvent,
        ip: IpAddr,
        user_agent: &str,
        ts: DateTime<Utc>,
    ) -> Result<Outcome, CollectError> {
        let sites: Vec<Site> = incoming
            .domains
            .iter()
            .filter_map(|d| self.site(d))
            .collect();
        if sites.is_empty() {
            CollectMetrics::inc(&self.metrics.dropped_unknown_site);
            return Err(CollectError::UnknownSite(incoming.domains.join(",")));
        }
        let salt = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .salts
            .salt_for(ts.date_naive())
            .map_err(|e| CollectError::Storage(e.to_string()))?;
        let mut events = Vec::with_capacity(sites.len());
        for site in &sites {
            match self.enricher.enrich(&incoming, site.id, ts, ip, user_agent) {
                Enriched::Bot(reason) => {
                    CollectMetrics::inc(&self.metrics.dropped_bot);
                    return Ok(Outcome::Bot(reason));
                }
                Enriched::Event(mut e) => {
                    e.visitor_id = visitor_id(&salt, site.id, ip, user_agent);
                    events.push(*e);
                }
            }
        }
        {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            for e in &mut events {
                let landing = std::mem::take(&mut e.visit);
                let (visit_id, visit) = st.visits.assign(e.site_id, e.visitor_id, ts, landing);
                e.visit_id = visit_id;
                e.visit = visit;
            }
        }
        let n = events.len();
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.log_tx
            .send(LogRequest::Append(events, tx))
            .map_err(|_| CollectError::Storage("the server is shutting down".into()))?;
        match rx.await {
            Ok(Ok(())) => Ok(Outcome::Accepted(n)),
            Ok(Err(e)) => Err(CollectError::Storage(e)),
            Err(_) => Err(CollectError::Storage("the ingest log stopped".into())),
        }
    }

    /// Flushes everything to the store and stops the threads.
    pub async fn shutdown(&self) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self.log_tx.send(LogRequest::Shutdown(tx)).is_ok() {
            let _ = rx.await;
        }
        let threads: Vec<JoinHandle<()>> =
            std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
        let _ = tokio::task::spawn_blocking(move || {
            for t in threads {
                let _ = t.join();
            }
        })
        .await;
    }
}

/// Moves log records after the store's checkpoint into the store.
fn replay_log(store: &dyn Store, dir: &Path) -> Result<usize, String> {
    let from = store.checkpoint().map_err(|e| e.to_string())?;
    let mut batch: Vec<Event> = Vec::new();
    let mut last = None;
    let mut total = 0;
    log::replay(dir, from, |payload, cp| {
        let e: Event = serde_json::from_slice(payload).map_err(std::io::Error::other)?;
        batch.push(e);
        last = Some(cp);
        if batch.len() >= 50_000 {
            total += batch.len();
            store
                .insert_events(&batch, last)
                .map_err(std::io::Error::other)?;
            batch.clear();
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    if let Some(cp) = last {
        total += batch.len();
        store
            .insert_events(&batch, Some(cp))
            .map_err(|e| e.to_string())?;
    }
    Ok(total)
}

fn log_loop(
    mut writer: LogWriter,
    rx: mpsc::Receiver<LogRequest>,
    shared: Shared,
    metrics: Arc<CollectMetrics>,
    policy: FlushPolicy,
) {
    let mut shutdown_ack = None;
    while let Ok(first) = rx.recv() {
        let mut requests = vec![first];
        while requests.len() < 4096 {
            match rx.try_recv() {
                Ok(r) => requests.push(r),
                Err(_) => break,
            }
        }
        let mut events = Vec::new();
        let mut acks = Vec::new();
        for r in requests {
            match r {
                LogRequest::Append(evs, ack) => {
                    events.extend(evs);
                    acks.push(ack);
                }
                LogRequest::Shutdown(ack) => shutdown_ack = Some(ack),
            }
        }
        if !events.is_empty() {
            let payloads: Vec<Vec<u8>> = events
                .iter()
                .map(|e| serde_json::to_vec(e).unwrap_or_default())
                .collect();
            match writer.append(&payloads) {
                Ok(cp) => {
                    let n = events.len();
                    let (lock, cv) = &*shared;
                    let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
                    p.events.extend(events);
                    p.checkpoint = Some(cp);
                    if p.events.len() >= policy.max_events {
                        cv.notify_one();
                    }
                    drop(p);
                    metrics.accepted.fetch_add(n as u64, Ordering::Relaxed);
                    for ack in acks {
                        let _ = ack.send(Ok(()));
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot write the ingest log");
                    for ack in acks {
                        let _ = ack.send(Err(e.to_string()));
                    }
                }
            }
        }
        if shutdown_ack.is_some() {
            break;
        }
    }
    let (lock, cv) = &*shared;
    lock.lock().unwrap_or_else(|e| e.into_inner()).closing = true;
    cv.notify_one();
    if let Some(ack) = shutdown_ack {
        let _ = ack.send(());
    }
}

fn flush_loop(
    store: Arc<dyn Store>,
    shared: Shared,
    metrics: Arc<CollectMetrics>,
    policy: FlushPolicy,
    log_dir: PathBuf,
) {
    let (lock, cv) = &*shared;
    loop {
        let (events, checkpoint, closing) = {
            let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
            if p.events.len() < policy.max_events && !p.closing {
                p = cv
                    .wait_timeout(p, policy.interval)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            (std::mem::take(&mut p.events), p.checkpoint, p.closing)
        };
        if !events.is_empty() {
            let mut delay = Duration::from_millis(100);
            loop {
                match store.insert_events(&events, checkpoint) {
                    Ok(()) => {
                        metrics
                            .stored
                            .fetch_add(events.len() as u64, Ordering::Relaxed);
                        if let Some(cp) = checkpoint {
                            let _ = log::remove_applied(&log_dir, cp);
                        }
                        break;
                    }
                    Err(e) => {
                        // The events are safe in the log; keep trying.
                        tracing::error!(error = %e, "cannot write events to the store; retrying");
                        std::thread::sleep(delay);
                        delay = (delay * 2).min(Duration::from_secs(5));
                    }
                }
            }
        }
        if closing
            && lock
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .events
                .is_empty()
        {
            break;
        }
    }
}
