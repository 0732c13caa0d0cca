//! The tracker in a real browser: a page on another origin loads
//! `/js/script.js` from etalage, and its pageviews (including history-API
//! navigation), custom events and outbound-link clicks arrive.
mod common;
use common::webdriver::Browser;
use common::*;
use serde_json::{json, Value};

#[test]
fn pageviews_custom_events_and_outbound_clicks_arrive() {
    let dir = TempDir::new("tracker");
    etalage_ok(&dir.0, &["site", "add", "tracker.example"]);
    let token = create_key(&dir.0);
    let server = Server::start(&dir.0, &[]);
    let page = serve_page(format!(
        r#"<!DOCTYPE html><html><head><title>shop</title>
<script defer data-domain="tracker.example" data-include-localhost data-outbound-links src="{}/js/script.js"></script>
</head><body><a id="out" href="https://elsewhere.example/x">out</a></body></html>"#,
        server.url
    ));
    let ua = format!("--user-agent={CHROME_DESKTOP}");
    let b = Browser::start_with(&[&ua]);
    b.goto(&format!("{page}/start"));
    // Wait for the script to load and send the first pageview.
    let wait = |js: &str| {
        for _ in 0..100 {
            if b.script(js) == json!(true) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("timed out waiting for {js}");
    };
    wait("return typeof window.etalage === 'function'");
    b.script("etalage('Signup', {props: {plan: 'pro'}, revenue: {amount: 10, currency: 'EUR'}}); return true");
    b.script("history.pushState({}, '', '/second'); return true");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let link = b.find("#out");
    b.click(&link);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(b);

    // Give the batch writer its interval, then ask the stats API.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let v: Value = reqwest::blocking::Client::new()
        .post(format!("{}/api/v2/query", server.url))
        .bearer_auth(&token)
        .json(&json!({"site_id": "tracker.example", "metrics": ["events"], "date_range": "7d", "dimensions": ["event:name", "event:page"]}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let rows: Vec<(String, String, i64)> = v["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|r| {
            (
                r["dimensions"][0].as_str().unwrap().into(),
                r["dimensions"][1].as_str().unwrap().into(),
                r["metrics"][0].as_i64().unwrap(),
            )
        })
        .collect();
    let has = |name: &str, page: &str| {
        rows.iter()
            .any(|(n, p, c)| n == name && p == page && *c == 1)
    };
    assert!(has("pageview", "/start"), "{rows:?}");
    assert!(has("Signup", "/start"), "{rows:?}");
    assert!(
        has("pageview", "/second"),
        "history navigation counts: {rows:?}"
    );
    assert!(has("Outbound Link: Click", "/second"), "{rows:?}");
    let revenue: Value = reqwest::blocking::Client::new()
        .post(format!("{}/api/v2/query", server.url))
        .bearer_auth(&token)
        .json(&json!({"site_id": "tracker.example", "metrics": ["total_revenue", "visitors", "visits"], "date_range": "7d"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        revenue["results"][0]["metrics"],
        json!([10.0, 1, 1]),
        "one visitor, one visit: {revenue}"
    );
    server.stop();
}
