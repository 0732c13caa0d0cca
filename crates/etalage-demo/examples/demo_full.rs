//! Generates demo data into a DuckDB file and prints the report as JSON.
//!
//! ```sh
//! cargo run --release -p etalage-demo --example demo_full -- /tmp/demo.duckdb 1200000
//! ```
use etalage_demo::{generate, DemoOptions};
use etalage_store::DuckDbStore;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "demo.duckdb".to_owned()));
    let target_events = args
        .next()
        .map_or(1_200_000, |s| s.parse().expect("target_events is a number"));
    let store = DuckDbStore::open(&path).expect("open the database");
    let opts = DemoOptions {
        target_events,
        ..DemoOptions::default()
    };
    let report = generate(&store, &opts).expect("generate the demo data");
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("serialise the report")
    );
}
