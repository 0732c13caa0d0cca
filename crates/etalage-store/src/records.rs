use chrono::{DateTime, Utc};
use etalage_core::{Domain, Timezone, Visit};
use serde::Serialize;

/// A tracked website.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// Internal id.
    pub id: u32,
    /// The domain, as in the tracker's `data-domain`.
    pub domain: Domain,
    /// The zone reports use.
    pub timezone: Timezone,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// An API key; the token itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiKey {
    /// Internal id.
    pub id: u32,
    /// A name to recognise it by.
    pub name: String,
    /// The first characters of the token, to recognise it by.
    pub token_prefix: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; a revoked key no longer opens the API.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A revocable, read-only link to a site's dashboard (`/share/{token}`);
/// the token itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareLink {
    /// Internal id.
    pub id: u32,
    /// The site whose dashboard it shows.
    pub site_id: u32,
    /// A note to recognise it by ("for the accountant").
    pub label: Option<String>,
    /// The user who made it.
    pub created_by: u32,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was revoked; a revoked link shows nothing.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// How far the durable ingest log has been applied to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Checkpoint {
    /// Log segment number.
    pub segment: u64,
    /// Byte offset within the segment after the last applied record.
    pub offset: u64,
}

/// The latest visit of a visitor, used to continue it after a restart.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenVisit {
    /// Site id.
    pub site_id: u32,
    /// Visitor id.
    pub visitor_id: u64,
    /// Visit id.
    pub visit_id: u64,
    /// Time of the visit's last event.
    pub last_ts: DateTime<Utc>,
    /// The visit's acquisition.
    pub visit: Visit,
}

/// One row of a stats query: dimension values and metric values, in the
/// plan's order.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryRow {
    /// Dimension values.
    pub dimensions: Vec<String>,
    /// Metric values (0 where a metric has no data).
    pub metrics: Vec<f64>,
}
