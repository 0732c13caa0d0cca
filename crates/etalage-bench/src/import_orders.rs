//! `import-orders`: writes a Shopify order export with the given number of
//! line items (1 to 5 per order, about 3 on average) and times
//! `etalage import orders --format shopify` on it, first into an empty
//! site, then again (every order unchanged).
use anyhow::Context;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const HEADER: &str = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Billing Name,Billing Company,Billing Country,Shipping Country,Cancelled at,Payment Method,Refunded Amount,Source,Id";

/// Writes the export; returns (orders, bytes).
pub(crate) fn write_export(path: &Path, lines: usize) -> anyhow::Result<(usize, u64)> {
    write_export_and_purchases(path, None, lines).map(|(orders, bytes, _)| (orders, bytes))
}

/// Writes the export and, when `purchases` is given, the tracker's
/// `purchase` event of every web order that was not voided (NDJSON for
/// `etalage import events`); returns (orders, bytes, purchases).
pub(crate) fn write_export_and_purchases(
    path: &Path,
    purchases: Option<&Path>,
    lines: usize,
) -> anyhow::Result<(usize, u64, usize)> {
    let mut tracked = match purchases {
        Some(p) => Some(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p)?,
        )),
        None => None,
    };
    let mut bought = 0usize;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "{HEADER}")?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T08:00:00+01:00")?;
    let customers = (lines / 6).max(1);
    let (mut written, mut orders) = (0usize, 0usize);
    while written < lines {
        orders += 1;
        let n = rng.random_range(1..=5usize).min(lines - written);
        let items: Vec<(u32, u32, &str)> = (0..n)
            .map(|_| {
                let p = rng.random_range(0..200u32);
                (
                    rng.random_range(1..=3u32),
                    495 + p * 100,
                    ["BELL", "LAMP", "LOCK", "BIKE"][p as usize % 4],
                )
            })
            .collect();
        let total: u32 = items.iter().map(|(q, c, _)| q * c).sum();
        let created = start + chrono::Duration::seconds(orders as i64 * 47);
        let when = created.format("%Y-%m-%d %H:%M:%S %z");
        let (status, cancelled, refunded) = match rng.random_range(0..100) {
            0..=2 => ("voided", when.to_string(), 0),
            3..=5 => ("refunded", String::new(), total),
            _ => ("paid", String::new(), 0),
        };
        let source = if rng.random_range(0..10) == 0 {
            "pos"
        } else {
            "web"
        };
        let customer = rng.random_range(0..customers);
        if let (Some(t), "web", "") = (tracked.as_mut(), source, cancelled.as_str()) {
            bought += 1;
            writeln!(
                t,
                r#"{{"timestamp":"{ts}","name":"purchase","url":"https://bench.example/thanks","referrer":"","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0","ip":"10.{a}.{b}.{c}","props":{{"transaction_id":"{orders}"}},"revenue":{{"amount":"{amount}","currency":"EUR"}}}}"#,
                ts = created.to_rfc3339(),
                a = customer % 200,
                b = (customer / 200) % 200,
                c = 1 + customer / 40_000 % 250,
                amount = money(total),
            )?;
        }
        for (i, (q, cents, kind)) in items.iter().enumerate() {
            let sku = format!("{kind}-{}", cents % 997);
            if i == 0 {
                writeln!(
                    w,
                    "#{orders},c{customer}@bench.example,{status},{when},fulfilled,{when},EUR,{t},0.00,{tax},{t},,0.00,{when},{q},{kind} {c},{price},{sku},0.00,Customer {customer},,BE,BE,{cancelled},Bancontact,{r},{source},{id}",
                    t = money(total),
                    tax = money(total * 21 / 121),
                    c = cents % 997,
                    price = money(*cents),
                    r = money(refunded),
                    id = 5_000_000 + orders,
                )?;
            } else {
                writeln!(
                    w,
                    "#{orders},,,,,,,,,,,,,,{q},{kind} {c},{price},{sku},0.00,,,,,,,,,",
                    c = cents % 997,
                    price = money(*cents)
                )?;
            }
        }
        written += n;
    }
    w.flush()?;
    if let Some(t) = tracked.as_mut() {
        t.flush()?;
    }
    Ok((orders, std::fs::metadata(path)?.len(), bought))
}

fn money(cents: u32) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Runs the import under `/usr/bin/time -v`; returns (seconds, report, peak RSS in MiB).
pub(crate) fn timed_import(
    bin: &Path,
    dir: &Path,
    file: &Path,
) -> anyhow::Result<(f64, serde_json::Value, Option<f64>)> {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg("--data-dir")
        .arg(dir)
        .args([
            "import",
            "orders",
            "--site",
            "bench.example",
            "--format",
            "shopify",
            "--json",
        ])
        .arg(file)
        .output()
        .context("run /usr/bin/time etalage import orders")?;
    let secs = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    anyhow::ensure!(out.status.success(), "import failed: {stderr}");
    let peak = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kb| (kb / 1024.0).round());
    let report = serde_json::from_slice(&out.stdout)?;
    Ok((secs, report, peak))
}

/// The benchmark.
pub fn run(bin: &Path, lines: usize) -> anyhow::Result<()> {
    let dir = crate::scratch("import-orders")?;
    crate::etalage(bin, &dir, &["site", "add", "bench.example"])?;
    let file = dir.join("orders_export.csv");
    let t = Instant::now();
    let (orders, bytes) = write_export(&file, lines)?;
    eprintln!(
        "wrote {lines} line items ({orders} orders) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    for run in ["first", "again"] {
        let (secs, report, peak) = timed_import(bin, &dir, &file)?;
        println!(
            "{}",
            serde_json::json!({
                "benchmark": "import-orders",
                "run": run,
                "line_items": lines,
                "orders": orders,
                "file_mib": (bytes as f64 / 1048576.0).round(),
                "seconds": (secs * 100.0).round() / 100.0,
                "line_items_per_second": (lines as f64 / secs).round(),
                "imported": report["imported"],
                "unchanged": report["unchanged"],
                "rejected": report["rejected"].as_array().map(Vec::len),
                "peak_rss_mib": peak,
            })
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
