//! The shop's own data in the store: orders and their lines, customers,
//! products, returns, marketing spend, and the purchases the tracker saw.
//!
//! Every write is an upsert keyed by the shop's own ids, in one
//! transaction per call, reporting for each row whether it was inserted,
//! updated or unchanged.
mod acquisition;
mod columns;
mod customers;
mod orders;
mod products;
mod read;
mod returns;
mod sequence;
mod spend;
mod stage;
#[cfg(test)]
mod tests;
pub(crate) mod tracked;

pub use acquisition::{CommerceFingerprint, FirstOrder, TableStamp};
pub use read::{CommerceSummary, CurrencyTotals};

use crate::duckdb_store::DuckDbStore;
use crate::Result;
use chrono::Utc;
use etalage_core::{Customer, MarketingSpend, Order, OrderReturn, Product};
use serde::Serialize;

/// What an upsert did with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    /// The key was new.
    Inserted,
    /// The key existed with other content, which the row replaced.
    Updated,
    /// The key existed with the same content (or belongs to a forgotten
    /// customer, whose data is not stored again).
    Unchanged,
}

/// What an upsert did, row by row in the order of the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpsertReport {
    /// One status per input row.
    pub rows: Vec<RowStatus>,
}

/// Rows per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UpsertCounts {
    /// New keys.
    pub inserted: usize,
    /// Changed keys.
    pub updated: usize,
    /// Keys sent again unchanged.
    pub unchanged: usize,
}

impl UpsertCounts {
    /// Adds another report's counts.
    pub fn add(&mut self, other: UpsertCounts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

impl UpsertReport {
    /// The number of rows per status.
    pub fn counts(&self) -> UpsertCounts {
        let mut c = UpsertCounts::default();
        for s in &self.rows {
            match s {
                RowStatus::Inserted => c.inserted += 1,
                RowStatus::Updated => c.updated += 1,
                RowStatus::Unchanged => c.unchanged += 1,
            }
        }
        c
    }
}

/// What forgetting a customer did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ForgetReport {
    /// Customer records whose personal data was removed (0 when nobody
    /// matched).
    pub customers: usize,
    /// Their orders, kept without anything personal.
    pub orders_kept: usize,
}

/// The shop's own data.
pub trait CommerceStore {
    /// Stores orders by order number, replacing a changed order's lines;
    /// customers named by the orders are created when new.
    fn upsert_orders(&self, site_id: u32, orders: &[Order]) -> Result<UpsertReport>;
    /// Stores customers by the shop's customer id, else e-mail address.
    fn upsert_customers(&self, site_id: u32, customers: &[Customer]) -> Result<UpsertReport>;
    /// Stores products by SKU.
    fn upsert_products(&self, site_id: u32, products: &[Product]) -> Result<UpsertReport>;
    /// Stores returns by return id, else by order, SKU, date and reason.
    fn upsert_returns(&self, site_id: u32, returns: &[OrderReturn]) -> Result<UpsertReport>;
    /// Stores marketing spend by day, channel and campaign.
    fn upsert_spend(&self, site_id: u32, spend: &[MarketingSpend]) -> Result<UpsertReport>;
    /// Removes the personal data (e-mail address, name, customer id,
    /// consent, the reasons of their returns) of the customer with this id
    /// or e-mail address; their orders stay, linked by an opaque key.
    fn forget_customer(&self, site_id: u32, id_or_email: &str) -> Result<ForgetReport>;
    /// Counts and sums of a site's shop data.
    fn commerce_summary(&self, site_id: u32) -> Result<CommerceSummary>;
    /// One stored order, as it would be sent again (`None` when unknown).
    fn order(&self, site_id: u32, order_id: &str) -> Result<Option<Order>>;
    /// The shop's key figures over a period (definitions in `docs/kpis.md`).
    fn kpis(&self, site_id: u32, period: crate::KpiPeriod) -> Result<crate::KpiReport>;
    /// The shop's orders, revenue and returned units per local day of a
    /// period, whole and per value of the dimensions that explain a change;
    /// `offsets` turn UTC instants into site time.
    fn shop_days(
        &self,
        site_id: u32,
        period: crate::KpiPeriod,
        offsets: &[etalage_core::OffsetSegment],
    ) -> Result<Vec<crate::ShopDay>>;
    /// The sums behind the key figures per bucket of a period, for their
    /// trend.
    fn kpi_trend(
        &self,
        site_id: u32,
        period: crate::KpiPeriod,
        offsets: &[etalage_core::OffsetSegment],
        bucket: crate::TrendBucket,
    ) -> Result<Vec<crate::TrendPoint>>;
    /// Every non-cancelled order with a known customer, as (customer key,
    /// UTC day, total − refunded), for the customer-value models.
    fn value_transactions(&self, site_id: u32) -> Result<Vec<(String, chrono::NaiveDate, f64)>>;
    /// Customers who agreed to marketing: (customer key, e-mail).
    fn consenting_contacts(&self, site_id: u32) -> Result<Vec<(String, String)>>;
    /// Every customer's first non-cancelled order with its sales channel and
    /// the channel of the visit the tracker saw it bought in, oldest first.
    fn first_orders(&self, site_id: u32) -> Result<Vec<FirstOrder>>;
    /// A summary of the site's orders, products, spend and tracked purchases
    /// that changes whenever one is written, for caches of figures computed
    /// from them.
    fn commerce_fingerprint(&self, site_id: u32) -> Result<CommerceFingerprint>;
}

/// A timestamp literal of now, for statements that stamp rows.
fn now_literal() -> String {
    format!("TIMESTAMP '{}'", Utc::now().format("%Y-%m-%d %H:%M:%S%.6f"))
}

impl DuckDbStore {
    fn in_transaction<T>(&self, f: impl FnOnce(&duckdb::Connection) -> Result<T>) -> Result<T> {
        self.write(|conn| {
            let tx = conn.transaction()?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
    }
}

impl CommerceStore for DuckDbStore {
    fn upsert_orders(&self, site_id: u32, orders: &[Order]) -> Result<UpsertReport> {
        if orders.is_empty() {
            return Ok(UpsertReport::default());
        }
        self.in_transaction(|c| orders::upsert(c, site_id, orders))
    }

    fn upsert_customers(&self, site_id: u32, customers: &[Customer]) -> Result<UpsertReport> {
        if customers.is_empty() {
            return Ok(UpsertReport::default());
        }
        self.in_transaction(|c| customers::upsert(c, site_id, customers))
    }

    fn upsert_products(&self, site_id: u32, products: &[Product]) -> Result<UpsertReport> {
        if products.is_empty() {
            return Ok(UpsertReport::default());
        }
        self.in_transaction(|c| products::upsert(c, site_id, products))
    }

    fn upsert_returns(&self, site_id: u32, returns: &[OrderReturn]) -> Result<UpsertReport> {
        if returns.is_empty() {
            return Ok(UpsertReport::default());
        }
        self.in_transaction(|c| returns::upsert(c, site_id, returns))
    }

    fn upsert_spend(&self, site_id: u32, spend: &[MarketingSpend]) -> Result<UpsertReport> {
        if spend.is_empty() {
            return Ok(UpsertReport::default());
        }
        self.in_transaction(|c| spend::upsert(c, site_id, spend))
    }

    fn forget_customer(&self, site_id: u32, id_or_email: &str) -> Result<ForgetReport> {
        self.in_transaction(|c| customers::forget(c, site_id, id_or_email))
    }

    fn commerce_summary(&self, site_id: u32) -> Result<CommerceSummary> {
        self.read(|c| read::summary(c, site_id))
    }

    fn order(&self, site_id: u32, order_id: &str) -> Result<Option<Order>> {
        self.read(|c| read::order(c, site_id, order_id))
    }

    fn kpis(&self, site_id: u32, period: crate::KpiPeriod) -> Result<crate::KpiReport> {
        self.compute_kpis(site_id, period)
    }

    fn shop_days(
        &self,
        site_id: u32,
        period: crate::KpiPeriod,
        offsets: &[etalage_core::OffsetSegment],
    ) -> Result<Vec<crate::ShopDay>> {
        self.compute_shop_days(site_id, period, offsets)
    }

    fn kpi_trend(
        &self,
        site_id: u32,
        period: crate::KpiPeriod,
        offsets: &[etalage_core::OffsetSegment],
        bucket: crate::TrendBucket,
    ) -> Result<Vec<crate::TrendPoint>> {
        self.compute_kpi_trend(site_id, period, offsets, bucket)
    }

    fn value_transactions(&self, site_id: u32) -> Result<Vec<(String, chrono::NaiveDate, f64)>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT customer_key::VARCHAR, CAST(created_at AS DATE), (total - refunded)::DOUBLE
                 FROM orders WHERE site_id = ? AND cancelled_at IS NULL AND customer_key IS NOT NULL
                 ORDER BY created_at",
            )?;
            let rows = stmt
                .query_map(duckdb::params![site_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get::<_, f64>(2)?.max(0.0)))
                })?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    fn consenting_contacts(&self, site_id: u32) -> Result<Vec<(String, String)>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT customer_key::VARCHAR, email FROM customers
                 WHERE site_id = ? AND marketing_consent AND email IS NOT NULL AND forgotten_at IS NULL",
            )?;
            let rows = stmt
                .query_map(duckdb::params![site_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    fn first_orders(&self, site_id: u32) -> Result<Vec<FirstOrder>> {
        self.read(|c| acquisition::first_orders(c, site_id))
    }

    fn commerce_fingerprint(&self, site_id: u32) -> Result<CommerceFingerprint> {
        self.read(|c| acquisition::fingerprint(c, site_id))
    }
}
