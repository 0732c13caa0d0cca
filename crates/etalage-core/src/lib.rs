//! Domain types of etalage.
//!
//! Every value that crosses the edge of the program (a domain name, a time
//! zone, an amount of money, a country code, a date range) is parsed into one
//! of these types first, so invalid values cannot exist further in. Each
//! `parse` error says what was wrong and what a valid value looks like.
//!
//! ```
//! use etalage_core::{Domain, Money, Timezone};
//!
//! let domain = Domain::parse("https://www.Fietsen.example/shop").unwrap();
//! assert_eq!(domain.as_str(), "fietsen.example");
//! let value = Money::parse("40", "EUR").unwrap();
//! assert_eq!(value.to_string(), "40 EUR");
//! assert!(Timezone::parse("Europe/Brussels").is_ok());
//! assert!(Timezone::parse("Mars/Olympus").is_err());
//! ```
#![deny(missing_docs)]

pub mod commerce;
mod country;
mod domain;
mod error;
mod event;
mod goal;
mod money;
mod query;
mod time;

pub use commerce::{
    Customer, CustomerId, CustomerKind, CustomerRef, Email, MarketingSpend, Order, OrderId,
    OrderLine, OrderReturn, Product, SalesChannel, Sku,
};
pub use country::Country;
pub use domain::Domain;
pub use error::ParseError;
pub use event::{Device, Event, Visit, EVENT_PAGEVIEW};
pub use goal::{Goal, GoalClass, GoalTrigger, PagePattern};
pub use money::{Currency, Money};
pub use query::{
    Dimension, Filter, FilterOp, Metric, OrderBy, QueryPlan, SortDirection, TimeBucket,
};
pub use time::{DateRange, OffsetSegment, Timezone, UtcRange};
