//! WooCommerce orders as its REST API v3 returns them (`GET
//! /wp-json/wc/v3/orders`): a JSON array of orders. Several arrays one
//! after the other (the pages of the API, concatenated) are read as one.
use crate::batch::Import;
use crate::ImportError;
use etalage_core::commerce::{FieldMap, ReadOptions, Reader};
use etalage_core::{Order, OrderLine, ParseError, Timezone};
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::Read;
use std::str::FromStr;

/// WooCommerce's field for each of etalage's order fields, for messages.
const ORDER_FIELDS: &[(&str, &str)] = &[
    ("order_id", "number"),
    ("platform_id", "id"),
    ("customer_id", "customer_id"),
    ("email", "billing.email"),
    ("customer_kind", "billing.company"),
    ("created_at", "date_created_gmt"),
    ("paid_at", "date_paid_gmt"),
    ("fulfilled_at", "date_completed_gmt"),
    ("cancelled_at", "date_modified_gmt"),
    ("country", "shipping.country"),
    ("currency", "currency"),
    ("discount", "discount_total"),
    ("shipping", "shipping_total"),
    ("tax", "total_tax"),
    ("total", "total"),
    ("payment_method", "payment_method"),
    ("refunded", "refunds"),
];

const LINE_FIELDS: &[(&str, &str)] = &[("unit_price", "subtotal"), ("discount", "total")];

fn woo_name(table: &[(&str, &'static str)], e: ParseError) -> String {
    let name = table
        .iter()
        .find(|(f, _)| *f == e.field)
        .map(|(_, w)| *w)
        .unwrap_or(e.field.as_str());
    format!("{name}: {}", e.message)
}

/// A JSON value as text: strings as they are, numbers written out.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn decimal(v: Option<&Value>) -> Option<Decimal> {
    text(v).and_then(|t| Decimal::from_str(t.trim()).ok())
}

/// One WooCommerce order as etalage's order, or the reason it is not one.
fn order(v: &Value, options: &ReadOptions) -> Result<Order, String> {
    let o = v.as_object().ok_or("each order must be a JSON object")?;
    let get = |k: &str| o.get(k);
    let billing = |k: &str| o.get("billing").and_then(|b| b.get(k));
    let shipping = |k: &str| o.get("shipping").and_then(|b| b.get(k));

    let mut lines = Vec::new();
    let items = match get("line_items") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => return Err("line_items: must be a list".into()),
    };
    for (i, item) in items.iter().enumerate() {
        let at = |e: ParseError| format!("line_items[{i}].{}", woo_name(LINE_FIELDS, e));
        let quantity = decimal(item.get("quantity"));
        let subtotal = decimal(item.get("subtotal"));
        let total = decimal(item.get("total"));
        let mut f = FieldMap::default();
        for (field, key) in [("sku", "sku"), ("name", "name"), ("quantity", "quantity")] {
            if let Some(t) = text(item.get(key)) {
                f.set(field, t);
            }
        }
        // WooCommerce gives the line before discounts (`subtotal`) and after
        // (`total`), both without tax; `price` is after the discount.
        match (
            quantity,
            subtotal.or_else(|| decimal(item.get("price")).zip(quantity).map(|(p, q)| p * q)),
        ) {
            (Some(q), Some(s)) if q > Decimal::ZERO => {
                f.set("unit_price", (s / q).round_dp(4).normalize().to_string());
                if let Some(t) = total {
                    f.set(
                        "discount",
                        (s - t).max(Decimal::ZERO).normalize().to_string(),
                    );
                }
            }
            (_, Some(s)) => f.set("unit_price", s.to_string()),
            _ => {}
        }
        lines.push(OrderLine::from_record(&Reader::new(&f, options), "").map_err(at)?);
    }

    let mut f = FieldMap::default();
    let number = text(get("number")).or_else(|| text(get("id")));
    if let Some(n) = &number {
        f.set("order_id", n.clone());
    }
    if let Some(id) = text(get("id")).filter(|id| Some(id) != number.as_ref()) {
        f.set("platform_id", id);
    }
    if let Some(c) = text(get("customer_id")).filter(|c| c != "0") {
        f.set("customer_id", c);
    }
    if let Some(e) = text(billing("email")) {
        f.set("email", e);
    }
    if text(billing("company")).is_some() {
        f.set("customer_kind", "business");
    }
    for (field, key) in [
        ("created_at", "date_created_gmt"),
        ("paid_at", "date_paid_gmt"),
        ("fulfilled_at", "date_completed_gmt"),
        ("currency", "currency"),
        ("shipping", "shipping_total"),
        ("tax", "total_tax"),
        ("total", "total"),
        ("payment_method", "payment_method"),
    ] {
        if let Some(t) = text(get(key)) {
            f.set(field, t);
        }
    }
    if let Some(c) = text(shipping("country")).or_else(|| text(billing("country"))) {
        f.set("country", c);
    }
    let status = text(get("status")).unwrap_or_default();
    if matches!(status.as_str(), "cancelled" | "failed") {
        if let Some(t) = text(get("date_modified_gmt")).or_else(|| text(get("date_created_gmt"))) {
            f.set("cancelled_at", t);
        }
    }
    if text(get("created_via")).is_some_and(|v| v.contains("pos")) {
        f.set("channel", "shop_counter");
    }
    // As in Shopify's export: the order's discount beyond its lines'.
    if let Some(d) = decimal(get("discount_total")) {
        let on_lines: Decimal = lines.iter().map(|l| l.discount).sum();
        f.set("discount", (d - on_lines).max(Decimal::ZERO).to_string());
    }
    // Refunds are listed with negative totals.
    let refunds: Decimal = match get("refunds") {
        Some(Value::Array(r)) => r
            .iter()
            .filter_map(|x| decimal(x.get("total")))
            .map(|d| d.abs())
            .sum(),
        _ => Decimal::ZERO,
    };
    let refunded = if refunds.is_zero() && status == "refunded" {
        decimal(get("total")).unwrap_or_default()
    } else {
        refunds
    };
    f.set("refunded", refunded.normalize().to_string());
    Order::from_record(&Reader::new(&f, options), lines).map_err(|e| woo_name(ORDER_FIELDS, e))
}

/// Reads WooCommerce orders; `line` in rejections is the order's position.
pub(crate) fn read(
    input: impl Read,
    options: &ReadOptions,
    import: &mut Import<Order>,
) -> Result<(), ImportError> {
    // The *_gmt times have no offset and are in UTC.
    let options = ReadOptions {
        zone: Timezone::parse("UTC").expect("UTC is a zone"),
        ..options.clone()
    };
    let mut position = 0;
    let stream =
        serde_json::Deserializer::from_reader(std::io::BufReader::new(input)).into_iter::<Value>();
    for value in stream {
        let value = value.map_err(|e| {
            ImportError::Format(format!(
                "the input is not WooCommerce's JSON (a list of orders): {e}"
            ))
        })?;
        let orders = match value {
            Value::Array(a) => a,
            other => vec![other],
        };
        for v in &orders {
            position += 1;
            let label = text(v.get("number")).or_else(|| text(v.get("id")));
            match order(v, &options) {
                Ok(o) => import.accept(o)?,
                Err(reason) => import.reject(
                    position,
                    match label {
                        Some(n) => format!("order {n}: {reason}"),
                        None => reason,
                    },
                ),
            }
        }
    }
    Ok(())
}
