//! Products customers sent back.
use super::ids::{OrderId, Sku};
use super::record::{JsonRecord, ReadOptions, Reader};
use crate::ParseError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A return of some units of one product of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReturn {
    /// The shop's id of the return, when it has one; without it a return
    /// is known by its order, SKU, date and reason.
    pub return_id: Option<String>,
    /// The order the units were sold in.
    pub order_id: OrderId,
    /// The product sent back.
    pub sku: Sku,
    /// How many units (above 0).
    pub quantity: u32,
    /// Why, in the shop's or the customer's words.
    pub reason: Option<String>,
    /// The day the return was received.
    pub date: NaiveDate,
}

impl OrderReturn {
    /// Fields of a return, as named in the API and in CSV files.
    pub const FIELDS: &'static [&'static str] =
        &["return_id", "order_id", "sku", "quantity", "reason", "date"];

    /// Reads a return from a record.
    pub fn from_record(r: &Reader<'_>) -> Result<Self, ParseError> {
        Ok(OrderReturn {
            return_id: r.text("return_id")?,
            order_id: OrderId::parse(&r.required("order_id")?)?,
            sku: Sku::parse(&r.required("sku")?)?,
            quantity: r.quantity("quantity")?.ok_or_else(|| {
                ParseError::new("quantity", "is missing; it must be a whole number above 0")
            })?,
            reason: r.text("reason")?,
            date: r.date("date")?.ok_or_else(|| {
                ParseError::new(
                    "date",
                    "is missing; give the day the return arrived, like 2026-05-01",
                )
            })?,
        })
    }

    /// Reads a return sent as JSON.
    pub fn from_json(value: &Value, options: &ReadOptions) -> Result<Self, ParseError> {
        let record = JsonRecord::new(value, OrderReturn::FIELDS)?;
        OrderReturn::from_record(&Reader::new(&record, options))
    }

    /// The key that makes re-sending a return idempotent: its id, else
    /// order, SKU, date and reason together.
    pub fn key(&self) -> String {
        match &self.return_id {
            Some(id) => format!("id:{id}"),
            None => format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                self.order_id,
                self.sku,
                self.date,
                self.reason.as_deref().unwrap_or("")
            ),
        }
    }
}
