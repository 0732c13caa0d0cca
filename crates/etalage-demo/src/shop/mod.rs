//! The shop's own books, consistent with its traffic: the product table,
//! customers, orders (one per tracked purchase, plus marketplace and
//! counter sales), returns with their refunds, and marketing spend.
//!
//! Everything is drawn from ChaCha8 streams keyed by the seed and read
//! from the generated purchases in time order, so the same options give
//! the same books.
pub(crate) mod basket;
mod catalogue;
mod customers;
mod ledger;
mod orders;
mod returns;
mod spend;

pub(crate) use catalogue::product_name;
pub(crate) use ledger::Ledger;

use crate::plan::{local_instant, mix};
use crate::traffic::Shelf;
use chrono::NaiveDate;
use chrono_tz::Europe::Brussels;
use etalage_core::{Customer, MarketingSpend, Order, OrderReturn, Product};
use etalage_store::{Store, StoreError};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Rows handed to the store per upsert call.
const BATCH_ROWS: usize = 5_000;

const KEY_OFFLINE: u64 = 0x6f66_666c;
const KEY_CUSTOMERS: u64 = 0x6375_7374;
const KEY_ORDERS: u64 = 0x6f72_6465;
const KEY_RETURNS: u64 = 0x7265_7475;
const KEY_SPEND: u64 = 0x7370_656e;

/// A random stream of its own for one use of the seed.
pub(crate) fn rng_for(seed: u64, key: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(seed ^ key))
}

/// The shop's books, ready to store.
#[derive(Debug, Default)]
pub(crate) struct Books {
    pub products: Vec<Product>,
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
    pub returns: Vec<OrderReturn>,
    pub spend: Vec<MarketingSpend>,
}

/// Builds the books of the days `first..=last` from what the traffic of
/// those days recorded.
pub(crate) fn build(seed: u64, ledger: Ledger, first: NaiveDate, last: NaiveDate) -> Books {
    let horizon = local_instant(last.succ_opt().unwrap_or(last), 0, 0);
    let mut webshop_per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for sale in &ledger.sales {
        *webshop_per_day
            .entry(sale.at.with_timezone(&Brussels).date_naive())
            .or_default() += 1;
    }
    let mut drafts: Vec<orders::Draft> = ledger.sales.iter().map(orders::from_sale).collect();
    let shelf = Shelf::new();
    let mut rng = rng_for(seed, KEY_OFFLINE);
    for day in first.iter_days().take_while(|d| *d <= last) {
        let webshop = webshop_per_day.get(&day).copied().unwrap_or(0);
        drafts.extend(orders::offline(&mut rng, &shelf, day, webshop));
    }
    // Customers are met in the order they buy.
    drafts.sort_by(|a, b| (a.created_at(), a.order_id()).cmp(&(b.created_at(), b.order_id())));
    let mut book = customers::Book::default();
    let (mut who, mut how) = (rng_for(seed, KEY_CUSTOMERS), rng_for(seed, KEY_ORDERS));
    let mut orders: Vec<Order> = drafts
        .iter()
        .map(|d| {
            let customer = (!orders::anonymous(&mut who, d)).then(|| {
                book.customer_for(
                    &mut who,
                    d.country(),
                    d.created_at(),
                    orders::repeat_probability(d),
                )
            });
            orders::finish(&mut how, d, customer, &book, horizon)
        })
        .collect();
    let returns = returns::returns(&mut rng_for(seed, KEY_RETURNS), &mut orders, last);
    let spend = spend::spend(
        &mut rng_for(seed, KEY_SPEND),
        &ledger.paid_visits,
        first,
        last,
    );
    Books {
        products: catalogue::products(seed),
        customers: book.into_customers(),
        orders,
        returns,
        spend,
    }
}

/// Rows written per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BookCounts {
    pub products: u64,
    pub customers: u64,
    pub orders: u64,
    pub returns: u64,
    pub spend_rows: u64,
}

/// Writes the books through the store's upserts, in batches: products and
/// customers first, so orders find them.
pub(crate) fn write(
    store: &dyn Store,
    site_id: u32,
    books: &Books,
) -> Result<BookCounts, StoreError> {
    for chunk in books.products.chunks(BATCH_ROWS) {
        store.upsert_products(site_id, chunk)?;
    }
    for chunk in books.customers.chunks(BATCH_ROWS) {
        store.upsert_customers(site_id, chunk)?;
    }
    for chunk in books.orders.chunks(BATCH_ROWS) {
        store.upsert_orders(site_id, chunk)?;
    }
    for chunk in books.returns.chunks(BATCH_ROWS) {
        store.upsert_returns(site_id, chunk)?;
    }
    for chunk in books.spend.chunks(BATCH_ROWS) {
        store.upsert_spend(site_id, chunk)?;
    }
    Ok(BookCounts {
        products: books.products.len() as u64,
        customers: books.customers.len() as u64,
        orders: books.orders.len() as u64,
        returns: books.returns.len() as u64,
        spend_rows: books.spend.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoOptions, DemoPlan};
    use etalage_core::SalesChannel;
    use rust_decimal::Decimal;
    use std::collections::HashMap;

    fn books() -> Books {
        let opts = DemoOptions {
            seed: 5,
            end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            months: 13,
            target_events: 300_000,
        };
        let plan = DemoPlan::new(&opts).unwrap();
        let mut ledger = Ledger::default();
        for day in plan.days() {
            ledger.observe(day, &plan.events_for_day(1, day));
        }
        build(opts.seed, ledger, plan.first_day(), plan.last_day())
    }

    #[test]
    fn orders_add_up_and_clothing_comes_back_most() {
        let b = books();
        let category: HashMap<&str, &str> = b
            .products
            .iter()
            .map(|p| (p.sku.as_str(), p.category.as_deref().unwrap()))
            .collect();
        let mut sold: HashMap<bool, u32> = HashMap::new();
        for o in &b.orders {
            let lines: Decimal = o.lines.iter().map(|l| l.net_amount()).sum();
            assert_eq!(lines - o.discount + o.shipping, o.total, "{}", o.order_id);
            assert!(o.refunded <= o.total);
            assert!(o.tax > Decimal::ZERO || o.country.is_some_and(|c| c.as_str() != "BE"));
            if o.channel == SalesChannel::ShopCounter {
                assert_eq!(o.shipping, Decimal::ZERO);
            }
            if o.cancelled_at.is_none() && o.fulfilled_at.is_some() {
                for l in &o.lines {
                    let clothing = category[l.sku.as_ref().unwrap().as_str()] == "clothing";
                    *sold.entry(clothing).or_default() += l.quantity;
                }
            }
        }
        let mut returned: HashMap<bool, u32> = HashMap::new();
        for r in &b.returns {
            *returned
                .entry(category[r.sku.as_str()] == "clothing")
                .or_default() += r.quantity;
        }
        let rate = |c: bool| 100.0 * f64::from(returned[&c]) / f64::from(sold[&c]);
        assert!(
            (20.0..35.0).contains(&rate(true)),
            "clothing {}",
            rate(true)
        );
        assert!(rate(false) < 6.0, "other {}", rate(false));
        assert!(b
            .orders
            .iter()
            .any(|o| !o.refunded.is_zero() && o.refunded < o.total));
        let payments: std::collections::HashSet<_> = b
            .orders
            .iter()
            .filter_map(|o| o.payment_method.as_deref())
            .collect();
        for p in ["bancontact", "ideal", "card", "paypal"] {
            assert!(payments.contains(p), "{p}");
        }
        assert!(b
            .customers
            .iter()
            .any(|c| c.marketing_consent.as_ref().is_some_and(|m| m.given)));
        let be_nl = b
            .customers
            .iter()
            .filter(|c| c.country.is_some_and(|c| matches!(c.as_str(), "BE" | "NL")))
            .count();
        assert!(be_nl * 10 > b.customers.len() * 8, "BE and NL mostly");
    }
}
