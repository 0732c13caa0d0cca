//! Shopify's order export: a CSV with one row per line item, the order's
//! own fields on its first row only.
use crate::batch::Import;
use crate::csv_table::{reader, Columns, CsvRecord};
use crate::mapping::Mapping;
use crate::order_rows::{csv_error, read_grouped, FIELDS};
use crate::ImportError;
use etalage_core::commerce::{values, FieldMap, ReadOptions, Record};
use etalage_core::{Order, OrderLine, SalesChannel};
use rust_decimal::Decimal;
use std::io::Read;

/// etalage's fields and Shopify's columns. `source`, `financial_status`,
/// `billing_country` and `company` only feed the derived fields.
const COLUMNS: &[(&str, &str)] = &[
    ("order_id", "Name"),
    ("platform_id", "Id"),
    ("email", "Email"),
    ("created_at", "Created at"),
    ("paid_at", "Paid at"),
    ("fulfilled_at", "Fulfilled at"),
    ("cancelled_at", "Cancelled at"),
    ("currency", "Currency"),
    ("shipping", "Shipping"),
    ("tax", "Taxes"),
    ("total", "Total"),
    ("discount", "Discount Amount"),
    ("refunded", "Refunded Amount"),
    ("payment_method", "Payment Method"),
    ("country", "Shipping Country"),
    ("channel", "Source"),
    ("line_quantity", "Lineitem quantity"),
    ("line_name", "Lineitem name"),
    ("line_unit_price", "Lineitem price"),
    ("line_sku", "Lineitem sku"),
    ("line_discount", "Lineitem discount"),
    ("financial_status", "Financial Status"),
    ("billing_country", "Billing Country"),
    ("company", "Billing Company"),
];

const EXTRA_FIELDS: &[&str] = &["financial_status", "billing_country", "company"];

/// Shopify's `Source` as a sales channel: `pos` is the shop counter,
/// marketplace apps are marketplaces, everything else (`web`, the apps,
/// draft orders) is the webshop.
pub(crate) fn channel(source: &str) -> SalesChannel {
    let s = source.trim().to_ascii_lowercase();
    const MARKETPLACES: [&str; 10] = [
        "amazon",
        "bol",
        "ebay",
        "etsy",
        "zalando",
        "marketplace",
        "cdiscount",
        "fnac",
        "otto",
        "allegro",
    ];
    if s == "pos" || s.contains("point of sale") {
        SalesChannel::ShopCounter
    } else if MARKETPLACES.iter().any(|m| s.contains(m)) {
        SalesChannel::Marketplace
    } else {
        SalesChannel::Webshop
    }
}

fn text(r: &CsvRecord<'_>, field: &str) -> Option<String> {
    r.text(field).ok().flatten().map(|t| t.into_owned())
}

/// The derived fields of a Shopify order.
fn adjust(first: &CsvRecord<'_>, lines: &[OrderLine], extra: &mut FieldMap) {
    extra.set(
        "channel",
        channel(&text(first, "channel").unwrap_or_default()).as_str(),
    );
    if text(first, "country").is_none() {
        if let Some(b) = text(first, "billing_country") {
            extra.set("country", b);
        }
    }
    if text(first, "company").is_some() {
        extra.set("customer_kind", "business");
    }
    // Shopify's Discount Amount includes the line discounts, which the
    // lines carry already; the order keeps only the rest.
    if let Some(Ok(total)) = text(first, "discount").map(|t| values::parse_amount("discount", &t)) {
        let on_lines: Decimal = lines.iter().map(|l| l.discount).sum();
        extra.set(
            "discount",
            (total - on_lines).max(Decimal::ZERO).to_string(),
        );
    }
    // Older exports have no Refunded Amount: a refunded order was refunded in full.
    if text(first, "refunded").is_none()
        && text(first, "financial_status").as_deref() == Some("refunded")
    {
        if let Some(total) = text(first, "total") {
            extra.set("refunded", total);
        }
    }
}

/// Reads a Shopify order export.
pub(crate) fn read(
    input: impl Read,
    options: &ReadOptions,
    import: &mut Import<Order>,
) -> Result<(), ImportError> {
    let mut csv = reader(input, b',');
    let header = csv.headers().map_err(csv_error)?.clone();
    let mapping = Mapping {
        columns: COLUMNS
            .iter()
            .filter(|(_, c)| header.iter().any(|h| h.trim().eq_ignore_ascii_case(c)))
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect(),
        ..Mapping::default()
    };
    let fields: Vec<&'static str> = FIELDS.iter().chain(EXTRA_FIELDS).copied().collect();
    let columns = Columns::find(&header, &fields, Some(&mapping))?;
    let missing: Vec<&str> = [
        "order_id",
        "created_at",
        "currency",
        "total",
        "line_quantity",
        "line_unit_price",
    ]
    .iter()
    .filter(|f| !columns.has(f))
    .filter_map(|f| COLUMNS.iter().find(|(k, _)| k == f).map(|(_, c)| *c))
    .collect();
    if !missing.is_empty() {
        return Err(ImportError::Format(format!(
            "the file has no column {}; is it a Shopify order export (Orders → Export → CSV for Excel, Numbers, or other spreadsheet programs)?",
            missing.join(", ")
        )));
    }
    read_grouped(csv, &columns, options, &adjust, import)
}
