//! What the shop's books need from the generated traffic: every tracked
//! purchase (to become an order) and the paid visits of each day (to be
//! paid for).
use crate::catalog::PRODUCTS;
use chrono::{DateTime, NaiveDate, Utc};
use etalage_core::commerce::{items_from_json, EVENT_PURCHASE};
use etalage_core::{Country, Event};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A purchase as the tracker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sale {
    /// The transaction id, which becomes the order id.
    pub order_id: String,
    /// When the purchase event happened.
    pub at: DateTime<Utc>,
    /// The visitor's country.
    pub country: Option<Country>,
    /// (product index, quantity).
    pub lines: Vec<(usize, u32)>,
    /// The event's revenue: the order total.
    pub total: Decimal,
    /// The `shipping` property.
    pub shipping: Decimal,
    /// The `tax` property.
    pub tax: Decimal,
    /// The `discount` property (0 when absent).
    pub discount: Decimal,
}

/// Paid visits of one local day, channel and campaign.
pub(crate) type PaidVisits = BTreeMap<(NaiveDate, String, String), u32>;

/// The visit channels the shop pays per click for.
const PAID_CHANNELS: [&str; 2] = ["paid_search", "paid_social"];

/// Collects sales and paid visits day by day, in the order the days are
/// generated.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Every purchase, in generation order.
    pub sales: Vec<Sale>,
    /// Paid visits per day, channel and campaign.
    pub paid_visits: PaidVisits,
}

fn prop<'a>(e: &'a Event, key: &str) -> Option<&'a str> {
    e.props
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn amount(e: &Event, key: &str) -> Decimal {
    prop(e, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_default()
}

impl Ledger {
    /// Reads the events of local `day`.
    pub(crate) fn observe(&mut self, day: NaiveDate, events: &[Event]) {
        let by_sku: HashMap<&str, usize> = PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, p)| (p.sku, i))
            .collect();
        let mut seen = HashSet::new();
        for e in events {
            if PAID_CHANNELS.contains(&e.visit.channel.as_str()) && seen.insert(e.visit_id) {
                let key = (
                    day,
                    e.visit.channel.clone(),
                    e.visit.utm_campaign.clone().unwrap_or_default(),
                );
                *self.paid_visits.entry(key).or_default() += 1;
            }
            if e.name != EVENT_PURCHASE {
                continue;
            }
            let (Some(order_id), Some(revenue)) = (prop(e, "transaction_id"), e.revenue) else {
                continue;
            };
            let lines = prop(e, "items")
                .and_then(items_from_json)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|item| {
                    let i = *by_sku.get(item.item_id.as_deref()?)?;
                    Some((i, item.quantity.unwrap_or(1)))
                })
                .collect();
            self.sales.push(Sale {
                order_id: order_id.to_owned(),
                at: e.ts,
                country: e.country,
                lines,
                total: revenue.amount,
                shipping: amount(e, "shipping"),
                tax: amount(e, "tax"),
                discount: amount(e, "discount"),
            });
        }
    }
}
