//! The shop's key figures over a period, worked out from the sums that
//! `statements` reads (each kind of data once) and `returns` groups. The
//! definitions are in `docs/kpis.md`; a test pins them on a small
//! hand-computed data set.
mod returns;
mod statements;

use crate::duckdb_store::DuckDbStore;
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use statements::{Bounds, CustomerCounts, OrderSums, SkuReturns, SkuSales};

/// Marketing spend of one channel in the period, and what it brought.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSpend {
    /// The channel as written in the spend data (`paid_search`, …).
    pub channel: String,
    /// Spend in the period.
    pub spend: f64,
    /// Revenue of the period's orders whose tracked purchase happened in a
    /// visit of this channel.
    pub revenue: f64,
    /// revenue ÷ spend.
    pub roas: Option<f64>,
}

/// A product with stock that did not sell in the 90 days to the period end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowMover {
    /// SKU.
    pub sku: String,
    /// Name, when known.
    pub name: Option<String>,
    /// Units in stock.
    pub stock: i64,
    /// Stock × cost price, when the cost is known.
    pub stock_value: Option<f64>,
}

/// Returns of one group of products (a category, a supplier, a SKU).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnGroup {
    /// `category`, `supplier` or `sku`.
    pub by: String,
    /// The group's value (`(none)` when the product data lacks it).
    pub value: String,
    /// Units on the period's orders.
    pub units_sold: f64,
    /// Of those, units returned.
    pub units_returned: f64,
    /// units_returned ÷ units_sold, in %.
    pub return_rate: Option<f64>,
    /// The most given reason.
    pub top_reason: Option<String>,
}

/// Visits of the period that reached each step of the shop's journey.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct JourneyCounts {
    /// All visits.
    pub visits: u64,
    /// Visits with a `view_item` event.
    pub view_item: u64,
    /// Visits with an `add_to_cart` event.
    pub add_to_cart: u64,
    /// Visits with a `begin_checkout` event.
    pub begin_checkout: u64,
    /// Visits with a `purchase` event.
    pub purchase: u64,
}

/// The key figures of a period. A figure is `None` where it is undefined
/// (a ratio over zero) or its data is missing (no cost prices, no spend).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KpiReport {
    /// Orders created in the period, cancelled ones excluded.
    pub orders: u64,
    /// Σ order total − Σ refunded of those orders.
    pub revenue: f64,
    /// revenue ÷ orders.
    pub aov: Option<f64>,
    /// Σ line quantity ÷ orders.
    pub items_per_order: Option<f64>,
    /// Distinct customers with an order in the period.
    pub customers: u64,
    /// Of those, customers whose first order ever is in the period.
    pub new_customers: u64,
    /// customers − new_customers.
    pub returning_customers: u64,
    /// orders ÷ customers (orders with a known customer).
    pub purchase_frequency: Option<f64>,
    /// % of the period's customers with two or more orders up to its end.
    pub repeat_purchase_rate: Option<f64>,
    /// % of revenue from the top 20 % of the period's customers by revenue.
    pub revenue_top20_share: Option<f64>,
    /// % of units sold in the period that were returned.
    pub return_rate: Option<f64>,
    /// % of Σ order total refunded.
    pub refund_rate: Option<f64>,
    /// % margin on line net prices where the cost price is known.
    pub gross_margin: Option<f64>,
    /// Average shipping charged per order.
    pub shipping_cost_per_order: Option<f64>,
    /// Average days from created to fulfilled.
    pub delivery_days: Option<f64>,
    /// Marketing spend in the period.
    pub marketing_spend: f64,
    /// marketing_spend ÷ new_customers.
    pub cac: Option<f64>,
    /// revenue ÷ marketing_spend.
    pub roas: Option<f64>,
    /// Spend and return per channel.
    pub spend_by_channel: Vec<ChannelSpend>,
    /// % of visits with a purchase event.
    pub ecommerce_conversion_rate: Option<f64>,
    /// % of visits with `add_to_cart` that have no purchase.
    pub cart_abandonment_rate: Option<f64>,
    /// The journey's steps, in visits.
    pub journey: JourneyCounts,
    /// Customers with an order in the 365 days to the period end.
    pub active_customers: u64,
    /// % of customers active at the period start no longer active at its end.
    pub churn_rate: Option<f64>,
    /// Σ stock × cost price.
    pub stock_value: Option<f64>,
    /// Units in stock ÷ units sold per day in the period.
    pub days_of_inventory: Option<f64>,
    /// Products in stock without a sale in the 90 days to the period end.
    pub slow_movers: Vec<SlowMover>,
    /// Returns by category, supplier and SKU (groups with returns, most
    /// returned units first, ten per kind).
    pub returns_by: Vec<ReturnGroup>,
}

/// The steps of the shop's journey a visit reached, as the columns
/// `viewed`, `carted`, `checkout` and `bought` of a `GROUP BY visit_id`
/// over events.
pub(crate) const VISIT_STEPS: &str = "bool_or(lower(name) = 'view_item') AS viewed,
    bool_or(lower(name) = 'add_to_cart') AS carted,
    bool_or(lower(name) = 'begin_checkout') AS checkout,
    bool_or(lower(name) = 'purchase') AS bought";

/// Over those visits: all, then those that viewed an item, added to the
/// cart, began the checkout, bought, and added to the cart without buying.
pub(crate) const STEP_COUNTS: &str = "count(*), count(*) FILTER (WHERE viewed),
    count(*) FILTER (WHERE carted), count(*) FILTER (WHERE checkout),
    count(*) FILTER (WHERE bought), count(*) FILTER (WHERE carted AND NOT bought)";

/// a ÷ b, undefined over zero.
pub(crate) fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// a ÷ b in %, undefined over zero.
pub(crate) fn pct(a: f64, b: f64) -> Option<f64> {
    ratio(a, b).map(|r| r * 100.0)
}

/// A period: its local days (for spend) and their UTC instants.
#[derive(Debug, Clone, Copy)]
pub struct KpiPeriod {
    /// First day, site time.
    pub first_day: NaiveDate,
    /// Last day, site time, included.
    pub last_day: NaiveDate,
    /// The first instant of the first day.
    pub start: DateTime<Utc>,
    /// The first instant after the last day.
    pub end: DateTime<Utc>,
}

impl DuckDbStore {
    /// The shop's key figures for a period (see [`crate::CommerceStore::kpis`]).
    /// The statements share nothing and each runs on a reader of its own,
    /// at the same time: one statement alone leaves a core idle in its
    /// single-threaded phases (planning, the final merge of an aggregate,
    /// handing over the result).
    pub(crate) fn compute_kpis(&self, site_id: u32, period: KpiPeriod) -> Result<KpiReport> {
        let b = &Bounds::new(site_id, period);
        let days = ((period.last_day - period.first_day).num_days() + 1) as f64;
        std::thread::scope(|scope| {
            let customers = scope.spawn(|| self.read(|c| statements::customer_counts(c, b)));
            let top20 = scope.spawn(|| self.read(|c| statements::top_fifth_revenue(c, b)));
            let lines = scope.spawn(|| self.read(|c| statements::sku_sales(c, b)));
            let returns = scope.spawn(|| self.read(|c| statements::sku_returns(c, b)));
            let visits = scope.spawn(|| self.read(|c| statements::journey(c, b)));
            let products = scope.spawn(|| {
                self.read(|c| {
                    Ok((
                        statements::spend(c, b)?,
                        statements::stock(c, b)?,
                        statements::slow_movers(c, b)?,
                    ))
                })
            });
            let (orders, tracker) = self.read(|c| {
                Ok((
                    statements::order_sums(c, b)?,
                    statements::tracker_sales(c, b)?,
                ))
            })?;
            let joined = "a KPI reader panicked";
            let parts = Parts {
                orders,
                tracker,
                customers: customers.join().expect(joined)?,
                top20: top20.join().expect(joined)?,
                lines: lines.join().expect(joined)?,
                returns: returns.join().expect(joined)?,
                journey: visits.join().expect(joined)?,
                products: products.join().expect(joined)?,
            };
            Ok(parts.report(days))
        })
    }
}

/// Σ of the values, 0 when there are none (Rust's float `sum` starts
/// from −0, which an empty sum keeps and JSON shows as `-0.0`).
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// What the statements return for a period.
struct Parts {
    orders: Vec<OrderSums>,
    /// Tracked sales without an order: number and revenue.
    tracker: (u64, f64),
    customers: CustomerCounts,
    top20: f64,
    lines: Vec<SkuSales>,
    returns: Vec<SkuReturns>,
    /// The journey, and the visits that left a cart.
    journey: (JourneyCounts, u64),
    /// Spend per channel, stock value and units, slow movers.
    products: (Vec<ChannelSpend>, (Option<f64>, f64), Vec<SlowMover>),
}

impl Parts {
    /// The figures of a period of `days` days.
    fn report(self, days: f64) -> KpiReport {
        let mut o = OrderSums::default();
        for c in &self.orders {
            o.orders += c.orders;
            o.customer_orders += c.customer_orders;
            o.customer_revenue += c.customer_revenue;
            o.revenue += c.revenue;
            o.refunded += c.refunded;
            o.total += c.total;
            o.shipping += c.shipping;
            o.with_shipping += c.with_shipping;
            o.delivery_seconds += c.delivery_seconds;
            o.fulfilled += c.fulfilled;
        }
        let (tracked, tracked_revenue) = self.tracker;
        let sales = o.orders + tracked;
        let revenue = o.revenue + tracked_revenue;
        let units = total(self.lines.iter().map(|l| l.units));
        // Margin over the SKUs whose cost price is known.
        let costed = self
            .lines
            .iter()
            .filter_map(|l| l.cost_price.map(|c| (l, c)));
        let margin = costed.fold(None, |acc: Option<(f64, f64)>, (l, c)| {
            let (net, cost) = acc.unwrap_or_default();
            Some((net + l.net, cost + l.units * c))
        });
        let returned = total(self.returns.iter().map(|r| r.units));
        let c = self.customers;
        let (mut spend_by_channel, (stock_value, stock_units), slow_movers) = self.products;
        for s in &mut spend_by_channel {
            s.revenue = total(
                self.orders
                    .iter()
                    .filter(|o| o.channel.as_deref() == Some(s.channel.as_str()))
                    .map(|o| o.revenue),
            );
            s.roas = ratio(s.revenue, s.spend);
        }
        let spend = total(spend_by_channel.iter().map(|s| s.spend));
        let (journey, abandoned) = self.journey;
        KpiReport {
            orders: sales,
            revenue,
            aov: ratio(revenue, sales as f64),
            items_per_order: ratio(units, o.orders as f64),
            customers: c.customers,
            new_customers: c.new,
            returning_customers: c.customers.saturating_sub(c.new),
            purchase_frequency: ratio(o.customer_orders as f64, c.customers as f64),
            repeat_purchase_rate: pct(c.repeaters as f64, c.customers as f64),
            revenue_top20_share: pct(self.top20, o.customer_revenue),
            return_rate: pct(returned, units),
            refund_rate: pct(o.refunded, o.total),
            gross_margin: margin.and_then(|(net, cost)| pct(net - cost, net)),
            shipping_cost_per_order: ratio(o.shipping, o.with_shipping as f64),
            delivery_days: ratio(o.delivery_seconds, o.fulfilled as f64).map(|s| s / 86_400.0),
            marketing_spend: spend,
            cac: ratio(spend, c.new as f64).filter(|_| spend > 0.0),
            roas: ratio(revenue, spend),
            spend_by_channel,
            ecommerce_conversion_rate: pct(journey.purchase as f64, journey.visits as f64),
            cart_abandonment_rate: pct(abandoned as f64, journey.add_to_cart as f64),
            journey,
            active_customers: c.active_end,
            churn_rate: pct(c.churned as f64, c.active_start as f64),
            stock_value,
            days_of_inventory: ratio(units, days).and_then(|per_day| ratio(stock_units, per_day)),
            slow_movers,
            returns_by: returns::return_groups(&self.lines, &self.returns),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{CommerceStore, Store};
    use etalage_core::commerce::ReadOptions;
    use etalage_core::{Domain, Event, MarketingSpend, Order, OrderReturn, Product, Timezone};
    use serde_json::{json, Value};

    fn order(
        id: &str,
        email: Option<&str>,
        at: &str,
        total: &str,
        lines: Value,
        more: Value,
    ) -> Order {
        let mut v = json!({"order_id": id, "created_at": at, "currency": "EUR", "total": total, "lines": lines});
        if let Some(e) = email {
            v["email"] = json!(e);
        }
        for (k, x) in more.as_object().unwrap() {
            v[k] = x.clone();
        }
        Order::from_json(&v, &ReadOptions::default()).unwrap()
    }

    fn line(sku: &str, qty: u32, price: &str) -> Value {
        json!({"sku": sku, "quantity": qty, "unit_price": price})
    }

    fn event(visit: u64, name: &str, channel: &str, props: &[(&str, &str)]) -> Event {
        crate::test_events::shop_event(visit, name, channel, "2026-05-10T09:00:00Z", props)
    }

    /// May 2026 of a small shop, every figure worked out by hand in
    /// `docs/kpis.md`'s terms:
    ///
    /// - customers a (orders A0 in March, A1 and A2 in May), b (B1 in May,
    ///   €50 refunded), f (B2 in May), d (D1 in April), e (E0 in May 2025),
    ///   c (C1 in May, cancelled); G1 in May without a customer.
    /// - May's orders: A1 100 (P1 2×40, P2 1×15, shipping 5, fulfilled after
    ///   2 days), A2 40 (P2 2×20), B1 200 (P1 5×40, shipping 10, fulfilled
    ///   after 4 days, 50 refunded), B2 60 (P3 3×20), G1 25 (P3 1×25).
    pub(crate) fn shop() -> DuckDbStore {
        let s = DuckDbStore::open_in_memory().unwrap();
        let site = s
            .add_site(
                &Domain::parse("fietsen.example").unwrap(),
                Timezone::default(),
            )
            .unwrap();
        assert_eq!(site.id, 1);
        let none = json!({});
        let orders = vec![
            order(
                "A0",
                Some("a@x.example"),
                "2026-03-10T10:00:00Z",
                "50",
                json!([line("P2", 2, "25")]),
                none.clone(),
            ),
            order(
                "A1",
                Some("a@x.example"),
                "2026-05-05T10:00:00Z",
                "100",
                json!([line("P1", 2, "40"), line("P2", 1, "15")]),
                json!({"shipping": "5", "fulfilled_at": "2026-05-07T10:00:00Z"}),
            ),
            order(
                "A2",
                Some("a@x.example"),
                "2026-05-28T10:00:00Z",
                "40",
                json!([line("P2", 2, "20")]),
                none.clone(),
            ),
            order(
                "B1",
                Some("b@x.example"),
                "2026-05-10T10:00:00Z",
                "200",
                json!([line("P1", 5, "40")]),
                json!({"shipping": "10", "refunded": "50", "fulfilled_at": "2026-05-14T10:00:00Z"}),
            ),
            order(
                "B2",
                Some("f@x.example"),
                "2026-05-20T10:00:00Z",
                "60",
                json!([line("P3", 3, "20")]),
                none.clone(),
            ),
            order(
                "C1",
                Some("c@x.example"),
                "2026-05-15T10:00:00Z",
                "30",
                json!([line("P2", 2, "15")]),
                json!({"cancelled_at": "2026-05-16T10:00:00Z"}),
            ),
            order(
                "D1",
                Some("d@x.example"),
                "2026-04-01T10:00:00Z",
                "40",
                json!([line("P2", 2, "20")]),
                none.clone(),
            ),
            order(
                "E0",
                Some("e@x.example"),
                "2025-05-15T10:00:00Z",
                "20",
                json!([line("P2", 1, "20")]),
                none.clone(),
            ),
            order(
                "G1",
                None,
                "2026-05-25T10:00:00Z",
                "25",
                json!([line("P3", 1, "25")]),
                none,
            ),
        ];
        s.upsert_orders(1, &orders).unwrap();
        let products: Vec<Product> = [
            json!({"sku": "P1", "currency": "EUR", "price": "40", "cost_price": "25", "stock": 10}),
            json!({"sku": "P2", "currency": "EUR", "price": "20", "cost_price": "5", "stock": 0}),
            json!({"sku": "P3", "currency": "EUR", "price": "20", "stock": 4}),
            json!({"sku": "P4", "name": "Old saddle", "currency": "EUR", "price": "30", "cost_price": "10", "stock": 6}),
        ]
        .iter()
        .map(|v| Product::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_products(1, &products).unwrap();
        let returns: Vec<OrderReturn> = [
            json!({"order_id": "B1", "sku": "P1", "quantity": 2, "date": "2026-06-03", "reason": "too big"}),
            json!({"order_id": "A0", "sku": "P2", "quantity": 1, "date": "2026-05-02"}),
        ]
        .iter()
        .map(|v| OrderReturn::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_returns(1, &returns).unwrap();
        let spend: Vec<MarketingSpend> = [
            json!({"date": "2026-05-03", "channel": "paid_search", "amount": "100", "currency": "EUR"}),
            json!({"date": "2026-05-20", "channel": "paid_social", "amount": "50", "currency": "EUR"}),
            json!({"date": "2026-04-30", "channel": "paid_search", "amount": "999", "currency": "EUR"}),
        ]
        .iter()
        .map(|v| MarketingSpend::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
        s.upsert_spend(1, &spend).unwrap();
        // Four visits: 1 buys (B1) from paid search, 2 and 4 leave a cart.
        let events = vec![
            event(1, "view_item", "paid_search", &[]),
            event(1, "add_to_cart", "paid_search", &[]),
            event(1, "begin_checkout", "paid_search", &[]),
            event(1, "purchase", "paid_search", &[("transaction_id", "B1")]),
            event(2, "view_item", "direct", &[]),
            event(2, "add_to_cart", "direct", &[]),
            event(3, "pageview", "direct", &[]),
            event(4, "add_to_cart", "email", &[]),
        ];
        s.insert_events(&events, None).unwrap();
        s
    }

    pub(crate) fn may() -> KpiPeriod {
        let tz = Timezone::default();
        let first_day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let last_day = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        KpiPeriod {
            first_day,
            last_day,
            start: tz.start_of_day(first_day),
            end: tz.start_of_day(last_day.succ_opt().unwrap()),
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn every_figure_matches_the_hand_computed_shop() {
        let s = shop();
        let k = s.kpis(1, may()).unwrap();
        assert_eq!(k.orders, 5);
        assert_eq!(k.revenue, 375.0, "425 − 50 refunded");
        assert!(close(k.aov, 75.0));
        assert!(close(k.items_per_order, 14.0 / 5.0));
        assert_eq!(
            (k.customers, k.new_customers, k.returning_customers),
            (3, 2, 1)
        );
        assert!(close(k.purchase_frequency, 4.0 / 3.0));
        assert!(close(k.repeat_purchase_rate, 100.0 / 3.0), "only a");
        assert!(
            close(k.revenue_top20_share, 100.0 * 150.0 / 350.0),
            "b of a, b, f"
        );
        assert!(
            close(k.return_rate, 100.0 * 2.0 / 14.0),
            "B1's return counts, A0's not"
        );
        assert!(close(k.refund_rate, 100.0 * 50.0 / 425.0));
        assert!(
            close(k.gross_margin, 100.0 * (335.0 - 190.0) / 335.0),
            "P3 has no cost"
        );
        assert!(close(k.shipping_cost_per_order, 3.0));
        assert!(close(k.delivery_days, 3.0));
        assert_eq!(k.marketing_spend, 150.0);
        assert!(close(k.cac, 75.0));
        assert!(close(k.roas, 2.5));
        assert_eq!(k.spend_by_channel.len(), 2);
        assert_eq!(k.spend_by_channel[0].channel, "paid_search");
        assert_eq!(
            k.spend_by_channel[0].revenue, 150.0,
            "B1 bought in a paid-search visit"
        );
        assert!(close(k.spend_by_channel[0].roas, 1.5));
        assert_eq!(k.spend_by_channel[1].revenue, 0.0);
        assert!(
            k.spend_by_channel[1].revenue.is_sign_positive(),
            "no revenue is 0, not −0"
        );
        assert_eq!(
            k.journey,
            JourneyCounts {
                visits: 4,
                view_item: 2,
                add_to_cart: 3,
                begin_checkout: 1,
                purchase: 1
            }
        );
        assert!(close(k.ecommerce_conversion_rate, 25.0));
        assert!(close(k.cart_abandonment_rate, 200.0 / 3.0));
        assert_eq!(k.active_customers, 4, "a, b, f, d; not e");
        assert!(close(k.churn_rate, 100.0 / 3.0), "e of a, d, e");
        assert!(close(k.stock_value, 310.0));
        assert!(close(k.days_of_inventory, 20.0 / (14.0 / 31.0)));
        assert_eq!(k.slow_movers.len(), 1);
        assert_eq!(k.slow_movers[0].sku, "P4");
        assert_eq!(k.slow_movers[0].stock_value, Some(60.0));
        // B1's two P1 returned, of 7 P1 sold in May (A1 2, B1 5).
        let sku: Vec<_> = k.returns_by.iter().filter(|g| g.by == "sku").collect();
        assert_eq!(sku.len(), 1);
        assert_eq!(
            (
                sku[0].value.as_str(),
                sku[0].units_sold,
                sku[0].units_returned
            ),
            ("P1", 7.0, 2.0)
        );
        assert!(close(sku[0].return_rate, 100.0 * 2.0 / 7.0));
        assert_eq!(sku[0].top_reason.as_deref(), Some("too big"));
        let category: Vec<_> = k.returns_by.iter().filter(|g| g.by == "category").collect();
        assert_eq!(category[0].value, "(none)");
        assert_eq!(
            category[0].units_sold, 14.0,
            "no product has a category: all May's units"
        );
    }

    fn period(first: (i32, u32, u32), last: (i32, u32, u32)) -> KpiPeriod {
        let tz = Timezone::default();
        let first_day = NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap();
        let last_day = NaiveDate::from_ymd_opt(last.0, last.1, last.2).unwrap();
        KpiPeriod {
            first_day,
            last_day,
            start: tz.start_of_day(first_day),
            end: tz.start_of_day(last_day.succ_opt().unwrap()),
        }
    }

    /// The shop plus customer h, who ordered on 2024-09-01 and 2025-03-01.
    /// Over 2025-01-01 – 2026-05-31 (516 days) the year before the end
    /// starts after the period does: h was active at the start (an order in
    /// the 365 days before it) and not at the end, so h alone churned; e,
    /// whose only order (2025-05-15) falls inside the period, was not active
    /// at its start.
    #[test]
    fn churn_over_a_period_longer_than_a_year() {
        let s = shop();
        let h = |id: &str, at: &str| {
            order(
                id,
                Some("h@x.example"),
                at,
                "30",
                json!([line("P2", 1, "30")]),
                json!({}),
            )
        };
        s.upsert_orders(
            1,
            &[
                h("H0", "2024-09-01T10:00:00Z"),
                h("H1", "2025-03-01T10:00:00Z"),
            ],
        )
        .unwrap();
        let k = s.kpis(1, period((2025, 1, 1), (2026, 5, 31))).unwrap();
        assert_eq!(k.active_customers, 4, "a, b, f, d");
        assert!(close(k.churn_rate, 100.0), "h of h");
        assert_eq!(
            (k.customers, k.new_customers, k.returning_customers),
            (6, 5, 1),
            "a, b, f, d, e new; h returning"
        );
        assert!(close(k.repeat_purchase_rate, 100.0 * 2.0 / 6.0), "a and h");
        // A year to 2026-05-31: active at its start (2024-06-01 to
        // 2025-05-31) were e and h; neither ordered since.
        let k = s.kpis(1, period((2025, 6, 1), (2026, 5, 31))).unwrap();
        assert!(close(k.churn_rate, 100.0), "e and h of e and h");
        assert_eq!(
            (k.customers, k.new_customers),
            (4, 4),
            "a, b, f, d: first orders in the year"
        );
    }

    #[test]
    fn an_empty_period_has_no_ratios() {
        let s = shop();
        let tz = Timezone::default();
        let day = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        let k = s
            .kpis(
                1,
                KpiPeriod {
                    first_day: day,
                    last_day: day,
                    start: tz.start_of_day(day),
                    end: tz.start_of_day(day.succ_opt().unwrap()),
                },
            )
            .unwrap();
        assert_eq!((k.orders, k.revenue), (0, 0.0));
        // An empty sum is 0, not the −0 that Rust's float `sum` starts
        // from (it would print as "-0.0").
        assert!(k.revenue.is_sign_positive() && k.marketing_spend.is_sign_positive());
        assert_eq!(
            (k.aov, k.return_rate, k.roas, k.cac),
            (None, None, None, None)
        );
    }
}
