//! Alerts on the shop's own books: returns planted on one supplier's
//! products in one week of the demo shop are found and named, the weeks
//! before are quiet; a day whose webshop orders stopped is found on a
//! small hand-made shop, with the checkout to blame.
use chrono::{Duration, NaiveDate};
use etalage_analytics::alerts::{check_day, recent_alerts, Alert};
use etalage_core::commerce::ReadOptions;
use etalage_core::{Domain, Order, OrderReturn, Product, Timezone};
use etalage_demo::{generate, DemoOptions};
use etalage_store::{CommerceStore, DuckDbStore, Store};
use serde_json::json;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn shop_alerts(list: Vec<Alert>) -> Vec<Alert> {
    list.into_iter().filter(Alert::about_the_shop).collect()
}

/// Four months of the demo shop (about 16 returned units a week, 1–7 of
/// them from Flandria Onderdelen BV).
fn demo() -> (DuckDbStore, etalage_store::Site) {
    let store = DuckDbStore::open_in_memory().unwrap();
    generate(
        &store,
        &DemoOptions {
            seed: 7,
            end: day("2026-06-30"),
            months: 4,
            target_events: 300_000,
        },
    )
    .unwrap();
    let site = store.site_by_domain("fietsen.example").unwrap().unwrap();
    (store, site)
}

#[test]
fn a_supplier_whose_returns_doubled_is_named() {
    let (store, site) = demo();
    let sunday = day("2026-06-21");
    // Before anything is planted the shop's weeks are ordinary.
    let before = shop_alerts(recent_alerts(&store, &site, sunday + Duration::days(1), 42).unwrap());
    assert!(before.is_empty(), "{before:#?}");

    // A faulty batch of brake pads from Flandria: twelve units come back
    // from Monday to Thursday of the week to 21 June.
    let opts = ReadOptions::default();
    let pads = Product::from_json(
        &json!({"sku": "BRAKE-X", "name": "Remblokken X", "category": "parts",
                "supplier": "Flandria Onderdelen BV", "price": "12.00", "currency": "EUR"}),
        &opts,
    )
    .unwrap();
    store.upsert_products(site.id, &[pads]).unwrap();
    let returns: Vec<OrderReturn> = (0..12)
        .map(|i| {
            OrderReturn::from_json(
                &json!({"return_id": format!("R-X{i}"), "order_id": format!("WK-X{i}"),
                        "sku": "BRAKE-X", "quantity": 1, "reason": "defect",
                        "date": format!("2026-06-{}", 15 + i % 4)}),
                &opts,
            )
            .unwrap()
        })
        .collect();
    store.upsert_returns(site.id, &returns).unwrap();

    let found = shop_alerts(check_day(&store, &site, sunday).unwrap());
    assert_eq!(found.len(), 1, "{found:#?}");
    let a = &found[0];
    assert_eq!(a.metric, "returns");
    assert_eq!(a.days, 7);
    assert_eq!(
        a.segment,
        Some((
            "product:supplier".to_string(),
            "Flandria Onderdelen BV".to_string()
        ))
    );
    assert!(a.change_percent >= 100.0, "{a:#?}");
    assert!(a.value >= 12.0, "{a:#?}");
    assert_eq!(a.hint, "returns-supplier");
    assert!(
        a.message
            .starts_with("returns of supplier Flandria Onderdelen BV +"),
        "{}",
        a.message
    );
    // Only the week's Sunday judges the week.
    let saturday = shop_alerts(check_day(&store, &site, sunday - Duration::days(1)).unwrap());
    assert!(saturday.is_empty(), "{saturday:#?}");
}

/// Seven weeks (1 May – 21 June) of a shop with `webshop` and
/// `marketplace` orders a day (€10 each); on the `planted` days the webshop
/// took `instead`.
fn steady_shop(
    webshop: u32,
    marketplace: u32,
    planted: &[&str],
    instead: u32,
) -> (DuckDbStore, etalage_store::Site) {
    let store = DuckDbStore::open_in_memory().unwrap();
    let site = store
        .add_site(
            &Domain::parse("winkel.example").unwrap(),
            Timezone::parse("Europe/Brussels").unwrap(),
        )
        .unwrap();
    let opts = ReadOptions::default();
    let mut orders = Vec::new();
    let mut d = day("2026-05-01");
    while d <= day("2026-06-21") {
        let web = if planted.iter().any(|p| day(p) == d) {
            instead
        } else {
            webshop
        };
        for (channel, n) in [("webshop", web), ("marketplace", marketplace)] {
            for i in 0..n {
                orders.push(
                    Order::from_json(
                        &json!({"order_id": format!("{d}-{channel}-{i}"),
                                "created_at": format!("{d}T10:{:02}:00+02:00", i),
                                "channel": channel, "currency": "EUR", "total": "10.00",
                                "lines": [{"sku": "A", "quantity": 1, "unit_price": "10.00"}]}),
                        &opts,
                    )
                    .unwrap(),
                );
            }
        }
        d = d.succ_opt().unwrap();
    }
    store.upsert_orders(site.id, &orders).unwrap();
    (store, site)
}

#[test]
fn a_day_without_webshop_orders_blames_the_checkout() {
    // 30 webshop and 5 marketplace orders a day; on Wednesday 17 June the
    // webshop took only 3.
    let (store, site) = steady_shop(30, 5, &["2026-06-17"], 3);
    let found = shop_alerts(check_day(&store, &site, day("2026-06-17")).unwrap());
    let orders = found
        .iter()
        .find(|a| a.metric == "orders")
        .unwrap_or_else(|| panic!("no orders alert in {found:#?}"));
    // Usual Wednesday 35 orders (no spread, so the floor √35 = 5.92
    // applies); that day 3 + 5 = 8: −77.1 %, −4.6 deviations.
    assert_eq!((orders.days, orders.value, orders.usual), (1, 8.0, 35.0));
    assert_eq!(orders.change_percent, -77.1);
    assert_eq!(orders.deviations, -4.6);
    let cause = orders.cause.as_ref().expect("a cause");
    assert_eq!(
        (cause.dimension.as_str(), cause.value.as_str()),
        ("order:channel", "webshop")
    );
    assert_eq!(cause.share, 1.0);
    assert_eq!(orders.hint, "checkout");
    // A day's revenue is not judged on its own.
    assert_eq!(found.len(), 1, "{found:#?}");
    // Other days are quiet, and so is the week (judged day by day, since
    // 35 orders a day is enough).
    for quiet in ["2026-06-16", "2026-06-18", "2026-06-21"] {
        let none = shop_alerts(check_day(&store, &site, day(quiet)).unwrap());
        assert!(none.is_empty(), "{quiet}: {none:#?}");
    }
}

#[test]
fn a_small_shop_is_judged_by_the_week() {
    // 2 webshop and 1 marketplace order a day; from Monday 15 June the
    // webshop took none.
    let week = [
        "2026-06-15",
        "2026-06-16",
        "2026-06-17",
        "2026-06-18",
        "2026-06-19",
        "2026-06-20",
        "2026-06-21",
    ];
    let (store, site) = steady_shop(2, 1, &week, 0);
    // No single day is judged: 3 orders a day is too few.
    let days: Vec<NaiveDate> = week[..6].iter().map(|d| day(d)).collect();
    let weekdays =
        shop_alerts(etalage_analytics::alerts::check_days(&store, &site, &days).unwrap());
    assert!(weekdays.is_empty(), "{weekdays:#?}");
    // The week to Sunday: 7 orders against 21 (no spread, floor √21 =
    // 4.58): −66.7 %, −3.1 deviations; revenue €70 against €210 (floor 10 %
    // = €21): −66.7 %, −6.7 deviations. Both point at the webshop.
    let found = shop_alerts(check_day(&store, &site, day("2026-06-21")).unwrap());
    let summary: Vec<(&str, u32, f64, f64, f64, f64)> = found
        .iter()
        .map(|a| {
            (
                a.metric.as_str(),
                a.days,
                a.value,
                a.usual,
                a.change_percent,
                a.deviations,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("orders", 7, 7.0, 21.0, -66.7, -3.1),
            ("revenue", 7, 70.0, 210.0, -66.7, -6.7)
        ]
    );
    for a in &found {
        assert_eq!(a.cause.as_ref().unwrap().value, "webshop");
        assert_eq!(a.hint, "checkout");
    }
    assert!(
        found[0]
            .message
            .starts_with("orders -67 % in the 7 days to 2026-06-21 against the usual 21, almost all from channel webshop"),
        "{}",
        found[0].message
    );
}
