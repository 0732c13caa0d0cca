//! What the shop paid for marketing.
use super::record::{JsonRecord, ReadOptions, Reader};
use crate::{Money, ParseError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Marketing spend of one day on one channel (and campaign).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingSpend {
    /// The day the money was spent.
    pub date: NaiveDate,
    /// The channel, in lower case (`google_ads`, `meta`, `newsletter`, …).
    pub channel: String,
    /// The campaign; empty when the spend is for the channel as a whole.
    pub campaign: String,
    /// How much, 0 or more.
    pub amount: Money,
}

impl MarketingSpend {
    /// Fields of a spend record, as named in the API and in CSV files.
    pub const FIELDS: &'static [&'static str] =
        &["date", "channel", "campaign", "amount", "currency"];

    /// Reads a spend record.
    pub fn from_record(r: &Reader<'_>) -> Result<Self, ParseError> {
        let date = r
            .date("date")?
            .ok_or_else(|| ParseError::new("date", "is missing; give the day, like 2026-05-01"))?;
        let channel = r
            .text("channel")?
            .ok_or_else(|| {
                ParseError::new("channel", "is missing; name it, like google_ads or meta")
            })?
            .to_lowercase();
        let amount = r
            .non_negative("amount")?
            .ok_or_else(|| ParseError::new("amount", "is missing"))?;
        let currency = r
            .currency("currency")?
            .ok_or_else(|| ParseError::new("currency", "is missing; give a code such as EUR"))?;
        Ok(MarketingSpend {
            date,
            channel,
            campaign: r.text("campaign")?.unwrap_or_default(),
            amount: Money::new(amount, currency)
                .map_err(|e| ParseError::new("amount", e.message))?,
        })
    }

    /// Reads a spend record sent as JSON.
    pub fn from_json(value: &Value, options: &ReadOptions) -> Result<Self, ParseError> {
        let record = JsonRecord::new(value, MarketingSpend::FIELDS)?;
        MarketingSpend::from_record(&Reader::new(&record, options))
    }
}
