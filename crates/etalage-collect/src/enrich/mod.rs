//! Enrichment: what the collector learns about an event from its request,
//! before the request is forgotten.
//!
//! Each submodule has one job:
//!
//! * [`is_bot`]: drop crawlers, HTTP libraries, headless browsers, monitors
//!   and empty user agents (patterns in `data/bots.txt`);
//! * [`parse_user_agent`]: browser, OS and device class ([`ClientInfo`]);
//! * [`classify_source`]: source name, referrer, UTM tags and [`Channel`]
//!   (known referrers in `data/referrers/*.txt`);
//! * [`GeoDb`]: IP address → [`Country`] from a MaxMind-format database
//!   (with `geo::test_support`, behind the `test-support` feature, to
//!   write one in tests).
//!
//! The data files are compiled into the binary; their formats and
//! attributions are in `data/README.md`.
//!
//! ```
//! use etalage_collect::enrich::{classify_source, is_bot, parse_user_agent, Channel, Device};
//!
//! let ua = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
//!           (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
//! assert!(is_bot(ua).is_none());
//! let client = parse_user_agent(ua);
//! assert_eq!((client.browser.as_str(), client.os.as_str()), ("Chrome", "Android"));
//! assert_eq!(client.device, Device::Mobile);
//!
//! let page = url::Url::parse("https://shop.example/?utm_source=fb&utm_medium=paid_social").unwrap();
//! let source = classify_source(&page, Some("https://l.facebook.com/"));
//! assert_eq!((source.source.as_str(), source.channel), ("Facebook", Channel::PaidSocial));
//! ```

mod bot;
pub mod geo;
mod referrers;
mod source;
mod user_agent;

pub use bot::{is_bot, BotKind, BotReason};
pub use geo::{Country, GeoDb, GeoError};
pub use source::{classify_source, Channel, Source, Utm, DIRECT};
pub use user_agent::{parse_user_agent, ClientInfo, Device, UNKNOWN};
