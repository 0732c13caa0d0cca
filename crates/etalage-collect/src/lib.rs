//! Event collection for etalage: parsing, enrichment, the anonymous visitor
//! id, visits, the durable ingest log and the batch writer.
//!
//! A live server uses [`Collector`]; `etalage import events` uses
//! [`import_events`]. Both go through the same parsing ([`parse_event_body`])
//! and enrichment ([`enrich`]).
//!
//! ```
//! use etalage_collect::parse_event_body;
//!
//! let e = parse_event_body(br#"{"name":"pageview","url":"https://shop.example/","domain":"shop.example"}"#).unwrap();
//! assert_eq!(e.url.path(), "/");
//! let err = parse_event_body(br#"{"name":"pageview","domain":"shop.example"}"#).unwrap_err();
//! assert_eq!(err.field, "url");
//! ```
#![deny(missing_docs)]

mod collector;
pub mod enrich;
mod enricher;
mod import;
mod log;
mod metrics;
mod payload;
mod salt;
mod sites;
mod visitor;
mod visits;

pub use collector::{CollectError, Collector, FlushPolicy, Outcome};
pub use import::{import_events, ImportReport, RejectedLine};
pub use metrics::CollectMetrics;
pub use payload::{parse_event_body, FieldError, IncomingEvent, MAX_BODY_BYTES};
pub use visits::VISIT_TIMEOUT;
