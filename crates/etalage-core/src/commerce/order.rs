//! A sale as the shop recorded it: the order with its lines.
use super::customer::{CustomerKind, CustomerRef};
use super::ids::{OrderId, Sku};
use super::record::{JsonRecord, ReadOptions, Reader, Record};
use crate::{Country, Currency, Money, ParseError};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a sale was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SalesChannel {
    /// The shop's own online shop.
    #[default]
    Webshop,
    /// A marketplace (bol.com, Amazon, Etsy, …).
    Marketplace,
    /// The counter of a physical shop.
    ShopCounter,
}

impl SalesChannel {
    /// Every channel, in the order the UI lists them.
    pub const ALL: [SalesChannel; 3] = [
        SalesChannel::Webshop,
        SalesChannel::Marketplace,
        SalesChannel::ShopCounter,
    ];

    /// Parses `webshop`, `marketplace` or `shop_counter`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        SalesChannel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                ParseError::new(
                    "channel",
                    format!("{input:?} is not a sales channel; use webshop, marketplace or shop_counter"),
                )
            })
    }

    /// The id used in the API and the store.
    pub fn as_str(&self) -> &'static str {
        match self {
            SalesChannel::Webshop => "webshop",
            SalesChannel::Marketplace => "marketplace",
            SalesChannel::ShopCounter => "shop_counter",
        }
    }
}

/// One line of an order: a product, how many, at what price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The product's SKU; lines without one (a custom item) have a name.
    pub sku: Option<Sku>,
    /// The product's name as sold.
    pub name: Option<String>,
    /// How many were sold (above 0).
    pub quantity: u32,
    /// Price of one unit, in the order's currency.
    pub unit_price: Decimal,
    /// Discount on the whole line (not per unit), 0 or more.
    pub discount: Decimal,
}

impl OrderLine {
    /// Fields of a line, as named in the API (`lines[i].…`).
    pub const FIELDS: &'static [&'static str] =
        &["sku", "name", "quantity", "unit_price", "discount"];

    /// Reads a line from a record whose fields are named `{prefix}sku`,
    /// `{prefix}quantity`, … (the API uses no prefix, CSV mappings `line_`).
    pub fn from_record(r: &Reader<'_>, prefix: &str) -> Result<Self, ParseError> {
        let f = |name: &str| format!("{prefix}{name}");
        let sku = r.parsed(&f("sku"), Sku::parse)?;
        let name = r.text(&f("name"))?;
        if sku.is_none() && name.is_none() {
            return Err(ParseError::new(
                f("sku"),
                "is missing; give the product's SKU (or at least its name)",
            ));
        }
        let quantity = r.quantity(&f("quantity"))?.ok_or_else(|| {
            ParseError::new(
                f("quantity"),
                "is missing; it must be a whole number above 0",
            )
        })?;
        let unit_price = r.non_negative(&f("unit_price"))?.ok_or_else(|| {
            ParseError::new(f("unit_price"), "is missing; give the price of one unit")
        })?;
        let discount = r.non_negative(&f("discount"))?.unwrap_or_default();
        Ok(OrderLine {
            sku,
            name,
            quantity,
            unit_price,
            discount,
        })
    }

    /// What the line brought in: quantity × unit price − discount.
    pub fn net_amount(&self) -> Decimal {
        Decimal::from(self.quantity) * self.unit_price - self.discount
    }
}

/// An order of the shop, keyed by its own order number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The shop's order number (unique within the site).
    pub order_id: OrderId,
    /// The platform's internal id when it differs from the order number
    /// (Shopify's `Id`, WooCommerce's `id`); trackers may report either.
    pub platform_id: Option<String>,
    /// Who bought, when known (a counter sale often has no customer).
    pub customer: Option<CustomerRef>,
    /// Business or consumer, when the shop knows.
    pub customer_kind: Option<CustomerKind>,
    /// When the order was placed.
    pub created_at: DateTime<Utc>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// When it was shipped or handed over.
    pub fulfilled_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Where it was sold.
    pub channel: SalesChannel,
    /// The country it was sold to (shipping, else billing country).
    pub country: Option<Country>,
    /// The currency of every amount of the order.
    pub currency: Currency,
    /// The products sold.
    pub lines: Vec<OrderLine>,
    /// Discount on the whole order (beyond line discounts), 0 or more.
    pub discount: Decimal,
    /// Shipping charged to the customer, 0 or more.
    pub shipping: Decimal,
    /// Tax (VAT) included in or added to the total, 0 or more.
    pub tax: Decimal,
    /// What the customer paid in all, 0 or more.
    pub total: Decimal,
    /// How the customer paid (`bancontact`, `ideal`, `paypal`, …).
    pub payment_method: Option<String>,
    /// What was refunded, from 0 up to the total.
    pub refunded: Decimal,
}

impl Order {
    /// Order-level fields, as named in the API and in CSV mappings.
    pub const FIELDS: &'static [&'static str] = &[
        "order_id",
        "platform_id",
        "customer_id",
        "email",
        "customer_kind",
        "created_at",
        "paid_at",
        "fulfilled_at",
        "cancelled_at",
        "channel",
        "country",
        "currency",
        "lines",
        "discount",
        "shipping",
        "tax",
        "total",
        "payment_method",
        "refunded",
    ];

    /// Reads an order's own fields from a record and takes `lines` as read.
    pub fn from_record(r: &Reader<'_>, lines: Vec<OrderLine>) -> Result<Self, ParseError> {
        let order_id = OrderId::parse(&r.required("order_id")?)?;
        let customer = CustomerRef::from_record(r)?;
        let created_at = r.timestamp("created_at")?.ok_or_else(|| {
            ParseError::new(
                "created_at",
                "is missing; give the time the order was placed",
            )
        })?;
        let currency = r
            .currency("currency")?
            .ok_or_else(|| ParseError::new("currency", "is missing; give a code such as EUR"))?;
        let total = r.non_negative("total")?.ok_or_else(|| {
            ParseError::new("total", "is missing; give what the customer paid in all")
        })?;
        let refunded = r.non_negative("refunded")?.unwrap_or_default();
        if refunded > total {
            return Err(ParseError::new(
                "refunded",
                format!("{refunded} is more than the total {total}"),
            ));
        }
        let order = Order {
            order_id,
            platform_id: r.text("platform_id")?,
            customer,
            customer_kind: r.parsed("customer_kind", CustomerKind::parse)?,
            created_at,
            paid_at: r.timestamp("paid_at")?,
            fulfilled_at: r.timestamp("fulfilled_at")?,
            cancelled_at: r.timestamp("cancelled_at")?,
            channel: r
                .parsed("channel", SalesChannel::parse)?
                .unwrap_or_default(),
            country: r.country("country")?,
            currency,
            lines,
            discount: r.non_negative("discount")?.unwrap_or_default(),
            shipping: r.non_negative("shipping")?.unwrap_or_default(),
            tax: r.non_negative("tax")?.unwrap_or_default(),
            total,
            payment_method: r.text("payment_method")?,
            refunded,
        };
        for (field, amount) in [
            ("total", order.total),
            ("discount", order.discount),
            ("shipping", order.shipping),
            ("tax", order.tax),
        ] {
            Money::new(amount, currency).map_err(|e| ParseError::new(field, e.message))?;
        }
        Ok(order)
    }

    /// Reads an order sent as JSON (`lines` is a list of line objects).
    /// Errors name the field: `lines[0].quantity: must be a whole number above 0`.
    pub fn from_json(value: &Value, options: &ReadOptions) -> Result<Self, ParseError> {
        let record = JsonRecord::new(value, Order::FIELDS)?;
        let lines = match record.value("lines") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = format!("lines[{i}]");
                    let line =
                        JsonRecord::new(item, OrderLine::FIELDS).map_err(|e| e.within(&at))?;
                    OrderLine::from_record(&Reader::new(&line, options), "")
                        .map_err(|e| e.within(&at))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(ParseError::new("lines", "must be a list of order lines")),
        };
        Order::from_record(&Reader::new(&record as &dyn Record, options), lines)
    }

    /// The total as money.
    pub fn total_money(&self) -> Money {
        Money {
            amount: self.total,
            currency: self.currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts() -> ReadOptions {
        ReadOptions::default()
    }

    #[test]
    fn reads_an_order_from_json() {
        let o = Order::from_json(
            &json!({
                "order_id": "#1001", "email": "An@Shop.Example", "created_at": "2026-05-01T10:00:00+02:00",
                "channel": "shop counter", "country": "be", "currency": "eur", "total": 59.9, "tax": "10.40",
                "lines": [{"sku": "BK-1", "quantity": 2, "unit_price": "29.95"}]
            }),
            &opts(),
        )
        .unwrap();
        assert_eq!(o.order_id.as_str(), "1001");
        assert_eq!(
            o.customer
                .as_ref()
                .unwrap()
                .email
                .as_ref()
                .unwrap()
                .as_str(),
            "an@shop.example"
        );
        assert_eq!(o.channel, SalesChannel::ShopCounter);
        assert_eq!(o.total_money().to_string(), "59.9 EUR");
        assert_eq!(o.lines[0].net_amount(), Decimal::new(5990, 2));
        assert_eq!(o.refunded, Decimal::ZERO);
    }

    #[test]
    fn errors_name_the_field() {
        let base = json!({"order_id": "1", "created_at": "2026-05-01T10:00:00Z", "currency": "EUR", "total": 10});
        let cases = [
            (json!({"lines": [{"sku": "A", "quantity": 1, "unit_price": 1}, {"sku": "B", "quantity": 0, "unit_price": 1}]}),
             "lines[1].quantity: must be a whole number above 0"),
            (json!({"total": -1}), "total: \"-1\" is negative; it must be 0 or more"),
            (json!({"refunded": 11}), "refunded: 11 is more than the total 10"),
            (json!({"channel": "telephone"}), "channel: \"telephone\" is not a sales channel; use webshop, marketplace or shop_counter"),
            (json!({"order_id": null}), "order_id: is missing"),
            (json!({"lines": [{"quantity": 1, "unit_price": 1}]}), "lines[0].sku: is missing; give the product's SKU (or at least its name)"),
            (json!({"lines": {}}), "lines: must be a list of order lines"),
            (json!({"email": "nobody"}), "email: \"nobody\" is not an e-mail address such as name@shop.example"),
        ];
        for (patch, want) in cases {
            let mut v = base.clone();
            for (k, x) in patch.as_object().unwrap() {
                v[k] = x.clone();
            }
            assert_eq!(Order::from_json(&v, &opts()).unwrap_err().to_string(), want);
        }
        let mut v = base.clone();
        v["totl"] = json!(1);
        assert!(Order::from_json(&v, &opts())
            .unwrap_err()
            .to_string()
            .starts_with("totl: is not a known field"));
    }
}
