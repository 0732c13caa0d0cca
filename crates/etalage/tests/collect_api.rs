//! Event collection over real HTTP: statuses, CORS, bots, rate limits, the
//! data-dir lock, durability across `kill -9`, and sites changed in the web
//! app collecting at once.
mod common;
use common::form_client::Browser;
use common::*;
use reqwest::blocking::Client;
use serde_json::{json, Value};

fn send(
    client: &Client,
    url: &str,
    body: &str,
    ua: &str,
    xff: &str,
) -> reqwest::blocking::Response {
    client
        .post(format!("{url}/api/event"))
        .header("user-agent", ua)
        .header("x-forwarded-for", xff)
        .header("content-type", "text/plain")
        .body(body.to_string())
        .send()
        .unwrap()
}

fn pageview(path: &str) -> String {
    json!({"name": "pageview", "url": format!("https://shop.example{path}"), "domain": "shop.example"}).to_string()
}

fn count_events(url: &str, token: &str) -> i64 {
    let v: Value = Client::new()
        .post(format!("{url}/api/v2/query"))
        .bearer_auth(token)
        .json(&json!({"site_id": "shop.example", "metrics": ["events"], "date_range": "7d"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    v["results"][0]["metrics"][0]
        .as_i64()
        .unwrap_or_else(|| panic!("{v}"))
}

#[test]
fn statuses_name_what_is_wrong() {
    let dir = TempDir::new("collect");
    etalage_ok(&dir.0, &["site", "add", "shop.example"]);
    std::fs::write(
        dir.0.join("etalage.toml"),
        "rate_limit_per_second = 0.001\nrate_limit_burst = 8\n",
    )
    .unwrap();
    let server = Server::start(&dir.0, &[]);
    let c = Client::new();
    let u = &server.url;

    let ok = send(&c, u, &pageview("/"), CHROME_DESKTOP, "81.82.1.1");
    assert_eq!(ok.status().as_u16(), 202);
    assert_eq!(ok.headers()["access-control-allow-origin"], "*");

    let bad = send(
        &c,
        u,
        r#"{"name":"pageview","domain":"shop.example"}"#,
        CHROME_DESKTOP,
        "81.82.1.2",
    );
    assert_eq!(bad.status().as_u16(), 400);
    let v: Value = bad.json().unwrap();
    assert_eq!(v["field"], "url", "{v}");

    let malformed = send(&c, u, "{not json", CHROME_DESKTOP, "81.82.1.3");
    assert_eq!(malformed.status().as_u16(), 400);

    let other =
        json!({"name": "pageview", "url": "https://other.example/", "domain": "other.example"});
    let unknown = send(&c, u, &other.to_string(), CHROME_DESKTOP, "81.82.1.4");
    assert_eq!(unknown.status().as_u16(), 404);

    let big = json!({"name": "pageview", "url": "https://shop.example/", "domain": "shop.example", "props": {"x": "a".repeat(70 * 1024)}});
    assert_eq!(
        send(&c, u, &big.to_string(), CHROME_DESKTOP, "81.82.1.5")
            .status()
            .as_u16(),
        413
    );

    let bot = send(&c, u, &pageview("/"), GOOGLEBOT, "66.249.66.1");
    assert_eq!(bot.status().as_u16(), 202);
    assert_eq!(bot.headers()["x-etalage-dropped"], "bot");

    // CORS preflight from any origin.
    let pre = c
        .request(reqwest::Method::OPTIONS, format!("{u}/api/event"))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .unwrap();
    assert!(pre.status().is_success());
    assert_eq!(pre.headers()["access-control-allow-origin"], "*");

    // Burst of 8 per IP, then 429.
    let statuses: Vec<u16> = (0..10)
        .map(|_| {
            send(&c, u, &pageview("/r"), CHROME_DESKTOP, "81.82.9.9")
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(&statuses[..8], &[202; 8]);
    assert_eq!(statuses[9], 429);

    // The tracker is served and small.
    let js = c.get(format!("{u}/js/script.js")).send().unwrap();
    assert_eq!(js.status().as_u16(), 200);
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));

    let health: Value = c
        .get(format!("{u}/api/health"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(health["status"], "ok");
    let metrics = c
        .get(format!("{u}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains("etalage_events_accepted_total 9"),
        "{metrics}"
    );
    assert!(
        metrics.contains("etalage_events_dropped_total{reason=\"bot\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("etalage_events_dropped_total{reason=\"rate_limited\"} 2"),
        "{metrics}"
    );

    // While the server runs, direct writes are refused with its name.
    let out = etalage(&dir.0, &["site", "add", "other.example"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in use by the etalage server") && err.contains(&server.url),
        "{err}"
    );

    // SIGTERM flushes everything; after a restart all 9 accepted events are there.
    server.stop();
    let token = create_key(&dir.0);
    let again = Server::start(&dir.0, &[]);
    assert_eq!(count_events(&again.url, &token), 9);
    again.stop();
}

#[test]
fn every_event_answered_202_survives_kill_9() {
    let dir = TempDir::new("kill9");
    etalage_ok(&dir.0, &["site", "add", "shop.example"]);
    let token = create_key(&dir.0);
    std::fs::write(
        dir.0.join("etalage.toml"),
        "rate_limit_per_second = 100000.0\nrate_limit_burst = 100000.0\n",
    )
    .unwrap();
    let server = Server::start(&dir.0, &[]);
    let url = server.url.clone();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let senders: Vec<_> = (0..8)
        .map(|t| {
            let (url, accepted, stop) = (url.clone(), accepted.clone(), stop.clone());
            std::thread::spawn(move || {
                let c = Client::builder()
                    .timeout(std::time::Duration::from_secs(5))
                    .build()
                    .unwrap();
                for i in 0..5_000 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let r = c
                        .post(format!("{url}/api/event"))
                        .header("user-agent", CHROME_DESKTOP)
                        .header("x-forwarded-for", format!("10.{t}.{}.{}", i / 250, i % 250))
                        .body(pageview(&format!("/p/{t}/{i}")))
                        .send();
                    match r {
                        Ok(r) if r.status().as_u16() == 202 => {
                            accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        _ => break,
                    }
                }
            })
        })
        .collect();
    // Let the load run, then crash the server in the middle of it.
    while accepted.load(std::sync::atomic::Ordering::SeqCst) < 3_000 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    server.kill9();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for s in senders {
        s.join().unwrap();
    }
    let acked = accepted.load(std::sync::atomic::Ordering::SeqCst) as i64;
    let again = Server::start(&dir.0, &[]);
    let stored = count_events(&again.url, &token);
    // An event can be durable but unanswered when the crash cuts the reply,
    // so the store may hold a few more than were acknowledged — never fewer.
    assert!(
        stored >= acked,
        "{acked} events were answered 202 but only {stored} are stored"
    );
    assert!(
        stored <= acked + 8,
        "at most one in-flight event per sender may be extra: {stored} vs {acked}"
    );
    again.stop();
}

#[test]
fn country_comes_from_a_configured_geoip_database() {
    let dir = TempDir::new("geoip");
    etalage_ok(&dir.0, &["site", "add", "shop.example"]);
    let token = create_key(&dir.0);
    let mmdb = dir.0.join("countries.mmdb");
    etalage_collect::enrich::geo::test_support::write_country_mmdb(
        &mmdb,
        &[
            ("81.82.0.0/16", "BE"),
            ("145.0.0.0/8", "NL"),
            ("2a02:a000::/24", "NL"),
        ],
    )
    .unwrap();
    let server = Server::start(&dir.0, &["--geoip-db", mmdb.to_str().unwrap()]);
    let c = Client::new();
    for (ip, path) in [
        ("81.82.1.1", "/a"),
        ("81.82.7.7", "/b"),
        ("145.1.2.3", "/c"),
        ("2a02:a000::5", "/d"),
        ("203.0.113.1", "/e"),
    ] {
        assert_eq!(
            send(&c, &server.url, &pageview(path), CHROME_DESKTOP, ip)
                .status()
                .as_u16(),
            202
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let v: Value = c
        .post(format!("{}/api/v2/query", server.url))
        .bearer_auth(&token)
        .json(&json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d", "dimensions": ["visit:country"]}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        v["results"],
        json!([{"metrics": [2], "dimensions": ["BE"]}, {"metrics": [2], "dimensions": ["NL"]}]),
        "the unknown address has no country and is left out: {v}"
    );
    server.stop();
}

/// The status of a pageview sent for `domain`.
fn pageview_status(url: &str, domain: &str) -> u16 {
    let body = json!({"name": "pageview", "url": format!("https://{domain}/"), "domain": domain});
    send(
        &Client::new(),
        url,
        &body.to_string(),
        CHROME_DESKTOP,
        "81.82.3.1",
    )
    .status()
    .as_u16()
}

#[test]
fn a_site_renamed_or_added_in_the_settings_collects_at_once() {
    let dir = TempDir::new("collect-rename");
    etalage_ok(&dir.0, &["site", "add", "old.example"]);
    let server = Server::start(&dir.0, &[]);
    let u = &server.url;
    let mut owner = Browser::new(&server);
    let password = "tandwiel-en-ketting";
    let setup = owner.submit(
        "/setup",
        "/setup",
        &[
            ("email", "baas@old.example"),
            ("password", password),
            ("password2", password),
        ],
    );
    assert_eq!(setup.status, 303, "{}", setup.body);
    assert_eq!(pageview_status(u, "old.example"), 202);
    // Unknown until the rename; the miss also makes the collector read
    // the sites, so only being told can make it read them again at once.
    assert_eq!(pageview_status(u, "new.example"), 404);

    // The owner renames the site on its settings page.
    let saved = owner.submit(
        "/settings/sites/1",
        "/settings/sites/1",
        &[("domain", "new.example"), ("timezone", "Europe/Brussels")],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location, "/settings/sites/1?saved=1");
    assert_eq!(pageview_status(u, "new.example"), 202);
    assert_eq!(pageview_status(u, "old.example"), 404);

    // An administrator adds a site; its first event is welcome.
    assert_eq!(pageview_status(u, "added.example"), 404);
    let added = owner.submit(
        "/settings/sites/new",
        "/settings/sites",
        &[("domain", "added.example"), ("timezone", "Europe/Brussels")],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(pageview_status(u, "added.example"), 202);
    server.stop();
}
