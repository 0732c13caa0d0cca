//! The commerce upserts against a real (in-memory) DuckDB.
use super::*;
use crate::{DuckDbStore, Store};
use etalage_core::commerce::ReadOptions;
use etalage_core::{Domain, Event, Money, Timezone};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn store() -> (DuckDbStore, u32) {
    let s = DuckDbStore::open_in_memory().unwrap();
    let site = s
        .add_site(
            &Domain::parse("fietsen.example").unwrap(),
            Timezone::default(),
        )
        .unwrap();
    (s, site.id)
}

fn order(v: Value) -> Order {
    let mut base = json!({
        "order_id": "#1001", "email": "An@Fietsen.Example", "created_at": "2026-05-01T10:00:00Z",
        "currency": "EUR", "total": "64.85", "shipping": "4.95", "country": "BE",
        "lines": [
            {"sku": "BELL-1", "name": "Bell", "quantity": 2, "unit_price": "9.95"},
            {"sku": "LAMP-1", "name": "Lamp", "quantity": 1, "unit_price": "40"}
        ]
    });
    for (k, x) in v.as_object().unwrap() {
        base[k] = x.clone();
    }
    Order::from_json(&base, &ReadOptions::default()).unwrap()
}

fn statuses(r: UpsertReport) -> Vec<&'static str> {
    r.rows
        .iter()
        .map(|s| match s {
            RowStatus::Inserted => "inserted",
            RowStatus::Updated => "updated",
            RowStatus::Unchanged => "unchanged",
        })
        .collect()
}

#[test]
fn the_same_order_twice_is_stored_once_and_a_changed_one_replaces_its_lines() {
    let (s, site) = store();
    let first = order(json!({}));
    assert_eq!(
        statuses(s.upsert_orders(site, std::slice::from_ref(&first)).unwrap()),
        ["inserted"]
    );
    assert_eq!(
        statuses(s.upsert_orders(site, std::slice::from_ref(&first)).unwrap()),
        ["unchanged"]
    );
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.order_lines, sum.customers), (1, 2, 1));
    assert_eq!(s.order(site, "1001").unwrap().unwrap(), first);

    let changed = order(json!({
        "total": "44.95",
        "lines": [{"sku": "LAMP-1", "name": "Lamp", "quantity": 1, "unit_price": "40"}]
    }));
    assert_eq!(
        statuses(
            s.upsert_orders(site, std::slice::from_ref(&changed))
                .unwrap()
        ),
        ["updated"]
    );
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.order_lines, sum.customers), (1, 1, 1));
    assert_eq!(sum.totals[0].total, Decimal::new(4495, 2));
    assert_eq!(s.order(site, "#1001").unwrap().unwrap(), changed);

    // In one batch the rows count as if sent one after the other; the last wins.
    let other = order(json!({"order_id": "1002", "email": null}));
    let report = s
        .upsert_orders(
            site,
            &[first.clone(), other.clone(), changed.clone(), other.clone()],
        )
        .unwrap();
    assert_eq!(
        statuses(report),
        ["updated", "inserted", "updated", "unchanged"]
    );
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.order_lines), (2, 3));
    assert_eq!(s.order(site, "1001").unwrap().unwrap(), changed);
    assert_eq!(s.order(site, "1002").unwrap().unwrap().customer, None);
}

#[test]
fn customers_are_known_by_id_else_by_email() {
    let (s, site) = store();
    // A guest order, then an account with the same address: one customer.
    s.upsert_orders(site, &[order(json!({}))]).unwrap();
    let account = Customer::from_json(
        &json!({"customer_id": "42", "email": "an@fietsen.example", "name": "An", "kind": "consumer",
                "marketing_consent": true, "marketing_consent_at": "2026-05-01", "marketing_consent_source": "checkout"}),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        statuses(
            s.upsert_customers(site, std::slice::from_ref(&account))
                .unwrap()
        ),
        ["updated"]
    );
    assert_eq!(
        statuses(
            s.upsert_customers(site, std::slice::from_ref(&account))
                .unwrap()
        ),
        ["unchanged"]
    );
    // Orders by id, by address, and of someone else.
    s.upsert_orders(
        site,
        &[
            order(json!({"order_id": "1002", "customer_id": "42", "email": null})),
            order(json!({"order_id": "1003", "email": "AN@fietsen.example"})),
            order(json!({"order_id": "1004", "customer_id": "7", "email": "bo@fietsen.example"})),
            order(json!({"order_id": "1005", "email": "bo@fietsen.example"})),
        ],
    )
    .unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!(
        (sum.orders, sum.customers, sum.ordering_customers),
        (5, 2, 2)
    );
    let o = s.order(site, "1003").unwrap().unwrap();
    assert_eq!(o.customer.unwrap().customer_id.unwrap().as_str(), "42");
    // A new customer record only by address.
    let cy = Customer::from_json(
        &json!({"email": "cy@fietsen.example"}),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        statuses(s.upsert_customers(site, &[cy.clone(), cy]).unwrap()),
        ["inserted", "unchanged"]
    );
    assert_eq!(s.commerce_summary(site).unwrap().customers, 3);
}

#[test]
fn forgetting_keeps_order_figures_and_removes_the_person() {
    let (s, site) = store();
    let first = order(json!({}));
    let second = order(json!({"order_id": "1002", "total": "10"}));
    s.upsert_orders(site, &[first.clone(), second.clone()])
        .unwrap();
    s.upsert_orders(
        site,
        &[order(
            json!({"order_id": "2001", "email": "bo@fietsen.example"}),
        )],
    )
    .unwrap();
    s.upsert_returns(
        site,
        &[OrderReturn::from_json(
            &json!({"order_id": "1001", "sku": "BELL-1", "quantity": 1, "reason": "my husband has one", "date": "2026-05-10"}),
            &ReadOptions::default(),
        )
        .unwrap()],
    )
    .unwrap();
    let before = s.commerce_summary(site).unwrap();

    let report = s.forget_customer(site, " AN@fietsen.example ").unwrap();
    assert_eq!(
        report,
        ForgetReport {
            customers: 1,
            orders_kept: 2
        }
    );
    let after = s.commerce_summary(site).unwrap();
    assert_eq!(
        (
            after.orders,
            after.ordering_customers,
            after.customers,
            after.totals.clone(),
            after.returns
        ),
        (
            before.orders,
            before.ordering_customers,
            before.customers,
            before.totals,
            before.returns
        )
    );
    assert_eq!(after.forgotten_customers, 1);
    assert_eq!(s.order(site, "1001").unwrap().unwrap().customer, None);
    let (emails, reasons): (i64, i64) = s
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM customers WHERE email LIKE 'an@%' OR name IS NOT NULL),
                        (SELECT count(*) FROM returns WHERE reason IS NOT NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((emails, reasons), (0, 0));

    // Sending the orders again changes nothing and stores no address.
    assert_eq!(
        statuses(s.upsert_orders(site, &[first, second]).unwrap()),
        ["unchanged", "unchanged"]
    );
    let changed = order(json!({"order_id": "1003"}));
    s.upsert_orders(site, &[changed]).unwrap();
    let again = s.commerce_summary(site).unwrap();
    assert_eq!((again.customers, again.ordering_customers), (2, 2));
    assert_eq!(s.order(site, "1003").unwrap().unwrap().customer, None);
    assert_eq!(
        s.forget_customer(site, "nobody@x.example").unwrap(),
        ForgetReport::default()
    );
}

#[test]
fn products_returns_and_spend_are_idempotent() {
    let (s, site) = store();
    let o = ReadOptions::default();
    let p = |v: Value| Product::from_json(&v, &o).unwrap();
    let bell = p(
        json!({"sku": "BELL-1", "name": "Bell", "price": "9.95", "cost_price": "3.10", "currency": "EUR", "stock": 12}),
    );
    assert_eq!(
        statuses(
            s.upsert_products(site, std::slice::from_ref(&bell))
                .unwrap()
        ),
        ["inserted"]
    );
    assert_eq!(
        statuses(s.upsert_products(site, &[bell]).unwrap()),
        ["unchanged"]
    );
    let cheaper = p(json!({"sku": "BELL-1", "name": "Bell", "price": "8.95", "currency": "EUR"}));
    assert_eq!(
        statuses(s.upsert_products(site, &[cheaper]).unwrap()),
        ["updated"]
    );

    let r = |v: Value| OrderReturn::from_json(&v, &o).unwrap();
    let returns = [
        r(
            json!({"order_id": "1001", "sku": "BELL-1", "quantity": 1, "date": "2026-05-10", "reason": "broken"}),
        ),
        r(
            json!({"order_id": "1001", "sku": "BELL-1", "quantity": 1, "date": "2026-05-10", "reason": "too loud"}),
        ),
        r(
            json!({"return_id": "R7", "order_id": "1002", "sku": "LAMP-1", "quantity": 1, "date": "2026-05-11"}),
        ),
    ];
    assert_eq!(
        statuses(s.upsert_returns(site, &returns).unwrap()),
        ["inserted", "inserted", "inserted"]
    );
    let more = r(
        json!({"return_id": "R7", "order_id": "1002", "sku": "LAMP-1", "quantity": 2, "date": "2026-05-11"}),
    );
    assert_eq!(
        statuses(s.upsert_returns(site, &[returns[0].clone(), more]).unwrap()),
        ["unchanged", "updated"]
    );

    let sp = |v: Value| MarketingSpend::from_json(&v, &o).unwrap();
    let day = [
        sp(
            json!({"date": "2026-05-01", "channel": "Google_Ads", "campaign": "Spring", "amount": "12.5", "currency": "EUR"}),
        ),
        sp(
            json!({"date": "2026-05-01", "channel": "google_ads", "amount": "3", "currency": "EUR"}),
        ),
    ];
    assert_eq!(
        statuses(s.upsert_spend(site, &day).unwrap()),
        ["inserted", "inserted"]
    );
    let fixed = sp(
        json!({"date": "2026-05-01", "channel": "google_ads", "campaign": "Spring", "amount": "13", "currency": "EUR"}),
    );
    assert_eq!(
        statuses(s.upsert_spend(site, &[fixed]).unwrap()),
        ["updated"]
    );
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.products, sum.returns, sum.spend_rows), (1, 3, 2));
}

fn event(name: &str, ts: &str, props: &[(&str, &str)], revenue: Option<&str>) -> Event {
    Event {
        pathname: "/thanks".into(),
        revenue: revenue.map(|a| Money::parse(a, "EUR").unwrap()),
        ..crate::test_events::shop_event(9, name, "", ts, props)
    }
}

#[test]
fn a_purchase_and_its_order_are_one_sale() {
    let (s, site) = store();
    assert_eq!(site, 1);
    let items = r#"[{"item_id":"BELL-1","price":"9.95","quantity":2}]"#;
    let purchase = |ts| {
        event(
            "purchase",
            ts,
            &[("transaction_id", "1001"), ("items", items)],
            Some("19.9"),
        )
    };
    s.insert_events(
        &[
            event(
                "add_to_cart",
                "2026-05-01T09:58:00Z",
                &[("items", items)],
                None,
            ),
            purchase("2026-05-01T10:00:00Z"),
            purchase("2026-05-01T10:00:05Z"),
            event(
                "purchase",
                "2026-05-01T11:00:00Z",
                &[("transaction_id", "#1002")],
                Some("5"),
            ),
            event("pageview", "2026-05-01T11:00:00Z", &[], None),
        ],
        None,
    )
    .unwrap();
    // A reload of the thank-you page in a later batch.
    s.insert_events(&[purchase("2026-05-01T10:03:00Z")], None)
        .unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.tracked_purchases, sum.sales), (2, 2));
    let items: i64 = s
        .read(|c| Ok(c.query_row("SELECT sum(quantity) FROM tracked_items", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(items, 4, "the cart's two and the first purchase's two");
    // The shop's order for 1001 arrives: still two sales.
    s.upsert_orders(site, &[order(json!({}))]).unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.tracked_purchases, sum.sales), (1, 2, 2));
    // An order whose platform id is the purchase's transaction id 1002.
    s.upsert_orders(
        site,
        &[order(
            json!({"order_id": "2000", "platform_id": "1002", "email": "bo@fietsen.example"}),
        )],
    )
    .unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.tracked_purchases, sum.sales), (2, 2, 2));
    // Its platform id corrected: purchase 1002 records no order after all.
    s.upsert_orders(
        site,
        &[order(
            json!({"order_id": "2000", "platform_id": "shop-2000", "email": "bo@fietsen.example"}),
        )],
    )
    .unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.tracked_purchases, sum.sales), (2, 2, 3));
}

/// The KPI queries of `docs/shop-data.md` run as written and find rows.
#[test]
fn docs_queries_run() {
    let (s, site) = store();
    assert_eq!(site, 1, "the queries are written for site 1");
    let o = ReadOptions::default();
    s.upsert_orders(
        site,
        &[
            order(json!({})),
            order(json!({"order_id": "1002", "created_at": "2026-06-02T10:00:00Z", "channel": "shop_counter"})),
            order(json!({"order_id": "1003", "email": "bo@fietsen.example", "refunded": "9.95"})),
        ],
    )
    .unwrap();
    s.upsert_products(
        site,
        &[Product::from_json(
            &json!({"sku": "BELL-1", "cost_price": "3.10", "currency": "EUR"}),
            &o,
        )
        .unwrap()],
    )
    .unwrap();
    s.upsert_returns(
        site,
        &[OrderReturn::from_json(
            &json!({"order_id": "1001", "sku": "BELL-1", "quantity": 1, "date": "2026-05-09"}),
            &o,
        )
        .unwrap()],
    )
    .unwrap();
    s.upsert_spend(
        site,
        &[MarketingSpend::from_json(
            &json!({"date": "2026-05-01", "channel": "meta", "amount": "20", "currency": "EUR"}),
            &o,
        )
        .unwrap()],
    )
    .unwrap();
    let mut purchase = event(
        "purchase",
        "2026-05-01T08:00:00Z",
        &[("transaction_id", "1001")],
        Some("64.85"),
    );
    purchase.visit.channel = "paid_social".into();
    s.insert_events(&[purchase], None).unwrap();

    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/shop-data.md"
    ))
    .unwrap();
    let queries: Vec<&str> = doc
        .split("```sql")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert_eq!(queries.len(), 9);
    for q in &queries {
        let rows: usize = s
            .read(|c| {
                let mut stmt = c.prepare(q)?;
                let mut rows = stmt.query([])?;
                let mut n = 0;
                while rows.next()?.is_some() {
                    n += 1;
                }
                Ok(n)
            })
            .unwrap_or_else(|e| panic!("{e}\n{q}"));
        assert!(rows > 0, "no rows from\n{q}");
    }
    let new_in_may: i64 = s
        .read(|c| Ok(c.query_row(queries[2], [], |r| r.get(1))?))
        .unwrap();
    assert_eq!(
        new_in_may, 2,
        "an and bo in May; an's June order is not a first"
    );
    let rate: f64 = s
        .read(|c| Ok(c.query_row(queries[3], [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(rate, 0.5, "an has two orders, bo one");
}

/// Each stored order of the customers' sequences: (order, previous, next),
/// times as dates.
fn sequences(s: &DuckDbStore, site: u32) -> Vec<(String, Option<String>, Option<String>)> {
    s.read(|c| {
        let mut stmt = c.prepare(
            "SELECT order_id, CAST(prev_at AS DATE)::VARCHAR, CAST(next_at AS DATE)::VARCHAR
             FROM customer_orders WHERE site_id = ? ORDER BY order_id",
        )?;
        let rows = stmt
            .query_map(duckdb::params![site], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<duckdb::Result<Vec<_>>>()?;
        Ok(rows)
    })
    .unwrap()
}

#[test]
fn each_customers_orders_stay_in_sequence_through_changes() {
    let (s, site) = store();
    let at = |id: &str, email: &str, day: &str| {
        order(json!({"order_id": id, "email": email, "created_at": format!("{day}T10:00:00Z")}))
    };
    let row = |id: &str, prev: Option<&str>, next: Option<&str>| {
        (
            id.to_string(),
            prev.map(String::from),
            next.map(String::from),
        )
    };
    s.upsert_orders(
        site,
        &[
            at("1", "an@x.example", "2026-05-01"),
            at("2", "an@x.example", "2026-05-10"),
            at("3", "bo@x.example", "2026-05-05"),
            at("4", "an@x.example", "2026-05-20"),
        ],
    )
    .unwrap();
    assert_eq!(
        sequences(&s, site),
        [
            row("1", None, Some("2026-05-10")),
            row("2", Some("2026-05-01"), Some("2026-05-20")),
            row("3", None, None),
            row("4", Some("2026-05-10"), None),
        ]
    );
    // Order 2 moves from an to bo: both sequences change.
    s.upsert_orders(site, &[at("2", "bo@x.example", "2026-05-10")])
        .unwrap();
    assert_eq!(
        sequences(&s, site),
        [
            row("1", None, Some("2026-05-20")),
            row("2", Some("2026-05-05"), None),
            row("3", None, Some("2026-05-10")),
            row("4", Some("2026-05-01"), None),
        ]
    );
    // A cancelled order leaves the sequence; a moved date reorders it.
    let mut cancelled = at("3", "bo@x.example", "2026-05-05");
    cancelled.cancelled_at = Some("2026-05-06T10:00:00Z".parse().unwrap());
    s.upsert_orders(site, &[cancelled, at("4", "an@x.example", "2026-04-01")])
        .unwrap();
    assert_eq!(
        sequences(&s, site),
        [
            row("1", Some("2026-04-01"), None),
            row("2", None, None),
            row("4", None, Some("2026-05-01")),
        ]
    );
    // Sending the same orders again changes nothing.
    s.upsert_orders(site, &[at("1", "an@x.example", "2026-05-01")])
        .unwrap();
    assert_eq!(sequences(&s, site).len(), 3);
}

#[test]
fn a_second_batch_keeps_the_first_batchs_lines() {
    let (s, site) = store();
    s.upsert_orders(site, &[order(json!({"order_id": "1"}))])
        .unwrap();
    s.upsert_orders(site, &[order(json!({"order_id": "2"}))])
        .unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.order_lines), (2, 4));
}

/// 140,000 lines in one batch: more than a DuckDB row group, which one
/// appender flush inside a transaction used to lose whole.
#[test]
fn a_large_batch_keeps_every_line() {
    let (s, site) = store();
    let orders: Vec<Order> = (0..70_000)
        .map(|i| {
            order(json!({"order_id": format!("{i}"), "email": format!("c{}@x.example", i % 7000)}))
        })
        .collect();
    s.upsert_orders(site, &orders).unwrap();
    let sum = s.commerce_summary(site).unwrap();
    assert_eq!((sum.orders, sum.order_lines), (70_000, 140_000));
}

/// An order whose lines an earlier version lost gets them back when it is
/// sent again, after migration 7.
#[test]
fn resending_an_order_restores_lines_lost_before_migration_7() {
    let (s, site) = store();
    let first = order(json!({}));
    s.upsert_orders(site, std::slice::from_ref(&first)).unwrap();
    let (_, repair) = crate::migrations::MIGRATIONS
        .iter()
        .find(|(v, _)| *v == 7)
        .unwrap();
    s.read(|c| {
        c.execute_batch("DELETE FROM order_lines")?;
        c.execute_batch(repair)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        statuses(s.upsert_orders(site, std::slice::from_ref(&first)).unwrap()),
        ["updated"]
    );
    assert_eq!(s.commerce_summary(site).unwrap().order_lines, 2);
    assert_eq!(
        statuses(s.upsert_orders(site, std::slice::from_ref(&first)).unwrap()),
        ["unchanged"]
    );
}

/// A reloaded thank-you page sends its `purchase` again: the event is
/// kept, its revenue counts once, whether the repeat comes in the same
/// batch or a later one.
#[test]
fn a_repeated_purchase_keeps_its_event_but_not_its_revenue() {
    let (s, _) = store();
    let buy = |ts: &str, id: &str| event("purchase", ts, &[("transaction_id", id)], Some("50"));
    s.insert_events(
        &[
            buy("2026-05-01T08:00:00Z", "T1"),
            buy("2026-05-01T08:01:00Z", "T1"),
            buy("2026-05-01T08:02:00Z", "T2"),
        ],
        None,
    )
    .unwrap();
    s.insert_events(&[buy("2026-05-01T09:00:00Z", "T2")], None)
        .unwrap();
    let (events, revenue): (i64, f64) = s
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*), sum(revenue_amount)::DOUBLE FROM events WHERE name = 'purchase'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((events, revenue), (4, 100.0), "T1 and T2 once each");
}

/// An order keeps the channel of the visit in which the tracker saw it
/// bought, whichever of the two arrives first, and loses it when its
/// platform id no longer matches the purchase.
#[test]
fn an_order_keeps_the_channel_of_its_tracked_purchase() {
    let (s, site) = store();
    let buy = |id: &str, channel: &str| {
        let mut e = event(
            "purchase",
            "2026-05-01T10:00:00Z",
            &[("transaction_id", id)],
            Some("10"),
        );
        e.visit.channel = channel.into();
        e
    };
    let channels = || -> Vec<(String, Option<String>)> {
        s.read(|c| {
            let mut stmt =
                c.prepare("SELECT order_id, tracked_channel FROM orders ORDER BY order_id")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap()
    };
    let row = |id: &str, channel: Option<&str>| (id.to_string(), channel.map(String::from));
    // The purchase first, then its order.
    s.insert_events(&[buy("3001", "paid_search")], None)
        .unwrap();
    s.upsert_orders(site, &[order(json!({"order_id": "3001"}))])
        .unwrap();
    // The order first (known by its platform id), then the purchase.
    s.upsert_orders(
        site,
        &[order(json!({"order_id": "3002", "platform_id": "P-9"}))],
    )
    .unwrap();
    s.insert_events(&[buy("P-9", "email")], None).unwrap();
    assert_eq!(
        channels(),
        [row("3001", Some("paid_search")), row("3002", Some("email"))]
    );
    // A changed order (shipping) keeps its channel; a changed platform id
    // leaves it without one.
    s.upsert_orders(
        site,
        &[
            order(json!({"order_id": "3001", "shipping": "0"})),
            order(json!({"order_id": "3002", "platform_id": "P-10"})),
        ],
    )
    .unwrap();
    assert_eq!(
        channels(),
        [row("3001", Some("paid_search")), row("3002", None)]
    );
}
