//! E-commerce events sent by the tracker, named as in Google Analytics 4
//! (`view_item`, `add_to_cart`, …, `purchase`), and their `items`.
use super::record::{JsonRecord, ReadOptions, Reader};
use crate::ParseError;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The name of the event that reports a sale.
pub const EVENT_PURCHASE: &str = "purchase";

/// The GA4 e-commerce events etalage understands.
pub const COMMERCE_EVENTS: [&str; 6] = [
    "view_item",
    "add_to_cart",
    "remove_from_cart",
    "begin_checkout",
    "add_payment_info",
    EVENT_PURCHASE,
];

/// Most items one event may carry.
pub const MAX_ITEMS: usize = 200;

/// True for the GA4 e-commerce event names.
pub fn is_commerce_event(name: &str) -> bool {
    COMMERCE_EVENTS.contains(&name)
}

/// One product of an e-commerce event (GA4's `items[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedItem {
    /// The product's id, usually its SKU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// The product's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    /// The product's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_category: Option<String>,
    /// Price of one unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Decimal>,
    /// Units (GA4 counts 1 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
}

/// The item fields etalage keeps; GA4's other item fields (`item_brand`,
/// `coupon`, …) are accepted and left out.
const ITEM_FIELDS: [&str; 5] = ["item_id", "item_name", "item_category", "price", "quantity"];

/// Reads GA4's `items` list; errors name the item (`items[0].price`).
pub fn parse_items(value: &Value) -> Result<Vec<TrackedItem>, ParseError> {
    let list = value
        .as_array()
        .ok_or_else(|| ParseError::new("items", "must be a list of items"))?;
    if list.len() > MAX_ITEMS {
        return Err(ParseError::new(
            "items",
            format!("has more than {MAX_ITEMS} items"),
        ));
    }
    let options = ReadOptions::default();
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("items[{i}]");
            let kept: serde_json::Map<String, Value> = item
                .as_object()
                .ok_or_else(|| ParseError::new(at.clone(), "must be an object"))?
                .iter()
                .filter(|(k, _)| ITEM_FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let kept = Value::Object(kept);
            let record = JsonRecord::new(&kept, &ITEM_FIELDS).map_err(|e| e.within(&at))?;
            let r = Reader::new(&record, &options);
            let read = || -> Result<TrackedItem, ParseError> {
                let item = TrackedItem {
                    item_id: r.text("item_id")?,
                    item_name: r.text("item_name")?,
                    item_category: r.text("item_category")?,
                    price: r.amount("price")?,
                    quantity: r.quantity("quantity")?,
                };
                if item.item_id.is_none() && item.item_name.is_none() {
                    return Err(ParseError::new(
                        "item_id",
                        "is missing; give item_id or item_name",
                    ));
                }
                Ok(item)
            };
            read().map_err(|e| e.within(&at))
        })
        .collect()
}

/// Reads items stored as JSON text by [`items_to_json`]; `None` when the
/// text is not such a list.
pub fn items_from_json(text: &str) -> Option<Vec<TrackedItem>> {
    serde_json::from_str(text).ok()
}

/// The compact JSON text of items, as kept in an event's `items` property.
pub fn items_to_json(items: &[TrackedItem]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_ga4_items() {
        let items = parse_items(&json!([
            {"item_id": "BK-1", "item_name": "Bike", "price": 499.5, "quantity": 1, "item_brand": "X"},
            {"item_name": "Bell", "price": "9.95"}
        ]))
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].quantity, None);
        let text = items_to_json(&items);
        assert_eq!(
            text,
            r#"[{"item_id":"BK-1","item_name":"Bike","price":"499.5","quantity":1},{"item_name":"Bell","price":"9.95"}]"#
        );
        assert_eq!(items_from_json(&text).unwrap(), items);
        assert_eq!(
            parse_items(&json!([{"item_id": "A", "quantity": 0}]))
                .unwrap_err()
                .to_string(),
            "items[0].quantity: must be a whole number above 0"
        );
        assert_eq!(
            parse_items(&json!([{"price": 1}])).unwrap_err().field,
            "items[0].item_id"
        );
    }
}
