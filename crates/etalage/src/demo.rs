//! `etalage demo`: a data directory with the demo shop, made when absent.
use crate::data_dir::DataDir;
use etalage_demo::{generate, DemoOptions, DEMO_DOMAIN};
use etalage_store::{DuckDbStore, Store};

/// Generates the demo shop into `dir` unless it is already there.
pub fn prepare(dir: &DataDir, seed: u64, events: usize) -> anyhow::Result<()> {
    let store = DuckDbStore::open(&dir.database())?;
    if let Some(site) = store.site_by_domain(DEMO_DOMAIN)? {
        if store.first_event(site.id)?.is_some() {
            eprintln!("using the demo data in {}", dir.path().display());
            return Ok(());
        }
    }
    eprintln!("generating the demo shop {DEMO_DOMAIN} in {} …", dir.path().display());
    let opts = DemoOptions { seed, target_events: events, ..DemoOptions::default() };
    let report = generate(&store, &opts)?;
    eprintln!(
        "generated {} events in {} visits ({} to {}) in {:.1} s",
        report.events,
        report.visits,
        report.first_day,
        report.last_day,
        report.elapsed_ms as f64 / 1000.0
    );
    Ok(())
}
