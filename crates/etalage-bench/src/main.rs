//! `etalage-bench`: the benchmark commands behind BENCHMARKS.md.
//!
//! * `ingest`: starts `etalage serve` on a scratch data dir and drives
//!   `POST /api/event` over keep-alive connections from this process (a
//!   minimal HTTP/1.1 client, so the generator leaves the server most of
//!   the machine);
//!   reports events/s and latency percentiles and the server's peak memory.
//! * `import`: writes an NDJSON file of synthetic events and times
//!   `etalage import events` on it.
//! * `import-orders`: writes a Shopify order export with N line items and
//!   times `etalage import orders --format shopify` on it, twice.
//! * `dashboard`: times a full dashboard's set of stats queries on an existing
//!   data dir (in process, through the same code as the HTTP API).
//! * `page`: the dashboard page (or another, `--path /customers`) over HTTP
//!   on a demo data dir: server time and the gzipped size of a first load.
use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod dashboard;
mod import_orders;
mod kpis;
mod page;
mod raw_http;

#[derive(Parser)]
#[command(about = "Benchmarks for etalage")]
struct Cli {
    /// The etalage binary to measure.
    #[arg(long, default_value = "target/release/etalage", env = "ETALAGE_BIN")]
    bin: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// HTTP ingest throughput and latency.
    Ingest {
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// Seconds to run.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Bulk `import events` throughput.
    Import {
        /// Number of events in the file.
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
    },
    /// Bulk `import orders --format shopify` throughput.
    ImportOrders {
        /// Number of line items (rows) in the export.
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
    },
    /// Latency of a dashboard's queries on a data dir (e.g. made by `etalage demo`).
    Dashboard {
        /// The data directory to query.
        #[arg(long)]
        data_dir: PathBuf,
        /// The site's domain.
        #[arg(long, default_value = "fietsen.example")]
        site: String,
        /// Repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// The full KPI set (with the previous period) on N imported line items.
    Kpis {
        /// Line items in the generated order export.
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
        /// Repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Keep the imported history in this directory and, when it holds
        /// one already, time it without importing again.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// A page (the dashboard unless `--path`) over HTTP on a data dir made by `etalage demo`.
    Page {
        /// The demo data directory (not in use by another server).
        #[arg(long)]
        data_dir: PathBuf,
        /// The demo owner's e-mail address.
        #[arg(long, default_value = "demo@fietsen.example")]
        email: String,
        /// Page loads to time (the median is reported).
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// The page to load.
        #[arg(long, default_value = "/")]
        path: String,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Ingest {
            connections,
            seconds,
        } => ingest(&cli.bin, connections, seconds),
        Cmd::Import { events } => import(&cli.bin, events),
        Cmd::ImportOrders { lines } => import_orders::run(&cli.bin, lines),
        Cmd::Kpis { lines, runs, keep } => kpis::run(&cli.bin, lines, runs, keep),
        Cmd::Dashboard {
            data_dir,
            site,
            runs,
        } => dashboard::run(&data_dir, &site, runs),
        Cmd::Page {
            data_dir,
            email,
            runs,
            path,
        } => page::run(&cli.bin, &data_dir, &email, runs, &path),
    }
}

fn scratch(name: &str) -> anyhow::Result<PathBuf> {
    let p = std::env::temp_dir().join(format!("etalage-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p)?;
    Ok(p)
}

fn etalage(bin: &Path, dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .context("run etalage")?;
    if !out.status.success() {
        bail!("etalage {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Starts `etalage serve` on a free port of loopback; returns the process
/// and its URL (read from the `url:` line it prints).
pub fn start_server(bin: &Path, dir: &Path) -> anyhow::Result<(std::process::Child, String)> {
    let mut child = Command::new(bin)
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ETALAGE_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("url: ") => break l[5..].trim().to_string(),
            Some(_) => continue,
            None => bail!("server did not start"),
        }
    };
    Ok((child, url))
}

/// Peak resident memory of a process, from /proc.
pub fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// User and system CPU time of this process so far (all its threads), in
/// ms, from `/proc/self/stat` (clock ticks of 10 ms); 0 where unreadable.
pub fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) ends with ')';
    // utime and stime are the 14th and 15th fields of the line.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let ticks: f64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse::<f64>().ok())
        .sum();
    ticks * 10.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

const UAS: [&str; 4] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
];

fn ingest(bin: &Path, connections: usize, seconds: u64) -> anyhow::Result<()> {
    let dir = scratch("ingest")?;
    etalage(bin, &dir, &["site", "add", "bench.example"])?;
    std::fs::write(
        dir.join("etalage.toml"),
        "rate_limit_per_second = 1000000.0\nrate_limit_burst = 1000000.0\n",
    )?;
    let (mut child, url) = start_server(bin, &dir)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let (latencies, errors) = rt.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        let addr = url.trim_start_matches("http://").to_string();
        for c in 0..connections {
            let addr = addr.clone();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                let Ok(mut conn) = raw_http::Conn::open(&addr).await else {
                    return (lat, 1);
                };
                let mut i = 0u64;
                while Instant::now() < deadline {
                    let body = format!(
                        r#"{{"name":"pageview","url":"https://bench.example/p/{}","domain":"bench.example","referrer":"https://www.google.com/"}}"#,
                        i % 500
                    );
                    let ip = format!("10.{}.{}.{}", c, (i / 250) % 250, i % 250);
                    let t = Instant::now();
                    match conn
                        .post("/api/event", UAS[(i as usize + c) % UAS.len()], &ip, &body)
                        .await
                    {
                        Ok(202) => lat.push(t.elapsed()),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            match raw_http::Conn::open(&addr).await {
                                Ok(fresh) => conn = fresh,
                                Err(_) => break,
                            }
                        }
                    }
                    i += 1;
                }
                (lat, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.expect("task");
            all.extend(l);
            errors += e;
        }
        (all, errors)
    });
    let mut latencies = latencies;
    latencies.sort();
    let rss = peak_rss_mib(child.id());
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let n = latencies.len();
    println!(
        "{}",
        serde_json::json!({
            "benchmark": "ingest",
            "connections": connections,
            "seconds": seconds,
            "events_accepted": n,
            "errors": errors,
            "events_per_second": (n as f64 / seconds as f64).round(),
            "p50_ms": percentile(&latencies, 0.50),
            "p99_ms": percentile(&latencies, 0.99),
            "server_peak_rss_mib": rss,
        })
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn import(bin: &Path, events: usize) -> anyhow::Result<()> {
    use rand::{Rng, SeedableRng};
    let dir = scratch("import")?;
    etalage(bin, &dir, &["site", "add", "bench.example"])?;
    let file = dir.join("events.ndjson");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file)?);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")?
            .with_timezone(&chrono::Utc);
        let span = 90 * 86_400;
        for i in 0..events {
            let ts = start + chrono::Duration::seconds((i as i64 * span) / events as i64);
            let visitor: u32 = rng.random_range(0..events as u32 / 4 + 1);
            writeln!(
                w,
                r#"{{"timestamp":"{}","name":"pageview","url":"https://bench.example/p/{}","referrer":"https://www.google.com/","user_agent":"{}","ip":"10.{}.{}.{}"}}"#,
                ts.to_rfc3339(),
                rng.random_range(0..500),
                UAS[visitor as usize % UAS.len()],
                (visitor >> 16) & 255,
                (visitor >> 8) & 255,
                visitor & 255
            )?;
        }
    }
    let bytes = std::fs::metadata(&file)?.len();
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg("--data-dir")
        .arg(&dir)
        .args(["import", "events", "--site", "bench.example", "--json"])
        .arg(&file)
        .output();
    let (stdout, stderr) = match out {
        Ok(o) => (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(_) => {
            let o = Command::new(bin)
                .arg("--data-dir")
                .arg(&dir)
                .args(["import", "events", "--site", "bench.example", "--json"])
                .arg(&file)
                .output()?;
            (
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::new(),
            )
        }
    };
    let secs = t.elapsed().as_secs_f64();
    let peak_kb: Option<f64> = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse().ok());
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_default();
    println!(
        "{}",
        serde_json::json!({
            "benchmark": "import",
            "events": events,
            "file_mib": (bytes as f64 / 1048576.0).round(),
            "seconds": (secs * 100.0).round() / 100.0,
            "events_per_second": (events as f64 / secs).round(),
            "accepted": report["accepted"],
            "peak_rss_mib": peak_kb.map(|k| (k / 1024.0).round()),
        })
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
