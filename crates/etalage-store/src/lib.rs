//! Storage for etalage: the only crate that contains SQL.
//!
//! [`Store`] is the interface the rest of etalage uses; [`DuckDbStore`] is
//! the embedded backend (one DuckDB file in the data directory, versioned
//! migrations applied when it opens). A ClickHouse backend will implement the
//! same trait.
//!
//! ```
//! use etalage_core::{Domain, Timezone};
//! use etalage_store::{DuckDbStore, Store};
//!
//! let store = DuckDbStore::open_in_memory().unwrap();
//! let site = store.add_site(&Domain::parse("shop.example").unwrap(), Timezone::default()).unwrap();
//! assert_eq!(store.site_by_domain("shop.example").unwrap().unwrap().id, site.id);
//! ```
#![deny(missing_docs)]

mod accounts;
mod commerce;
mod duckdb_store;
mod error;
mod event_append;
mod funnel_sql;
mod kpi_trend;
mod kpis;
mod migrations;
mod query_sql;
mod records;
mod share_links;
mod shop_days;
#[cfg(test)]
mod test_events;

pub use accounts::{AccountStore, Invite, Member, Role, Session, User};
pub use commerce::{
    CommerceFingerprint, CommerceStore, CommerceSummary, CurrencyTotals, FirstOrder, ForgetReport,
    RowStatus, TableStamp, UpsertCounts, UpsertReport,
};
pub use duckdb_store::DuckDbStore;
pub use error::StoreError;
pub use kpi_trend::{TrendBucket, TrendPoint, TREND_FIGURES};
pub use kpis::{ChannelSpend, JourneyCounts, KpiPeriod, KpiReport, ReturnGroup, SlowMover};
pub use records::{ApiKey, Checkpoint, OpenVisit, QueryRow, ShareLink, Site};
pub use shop_days::ShopDay;

use chrono::{DateTime, Utc};
use etalage_core::{
    Domain, Event, Goal, GoalClass, GoalTrigger, Money, QueryPlan, Timezone, UtcRange,
};

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Everything etalage keeps, behind one interface.
pub trait Store: CommerceStore + Send + Sync {
    /// Registers a site; fails with [`StoreError::Conflict`] when it exists.
    fn add_site(&self, domain: &Domain, timezone: Timezone) -> Result<Site>;
    /// Every site, by domain.
    fn sites(&self) -> Result<Vec<Site>>;
    /// The site with this (normalised) domain.
    fn site_by_domain(&self, domain: &str) -> Result<Option<Site>>;
    /// Changes a site's domain and time zone; `None` when no site has this
    /// id, [`StoreError::Conflict`] when another site has the domain.
    fn update_site(
        &self,
        site_id: u32,
        domain: &Domain,
        timezone: Timezone,
    ) -> Result<Option<Site>>;

    /// Stores a new API key by the hash of its token.
    fn add_api_key(&self, name: &str, token_hash: &str, token_prefix: &str) -> Result<ApiKey>;
    /// The unrevoked key with this token hash, marking it used now.
    fn use_api_key(&self, token_hash: &str) -> Result<Option<ApiKey>>;
    /// Every API key, revoked ones included, oldest first.
    fn api_keys(&self) -> Result<Vec<ApiKey>>;
    /// Revokes a key so [`Store::use_api_key`] no longer finds it; false
    /// when there is no unrevoked key with this id.
    fn revoke_api_key(&self, id: u32) -> Result<bool>;

    /// Adds a goal to a site.
    fn add_goal(
        &self,
        site_id: u32,
        name: &str,
        trigger: &GoalTrigger,
        class: GoalClass,
        value: Option<Money>,
    ) -> Result<Goal>;
    /// The goals of a site, by name.
    fn goals(&self, site_id: u32) -> Result<Vec<Goal>>;
    /// Replaces a goal of a site; `None` when the site has no goal with
    /// this id, [`StoreError::Conflict`] when another of its goals has the name.
    fn update_goal(&self, site_id: u32, goal: &Goal) -> Result<Option<Goal>>;
    /// Deletes a goal of a site (its events stay); false when the site has
    /// no goal with this id.
    fn delete_goal(&self, site_id: u32, goal_id: u32) -> Result<bool>;

    /// Appends events and moves the ingest checkpoint in one transaction.
    fn insert_events(&self, events: &[Event], checkpoint: Option<Checkpoint>) -> Result<()>;
    /// Readies the store for one long bulk load through
    /// [`Store::insert_events`] (`true`, as `etalage import events` does) or
    /// sets it back (`false`). Queries still work in between, maybe slower.
    fn set_bulk_load(&self, on: bool) -> Result<()> {
        let _ = on;
        Ok(())
    }
    /// Where the durable log had been applied up to.
    fn checkpoint(&self) -> Result<Option<Checkpoint>>;
    /// The latest visit of each visitor active since `since`.
    fn open_visits(&self, since: DateTime<Utc>) -> Result<Vec<OpenVisit>>;
    /// Time of the site's first stored event.
    fn first_event(&self, site_id: u32) -> Result<Option<DateTime<Utc>>>;
    /// Number of stored events of a site in a range.
    fn count_events(&self, site_id: u32, range: UtcRange) -> Result<u64>;

    /// Runs a stats query.
    fn query(&self, plan: &QueryPlan) -> Result<Vec<QueryRow>>;
    /// Visitors who completed each funnel step after the previous ones,
    /// within one visit.
    fn funnel(&self, site_id: u32, range: UtcRange, steps: &[Goal]) -> Result<Vec<u64>>;

    /// Stores a share link of a site by the hash of its token.
    fn add_share_link(
        &self,
        site_id: u32,
        token_hash: &str,
        label: Option<&str>,
        created_by: u32,
    ) -> Result<ShareLink>;
    /// A site's share links, revoked ones included, newest first.
    fn share_links(&self, site_id: u32) -> Result<Vec<ShareLink>>;
    /// Revokes a share link of a site; false when the site has no
    /// unrevoked link with this id.
    fn revoke_share_link(&self, site_id: u32, link_id: u32) -> Result<bool>;
    /// The site an unrevoked share link shows, by the hash of its token.
    fn share_link_site(&self, token_hash: &str) -> Result<Option<u32>>;
}
