//! A page as a browser gets it: `etalage serve` on a data dir (e.g. the
//! demo's), logged in as the demo owner; reports the server time of
//! `GET /` (or another page: `--path /customers`) from its `Server-Timing`
//! header, the time until the whole answer arrived, and for the dashboard
//! the gzipped bytes of a first load (the page and every asset it
//! references).
use anyhow::{bail, Context};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The assets the dashboard page loads.
const ASSETS: [&str; 4] = [
    "/assets/app.css",
    "/assets/dashboard.js",
    "/assets/vendor/uplot.js",
    "/assets/vendor/uplot.css",
];

fn cookies(resp: &reqwest::blocking::Response, jar: &mut Vec<(String, String)>) {
    for v in resp.headers().get_all("set-cookie") {
        if let Some((name, value)) = v
            .to_str()
            .ok()
            .and_then(|s| s.split(';').next())
            .and_then(|p| p.split_once('='))
        {
            jar.retain(|(n, _)| n != name);
            jar.push((name.to_string(), value.to_string()));
        }
    }
}

fn cookie_header(jar: &[(String, String)]) -> String {
    jar.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs the page benchmark.
pub fn run(
    bin: &Path,
    data_dir: &Path,
    email: &str,
    runs: usize,
    path: &str,
) -> anyhow::Result<()> {
    let password = std::fs::read_to_string(data_dir.join("demo-password.txt"))
        .context("the data dir needs demo-password.txt (made by `etalage demo`)")?;
    let (mut child, url) = crate::start_server(bin, data_dir)?;
    let result = measure(&url, email, password.trim(), runs, path);
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    result
}

fn measure(url: &str, email: &str, password: &str, runs: usize, path: &str) -> anyhow::Result<()> {
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut jar = Vec::new();
    let login = http.get(format!("{url}/login")).send()?;
    cookies(&login, &mut jar);
    let body = login.text()?;
    let marker = r#"name="csrf" value=""#;
    let at = body.find(marker).context("a CSRF field on /login")? + marker.len();
    let csrf = body[at..].split('"').next().unwrap_or("").to_string();
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("email", email)
        .append_pair("password", password)
        .append_pair("csrf", &csrf)
        .append_pair("next", "/")
        .finish();
    let done = http
        .post(format!("{url}/login"))
        .header("cookie", cookie_header(&jar))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()?;
    cookies(&done, &mut jar);
    if done.status().as_u16() != 303 {
        bail!("login failed: {}", done.status());
    }
    let get = |path: &str| -> anyhow::Result<(f64, Option<f64>, usize)> {
        let t = Instant::now();
        let r = http
            .get(format!("{url}{path}"))
            .header("cookie", cookie_header(&jar))
            .header("accept-encoding", "gzip")
            .send()?;
        if !r.status().is_success() {
            bail!("{path}: {}", r.status());
        }
        let server = r
            .headers()
            .get("server-timing")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split("dur=").nth(1))
            .and_then(|v| v.parse::<f64>().ok());
        let bytes = r.bytes()?.len();
        Ok((t.elapsed().as_secs_f64() * 1000.0, server, bytes))
    };
    // The first request warms the statement cache (and any cache of the
    // page), as any page view after the server's start does; its time is
    // reported apart.
    let (first_ms, first_server, page_bytes) = get(path)?;
    let mut server = Vec::new();
    let mut total = Vec::new();
    for _ in 0..runs {
        let (t, s, _) = get(path)?;
        total.push(t);
        server.extend(s);
    }
    let median = |v: &mut Vec<f64>| {
        if v.is_empty() {
            return None;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        Some((v[v.len() / 2] * 10.0).round() / 10.0)
    };
    let mut out = serde_json::json!({
        "benchmark": "page",
        "path": path,
        "runs": runs,
        "first_total_ms": (first_ms * 10.0).round() / 10.0,
        "first_server_ms": first_server,
        "median_server_ms": median(&mut server),
        "max_server_ms": server.iter().cloned().reduce(f64::max),
        "median_total_ms": median(&mut total),
        "max_total_ms": total.iter().cloned().reduce(f64::max),
        "page_bytes_gzip": page_bytes,
    });
    if path == "/" {
        let mut assets = serde_json::Map::new();
        let mut first_load = page_bytes;
        for a in ASSETS {
            let (_, _, n) = get(a)?;
            first_load += n;
            assets.insert(a.to_string(), serde_json::json!(n));
        }
        out["benchmark"] = serde_json::json!("dashboard_page");
        out["assets_bytes_gzip"] = serde_json::Value::Object(assets);
        out["first_load_kib_gzip"] =
            serde_json::json!(((first_load as f64 / 1024.0) * 10.0).round() / 10.0);
    }
    println!("{out}");
    Ok(())
}
