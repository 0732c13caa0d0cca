//! The shop's own data: orders and their lines, customers, products,
//! returns and marketing spend, plus the e-commerce events of the tracker.
//!
//! Every record is read through a [`Record`] (a JSON object, a CSV row
//! through a column mapping) by one `from_record` function per type, so an
//! API call and an import accept and refuse exactly the same values, and
//! every error names its field.
mod customer;
mod ids;
mod order;
mod product;
mod record;
mod returns;
mod spend;
mod tracked;
pub mod values;

pub use customer::{Customer, CustomerKind, CustomerRef, MarketingConsent};
pub use ids::{CustomerId, Email, OrderId, Sku};
pub use order::{Order, OrderLine, SalesChannel};
pub use product::Product;
pub use record::{FieldMap, JsonRecord, ReadOptions, Reader, Record};
pub use returns::OrderReturn;
pub use spend::MarketingSpend;
pub use tracked::{
    is_commerce_event, items_from_json, items_to_json, parse_items, TrackedItem, COMMERCE_EVENTS,
    EVENT_PURCHASE, MAX_ITEMS,
};
