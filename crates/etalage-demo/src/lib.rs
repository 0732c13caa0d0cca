//! Deterministic demo data for etalage: thirteen months of traffic, sign-ups
//! and orders of **fietsen.example**, a fictional Belgian bicycle shop
//! selling bikes, e-bikes, parts, accessories and clothing.
//!
//! The data follows a retail year (spring cycling season, Mother's Day,
//! summer sales, Black Friday to Cyber Monday, the December peak, a quiet
//! January), a week (busy Monday to Thursday, quiet Saturday, Sunday
//! evening peak) and a day (lunch and evening peaks), with about 15 % growth
//! a year, so "same period last year" comparisons have something to show.
//! Sources, devices, countries, the checkout funnel and the goals look like
//! what etalage's own collector would have recorded.
//!
//! The shop's books follow from that traffic: every tracked `purchase`
//! (GA4's event, which the "Purchase" goal counts) is one webshop order with
//! the same number, time and total, so `sales` counts each sale once;
//! marketplace and shop-counter sales come on top. Customers mostly buy
//! once, a loyal minority comes back; clothing is sent back at a fashion
//! rate (about 27 % of units), the rest rarely; marketing spend follows the
//! paid visits per day, channel and campaign. Prices include 21 % VAT.
//!
//! The same [`DemoOptions`] always give the same events: every day is drawn
//! from its own ChaCha8 stream seeded by (seed, day), and visitor ids are
//! derived from (seed, UTC day, visitor index), so they change every UTC
//! day as real ones do.
//!
//! ```
//! use chrono::NaiveDate;
//! use etalage_demo::{generate, DemoOptions, DEMO_DOMAIN};
//! use etalage_store::{DuckDbStore, Store};
//!
//! let store = DuckDbStore::open_in_memory().unwrap();
//! let opts = DemoOptions {
//!     end: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
//!     months: 1,
//!     target_events: 5_000,
//!     ..DemoOptions::default()
//! };
//! let report = generate(&store, &opts).unwrap();
//! assert!(report.events > 4_000 && report.events < 6_000);
//! assert_eq!(store.site_by_domain(DEMO_DOMAIN).unwrap().unwrap().id, report.site_id);
//! assert_eq!(store.goals(report.site_id).unwrap().len(), 5);
//! ```
#![deny(missing_docs)]

mod calendar;
mod catalog;
mod plan;
mod shop;
mod traffic;

pub use calendar::{black_friday, mothers_day};
pub use plan::{DayCounts, DemoPlan};

use chrono::{NaiveDate, Utc};
use etalage_core::commerce::EVENT_PURCHASE;
use etalage_core::{Domain, Event, GoalClass, GoalTrigger, Money, PagePattern, Timezone};
use etalage_store::{Store, StoreError};
use serde::Serialize;
use std::sync::mpsc;
use std::time::Instant;

/// The domain of the demo shop.
pub const DEMO_DOMAIN: &str = "fietsen.example";

/// The time zone of the demo shop, in which its days and hours are drawn.
pub const DEMO_TIMEZONE: &str = "Europe/Brussels";

/// Events handed to the store per `insert_events` call.
const BATCH_EVENTS: usize = 100_000;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of the random streams; the same options give the same events.
    pub seed: u64,
    /// The last day (in Europe/Brussels) with events; whole days are
    /// generated, so events of `end` may lie after the current time.
    pub end: NaiveDate,
    /// Number of months of data, ending at `end` (default 13: a year and
    /// the same month of last year).
    pub months: u32,
    /// Approximate number of events (within a few per cent).
    pub target_events: usize,
}

impl Default for DemoOptions {
    /// Seed 42, ending today (UTC), 13 months, about 1.2 million events.
    fn default() -> Self {
        DemoOptions {
            seed: 42,
            end: Utc::now().date_naive(),
            months: 13,
            target_events: 1_200_000,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    /// Id of the demo site.
    pub site_id: u32,
    /// Events written.
    pub events: u64,
    /// Visits written.
    pub visits: u64,
    /// Sum over the days of each day's distinct visitor ids.
    pub visitors_approx: u64,
    /// First day with events.
    pub first_day: NaiveDate,
    /// Last day with events.
    pub last_day: NaiveDate,
    /// Products written (the catalogue and a few slow movers).
    pub products: u64,
    /// Customers written.
    pub customers: u64,
    /// Orders written: one per tracked purchase, plus marketplace and
    /// shop-counter sales.
    pub orders: u64,
    /// Returns written.
    pub returns: u64,
    /// Marketing spend rows written.
    pub spend_rows: u64,
    /// Wall time of the generation, storage included.
    pub elapsed_ms: u64,
    /// Of that, the time spent building and storing the shop's books.
    pub books_ms: u64,
}

/// Why demo data could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// An option is out of range.
    #[error("invalid demo options: {0}")]
    InvalidOptions(String),
    /// The demo site has events already; generating again would double them.
    #[error("the demo site {0} already has events; start from an empty data directory to generate it again")]
    AlreadyGenerated(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The demo shop's goals: (name, trigger, class, value in EUR).
fn demo_goals() -> Vec<(&'static str, GoalTrigger, GoalClass, Option<&'static str>)> {
    let page = |p: &str| GoalTrigger::Page(PagePattern::parse(p).expect("valid page pattern"));
    let event = |e: &str| GoalTrigger::Event(e.to_owned());
    vec![
        (
            "Newsletter signup",
            event("Newsletter signup"),
            GoalClass::Soft,
            None,
        ),
        (
            "Contact request",
            page("/contact/bedankt"),
            GoalClass::Hard,
            Some("40"),
        ),
        // The goal keeps its name; it counts GA4's `purchase` event, which the
        // store also records as a sale (`tracked_purchases`, `sales`).
        ("Purchase", event(EVENT_PURCHASE), GoalClass::Hard, None),
        ("Add to cart", event("add_to_cart"), GoalClass::Soft, None),
        ("Begin checkout", page("/afrekenen"), GoalClass::Soft, None),
    ]
}

/// Creates the site [`DEMO_DOMAIN`] (Europe/Brussels) and its goals when
/// absent, writes the planned events into `store` in batches of about
/// 100,000, then the shop's products, customers, orders, returns and
/// marketing spend through its upserts. Fails with [`DemoError::AlreadyGenerated`] when the site has
/// events, so running it twice never doubles the data.
///
/// Generation runs on a second thread while the store appends the previous
/// batch; at most three batches are in memory at once.
pub fn generate(store: &dyn Store, opts: &DemoOptions) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    let plan = DemoPlan::new(opts)?;
    let site = match store.site_by_domain(DEMO_DOMAIN)? {
        Some(site) => site,
        None => {
            let domain = Domain::parse(DEMO_DOMAIN).expect("valid domain");
            let tz = Timezone::parse(DEMO_TIMEZONE).expect("valid time zone");
            store.add_site(&domain, tz)?
        }
    };
    if store.first_event(site.id)?.is_some() {
        return Err(DemoError::AlreadyGenerated(DEMO_DOMAIN.to_owned()));
    }
    let existing: Vec<String> = store.goals(site.id)?.into_iter().map(|g| g.name).collect();
    for (name, trigger, class, value) in demo_goals() {
        if !existing.iter().any(|n| n == name) {
            let value = value.map(|v| Money::parse(v, "EUR").expect("valid amount"));
            store.add_goal(site.id, name, &trigger, class, value)?;
        }
    }

    let site_id = site.id;
    let mut totals = DayCounts::default();
    let mut ledger = shop::Ledger::default();
    std::thread::scope(|scope| -> Result<(), DemoError> {
        // One batch queued while one is being filled and one written.
        let (tx, rx) = mpsc::sync_channel::<Vec<Event>>(1);
        let plan = &plan;
        let producer = scope.spawn(move || {
            let mut totals = DayCounts::default();
            let mut ledger = shop::Ledger::default();
            let mut batch = Vec::with_capacity(BATCH_EVENTS + BATCH_EVENTS / 4);
            for day in plan.days() {
                let from = batch.len();
                let c = plan.append_day(site_id, day, &mut batch);
                ledger.observe(day, &batch[from..]);
                totals.events += c.events;
                totals.visits += c.visits;
                totals.visitors += c.visitors;
                if batch.len() >= BATCH_EVENTS {
                    let full = std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(BATCH_EVENTS + BATCH_EVENTS / 4),
                    );
                    if tx.send(full).is_err() {
                        // The writer stopped on an error; it reports it.
                        return (totals, ledger);
                    }
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            (totals, ledger)
        });
        let mut result = Ok(());
        for batch in rx {
            if let Err(e) = store.insert_events(&batch, None) {
                result = Err(DemoError::Store(e));
                break;
            }
        }
        // Dropping the receiver (the loop consumed it) unblocks the producer.
        (totals, ledger) = producer.join().expect("the demo generator thread panicked");
        result
    })?;

    // The shop's books follow from the purchases the traffic recorded.
    let books_started = Instant::now();
    let books = shop::build(opts.seed, ledger, plan.first_day(), plan.last_day());
    let counts = shop::write(store, site_id, &books)?;

    Ok(DemoReport {
        site_id,
        events: totals.events,
        visits: totals.visits,
        visitors_approx: totals.visitors,
        first_day: plan.first_day(),
        last_day: plan.last_day(),
        products: counts.products,
        customers: counts.customers,
        orders: counts.orders,
        returns: counts.returns,
        spend_rows: counts.spend_rows,
        elapsed_ms: started.elapsed().as_millis() as u64,
        books_ms: books_started.elapsed().as_millis() as u64,
    })
}
