//! The Customers page and `GET /api/v1/customers/value` driven in-process
//! through the whole router, with the real DuckDB store: the model check,
//! the verdict per acquisition channel, the advice links, and plain words
//! instead of numbers when there is too little data.
use super::http_tests::{app, App, Client};
use super::settings_tests::{add_site, admin};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use etalage_core::commerce::ReadOptions;
use etalage_core::{Device, Event, MarketingSpend, Order, Visit};
use etalage_store::{CommerceStore, DuckDbStore, Site, Store};
use serde_json::{json, Value};

fn purchase(site: &Site, visit: u64, channel: &str, order_id: &str, at: &str) -> Event {
    Event {
        site_id: site.id,
        ts: at.parse().unwrap(),
        visitor_id: visit,
        visit_id: visit,
        name: "purchase".into(),
        hostname: site.domain.to_string(),
        pathname: "/thanks".into(),
        visit: Visit {
            channel: channel.into(),
            ..Visit::default()
        },
        device: Device::Desktop,
        browser: "Firefox".into(),
        browser_version: "140".into(),
        os: "Linux".into(),
        os_version: String::new(),
        country: None,
        props: vec![("transaction_id".into(), order_id.into())],
        revenue: None,
        interactive: true,
    }
}

/// A year of a shop's orders up to yesterday, of 400 customers who buy and
/// drop out the way the BG/NBD model assumes (a fixed pseudo-random
/// sequence): each first buys on one of the year's first 360 days, then after
/// exponential gaps (a mean of 7 to 127 days, differing per customer) until
/// they drop out, after each purchase with a probability of 0 to 60 %. The
/// first orders of customers i ≡ 0 (mod 4) were bought in paid-social
/// visits, of i ≡ 1 in e-mail visits; the rest were not seen by the
/// tracker. In the last 90 days paid social cost €100,000 and e-mail 1 cent.
fn seed_year(store: &DuckDbStore) -> Site {
    let site = add_site(store, "shop.example");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let today = Utc::now().date_naive();
    let first = today - Duration::days(365);
    let mut orders = Vec::new();
    let mut events = Vec::new();
    for i in 0..400i64 {
        let mean_gap = 7.0 + 120.0 * uniform().powi(2);
        let drop = 0.6 * uniform().powi(2);
        let mut day = first + Duration::days((uniform() * 360.0) as i64);
        let mut k = 0;
        while day < today {
            let id = format!("{i}-{k}");
            let at = format!("{day}T10:00:00Z");
            orders.push(
                Order::from_json(
                    &json!({"order_id": id, "email": format!("c{i}@x.example"), "created_at": at,
                        "currency": "EUR", "total": format!("{}", 20 + (i % 17) * 3 + k),
                        "lines": [{"sku": "A", "quantity": 1, "unit_price": "20"}]}),
                    &ReadOptions::default(),
                )
                .unwrap(),
            );
            let channel = match i % 4 {
                0 => Some("paid_social"),
                1 => Some("email"),
                _ => None,
            };
            if let (0, Some(channel)) = (k, channel) {
                events.push(purchase(
                    &site,
                    i as u64 + 1,
                    channel,
                    &id,
                    &format!("{day}T09:59:00Z"),
                ));
            }
            k += 1;
            if uniform() < drop {
                break;
            }
            day += Duration::days((-(1.0 - uniform()).ln() * mean_gap).ceil() as i64);
        }
    }
    store.upsert_orders(site.id, &orders).unwrap();
    store.insert_events(&events, None).unwrap();
    let day = (today - Duration::days(10)).to_string();
    let spend: Vec<MarketingSpend> = [("paid_social", "100000"), ("email", "0.01")]
        .iter()
        .map(|(channel, amount)| {
            MarketingSpend::from_json(
                &json!({"date": day, "channel": channel, "amount": amount, "currency": "EUR"}),
                &ReadOptions::default(),
            )
            .unwrap()
        })
        .collect();
    store.upsert_spend(site.id, &spend).unwrap();
    site
}

/// The `<tr id="{id}">…</tr>` row of a page.
fn row<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!(r#"<tr id="{id}">"#))
        .unwrap_or_else(|| panic!("no row {id}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    &body[start..end]
}

async fn dutch(app: &App) -> Client {
    let mut c = admin(app).await;
    c.accept_language = Some("nl");
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_checks_the_models_and_judges_each_channel_in_dutch() {
    let (app, store) = app(true);
    let mut c = dutch(&app).await;
    seed_year(&store);
    let page = c.get(&app, "/customers").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let b = &page.body;
    assert!(!b.contains("NaN"), "{b}");
    // The model check: parameters, the holdout table and the tracking chart.
    assert!(b.contains(r#"id="diagnostics""#) && b.contains("Controle van de modellen"));
    assert!(
        row(b, "model-bgnbd").contains(r#"<th scope="row">BG/NBD</th><td>r = "#),
        "{b}"
    );
    assert!(row(b, "model-gamma-gamma").contains("γ = "));
    assert!(b.contains("Controle op achtergehouden weken"));
    assert!(b.contains("Geschat op de bestellingen tot "), "{b}");
    assert!(b.contains(r#"<table class="holdout">"#));
    assert!(b.contains("<svg") && b.contains("Herhaalaankopen, werkelijk en voorspeld"));
    // Per channel, in Dutch: €100,000 for a few customers is too much; a
    // cent is cheap for anyone.
    let social = row(b, "channel-paid_social");
    assert!(
        social.contains(r#"<th scope="row">Betaald sociaal</th>"#),
        "{social}"
    );
    assert!(
        social.contains(r#"<td class="verdict bad">Te duur</td>"#),
        "{social}"
    );
    let email = row(b, "channel-email");
    assert!(
        email.contains(r#"<td class="verdict good">Gezond</td>"#),
        "{email}"
    );
    let untracked = row(b, "channel-webshop");
    assert!(
        untracked.contains("Webshop (bezoek onbekend)"),
        "{untracked}"
    );
    assert!(
        untracked.ends_with(r#"<td class="verdict ">–</td>"#),
        "{untracked}"
    );
    // The spread of expected value.
    assert!(b.contains(r#"id="clv-distribution""#) && b.contains("De helft van de klanten"));
    // Every segment's advice links open an advice sheet, in Dutch.
    let links: Vec<&str> = b
        .split(r#"href="/advice/"#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert!(links.len() >= 2, "{b}");
    for link in links {
        assert!(link.ends_with("?lang=nl"), "{link}");
        let sheet = c.get(&app, &format!("/advice/{link}")).await;
        assert_eq!(sheet.status, StatusCode::OK, "{link}");
        assert!(sheet.body.contains(r#"<html lang="nl">"#));
    }
    assert_eq!(
        c.get(&app, "/advice/no-such-sheet").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn too_little_data_is_said_in_plain_words() {
    let (app, store) = app(true);
    let mut c = dutch(&app).await;
    let site = add_site(&store, "shop.example");
    let empty = c.get(&app, "/customers").await;
    assert!(
        empty
            .body
            .contains("Nog geen bestellingen met een gekende klant"),
        "{}",
        empty.body
    );
    let one = Order::from_json(
        &json!({"order_id": "1", "email": "solo@x.example", "created_at": "2026-05-01T10:00:00Z",
            "currency": "EUR", "total": "20", "lines": [{"sku": "A", "quantity": 1, "unit_price": "20"}]}),
        &ReadOptions::default(),
    )
    .unwrap();
    store.upsert_orders(site.id, &[one]).unwrap();
    let page = c.get(&app, "/customers").await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(!b.contains("NaN"), "{b}");
    assert!(b.contains("1 klant met bestellingen"), "{b}");
    assert!(b.contains(
        "De verwachte waarden kunnen nog niet berekend worden en staan daarom op 0. Nog geen enkele klant bestelde op twee verschillende dagen"
    ));
    assert!(b.contains(
        "De voorspellingen kunnen nog niet gecontroleerd worden. De bestellingen beslaan minder dan 16 weken"
    ));
    assert!(b.contains("Nog geen enkele klant heeft een verwachte waarde"));
    assert!(!b.contains(r#"id="model-bgnbd""#));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_adds_distribution_diagnostics_and_channels() {
    use tower::ServiceExt;
    let (app, store) = app(true);
    seed_year(&store);
    let token = crate::new_token();
    store
        .add_api_key("test", &crate::hash_token(&token), &token[..8])
        .unwrap();
    let get = |uri: &str| {
        axum::http::Request::builder()
            .uri(uri)
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let resp = app
        .router
        .clone()
        .oneshot(get("/api/v1/customers/value?site_id=shop.example"))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["customers"], 400);
    assert_eq!(v["margin"], 0.3);
    let d = &v["clv_distribution"];
    assert_eq!(d["bands"].as_array().unwrap().len(), 8);
    let in_bands: u64 = d["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(in_bands, 400);
    assert!(d["p50"].as_f64().unwrap() <= d["p99"].as_f64().unwrap());
    let g = &v["diagnostics"];
    assert!(g["bgnbd"]["r"].as_f64().unwrap() > 0.0);
    assert!(g["gamma_gamma"]["log_likelihood"].as_f64().is_some());
    assert_eq!(g["models_unavailable"], Value::Null);
    let h = &g["holdout"];
    let bucketed: u64 = h["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(json!(bucketed), h["customers"]);
    assert!(!h["tracking"].as_array().unwrap().is_empty());
    let channels = v["channels"].as_array().unwrap();
    let social = channels
        .iter()
        .find(|c| c["channel"] == "paid_social")
        .unwrap();
    assert_eq!(social["customers"], 100, "i ≡ 0 (mod 4)");
    assert_eq!(social["verdict"], "unprofitable");
    assert_eq!(social["spend"], 100000.0);
    let customers: u64 = channels
        .iter()
        .map(|c| c["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(customers, 400, "each customer in one channel");
}
