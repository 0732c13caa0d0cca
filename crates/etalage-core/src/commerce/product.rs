//! The shop's products: what they cost to buy and sell for, and how many
//! are in stock.
use super::ids::Sku;
use super::record::{JsonRecord, ReadOptions, Reader};
use crate::{Currency, Money, ParseError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A product of the shop, keyed by its SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// The stock-keeping unit (unique within the site).
    pub sku: Sku,
    /// The product's name.
    pub name: Option<String>,
    /// The shop's category of the product.
    pub category: Option<String>,
    /// Who the shop buys it from.
    pub supplier: Option<String>,
    /// The selling price (with the currency of `cost_price`).
    pub price: Option<Money>,
    /// What one unit costs the shop.
    pub cost_price: Option<Money>,
    /// Units in stock (negative when oversold).
    pub stock: Option<i64>,
}

impl Product {
    /// Fields of a product, as named in the API and in CSV files.
    pub const FIELDS: &'static [&'static str] = &[
        "sku",
        "name",
        "category",
        "supplier",
        "price",
        "cost_price",
        "currency",
        "stock",
    ];

    /// Reads a product from a record; `currency` is required with a price.
    pub fn from_record(r: &Reader<'_>) -> Result<Self, ParseError> {
        let sku = Sku::parse(&r.required("sku")?)?;
        let price = r.non_negative("price")?;
        let cost_price = r.non_negative("cost_price")?;
        let currency: Option<Currency> = r.currency("currency")?;
        let money = |field: &str,
                     amount: Option<rust_decimal::Decimal>|
         -> Result<Option<Money>, ParseError> {
            match (amount, currency) {
                (None, _) => Ok(None),
                (Some(a), Some(c)) => Money::new(a, c)
                    .map(Some)
                    .map_err(|e| ParseError::new(field, e.message)),
                (Some(_), None) => Err(ParseError::new(
                    "currency",
                    format!("is missing; {field} needs a currency such as EUR"),
                )),
            }
        };
        Ok(Product {
            sku,
            name: r.text("name")?,
            category: r.text("category")?,
            supplier: r.text("supplier")?,
            price: money("price", price)?,
            cost_price: money("cost_price", cost_price)?,
            stock: r.integer("stock")?,
        })
    }

    /// Reads a product sent as JSON.
    pub fn from_json(value: &Value, options: &ReadOptions) -> Result<Self, ParseError> {
        let record = JsonRecord::new(value, Product::FIELDS)?;
        Product::from_record(&Reader::new(&record, options))
    }
}
