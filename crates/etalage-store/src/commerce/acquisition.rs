//! Where each customer came from, and whether a site's shop data changed:
//! the customer-value overview per acquisition channel and its cache.
use crate::duckdb_store::utc;
use crate::Result;
use chrono::{DateTime, NaiveDateTime, Utc};
use duckdb::{params, Connection};

/// A customer's first order (cancelled orders left out) and where it came
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstOrder {
    /// The customer key, as in [`crate::CommerceStore::value_transactions`].
    pub customer_key: String,
    /// When the first order was placed.
    pub created_at: DateTime<Utc>,
    /// The order's sales channel (`webshop`, `marketplace`, `shop_counter`).
    pub sales_channel: String,
    /// The channel of the visit in which the tracker saw the order's
    /// purchase (`paid_search`, `direct`, …), when it did.
    pub visit_channel: Option<String>,
}

/// Rows of a table and when the last of them was written (every stored
/// row is stamped when it is inserted or changed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TableStamp {
    /// Rows stored for the site.
    pub rows: u64,
    /// When the last of them was written.
    pub last_written: Option<DateTime<Utc>>,
}

/// A cheap summary of a site's shop data that changes whenever orders,
/// products (cost prices) or marketing spend are written or the tracker
/// records a purchase; for caches of figures computed from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CommerceFingerprint {
    /// Orders, cancelled ones included (their lines are written with them).
    pub orders: TableStamp,
    /// Products.
    pub products: TableStamp,
    /// Marketing spend rows.
    pub spend: TableStamp,
    /// Purchases the tracker saw (only ever added).
    pub tracked_purchases: u64,
}

pub(super) fn first_orders(conn: &Connection, site: u32) -> Result<Vec<FirstOrder>> {
    // Ties at the same instant go to the lowest order number, so the
    // answer never changes. An order's tracked channel is that of the visit
    // in which the tracker saw it bought.
    let mut stmt = conn.prepare(
        "WITH f AS (
            SELECT customer_key, order_id, created_at, channel, tracked_channel FROM orders
            WHERE site_id = ? AND cancelled_at IS NULL AND customer_key IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY created_at, order_id) = 1),
         SELECT f.customer_key::VARCHAR, f.created_at, f.channel, f.tracked_channel
         FROM f
         ORDER BY f.created_at, f.order_id",
    )?;
    let rows = stmt
        .query_map(params![site], |r| {
            Ok(FirstOrder {
                customer_key: r.get(0)?,
                created_at: utc(r.get::<_, NaiveDateTime>(1)?),
                sales_channel: r.get(2)?,
                visit_channel: r.get(3)?,
            })
        })?
        .collect::<duckdb::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) fn fingerprint(conn: &Connection, site: u32) -> Result<CommerceFingerprint> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM orders WHERE site_id = $1),
                (SELECT max(updated_at) FROM orders WHERE site_id = $1),
                (SELECT count(*) FROM products WHERE site_id = $1),
                (SELECT max(updated_at) FROM products WHERE site_id = $1),
                (SELECT count(*) FROM spend WHERE site_id = $1),
                (SELECT max(updated_at) FROM spend WHERE site_id = $1),
                (SELECT count(*) FROM tracked_purchases WHERE site_id = $1)",
        params![site],
        |r| {
            let stamp = |i: usize| -> duckdb::Result<TableStamp> {
                Ok(TableStamp {
                    rows: r.get::<_, i64>(i)?.max(0) as u64,
                    last_written: r.get::<_, Option<NaiveDateTime>>(i + 1)?.map(utc),
                })
            };
            Ok(CommerceFingerprint {
                orders: stamp(0)?,
                products: stamp(2)?,
                spend: stamp(4)?,
                tracked_purchases: r.get::<_, i64>(6)?.max(0) as u64,
            })
        },
    )?)
}

#[cfg(test)]
mod tests {
    use crate::{CommerceStore, DuckDbStore, Store};
    use etalage_core::commerce::ReadOptions;
    use etalage_core::{Domain, Event, Order, Timezone};
    use serde_json::{json, Value};

    fn order(id: &str, email: Option<&str>, at: &str, more: Value) -> Order {
        let mut v = json!({"order_id": id, "created_at": at, "currency": "EUR", "total": "10",
            "lines": [{"sku": "P", "quantity": 1, "unit_price": "10"}]});
        if let Some(e) = email {
            v["email"] = json!(e);
        }
        for (k, x) in more.as_object().unwrap() {
            v[k] = x.clone();
        }
        Order::from_json(&v, &ReadOptions::default()).unwrap()
    }

    /// A purchase seen by the tracker in visit `visit` of `channel`.
    fn purchase(visit: u64, channel: &str, transaction_id: &str, at: &str) -> Vec<Event> {
        let e = |name: &str, props: &[(&str, &str)]| {
            crate::test_events::shop_event(visit, name, channel, at, props)
        };
        vec![
            e("pageview", &[]),
            e("purchase", &[("transaction_id", transaction_id)]),
        ]
    }

    /// Five customers whose first order decides their channel:
    ///
    /// | customer | orders (first first)                                   | channel          |
    /// |----------|--------------------------------------------------------|------------------|
    /// | ann      | A1 webshop, bought in a paid-search visit; A2 by e-mail | paid_search      |
    /// | bob      | B0 marketplace; B1 webshop in a paid-social visit      | marketplace      |
    /// | cas      | C0 cancelled (paid social); C1 at the shop counter     | shop_counter     |
    /// | dirk     | D1 tracked by its platform id, organic search          | organic_search   |
    /// | eva      | E1 webshop, never seen by the tracker                  | webshop, no visit |
    ///
    /// G1 has no customer and is left out.
    #[test]
    fn the_first_order_decides_where_a_customer_came_from() {
        let s = DuckDbStore::open_in_memory().unwrap();
        let site = s
            .add_site(
                &Domain::parse("fietsen.example").unwrap(),
                Timezone::default(),
            )
            .unwrap()
            .id;
        let empty = s.commerce_fingerprint(site).unwrap();
        assert_eq!(empty, Default::default());
        let none = json!({});
        let orders = vec![
            order(
                "A2",
                Some("ann@x.example"),
                "2026-04-01T10:00:00Z",
                none.clone(),
            ),
            order(
                "A1",
                Some("ann@x.example"),
                "2026-03-01T10:00:00Z",
                none.clone(),
            ),
            order(
                "B0",
                Some("bob@x.example"),
                "2026-02-01T10:00:00Z",
                json!({"channel": "marketplace"}),
            ),
            order(
                "B1",
                Some("bob@x.example"),
                "2026-03-05T10:00:00Z",
                none.clone(),
            ),
            order(
                "C0",
                Some("cas@x.example"),
                "2026-01-10T10:00:00Z",
                json!({"cancelled_at": "2026-01-11T10:00:00Z"}),
            ),
            order(
                "C1",
                Some("cas@x.example"),
                "2026-01-20T10:00:00Z",
                json!({"channel": "shop_counter"}),
            ),
            order(
                "D1",
                Some("dirk@x.example"),
                "2026-03-10T10:00:00Z",
                json!({"platform_id": "shop-77"}),
            ),
            order(
                "E1",
                Some("eva@x.example"),
                "2026-03-12T10:00:00Z",
                none.clone(),
            ),
            order("G1", None, "2026-03-13T10:00:00Z", none),
        ];
        s.upsert_orders(site, &orders).unwrap();
        let events: Vec<Event> = [
            purchase(1, "paid_search", "A1", "2026-03-01T09:58:00Z"),
            purchase(2, "email", "A2", "2026-04-01T09:58:00Z"),
            purchase(3, "paid_social", "B1", "2026-03-05T09:58:00Z"),
            purchase(4, "paid_social", "C0", "2026-01-10T09:58:00Z"),
            purchase(5, "organic_search", "shop-77", "2026-03-10T09:58:00Z"),
        ]
        .concat();
        s.insert_events(&events, None).unwrap();

        let firsts = s.first_orders(site).unwrap();
        let seen: Vec<(String, &str, Option<&str>)> = firsts
            .iter()
            .map(|f| {
                (
                    f.created_at.format("%m-%d").to_string(),
                    f.sales_channel.as_str(),
                    f.visit_channel.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("01-20".to_string(), "shop_counter", None),
                ("02-01".to_string(), "marketplace", None),
                ("03-01".to_string(), "webshop", Some("paid_search")),
                ("03-10".to_string(), "webshop", Some("organic_search")),
                ("03-12".to_string(), "webshop", None),
            ]
        );
        // The same customers as the value models see.
        let mut keys: Vec<&str> = firsts.iter().map(|f| f.customer_key.as_str()).collect();
        keys.sort_unstable();
        let mut value_keys: Vec<String> = s
            .value_transactions(site)
            .unwrap()
            .into_iter()
            .map(|t| t.0)
            .collect();
        value_keys.sort_unstable();
        value_keys.dedup();
        assert_eq!(keys, value_keys);

        // The fingerprint moves with a changed order, not with a repeated one.
        let before = s.commerce_fingerprint(site).unwrap();
        assert_eq!((before.orders.rows, before.tracked_purchases), (9, 5));
        assert!(before.orders.last_written.is_some());
        assert_eq!(before.spend, Default::default());
        s.upsert_orders(site, &orders[..2]).unwrap();
        assert_eq!(s.commerce_fingerprint(site).unwrap(), before);
        let refunded = order(
            "A2",
            Some("ann@x.example"),
            "2026-04-01T10:00:00Z",
            json!({"refunded": "5"}),
        );
        s.upsert_orders(site, &[refunded]).unwrap();
        let after = s.commerce_fingerprint(site).unwrap();
        assert_eq!(after.orders.rows, 9);
        assert_ne!(after.orders, before.orders);
        // Spend is part of it too.
        let spend = etalage_core::MarketingSpend::from_json(
            &json!({"date": "2026-03-01", "channel": "paid_search", "amount": "40", "currency": "EUR"}),
            &ReadOptions::default(),
        )
        .unwrap();
        s.upsert_spend(site, &[spend]).unwrap();
        let with_spend = s.commerce_fingerprint(site).unwrap();
        assert_eq!(
            (with_spend.orders, with_spend.spend.rows),
            (after.orders, 1)
        );
    }
}
