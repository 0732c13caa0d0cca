//! `etalage demo`: a data directory with the demo shop, made when absent.
use crate::data_dir::DataDir;
use etalage_demo::{generate, DemoOptions, DEMO_DOMAIN};
use etalage_store::{DuckDbStore, Store};

/// The demo owner's e-mail address.
pub const DEMO_EMAIL: &str = "demo@fietsen.example";

/// Generates the demo shop into `dir` unless it is already there, and the
/// demo owner; returns the owner's e-mail and password.
pub fn prepare(dir: &DataDir, seed: u64, events: usize) -> anyhow::Result<(String, String)> {
    let store = DuckDbStore::open(&dir.database())?;
    let credentials = demo_owner(dir, &store)?;
    generate_shop(dir, &store, seed, events)?;
    Ok(credentials)
}

/// The demo owner: created with a random password on first use; the
/// password is kept in the demo data dir so later runs can print it again.
fn demo_owner(dir: &DataDir, store: &DuckDbStore) -> anyhow::Result<(String, String)> {
    use etalage_store::AccountStore;
    let file = dir.path().join("demo-password.txt");
    if store.user_count()? > 0 {
        let password = std::fs::read_to_string(&file)
            .unwrap_or_default()
            .trim()
            .to_string();
        return Ok((DEMO_EMAIL.to_string(), password));
    }
    let password = etalage_web::new_token()[4..20].to_string();
    etalage_web::add_user(store, DEMO_EMAIL, &password).map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&file, &password)?;
    Ok((DEMO_EMAIL.to_string(), password))
}

fn generate_shop(
    dir: &DataDir,
    store: &DuckDbStore,
    seed: u64,
    events: usize,
) -> anyhow::Result<()> {
    if let Some(site) = store.site_by_domain(DEMO_DOMAIN)? {
        if store.first_event(site.id)?.is_some() {
            eprintln!("using the demo data in {}", dir.path().display());
            return Ok(());
        }
    }
    eprintln!(
        "generating the demo shop {DEMO_DOMAIN} in {} …",
        dir.path().display()
    );
    let opts = DemoOptions {
        seed,
        target_events: events,
        ..DemoOptions::default()
    };
    let report = generate(store, &opts)?;
    eprintln!(
        "generated {} events in {} visits and {} orders of {} customers ({} to {}) in {:.1} s",
        report.events,
        report.visits,
        report.orders,
        report.customers,
        report.first_day,
        report.last_day,
        report.elapsed_ms as f64 / 1000.0
    );
    Ok(())
}
