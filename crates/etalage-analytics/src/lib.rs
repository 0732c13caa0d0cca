//! The stats query model of etalage.
//!
//! [`run_query`] takes a request in the shape of Plausible's Stats API v2
//! (`POST /api/v2/query`), validates it against the site and its goals,
//! builds a [`QueryPlan`](etalage_core::QueryPlan), runs it on a
//! [`Store`](etalage_store::Store) and shapes the response. [`run_funnel`]
//! does the same for funnels. Metric definitions live in `docs/metrics.md`;
//! their SQL lives in the store.
//!
//! ```
//! use etalage_analytics::parse_date_range;
//! use chrono::NaiveDate;
//!
//! let today = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
//! let r = parse_date_range(&serde_json::json!("7d"), today).unwrap();
//! assert_eq!((r.from.to_string(), r.to.to_string()), ("2026-05-14".into(), "2026-05-20".into()));
//! ```
#![deny(missing_docs)]

pub mod alerts;
mod customers;
mod date_range;
mod error;
mod filters;
mod funnel;
mod kpis;
mod query;
pub mod shop_alerts;

pub use customers::{
    acquisition_channel, customer_value, customer_value_report, CustomerValueReport, ValueCache,
    DEFAULT_MARGIN, SPEND_DAYS,
};
pub use date_range::parse_date_range;
pub use error::ApiError;
pub use funnel::{run_funnel, FunnelReport, FunnelRequest, FunnelStep};
pub use kpis::{kpi_period, kpi_trend_for, kpis_for, run_kpis, KpiAnswer};
pub use query::{build_plan, parse_request, run_queries, run_query, Pagination, QueryRequest};
