use crate::{Country, Money};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The event name of a page view.
pub const EVENT_PAGEVIEW: &str = "pageview";

/// The kind of device a visit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// A desktop or laptop computer.
    #[default]
    Desktop,
    /// A phone.
    Mobile,
    /// A tablet.
    Tablet,
}

impl Device {
    /// The name used in the API and the store.
    pub fn as_str(&self) -> &'static str {
        match self {
            Device::Desktop => "desktop",
            Device::Mobile => "mobile",
            Device::Tablet => "tablet",
        }
    }
}

impl std::fmt::Display for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a visit arrived: its source, referrer and campaign tags, taken from
/// the first event of the visit and kept on every event of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Visit {
    /// Display name of the source ("Google", "Newsletter", "Direct / None").
    pub source: String,
    /// The channel grouping ("organic_search", "email", "direct", …).
    pub channel: String,
    /// Referring host and path, without query string.
    pub referrer: Option<String>,
    /// `utm_source` of the landing URL.
    pub utm_source: Option<String>,
    /// `utm_medium` of the landing URL.
    pub utm_medium: Option<String>,
    /// `utm_campaign` of the landing URL.
    pub utm_campaign: Option<String>,
    /// `utm_term` of the landing URL.
    pub utm_term: Option<String>,
    /// `utm_content` of the landing URL.
    pub utm_content: Option<String>,
}

/// One stored event: parsed, enriched and anonymous. No IP address or full
/// User-Agent is ever part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Internal id of the site.
    pub site_id: u32,
    /// When it happened (UTC).
    pub ts: DateTime<Utc>,
    /// Daily-salted anonymous visitor id.
    pub visitor_id: u64,
    /// Id of the visit (a run of events without a 30-minute gap).
    pub visit_id: u64,
    /// Event name: `pageview` or a custom name.
    pub name: String,
    /// Host of the page.
    pub hostname: String,
    /// Path of the page, without query string.
    pub pathname: String,
    /// Acquisition of the visit this event belongs to.
    pub visit: Visit,
    /// Device category.
    pub device: Device,
    /// Browser name.
    pub browser: String,
    /// Browser major version.
    pub browser_version: String,
    /// Operating system name.
    pub os: String,
    /// Operating system version.
    pub os_version: String,
    /// Country, when a GeoIP database is configured and knows the address.
    pub country: Option<Country>,
    /// Custom properties.
    pub props: Vec<(String, String)>,
    /// Revenue carried by the event.
    pub revenue: Option<Money>,
    /// False for events that must not count against bounce (e.g. scroll).
    pub interactive: bool,
}
