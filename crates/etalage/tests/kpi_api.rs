//! The key figures over real HTTP and from the command line: orders and
//! spend sent through the API, figures read back at `GET /api/v1/kpis` and
//! with `etalage kpi --json`, both the same and as computed by hand.
mod common;
use common::*;
use serde_json::{json, Value};

fn get(server: &Server, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = reqwest::blocking::Client::new().get(format!("{}{path}", server.url));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().unwrap();
    (r.status().as_u16(), r.json().unwrap_or(Value::Null))
}

fn post(server: &Server, path: &str, token: &str, body: Value) -> (u16, Value) {
    let r = reqwest::blocking::Client::new()
        .post(format!("{}{path}", server.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .unwrap();
    (r.status().as_u16(), r.json().unwrap_or(Value::Null))
}

#[test]
fn the_api_and_the_cli_give_the_same_hand_computed_figures() {
    let dir = TempDir::new("kpi-api");
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

    // May: two orders by one new customer (€200 and €100 with €20
    // refunded), one cancelled; April: one order by someone else.
    let orders = json!([
        {"order_id": "1001", "email": "an@shop.example", "created_at": "2026-05-04T10:00:00Z", "currency": "EUR",
         "total": "200", "lines": [{"sku": "A", "quantity": 4, "unit_price": "50"}]},
        {"order_id": "1002", "email": "an@shop.example", "created_at": "2026-05-18T10:00:00Z", "currency": "EUR",
         "total": "100", "refunded": "20", "lines": [{"sku": "B", "quantity": 1, "unit_price": "100"}]},
        {"order_id": "1003", "email": "bo@shop.example", "created_at": "2026-05-20T10:00:00Z", "currency": "EUR",
         "total": "70", "cancelled_at": "2026-05-21T08:00:00Z", "lines": [{"sku": "A", "quantity": 1, "unit_price": "70"}]},
        {"order_id": "0999", "email": "bo@shop.example", "created_at": "2026-04-10T10:00:00Z", "currency": "EUR",
         "total": "50", "lines": [{"sku": "A", "quantity": 1, "unit_price": "50"}]}
    ]);
    let (status, v) = post(
        &server,
        "/api/v1/orders?site_id=shop.example",
        &token,
        orders,
    );
    assert_eq!(status, 200, "{v}");
    let spend = json!([{"date": "2026-05-02", "channel": "paid_search", "amount": "140", "currency": "EUR"}]);
    let (status, v) = post(&server, "/api/v1/spend?site_id=shop.example", &token, spend);
    assert_eq!(status, 200, "{v}");

    let path = "/api/v1/kpis?site_id=shop.example&date_range=2026-05-01,2026-05-31";
    assert_eq!(get(&server, path, None).0, 401);
    assert_eq!(
        get(&server, "/api/v1/kpis?site_id=nope.example", Some(&token)).0,
        404
    );
    let (status, bad) = get(
        &server,
        "/api/v1/kpis?site_id=shop.example&date_range=fortnight",
        Some(&token),
    );
    assert_eq!(status, 400);
    assert!(
        bad["error"].as_str().unwrap().contains("date_range"),
        "{bad}"
    );

    let (status, api) = get(&server, path, Some(&token));
    assert_eq!(status, 200, "{api}");
    let k = &api["kpis"];
    assert_eq!(k["orders"], 2);
    assert_eq!(k["revenue"], 280.0);
    assert_eq!(k["aov"], 140.0);
    assert_eq!(k["items_per_order"], 2.5);
    assert_eq!(
        (k["customers"].clone(), k["new_customers"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(k["repeat_purchase_rate"], 100.0);
    assert_eq!(k["marketing_spend"], 140.0);
    assert_eq!(k["cac"], 140.0);
    assert_eq!(k["roas"], 2.0);
    assert_eq!(api["previous_range"], json!(["2026-03-31", "2026-04-30"]));
    assert_eq!(api["previous"]["orders"], 1);
    assert_eq!(api["previous"]["revenue"], 50.0);

    // Customer value from the same orders: an (two orders) and bo (one;
    // the cancelled one does not count).
    let value_path = "/api/v1/customers/value?site_id=shop.example";
    assert_eq!(get(&server, value_path, None).0, 401);
    assert_eq!(
        get(&server, &format!("{value_path}&margin=2"), Some(&token)).0,
        400
    );
    let (status, value) = get(&server, value_path, Some(&token));
    assert_eq!(status, 200, "{value}");
    assert_eq!(value["customers"], 2);
    assert_eq!(value["reference_date"], "2026-05-19");
    let segments = value["segments"].as_array().unwrap();
    let counted: u64 = segments
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2);
    let revenue: f64 = segments
        .iter()
        .map(|s| s["revenue"].as_f64().unwrap())
        .sum();
    assert_eq!(revenue, 330.0, "200 + 100 − 20 + 50");
    server.stop();
    let cli_value: Value = serde_json::from_str(&etalage_ok(
        &dir.0,
        &["value", "segments", "--site", "shop.example", "--json"],
    ))
    .unwrap();
    assert_eq!(cli_value, value);

    let cli: Value = serde_json::from_str(&etalage_ok(
        &dir.0,
        &[
            "kpi",
            "--site",
            "shop.example",
            "--from",
            "2026-05-01",
            "--to",
            "2026-05-31",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(cli, api, "the command line and the API agree");
    let text = etalage_ok(
        &dir.0,
        &[
            "kpi",
            "--site",
            "shop.example",
            "--from",
            "2026-05-01",
            "--to",
            "2026-05-31",
        ],
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("revenue") && l.contains("280.00") && l.contains("50.00")),
        "{text}"
    );
}
