//! The readers on hand-written fixtures: what each record becomes, and
//! the exact report. (Storing them is tested with the real store in
//! `crates/etalage/tests/commerce_import.rs`.)
use chrono::{DateTime, Utc};
use etalage_core::{CustomerKind, MarketingSpend, Order, OrderReturn, Product, SalesChannel};
use etalage_import::{
    import_orders, import_products, import_returns, import_spend, Counts, ImportOptions,
    ImportReport, Mapping, OrderFormat, Rejection,
};
use rust_decimal::Decimal;
use std::str::FromStr;

fn fixture(name: &str) -> std::fs::File {
    std::fs::File::open(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Everything the writer is given counts as new.
fn collect<T: Clone>(into: &mut Vec<T>) -> impl FnMut(&[T]) -> Result<Counts, String> + '_ {
    |batch| {
        into.extend_from_slice(batch);
        Ok(Counts {
            inserted: batch.len(),
            ..Counts::default()
        })
    }
}

fn rejected(list: &[(usize, &str)]) -> Vec<Rejection> {
    list.iter()
        .map(|(line, reason)| Rejection {
            line: *line,
            reason: reason.to_string(),
        })
        .collect()
}

fn orders(file: &str, format: OrderFormat) -> (ImportReport, Vec<Order>) {
    let mut got = Vec::new();
    let options = ImportOptions {
        batch: 2,
        ..ImportOptions::default()
    };
    let report = import_orders(fixture(file), &format, &options, collect(&mut got)).unwrap();
    (report, got)
}

#[test]
fn shopify_export() {
    let (report, orders) = orders("shopify_orders.csv", OrderFormat::Shopify);
    assert_eq!(
        report,
        ImportReport {
            imported: 4,
            updated: 0,
            unchanged: 0,
            rejected: rejected(&[
                (
                    7,
                    "the order 1004 is not imported because line 8 is invalid"
                ),
                (8, "Lineitem quantity: must be a whole number above 0"),
            ]),
        }
    );
    let ids: Vec<&str> = orders.iter().map(|o| o.order_id.as_str()).collect();
    assert_eq!(ids, ["1001", "1002", "1003", "1005"]);

    let o = &orders[0];
    assert_eq!(o.platform_id.as_deref(), Some("5551001"));
    assert_eq!(
        o.customer
            .as_ref()
            .unwrap()
            .email
            .as_ref()
            .unwrap()
            .as_str(),
        "an@fietsen.example"
    );
    assert_eq!(o.created_at, t("2026-05-01T08:00:00Z"));
    assert_eq!(o.paid_at, Some(t("2026-05-01T08:02:00Z")));
    assert_eq!(o.fulfilled_at, Some(t("2026-05-02T07:00:00Z")));
    assert_eq!(
        (o.total, o.tax, o.shipping),
        (d("539.35"), d("93.6"), d("0"))
    );
    assert_eq!(
        o.discount,
        Decimal::ZERO,
        "the 10.00 is the bike line's discount"
    );
    assert_eq!(o.lines.len(), 3);
    assert_eq!(o.lines[0].discount, d("10"));
    let net: Decimal = o.lines.iter().map(|l| l.net_amount()).sum();
    assert_eq!(net, o.total);
    assert_eq!(o.channel, SalesChannel::Webshop);
    assert_eq!(o.payment_method.as_deref(), Some("Bancontact"));

    let cancelled = &orders[1];
    assert_eq!(cancelled.cancelled_at, Some(t("2026-05-03T14:00:00Z")));
    assert_eq!(cancelled.customer_kind, Some(CustomerKind::Business));
    assert_eq!(cancelled.country.unwrap().as_str(), "NL");
    assert_eq!(
        cancelled
            .customer
            .as_ref()
            .unwrap()
            .email
            .as_ref()
            .unwrap()
            .as_str(),
        "bo@fietsen.example"
    );
    assert_eq!(orders[2].refunded, orders[2].total);
    let counter = &orders[3];
    assert_eq!(counter.channel, SalesChannel::ShopCounter);
    assert_eq!(counter.refunded, d("14.95"));
    assert_eq!(
        counter.country.unwrap().as_str(),
        "BE",
        "billing country when no shipping country"
    );
}

#[test]
fn woocommerce_orders() {
    let (report, orders) = orders("woocommerce_orders.json", OrderFormat::WooCommerce);
    assert_eq!(
        report,
        ImportReport {
            imported: 3,
            updated: 0,
            unchanged: 0,
            rejected: rejected(&[(
                4,
                "order 730: date_created_gmt: \"not a date\" is not a time; write it like 2026-05-01T10:00:00+02:00 or 2026-05-01 10:00:00 +0200"
            )]),
        }
    );
    let o = &orders[0];
    assert_eq!(o.order_id.as_str(), "727");
    assert_eq!(o.platform_id, None);
    assert_eq!(
        o.customer
            .as_ref()
            .unwrap()
            .customer_id
            .as_ref()
            .unwrap()
            .as_str(),
        "12"
    );
    assert_eq!(o.created_at, t("2026-05-01T08:00:00Z"));
    assert_eq!(o.fulfilled_at, Some(t("2026-05-02T12:00:00Z")));
    assert_eq!(
        (o.lines[0].unit_price, o.lines[0].discount),
        (d("24.75"), d("5"))
    );
    assert_eq!(
        (o.total, o.tax, o.shipping, o.discount),
        (d("69.4"), d("12.05"), d("4.95"), d("0"))
    );
    assert_eq!(
        o.payment_method.as_deref(),
        Some("mollie_wc_gateway_bancontact")
    );

    let guest = &orders[1];
    assert_eq!(guest.customer.as_ref().unwrap().customer_id, None);
    assert_eq!(guest.customer_kind, Some(CustomerKind::Business));
    assert_eq!(guest.country.unwrap().as_str(), "NL");
    assert_eq!(guest.refunded, d("20"));
    assert_eq!(guest.lines[0].unit_price, d("33.0567"));

    let cancelled = &orders[2];
    assert_eq!(cancelled.order_id.as_str(), "W-729");
    assert_eq!(cancelled.platform_id.as_deref(), Some("729"));
    assert_eq!(cancelled.cancelled_at, Some(t("2026-05-03T10:00:00Z")));
    assert_eq!(cancelled.payment_method, None);
}

#[test]
fn any_csv_through_a_mapping() {
    let m = Mapping::load(
        format!(
            "{}/tests/fixtures/mapped_orders.toml",
            env!("CARGO_MANIFEST_DIR")
        )
        .as_ref(),
    )
    .unwrap();
    let (report, orders) = orders("mapped_orders.csv", OrderFormat::Csv(m));
    assert_eq!(
        report.rejected,
        rejected(&[(
            5,
            "Kanaal: \"telephone\" is not a sales channel; use webshop, marketplace or shop_counter"
        )])
    );
    assert_eq!(report.imported, 2);
    let o = &orders[1];
    assert_eq!(o.order_id.as_str(), "K-2");
    assert_eq!(o.created_at, t("2026-05-02T09:30:00Z"), "11:30 in Brussels");
    assert_eq!(o.total, d("1244.45"));
    assert_eq!(o.lines.len(), 2);
    assert_eq!(o.lines[0].unit_price, d("1234.5"));
    assert_eq!(o.channel, SalesChannel::ShopCounter);
    assert_eq!(o.currency.as_str(), "EUR");
    assert_eq!(o.customer, None);
    assert_eq!(
        orders[0]
            .customer
            .as_ref()
            .unwrap()
            .customer_id
            .as_ref()
            .unwrap()
            .as_str(),
        "42"
    );
}

#[test]
fn a_mapping_must_name_real_columns_and_fields() {
    let bad = Mapping::parse("[columns]\norder_id = \"Nummer\"\n").unwrap();
    let err = import_orders(
        fixture("mapped_orders.csv"),
        &OrderFormat::Csv(bad),
        &ImportOptions::default(),
        |_| Ok(Counts::default()),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the mapping puts order_id in the column \"Nummer\", but the file has no such column"
        ),
        "{err}"
    );
    let unknown = Mapping::parse("[columns]\nordernumber = \"Nummer\"\n").unwrap();
    let err = import_orders(
        fixture("mapped_orders.csv"),
        &OrderFormat::Csv(unknown),
        &ImportOptions::default(),
        |_| Ok(Counts::default()),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the mapping names the field \"ordernumber\""),
        "{err}"
    );
    assert!(Mapping::parse("delimiter = \"::\"").is_err());
    let err = import_orders(
        fixture("products.csv"),
        &OrderFormat::Shopify,
        &ImportOptions::default(),
        |_| Ok(Counts::default()),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the file has no column Created at, Total, Lineitem quantity, Lineitem price;"
        ),
        "{err}"
    );
}

#[test]
fn products_returns_and_spend() {
    let o = ImportOptions::default();
    let mut products: Vec<Product> = Vec::new();
    let r = import_products(fixture("products.csv"), None, &o, collect(&mut products)).unwrap();
    assert_eq!(r.imported, 3);
    assert_eq!(
        r.rejected,
        rejected(&[(5, "price: \"twenty\" is not an amount; write it like 12.50")])
    );
    assert_eq!(products[2].stock, Some(-2));
    assert_eq!(products[0].cost_price.unwrap().to_string(), "310 EUR");

    let mut returns: Vec<OrderReturn> = Vec::new();
    let r = import_returns(fixture("returns.csv"), None, &o, collect(&mut returns)).unwrap();
    assert_eq!(r.imported, 2);
    assert_eq!(
        r.rejected,
        rejected(&[(4, "quantity: must be a whole number above 0")])
    );
    assert_eq!(returns[1].order_id.as_str(), "1003");
    assert_eq!(returns[1].return_id, None);

    let mut spend: Vec<MarketingSpend> = Vec::new();
    let r = import_spend(fixture("spend.csv"), None, &o, collect(&mut spend)).unwrap();
    assert_eq!(r.imported, 3);
    assert_eq!(r.rejected, rejected(&[(5, "amount: is missing")]));
    assert_eq!(spend[1].campaign, "");
}
