//! The shop's full KPI set (the figures and the previous period's) on an
//! order history imported from a Shopify-format export of N line items,
//! with the tracker's purchase event of every web order:
//! the latency of one KPI page, in process, through the same code as
//! `GET /api/v1/kpis`.
use etalage_store::{DuckDbStore, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Imports `lines` line items (or reuses the history kept in `keep`), then
/// times the KPI set and the KPI page's trend for the last 30 days and for
/// the last 12 months of the history.
pub fn run(bin: &Path, lines: usize, runs: usize, keep: Option<PathBuf>) -> anyhow::Result<()> {
    let dir = match &keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => crate::scratch("kpis")?,
    };
    let marker = dir.join("bench-kpis.json");
    let kept: Option<serde_json::Value> = std::fs::read(&marker)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(|v: &serde_json::Value| {
            v["line_items"] == lines && v["tracked_purchases"].is_u64()
        });
    let (orders, secs, purchases) = match kept {
        Some(v) => (
            v["orders"].as_u64().unwrap_or(0) as usize,
            v["import_seconds"].as_f64().unwrap_or(0.0),
            v["tracked_purchases"].as_u64().unwrap_or(0) as usize,
        ),
        None => {
            let _ = std::fs::remove_file(dir.join("etalage.duckdb"));
            let _ = std::fs::remove_file(dir.join("etalage.duckdb.wal"));
            crate::etalage(bin, &dir, &["site", "add", "bench.example"])?;
            let file = dir.join("orders_export.csv");
            let events = dir.join("purchases.ndjson");
            let (orders, _, purchases) =
                crate::import_orders::write_export_and_purchases(&file, Some(&events), lines)?;
            let (secs, _, _) = crate::import_orders::timed_import(bin, &dir, &file)?;
            // The tracker saw the web shop's purchases: they link to their
            // orders and must not count as sales twice.
            crate::etalage(
                bin,
                &dir,
                &[
                    "import",
                    "events",
                    "--site",
                    "bench.example",
                    &events.to_string_lossy(),
                ],
            )?;
            let _ = std::fs::remove_file(&file);
            let _ = std::fs::remove_file(&events);
            std::fs::write(
                &marker,
                serde_json::json!({"line_items": lines, "orders": orders, "import_seconds": secs,
                                   "tracked_purchases": purchases})
                .to_string(),
            )?;
            (orders, secs, purchases)
        }
    };
    let store = DuckDbStore::open(&dir.join("etalage.duckdb"))?;
    let site = store
        .site_by_domain("bench.example")?
        .ok_or_else(|| anyhow::anyhow!("no site"))?;
    // The generator's orders run from 2025-01-01, one every 47 seconds.
    let last = (chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        + chrono::Duration::seconds(orders as i64 * 47))
    .max(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap());
    let mut out = serde_json::json!({
        "benchmark": "kpis", "line_items": lines, "orders": orders, "tracked_purchases": purchases,
        "import_seconds": (secs * 10.0).round() / 10.0, "runs": runs,
    });
    for (name, days) in [("last_30_days", 30), ("last_12_months", 365)] {
        let range = etalage_core::DateRange::new(last - chrono::Duration::days(days - 1), last)?;
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut answer = None;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), crate::cpu_ms());
            answer = Some(
                etalage_analytics::kpis_for(&store, &site, range)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            );
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            cpu.push(crate::cpu_ms() - c);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        cpu.sort_by(|a, b| a.total_cmp(b));
        out[format!("median_{name}_ms")] =
            serde_json::json!((times[times.len() / 2] * 10.0).round() / 10.0);
        // CPU time of the process over a call (all threads; 10 ms steps):
        // steadier than wall time on a shared machine.
        out[format!("median_{name}_cpu_ms")] = serde_json::json!(cpu[cpu.len() / 2].round());
        if let Some(a) = answer {
            out[format!("{name}_orders")] = serde_json::json!(a.kpis.orders);
        }
        // The KPI page also draws every figure's trend (read alongside).
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            etalage_analytics::kpi_trend_for(&store, &site, range)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        out[format!("median_{name}_trend_ms")] =
            serde_json::json!((times[times.len() / 2] * 10.0).round() / 10.0);
    }
    out["peak_rss_mib"] = serde_json::json!(crate::peak_rss_mib(std::process::id()));
    println!("{out}");
    drop(store);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
