//! Customer value from the stored orders: the overview behind
//! `etalage value segments`, `GET /api/v1/customers/value` and the
//! Customers page, with the value and the cost of a new customer per
//! acquisition channel, and a cache that keeps a report while the shop's
//! data stay the same (and the fitted models while its orders do).
use crate::kpis::kpi_period;
use crate::ApiError;
use chrono::{Duration, NaiveDate};
use etalage_core::DateRange;
use etalage_store::{CommerceFingerprint, FirstOrder, Site, Store};
use etalage_value::{
    channel_values, value_overview, AcquiredCustomer, ChannelValue, PredictOptions, Transaction,
    ValueOverview,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Margin used when the shop's cost prices are unknown.
pub const DEFAULT_MARGIN: f64 = 0.3;
/// Days of key figures (ending today) behind the gross margin, the cost of
/// a new customer and the spend per channel: a quarter keeps the figures
/// current and their query quick.
pub const SPEND_DAYS: i64 = 90;

/// The customer-value overview of a site's orders (one year ahead, 10 % a
/// year discount, `margin` of revenue kept).
pub fn customer_value(
    store: &dyn Store,
    site: &Site,
    margin: f64,
) -> Result<ValueOverview, ApiError> {
    let transactions: Vec<Transaction> = store
        .value_transactions(site.id)?
        .into_iter()
        .map(|(customer_id, date, amount)| Transaction {
            customer_id,
            date,
            amount,
        })
        .collect();
    let options = PredictOptions {
        margin,
        ..PredictOptions::default()
    };
    value_overview(&transactions, options).map_err(|e| match e {
        etalage_value::Error::NoData(m) => ApiError::NotFound(m),
        other => ApiError::BadRequest(other.to_string()),
    })
}

/// The overview with the key figures of the last [`SPEND_DAYS`] days: what
/// a new customer costs, overall and per acquisition channel.
///
/// Serialises as the overview's keys plus `margin`, `spend_range`, `cac`
/// and `channels`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerValueReport {
    /// The overview.
    #[serde(flatten)]
    pub overview: Arc<ValueOverview>,
    /// The share of revenue kept, 0–1, behind the lifetime values.
    pub margin: f64,
    /// The days of the spend and of the acquisition costs (site time).
    pub spend_range: [NaiveDate; 2],
    /// Marketing spend ÷ new customers over those days.
    pub cac: Option<f64>,
    /// Per acquisition channel: customers, mean CLV, the most a new one may
    /// cost, and what one cost over those days, with a verdict.
    pub channels: Vec<ChannelValue>,
}

/// The acquisition channel of a customer: where their first order came
/// from. That is the channel of the visit in which the tracker saw the
/// purchase (`paid_search`, `direct`, …); without one, the order's sales
/// channel (`marketplace`, `shop_counter`, or `webshop` for a webshop order
/// the tracker did not see).
pub fn acquisition_channel(first: &FirstOrder) -> &str {
    first
        .visit_channel
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or(&first.sales_channel)
}

/// The report for `site` as of `today` (site time). `margin` is the share
/// of revenue kept; `None` takes the gross margin of the key figures
/// (else [`DEFAULT_MARGIN`]). With a `cache`, a report is computed only
/// when the shop's data (or the day) changed, and the models are refitted
/// only when the orders (or the margin) did.
pub fn customer_value_report(
    store: &dyn Store,
    site: &Site,
    margin: Option<f64>,
    today: NaiveDate,
    cache: Option<&ValueCache>,
) -> Result<Arc<CustomerValueReport>, ApiError> {
    let Some(cache) = cache else {
        return Ok(Arc::new(compute_report(store, site, margin, today, None)?));
    };
    let key = (site.id, margin.map(f64::to_bits));
    let stamp = (today, store.commerce_fingerprint(site.id)?);
    let kept = cache.entries().get(&key).cloned();
    if let Some((kept_stamp, report)) = &kept {
        if *kept_stamp == stamp {
            return Ok(report.clone());
        }
    }
    // The kept models still hold when the orders did not change.
    let reuse = kept
        .as_ref()
        .filter(|(s, _)| s.1.orders == stamp.1.orders)
        .map(|(_, r)| (r.margin, r.overview.clone()));
    // Computed outside the lock: two first requests may both compute,
    // which is cheaper than making every site wait for one.
    let report = Arc::new(compute_report(store, site, margin, today, reuse)?);
    let mut entries = cache.entries();
    if entries.len() >= CACHE_ENTRIES {
        entries.clear();
    }
    entries.insert(key, (stamp, report.clone()));
    Ok(report)
}

/// The report; `reuse` is a kept overview with the margin it was made at.
fn compute_report(
    store: &dyn Store,
    site: &Site,
    margin: Option<f64>,
    today: NaiveDate,
    reuse: Option<(f64, Arc<ValueOverview>)>,
) -> Result<CustomerValueReport, ApiError> {
    let range = DateRange::new(today - Duration::days(SPEND_DAYS - 1), today)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let period = kpi_period(site, range);
    // This period's figures only: the report needs no comparison.
    let k = store.kpis(site.id, period)?;
    let margin = margin.unwrap_or_else(|| {
        k.gross_margin
            .map(|m| (m / 100.0).clamp(0.01, 1.0))
            .unwrap_or(DEFAULT_MARGIN)
    });
    let overview = match reuse {
        Some((m, o)) if m.to_bits() == margin.to_bits() => o,
        _ => Arc::new(customer_value(store, site, margin)?),
    };
    let acquired: Vec<AcquiredCustomer> = store
        .first_orders(site.id)?
        .into_iter()
        .map(|f| AcquiredCustomer {
            channel: acquisition_channel(&f).to_string(),
            new_in_period: f.created_at >= period.start && f.created_at < period.end,
            customer_id: f.customer_key,
        })
        .collect();
    let clv: HashMap<String, f64> = overview
        .customer_segments
        .iter()
        .map(|(id, _, v)| (id.clone(), *v))
        .collect();
    let spend: Vec<(String, f64)> = k
        .spend_by_channel
        .iter()
        .map(|c| (c.channel.clone(), c.spend))
        .collect();
    let channels =
        channel_values(&acquired, &clv, &spend).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(CustomerValueReport {
        overview,
        margin,
        spend_range: [range.from, range.to],
        cac: k.cac,
        channels,
    })
}

/// What a [`ValueCache`] keeps a report by: the site and the margin asked
/// for; and what it checks on every use: the day and the shop's data.
type Kept =
    HashMap<(u32, Option<u64>), ((NaiveDate, CommerceFingerprint), Arc<CustomerValueReport>)>;

/// Reports by site and margin, kept while the day and the site's shop data
/// stay the same (checked with [`Store::commerce_fingerprint`] on every
/// use), so a page reload neither refits the models nor recomputes the key
/// figures.
#[derive(Default)]
pub struct ValueCache {
    entries: Mutex<Kept>,
}

/// Reports a [`ValueCache`] keeps at most (margins given to the API may
/// differ per call); when full it starts over.
const CACHE_ENTRIES: usize = 32;

impl ValueCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_core::commerce::ReadOptions;
    use etalage_core::{Domain, Order, Timezone};
    use etalage_store::{CommerceStore, DuckDbStore};

    fn order(id: &str, email: &str, at: &str, total: &str) -> Order {
        Order::from_json(
            &serde_json::json!({"order_id": id, "email": email, "created_at": at,
                "currency": "EUR", "total": total,
                "lines": [{"sku": "P", "quantity": 1, "unit_price": total}]}),
            &ReadOptions::default(),
        )
        .unwrap()
    }

    fn spend(day: &str, amount: &str) -> etalage_core::MarketingSpend {
        etalage_core::MarketingSpend::from_json(
            &serde_json::json!({"date": day, "channel": "paid_search", "amount": amount, "currency": "EUR"}),
            &ReadOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn the_cache_keeps_a_report_until_the_shop_data_change() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let site = store
            .add_site(&Domain::parse("shop.example").unwrap(), Timezone::default())
            .unwrap();
        store
            .upsert_orders(
                site.id,
                &[
                    order("1", "a@x.example", "2026-03-01T10:00:00Z", "20"),
                    order("2", "a@x.example", "2026-04-01T10:00:00Z", "30"),
                    order("3", "b@x.example", "2026-04-02T10:00:00Z", "15"),
                ],
            )
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 4, 30).unwrap();
        let cache = ValueCache::default();
        let get = |margin: Option<f64>, today: NaiveDate| {
            customer_value_report(&store, &site, margin, today, Some(&cache)).unwrap()
        };
        let first = get(None, today);
        assert_eq!(first.overview.customers, 2);
        assert_eq!(first.margin, DEFAULT_MARGIN, "no cost prices");
        assert!(Arc::ptr_eq(&first, &get(None, today)), "nothing changed");
        let other_margin = get(Some(0.5), today);
        assert!(!Arc::ptr_eq(&first.overview, &other_margin.overview));
        // Sending an order again unchanged keeps the report.
        store
            .upsert_orders(
                site.id,
                &[order("3", "b@x.example", "2026-04-02T10:00:00Z", "15")],
            )
            .unwrap();
        assert!(Arc::ptr_eq(&first, &get(None, today)));
        // New spend: new figures, the same fitted overview.
        store
            .upsert_spend(site.id, &[spend("2026-04-02", "45")])
            .unwrap();
        let with_spend = get(None, today);
        assert!(!Arc::ptr_eq(&first, &with_spend));
        assert!(Arc::ptr_eq(&first.overview, &with_spend.overview));
        assert_eq!(
            with_spend.cac,
            Some(22.5),
            "a and b first bought in the 90 days from 31 January"
        );
        // A day later the period moves: a new report.
        let tomorrow = today.succ_opt().unwrap();
        assert!(!Arc::ptr_eq(&with_spend, &get(None, tomorrow)));
        // A new order: the models are fitted again.
        store
            .upsert_orders(
                site.id,
                &[order("4", "c@x.example", "2026-04-03T10:00:00Z", "15")],
            )
            .unwrap();
        let fresh = get(None, tomorrow);
        assert_eq!(fresh.overview.customers, 3);
        assert!(!Arc::ptr_eq(&first.overview, &fresh.overview));
        assert_eq!(cache.entries().len(), 2, "one per margin asked for");
    }

    fn purchase_visit(
        visit: u64,
        channel: &str,
        transaction_id: &str,
        at: &str,
    ) -> etalage_core::Event {
        etalage_core::Event {
            site_id: 1,
            ts: at.parse().unwrap(),
            visitor_id: visit,
            visit_id: visit,
            name: "purchase".into(),
            hostname: "shop.example".into(),
            pathname: "/thanks".into(),
            visit: etalage_core::Visit {
                channel: channel.into(),
                ..etalage_core::Visit::default()
            },
            device: etalage_core::Device::Desktop,
            browser: "Firefox".into(),
            browser_version: "140".into(),
            os: "Linux".into(),
            os_version: String::new(),
            country: None,
            props: vec![("transaction_id".into(), transaction_id.into())],
            revenue: None,
            interactive: true,
        }
    }

    /// Four customers as of 2026-05-31 (the period is the 90 days from
    /// 2026-03-03):
    ///
    /// | customer | first order                              | channel     | new |
    /// |----------|------------------------------------------|-------------|-----|
    /// | ann      | A1 04-05, paid-search visit (A2 by e-mail) | paid_search | yes |
    /// | bob      | B1 01-10, paid-search visit (B2 in April)  | paid_search | no  |
    /// | cas      | C1 04-12 on a marketplace                  | marketplace | yes |
    /// | dirk     | D1 05-02 in the webshop, not tracked       | webshop     | yes |
    ///
    /// Spend in the period: paid search €60, display €30 (and €999 on paid
    /// search in February, before it).
    #[test]
    fn channels_group_customers_by_their_first_order() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let site = store
            .add_site(&Domain::parse("shop.example").unwrap(), Timezone::default())
            .unwrap();
        assert_eq!(site.id, 1);
        let mut c1 = order("C1", "cas@x.example", "2026-04-12T10:00:00Z", "40");
        c1.channel = etalage_core::SalesChannel::Marketplace;
        store
            .upsert_orders(
                site.id,
                &[
                    order("A1", "ann@x.example", "2026-04-05T10:00:00Z", "50"),
                    order("A2", "ann@x.example", "2026-05-10T10:00:00Z", "30"),
                    order("B1", "bob@x.example", "2026-01-10T10:00:00Z", "20"),
                    order("B2", "bob@x.example", "2026-04-20T10:00:00Z", "25"),
                    c1,
                    order("D1", "dirk@x.example", "2026-05-02T10:00:00Z", "15"),
                ],
            )
            .unwrap();
        store
            .insert_events(
                &[
                    purchase_visit(1, "paid_search", "A1", "2026-04-05T09:59:00Z"),
                    purchase_visit(2, "email", "A2", "2026-05-10T09:59:00Z"),
                    purchase_visit(3, "paid_search", "B1", "2026-01-10T09:59:00Z"),
                    purchase_visit(4, "direct", "B2", "2026-04-20T09:59:00Z"),
                ],
                None,
            )
            .unwrap();
        let mut display = spend("2026-04-15", "30");
        display.channel = "display".into();
        store
            .upsert_spend(
                site.id,
                &[
                    spend("2026-04-01", "60"),
                    display,
                    spend("2026-02-01", "999"),
                ],
            )
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        let r = customer_value_report(&store, &site, None, today, None).unwrap();
        assert_eq!(
            r.spend_range,
            [NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(), today]
        );
        let rows: Vec<(&str, usize, usize, f64, Option<f64>)> = r
            .channels
            .iter()
            .map(|c| {
                (
                    c.channel.as_str(),
                    c.customers,
                    c.new_customers,
                    c.spend,
                    c.cac,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("paid_search", 2, 1, 60.0, Some(60.0)),
                ("display", 0, 0, 30.0, None),
                ("marketplace", 1, 1, 0.0, None),
                ("webshop", 1, 1, 0.0, None),
            ]
        );
        // The channels' new customers are the key figures' new customers,
        // and together they cost the key figures' CAC: €90 for 3.
        let new: usize = r.channels.iter().map(|c| c.new_customers).sum();
        assert_eq!(new, 3);
        assert_eq!(r.cac, Some(30.0));
        // Four customers are too few to fit the models: no value, so any
        // spend is too much.
        assert_eq!(r.channels[0].average_clv, 0.0);
        assert_eq!(
            r.channels[0].verdict,
            Some(etalage_value::CacVerdict::Unprofitable)
        );
        assert_eq!(
            r.channels[1].verdict,
            Some(etalage_value::CacVerdict::Unprofitable)
        );
        assert_eq!(r.channels[2].verdict, None);
    }
}
