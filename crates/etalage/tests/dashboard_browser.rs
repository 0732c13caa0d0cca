//! The dashboard in a real browser against the real server: the owner logs
//! in, sees the figures the stats API returns, filters by clicking a
//! source, switches to French, and watches a visit from a page carrying
//! the tracker appear in the realtime count. The KPI page shows every
//! column of its tables on a desktop and on a phone. A failing run keeps a
//! screenshot (see `common::webdriver`).
mod common;
use common::webdriver::Browser;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn send(server: &Server, ip: &str, ua: &str, url: &str, referrer: Option<&str>) {
    let mut body = json!({"name": "pageview", "url": url, "domain": "shop.example"});
    if let Some(r) = referrer {
        body["referrer"] = json!(r);
    }
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/api/event", server.url))
        .header("user-agent", ua)
        .header("x-forwarded-for", ip)
        .header("content-type", "text/plain")
        .body(body.to_string())
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 202, "{:?}", r.text());
}

fn api_visitors(server: &Server, token: &str, filters: Value) -> i64 {
    let v: Value = reqwest::blocking::Client::new()
        .post(format!("{}/api/v2/query", server.url))
        .bearer_auth(token)
        .json(&json!({"site_id": "shop.example", "metrics": ["visitors"], "date_range": "30d", "filters": filters}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    v["results"][0]["metrics"][0]
        .as_i64()
        .unwrap_or_else(|| panic!("{v}"))
}

fn figure(b: &Browser, id: &str) -> String {
    let v = b.script(&format!(
        "return document.querySelector('#figure-{id} .value').textContent"
    ));
    v.as_str().unwrap().to_string()
}

#[test]
fn log_in_read_filter_translate_and_see_a_visit_arrive() {
    let dir = TempDir::new("dashboard-browser");
    etalage_ok(
        &dir.0,
        &[
            "site",
            "add",
            "shop.example",
            "--timezone",
            "Europe/Brussels",
        ],
    );
    let token = create_key(&dir.0);
    let server = Server::start(&dir.0, &[]);

    // Five visitors: three from Google, two typing the address.
    let google = Some("https://www.google.com/");
    send(
        &server,
        "198.51.100.1",
        CHROME_DESKTOP,
        "https://shop.example/",
        google,
    );
    send(
        &server,
        "198.51.100.1",
        CHROME_DESKTOP,
        "https://shop.example/fietsen",
        google,
    );
    send(
        &server,
        "198.51.100.2",
        SAFARI_IPHONE,
        "https://shop.example/",
        google,
    );
    send(
        &server,
        "198.51.100.3",
        FIREFOX_WINDOWS,
        "https://shop.example/contact",
        google,
    );
    send(
        &server,
        "198.51.100.4",
        SAFARI_IPHONE,
        "https://shop.example/",
        None,
    );
    send(
        &server,
        "198.51.100.5",
        CHROME_DESKTOP,
        "https://shop.example/fietsen",
        None,
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while api_visitors(&server, &token, json!([])) < 5 {
        assert!(Instant::now() < deadline, "events did not arrive");
        std::thread::sleep(Duration::from_millis(200));
    }

    let ua = format!("--user-agent={CHROME_DESKTOP}");
    let b = Browser::start_with(&[&ua, "--lang=en-GB"]);
    b.set_up_owner(&server.url, "baas@shop.example");

    // The figures are the API's.
    b.goto(&format!("{}/?lang=en", server.url));
    assert_eq!(
        figure(&b, "visitors"),
        api_visitors(&server, &token, json!([])).to_string()
    );
    assert_eq!(figure(&b, "visitors"), "5");
    assert_eq!(figure(&b, "visits"), "5");
    assert_eq!(figure(&b, "pageviews"), "6");
    b.wait(
        "return document.getElementById('chart').getAttribute('data-drawn') === 'true'",
        10,
    );

    // Clicking a source filters the whole dashboard.
    let google_row = b.find("#panel-sources td.bar a");
    assert_eq!(b.text(&google_row), "Google");
    b.click(&google_row);
    b.wait(
        "return location.search.includes('visit%3Asource%7CGoogle')",
        10,
    );
    let filtered = api_visitors(&server, &token, json!([["is", "visit:source", ["Google"]]]));
    assert_eq!(filtered, 3);
    assert_eq!(figure(&b, "visitors"), filtered.to_string());
    let chip = b.find(".chips .chip span");
    assert_eq!(b.text(&chip), "Source: Google");

    // French, with the filter kept.
    let french = b.find("nav.langs a[lang='fr']");
    b.click(&french);
    b.wait("return document.documentElement.lang === 'fr'", 10);
    assert!(b.text(&b.find("h1")).starts_with("Tableau de bord"));
    assert_eq!(b.text(&b.find(".chips .chip span")), "Source : Google");
    assert_eq!(figure(&b, "visitors"), "3");

    // A visit from a page carrying the tracker shows up in realtime.
    let before: i64 = b.text(&b.find("#realtime-count")).parse().expect("a count");
    assert_eq!(before, 5, "every visitor came in the last minute");
    let dashboard = b.url();
    let page = serve_page(format!(
        r#"<!DOCTYPE html><html><head><title>shop</title>
<script defer data-domain="shop.example" data-include-localhost src="{}/js/script.js"></script>
</head><body><h1>Fietsen</h1></body></html>"#,
        server.url
    ));
    b.goto(&format!("{page}/fietsen/stadsfiets"));
    b.wait("return typeof window.etalage === 'function'", 10);
    b.goto(&dashboard);
    b.wait(
        "return document.getElementById('realtime-count').textContent.trim() === '6'",
        30,
    );
    // Each refresh also sets the words after the count, agreeing with it.
    b.script("document.getElementById('realtime-label').textContent = ''; return true");
    b.wait(
        "return document.getElementById('realtime-label').textContent === 'visiteurs en ce moment (30 dernières minutes)'",
        30,
    );
    drop(b);
    server.stop();
}

/// For every table in a panel (the charts' own tables aside): the heading of its card, whether it sits in
/// its own scrolling wrapper, whether it fits without scrolling, whether
/// its last column is in view once the wrapper is scrolled to the end, and
/// whether the card itself scrolls; then whether the page scrolls sideways.
const TABLE_LAYOUT: &str = r#"
const tables = [...document.querySelectorAll('main .panel table')].map(t => {
  const wrap = t.parentElement;
  const card = t.closest('section');
  const head = t.rows[0].cells;
  wrap.scrollLeft = wrap.scrollWidth;
  const w = wrap.getBoundingClientRect();
  const last = head[head.length - 1].getBoundingClientRect();
  return {
    heading: card.querySelector('h2').textContent,
    own_wrapper: wrap.classList.contains('table-wrap'),
    fits: t.getBoundingClientRect().width <= wrap.clientWidth + 1,
    last_column_in_view: last.left >= w.left - 1 && last.right <= w.right + 1,
    card_scrolls: card.scrollWidth > card.clientWidth + 1,
  };
});
return {tables, page_scrolls: document.documentElement.scrollWidth > window.innerWidth};
"#;

/// At 390 px a table too wide scrolls inside its own wrapper, to its last
/// column; neither the card nor the page scrolls sideways.
fn assert_tables_in_view_on_a_phone(b: &Browser, url: &str) -> Vec<String> {
    b.set_viewport(390, 844);
    b.goto(url);
    let phone = b.script(TABLE_LAYOUT);
    let tables = phone["tables"].as_array().unwrap();
    for t in tables {
        assert_eq!(t["own_wrapper"], json!(true), "{url} at 390 px: {t}");
        assert_eq!(
            t["last_column_in_view"],
            json!(true),
            "{url} at 390 px: {t}"
        );
        assert_eq!(t["card_scrolls"], json!(false), "{url} at 390 px: {t}");
    }
    assert_eq!(phone["page_scrolls"], json!(false), "{url} at 390 px");
    tables
        .iter()
        .map(|t| t["heading"].as_str().unwrap().to_string())
        .collect()
}

/// The KPI page on a desktop and a phone, and the dashboard on a phone,
/// on one small demo shop: a year of orders with returns and slow movers,
/// and a goals table with more columns than a phone is wide.
#[test]
fn every_table_is_in_view_on_a_desktop_and_a_phone() {
    let dir = TempDir::new("tables-browser");
    etalage_ok(&dir.0, &["demo", "--no-serve", "--events", "20000"]);
    let password = std::fs::read_to_string(dir.0.join("demo-password.txt")).unwrap();
    let server = Server::start(&dir.0, &[]);
    let b = Browser::start();
    b.log_in(&server.url, "demo@fietsen.example", password.trim());
    let kpis = format!("{}/kpis?period=12mo&lang=en", server.url);

    // A desktop: every table fits its card, the returns table too.
    b.set_viewport(1280, 900);
    b.goto(&kpis);
    let desktop = b.script(TABLE_LAYOUT);
    let tables = desktop["tables"].as_array().unwrap();
    let headings: Vec<&str> = tables
        .iter()
        .map(|t| t["heading"].as_str().unwrap())
        .collect();
    assert!(headings.contains(&"Returns"), "{headings:?}");
    for t in tables {
        assert_eq!(t["fits"], json!(true), "at 1280 px: {t}");
        assert_eq!(t["last_column_in_view"], json!(true), "at 1280 px: {t}");
    }
    assert_eq!(desktop["page_scrolls"], json!(false));

    assert_tables_in_view_on_a_phone(&b, &kpis);
    let headings = assert_tables_in_view_on_a_phone(&b, &format!("{}/?lang=en", server.url));
    assert!(
        headings.iter().any(|h| h == "Goals") && headings.iter().any(|h| h == "Funnel"),
        "{headings:?}"
    );
    drop(b);
    server.stop();
}
