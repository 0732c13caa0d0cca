//! The shop-data API over real HTTP against `etalage serve`: keys, one
//! record or a list, errors by position and field, idempotent resends.
mod common;
use common::*;
use etalage_store::{CommerceStore, DuckDbStore, Store};
use serde_json::{json, Value};

struct Api {
    url: String,
    token: String,
}

impl Api {
    fn post(&self, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut req = reqwest::blocking::Client::new()
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }

    fn send(&self, route: &str, body: Value) -> (u16, Value) {
        self.post(
            &format!("/api/v1/{route}?site_id=fietsen.example"),
            Some(&self.token),
            &body.to_string(),
        )
    }
}

fn order(id: &str, total: &str, quantity: Value) -> Value {
    json!({
        "order_id": id, "email": "an@fietsen.example", "created_at": "2026-05-01T10:00:00+02:00",
        "channel": "webshop", "country": "BE", "currency": "EUR", "total": total,
        "lines": [{"sku": "BELL-1", "name": "Bell", "quantity": quantity, "unit_price": "9.95"}]
    })
}

fn counts(inserted: u64, updated: u64, unchanged: u64) -> Value {
    json!({"inserted": inserted, "updated": updated, "unchanged": unchanged})
}

#[test]
fn shop_data_api() {
    let dir = TempDir::new("shop-api");
    let d = &dir.0;
    etalage_ok(d, &["site", "add", "fietsen.example"]);
    let token = create_key(d);
    let server = Server::start(d, &[]);
    let api = Api {
        url: server.url.clone(),
        token,
    };

    // Without a key, with a wrong one.
    let body = order("1001", "19.90", json!(2)).to_string();
    let (status, v) = api.post("/api/v1/orders?site_id=fietsen.example", None, &body);
    assert_eq!(status, 401);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer"),
        "{v}"
    );
    let (status, _) = api.post(
        "/api/v1/orders?site_id=fietsen.example",
        Some("etl_wrong"),
        &body,
    );
    assert_eq!(status, 401);
    // The site.
    let (status, v) = api.post("/api/v1/orders", Some(&api.token), &body);
    assert_eq!(status, 400);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("site_id: is missing"),
        "{v}"
    );
    let (status, _) = api.post(
        "/api/v1/orders?site_id=other.example",
        Some(&api.token),
        &body,
    );
    assert_eq!(status, 404);
    let (status, v) = api.post(
        "/api/v1/orders?site_id=fietsen.example",
        Some(&api.token),
        "{nope",
    );
    assert_eq!(status, 400);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("the body is not valid JSON"),
        "{v}"
    );

    // One object.
    assert_eq!(
        api.send("orders", order("1001", "19.90", json!(2))),
        (200, counts(1, 0, 0))
    );

    // A list with bad records stores nothing and names each one.
    let mut missing_total = order("1004", "1", json!(1));
    missing_total.as_object_mut().unwrap().remove("total");
    let batch = json!([
        order("1002", "9.95", json!(1)),
        order("1003", "9.95", json!(0)),
        missing_total,
        order("1001", "19.90", json!(2)),
    ]);
    let (status, v) = api.send("orders", batch);
    assert_eq!(status, 400);
    assert_eq!(v["error"], "2 of 4 records are invalid; nothing was stored");
    assert_eq!(
        v["errors"],
        json!([
            "[1].lines[0].quantity: must be a whole number above 0",
            "[2].total: is missing; give what the customer paid in all"
        ])
    );
    // One bad object: the field without a position.
    let (status, v) = api.send("orders", order("1005", "-1", json!(1)));
    assert_eq!(status, 400);
    assert_eq!(
        v["errors"],
        json!(["total: \"-1\" is negative; it must be 0 or more"])
    );

    // The good ones: 1002 is new (nothing was stored above), 1001 unchanged.
    let good = json!([
        order("1002", "9.95", json!(1)),
        order("1001", "19.90", json!(2))
    ]);
    assert_eq!(api.send("orders", good.clone()), (200, counts(1, 0, 1)));
    assert_eq!(
        api.send("orders", good),
        (200, counts(0, 0, 2)),
        "idempotent"
    );
    assert_eq!(
        api.send("orders", json!([order("1001", "29.85", json!(3))])),
        (200, counts(0, 1, 0))
    );

    // The other records.
    let cases = [
        (
            "products",
            json!({"sku": "BELL-1", "name": "Bell", "price": 9.95, "cost_price": "3.10", "currency": "EUR", "stock": 12}),
        ),
        (
            "returns",
            json!({"order_id": "#1001", "sku": "BELL-1", "quantity": 1, "reason": "broken", "date": "2026-05-09"}),
        ),
        (
            "customers",
            json!({"customer_id": "42", "email": "an@fietsen.example", "marketing_consent": true,
                              "marketing_consent_at": "2026-05-01T10:00:00Z", "marketing_consent_source": "checkout"}),
        ),
        (
            "spend",
            json!({"date": "2026-05-01", "channel": "google_ads", "campaign": "Spring", "amount": "25.40", "currency": "EUR"}),
        ),
    ];
    for (route, body) in &cases {
        // The orders made the customer already (known by address): the record updates it.
        let first = if *route == "customers" {
            counts(0, 1, 0)
        } else {
            counts(1, 0, 0)
        };
        assert_eq!(api.send(route, body.clone()), (200, first), "{route}");
        assert_eq!(
            api.send(route, json!([body])),
            (200, counts(0, 0, 1)),
            "{route}"
        );
    }
    let (status, v) = api.send(
        "customers",
        json!([{"email": "AN@fietsen.example", "country": "XX1"}]),
    );
    assert_eq!(
        (status, &v["errors"]),
        (
            400,
            &json!([
                "[0].country: \"XX1\" is not a two-letter ISO 3166 country code such as BE or NL"
            ])
        )
    );
    let (status, v) = api.send(
        "spend",
        json!([{"date": "2026-05-01", "channel": "meta", "amount": 5}]),
    );
    assert_eq!(
        (status, &v["errors"]),
        (
            400,
            &json!(["[0].currency: is missing; give a code such as EUR"])
        )
    );

    server.stop();
    let store = DuckDbStore::open(&d.join("etalage.duckdb")).unwrap();
    let site = store.site_by_domain("fietsen.example").unwrap().unwrap();
    let s = store.commerce_summary(site.id).unwrap();
    assert_eq!(
        (
            s.orders,
            s.order_lines,
            s.customers,
            s.products,
            s.returns,
            s.spend_rows
        ),
        (2, 2, 1, 1, 1, 1)
    );
    let o = store.order(site.id, "1001").unwrap().unwrap();
    assert_eq!(o.lines[0].quantity, 3);
    assert_eq!(o.customer.unwrap().customer_id.unwrap().as_str(), "42");
}

/// A GA4 `purchase` from the tracker is stored with its revenue and
/// transaction id, once however often the thank-you page loads, and is the
/// same sale as the shop's order with that number.
#[test]
fn tracked_purchases_and_orders_are_counted_once() {
    let dir = TempDir::new("shop-tracked");
    let d = &dir.0;
    etalage_ok(d, &["site", "add", "fietsen.example"]);
    let token = create_key(d);
    let server = Server::start(d, &[]);
    let api = Api {
        url: server.url.clone(),
        token,
    };
    let purchase = |id: &str| {
        json!({
            "name": "purchase", "url": "https://fietsen.example/thanks", "domain": "fietsen.example",
            "props": {"transaction_id": id, "value": 19.9, "currency": "EUR",
                      "items": [{"item_id": "BELL-1", "item_name": "Bell", "price": 9.95, "quantity": 2}]}
        })
    };
    let event = |body: Value| {
        reqwest::blocking::Client::new()
            .post(format!("{}/api/event", api.url))
            .header("user-agent", CHROME_DESKTOP)
            .header("content-type", "text/plain")
            .body(body.to_string())
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    for body in [purchase("#1001"), purchase("1001"), purchase("2002")] {
        assert_eq!(event(body), 202);
    }
    let mut bad = purchase("1003");
    bad["props"]["items"][0]["quantity"] = json!(-1);
    assert_eq!(event(bad), 400);
    assert_eq!(
        api.send("orders", order("#1001", "19.90", json!(2))),
        (200, counts(1, 0, 0))
    );
    server.stop();

    let store = DuckDbStore::open(&d.join("etalage.duckdb")).unwrap();
    let site = store.site_by_domain("fietsen.example").unwrap().unwrap();
    let s = store.commerce_summary(site.id).unwrap();
    // Three purchase events, two transactions, one of them the shop's order.
    assert_eq!((s.tracked_purchases, s.orders, s.sales), (2, 1, 2));
    assert_eq!(
        store
            .count_events(
                site.id,
                etalage_core::UtcRange {
                    start: "2000-01-01T00:00:00Z".parse().unwrap(),
                    end: "2100-01-01T00:00:00Z".parse().unwrap(),
                }
            )
            .unwrap(),
        3
    );
}
