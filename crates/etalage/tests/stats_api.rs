//! The metric definitions, pinned on a small dataset whose answers were
//! computed by hand, through the real binary and HTTP.
//!
//! Site time zone Europe/Brussels (UTC+1 on 2026-03-02). Events (UTC):
//!
//! | visitor | time  | event                      | visit |
//! |---------|-------|----------------------------|-------|
//! | A (Chrome, desktop)  | 10:00 | pageview / from google.com | A1 |
//! | A       | 10:05 | pageview /pricing          | A1    |
//! | A       | 10:06 | Signup                     | A1    |
//! | A       | 11:00 | pageview /blog (direct)    | A2 (gap 54 min) |
//! | B (Safari, iPhone)   | 10:10 | pageview /pricing?utm_source=newsletter | B1 |
//! | B       | 10:40 | pageview /thank-you        | B1 (gap exactly 30 min) |
//! | C (Firefox, desktop) | 12:00 | pageview /                 | C1 |
//! | C       | 12:01 | Purchase, revenue €100     | C1    |
//! | bot     | 12:30 | pageview /  (Googlebot)    | dropped |
//!
//! Visitors 3; visits 4; pageviews 6; events 8; views per visit 6/4 = 1.5;
//! bounces: A2 only → 25 %; durations 360 + 0 + 1800 + 60 → mean 555 s.
mod common;
use common::*;
use serde_json::{json, Value};

fn dataset() -> String {
    let line = |ts: &str,
                name: &str,
                url: &str,
                referrer: &str,
                ua: &str,
                ip: &str,
                extra: Value| {
        let mut v = json!({"timestamp": ts, "name": name, "url": url, "referrer": referrer, "user_agent": ua, "ip": ip});
        if let Value::Object(m) = extra {
            for (k, x) in m {
                v[k] = x;
            }
        }
        v.to_string()
    };
    let s = "https://shop.example";
    [
        line("2026-03-02T10:00:00Z", "pageview", &format!("{s}/"), "https://www.google.com/", CHROME_DESKTOP, "81.82.1.1", json!({})),
        line("2026-03-02T10:05:00Z", "pageview", &format!("{s}/pricing"), &format!("{s}/"), CHROME_DESKTOP, "81.82.1.1", json!({})),
        line("2026-03-02T10:06:00Z", "Signup", &format!("{s}/pricing"), "", CHROME_DESKTOP, "81.82.1.1", json!({"props": {"plan": "pro"}})),
        line("2026-03-02T11:00:00Z", "pageview", &format!("{s}/blog"), "", CHROME_DESKTOP, "81.82.1.1", json!({})),
        line("2026-03-02T10:10:00Z", "pageview", &format!("{s}/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring"), "", SAFARI_IPHONE, "81.82.2.2", json!({})),
        line("2026-03-02T10:40:00Z", "pageview", &format!("{s}/thank-you"), &format!("{s}/pricing"), SAFARI_IPHONE, "81.82.2.2", json!({})),
        line("2026-03-02T12:00:00Z", "pageview", &format!("{s}/"), "", FIREFOX_WINDOWS, "81.82.3.3", json!({})),
        line("2026-03-02T12:01:00Z", "Purchase", &format!("{s}/checkout"), "", FIREFOX_WINDOWS, "81.82.3.3", json!({"revenue": {"amount": 100, "currency": "EUR"}})),
        line("2026-03-02T12:30:00Z", "pageview", &format!("{s}/"), "", GOOGLEBOT, "66.249.66.1", json!({})),
        r#"{"timestamp": "2026-03-02T12:31:00Z", "name": "pageview", "user_agent": "x", "ip": "81.82.4.4"}"#.to_string(),
        "not json".to_string(),
    ]
    .join("\n")
}

struct Fixture {
    _dir: TempDir,
    server: Option<Server>,
    token: String,
}

fn setup() -> Fixture {
    let dir = TempDir::new("stats");
    let d = &dir.0;
    etalage_ok(
        d,
        &[
            "site",
            "add",
            "shop.example",
            "--timezone",
            "Europe/Brussels",
        ],
    );
    etalage_ok(
        d,
        &[
            "goal",
            "add",
            "--site",
            "shop.example",
            "--name",
            "Signup",
            "--event",
            "Signup",
            "--class",
            "soft",
        ],
    );
    etalage_ok(
        d,
        &[
            "goal",
            "add",
            "--site",
            "shop.example",
            "--name",
            "Thanks",
            "--page",
            "/thank-you",
            "--class",
            "hard",
            "--value",
            "40",
            "EUR",
        ],
    );
    etalage_ok(
        d,
        &[
            "goal",
            "add",
            "--site",
            "shop.example",
            "--name",
            "Purchase",
            "--event",
            "Purchase",
            "--class",
            "hard",
        ],
    );
    etalage_ok(
        d,
        &[
            "goal",
            "add",
            "--site",
            "shop.example",
            "--name",
            "Pricing",
            "--page",
            "/pricing",
            "--class",
            "soft",
        ],
    );
    let file = d.join("events.ndjson");
    std::fs::write(&file, dataset()).unwrap();
    let out = etalage(
        d,
        &[
            "import",
            "events",
            "--site",
            "shop.example",
            "--json",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "rejected lines make the import exit 1"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["accepted"], 8);
    assert_eq!(report["dropped_bots"], 1);
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["line"], 10);
    assert!(
        rejected[0]["reason"].as_str().unwrap().contains("url"),
        "{report}"
    );
    assert_eq!(rejected[1]["line"], 11);
    let token = create_key(d);
    let server = Server::start(d, &[]);
    Fixture {
        _dir: dir,
        server: Some(server),
        token,
    }
}

impl Fixture {
    fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}{path}", self.server.as_ref().unwrap().url);
        let r = reqwest::blocking::Client::new()
            .post(url)
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }

    fn query(&self, mut body: Value) -> Vec<Value> {
        body["site_id"] = json!("shop.example");
        body["date_range"] = json!(["2026-03-02", "2026-03-02"]);
        let (status, v) = self.post("/api/v2/query", body.clone());
        assert_eq!(status, 200, "{body} → {v}");
        v["results"].as_array().unwrap().clone()
    }
}

fn rows(results: &[Value]) -> Vec<(Vec<String>, Vec<Value>)> {
    results
        .iter()
        .map(|r| {
            let dims = r["dimensions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            (dims, r["metrics"].as_array().unwrap().clone())
        })
        .collect()
}

#[test]
fn metric_definitions_hold_on_hand_computed_data() {
    let f = setup();
    let all = f.query(json!({"metrics": ["visitors", "visits", "pageviews", "events", "views_per_visit", "bounce_rate", "visit_duration", "total_revenue", "average_revenue", "goal_value"]}));
    assert_eq!(
        all[0]["metrics"],
        json!([3, 4, 6, 8, 1.5, 25.0, 555, 100.0, 100.0, 40.0])
    );
    assert_eq!(all[0]["dimensions"], json!([]));

    // Pages: visitors and pageviews per path.
    let pages = rows(&f.query(json!({"metrics": ["visitors", "pageviews"], "dimensions": ["event:page"], "filters": [["is", "event:name", ["pageview"]]]})));
    let get = |rows: &[(Vec<String>, Vec<Value>)], key: &str| {
        rows.iter()
            .find(|r| r.0[0] == key)
            .map(|r| r.1.clone())
            .unwrap_or_else(|| panic!("no row {key} in {rows:?}"))
    };
    assert_eq!(get(&pages, "/"), vec![json!(2), json!(2)]);
    assert_eq!(get(&pages, "/pricing"), vec![json!(2), json!(2)]);
    assert_eq!(get(&pages, "/blog"), vec![json!(1), json!(1)]);
    assert_eq!(
        pages[0].0[0], "/",
        "sorted by the first metric, then by value"
    );

    // Entry and exit pages are a visit's first and last pageview.
    let entry = rows(&f.query(json!({"metrics": ["visits"], "dimensions": ["visit:entry_page"]})));
    assert_eq!(get(&entry, "/"), vec![json!(2)]);
    assert_eq!(get(&entry, "/pricing"), vec![json!(1)]);
    assert_eq!(get(&entry, "/blog"), vec![json!(1)]);
    let exit = rows(&f.query(json!({"metrics": ["visits"], "dimensions": ["visit:exit_page"]})));
    assert_eq!(get(&exit, "/pricing"), vec![json!(1)]);
    assert_eq!(get(&exit, "/thank-you"), vec![json!(1)]);

    // Devices, and a visit filter.
    let devices = rows(&f.query(json!({"metrics": ["visitors"], "dimensions": ["visit:device"]})));
    assert_eq!(get(&devices, "desktop"), vec![json!(2)]);
    assert_eq!(get(&devices, "mobile"), vec![json!(1)]);
    let mobile = f.query(json!({"metrics": ["visitors", "visits", "pageviews", "bounce_rate", "visit_duration"], "filters": [["is", "visit:device", ["mobile"]]]}));
    assert_eq!(mobile[0]["metrics"], json!([1, 1, 2, 0.0, 1800]));

    // Sources: the visit keeps its landing source.
    let sources =
        rows(&f.query(json!({"metrics": ["visitors", "visits"], "dimensions": ["visit:source"]})));
    assert_eq!(get(&sources, "Google"), vec![json!(1), json!(1)]);
    // Unfiltered visit metrics by a visit dimension take a one-pass plan;
    // a filter that keeps every event takes the general plan: same answer.
    for dim in ["visit:source", "visit:device", "visit:entry_page"] {
        let q = json!({"metrics": ["visitors", "visits", "bounce_rate", "visit_duration", "views_per_visit"], "dimensions": [dim]});
        let mut filtered = q.clone();
        filtered["filters"] = json!([["is_not", "visit:device", ["no-such-device"]]]);
        let (one_pass, general) = (rows(&f.query(q)), rows(&f.query(filtered)));
        assert!(!one_pass.is_empty(), "{dim}");
        assert_eq!(one_pass, general, "{dim}");
    }
    let utm = rows(&f.query(
        json!({"metrics": ["visitors", "pageviews"], "dimensions": ["visit:utm_campaign"]}),
    ));
    assert_eq!(
        utm,
        vec![(vec!["spring".to_string()], vec![json!(1), json!(2)])]
    );

    // Local hours (UTC+1).
    let hours = rows(&f.query(json!({"metrics": ["visitors"], "dimensions": ["time:hour"]})));
    assert_eq!(
        hours
            .iter()
            .map(|r| (r.0[0].as_str(), r.1[0].clone()))
            .collect::<Vec<_>>(),
        vec![
            ("2026-03-02 11:00:00", json!(2)),
            ("2026-03-02 12:00:00", json!(1)),
            ("2026-03-02 13:00:00", json!(1))
        ]
    );

    // Goals: conversion rate = converting visitors / all visitors × 100.
    let goals = rows(&f.query(json!({"metrics": ["visitors", "events", "conversion_rate", "goal_value"], "dimensions": ["event:goal"]})));
    assert_eq!(
        get(&goals, "Signup"),
        vec![json!(1), json!(1), json!(33.33), json!(0.0)]
    );
    assert_eq!(
        get(&goals, "Thanks"),
        vec![json!(1), json!(1), json!(33.33), json!(40.0)]
    );
    assert_eq!(
        get(&goals, "Pricing"),
        vec![json!(2), json!(2), json!(66.67), json!(0.0)]
    );
    let signup = f.query(json!({"metrics": ["visitors", "conversion_rate"], "filters": [["is", "event:goal", ["Signup"]]]}));
    assert_eq!(signup[0]["metrics"], json!([1, 33.33]));

    // Funnel: Pricing then Thanks within one visit.
    let (status, funnel) = f.post("/api/v1/funnel", json!({"site_id": "shop.example", "date_range": ["2026-03-02", "2026-03-02"], "steps": ["Pricing", "Thanks"]}));
    assert_eq!(status, 200, "{funnel}");
    assert_eq!(funnel["steps"][0]["visitors"], 2);
    assert_eq!(funnel["steps"][1]["visitors"], 1);
    assert_eq!(funnel["steps"][1]["conversion_rate"], 50.0);
    assert_eq!(funnel["steps"][1]["dropoff"], 1);

    // Contains / not filters.
    let not_blog = f.query(json!({"metrics": ["pageviews"], "filters": [["not", ["contains", "event:page", ["BLO"]]]]}));
    assert_eq!(
        not_blog[0]["metrics"],
        json!([7 - 2]),
        "8 events, minus the /blog pageview, counted as pageviews: 5"
    );

    f.server.unwrap().stop();
}

#[test]
fn query_errors_say_what_is_supported() {
    let f = setup();
    let cases = [
        (
            json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d", "interval": "day"}),
            "supported fields",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["sessions"], "date_range": "7d"}),
            "bounce_rate",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d", "dimensions": ["visit:city"]}),
            "visit:country",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "fortnight"}),
            "28d",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["conversion_rate"], "date_range": "7d"}),
            "event:goal",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d", "filters": [["is", "event:goal", ["Nope"]]]}),
            "Signup",
        ),
        (
            json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d", "filters": [["matches", "event:page", ["/x"]]]}),
            "contains",
        ),
    ];
    for (body, hint) in cases {
        let (status, v) = f.post("/api/v2/query", body.clone());
        assert_eq!(status, 400, "{body}");
        assert!(
            v["error"].as_str().unwrap().contains(hint),
            "{body} → {v} should mention {hint}"
        );
    }
    let (status, _) = f.post(
        "/api/v2/query",
        json!({"site_id": "nope.example", "metrics": ["visitors"], "date_range": "7d"}),
    );
    assert_eq!(status, 404);
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/api/v2/query", f.server.as_ref().unwrap().url))
        .json(&json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "7d"}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401, "no API key");
}
