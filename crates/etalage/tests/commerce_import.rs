//! `etalage import orders|products|returns|spend` and `etalage customer
//! forget` run as the real binary on a real data directory; the stored
//! figures are read back from its DuckDB file.
mod common;
use common::*;
use etalage_store::{CommerceStore, CommerceSummary, DuckDbStore, Store};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

fn fixture(name: &str) -> String {
    format!(
        "{}/../etalage-import/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = etalage(dir, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The site's figures, read from the data directory (no etalage running).
fn summary(dir: &Path) -> CommerceSummary {
    let store = DuckDbStore::open(&dir.join("etalage.duckdb")).unwrap();
    let site = store.site_by_domain("fietsen.example").unwrap().unwrap();
    store.commerce_summary(site.id).unwrap()
}

fn with_store<T>(dir: &Path, f: impl FnOnce(&DuckDbStore, u32) -> T) -> T {
    let store = DuckDbStore::open(&dir.join("etalage.duckdb")).unwrap();
    let site = store.site_by_domain("fietsen.example").unwrap().unwrap();
    f(&store, site.id)
}

const SHOPIFY_REJECTED: &str = r#""rejected":[{"line":7,"reason":"the order 1004 is not imported because line 8 is invalid"},{"line":8,"reason":"Lineitem quantity: must be a whole number above 0"}]"#;

#[test]
fn shopify_import_reports_exactly_and_a_reimport_changes_nothing() {
    let dir = TempDir::new("shop-shopify");
    let d = &dir.0;
    etalage_ok(d, &["site", "add", "fietsen.example"]);
    let file = fixture("shopify_orders.csv");
    let args = [
        "import",
        "orders",
        "--site",
        "fietsen.example",
        "--format",
        "shopify",
        &file,
        "--json",
    ];
    let (code, out, err) = run(d, &args);
    assert_eq!(code, 1, "a rejected row makes the exit code 1: {err}");
    assert_eq!(
        out.trim(),
        format!(r#"{{"imported":4,"updated":0,"unchanged":0,{SHOPIFY_REJECTED}}}"#)
    );
    let s = summary(d);
    assert_eq!(
        (
            s.orders,
            s.order_lines,
            s.cancelled_orders,
            s.customers,
            s.ordering_customers
        ),
        (4, 6, 1, 4, 4)
    );
    assert_eq!(s.totals[0].currency, "EUR");
    assert_eq!(s.totals[0].total, Decimal::from_str("688.95").unwrap());
    assert_eq!(s.totals[0].refunded, Decimal::from_str("69.8").unwrap());

    let (code, out, _) = run(d, &args);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        format!(r#"{{"imported":0,"updated":0,"unchanged":4,{SHOPIFY_REJECTED}}}"#)
    );
    assert_eq!(summary(d), s, "a re-import stores no duplicates");

    // Text report.
    let (_, out, _) = run(d, &args[..args.len() - 1]);
    assert_eq!(
        out,
        "imported: 0\nupdated: 0\nunchanged: 4\nrejected: 2\n  line 7: the order 1004 is not imported because line 8 is invalid\n  line 8: Lineitem quantity: must be a whole number above 0\n"
    );

    // Forgetting An keeps the two orders and removes the address.
    let (code, out, _) = run(
        d,
        &[
            "customer",
            "forget",
            "--site",
            "fietsen.example",
            "AN@fietsen.example",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("1 customer record(s)") && out.contains("1 order(s) stay"),
        "{out}"
    );
    let after = summary(d);
    assert_eq!(
        (
            after.orders,
            after.ordering_customers,
            after.forgotten_customers
        ),
        (4, 4, 1)
    );
    with_store(d, |store, site| {
        assert_eq!(store.order(site, "#1001").unwrap().unwrap().customer, None);
    });
    let (code, _, err) = run(
        d,
        &[
            "customer",
            "forget",
            "--site",
            "fietsen.example",
            "nobody@x.example",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("nothing was changed"), "{err}");
    // Importing the file again does not bring the address back.
    let (_, out, _) = run(d, &args);
    assert!(out.contains(r#""unchanged":4"#), "{out}");
    with_store(d, |store, site| {
        assert_eq!(store.order(site, "1001").unwrap().unwrap().customer, None);
    });
}

#[test]
fn woocommerce_and_mapped_csv_imports() {
    let dir = TempDir::new("shop-woo");
    let d = &dir.0;
    etalage_ok(d, &["site", "add", "fietsen.example"]);
    let woo = fixture("woocommerce_orders.json");
    let (code, out, _) = run(
        d,
        &[
            "import",
            "orders",
            "--site",
            "fietsen.example",
            "--format",
            "woocommerce",
            &woo,
            "--json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        r#"{"imported":3,"updated":0,"unchanged":0,"rejected":[{"line":4,"reason":"order 730: date_created_gmt: \"not a date\" is not a time; write it like 2026-05-01T10:00:00+02:00 or 2026-05-01 10:00:00 +0200"}]}"#
    );
    let s = summary(d);
    // 727 and W-729 are customer 12; 728 is a guest.
    assert_eq!(
        (s.orders, s.order_lines, s.cancelled_orders, s.customers),
        (3, 4, 1, 2)
    );

    let csv = fixture("mapped_orders.csv");
    let mapping = fixture("mapped_orders.toml");
    let args = [
        "import",
        "orders",
        "--site",
        "fietsen.example",
        "--format",
        "csv",
        "--mapping",
        &mapping,
        &csv,
        "--json",
    ];
    let (code, out, _) = run(d, &args);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        r#"{"imported":2,"updated":0,"unchanged":0,"rejected":[{"line":5,"reason":"Kanaal: \"telephone\" is not a sales channel; use webshop, marketplace or shop_counter"}]}"#
    );
    let (_, out, _) = run(d, &args);
    assert!(
        out.starts_with(r#"{"imported":0,"updated":0,"unchanged":2,"#),
        "{out}"
    );
    assert_eq!(summary(d).orders, 5);

    // A CSV without its mapping is refused before anything is read.
    let (code, _, err) = run(
        d,
        &[
            "import",
            "orders",
            "--site",
            "fietsen.example",
            "--format",
            "csv",
            &csv,
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--format csv needs --mapping"), "{err}");
}

#[test]
fn products_returns_and_spend_imports() {
    let dir = TempDir::new("shop-tables");
    let d = &dir.0;
    etalage_ok(d, &["site", "add", "fietsen.example"]);
    for (what, file, imported, rejected) in [
        (
            "products",
            "products.csv",
            3,
            r#"[{"line":5,"reason":"price: \"twenty\" is not an amount; write it like 12.50"}]"#,
        ),
        (
            "returns",
            "returns.csv",
            2,
            r#"[{"line":4,"reason":"quantity: must be a whole number above 0"}]"#,
        ),
        (
            "spend",
            "spend.csv",
            3,
            r#"[{"line":5,"reason":"amount: is missing"}]"#,
        ),
    ] {
        let f = fixture(file);
        let args = ["import", what, "--site", "fietsen.example", &f, "--json"];
        let (code, out, _) = run(d, &args);
        assert_eq!(code, 1, "{what}");
        assert_eq!(
            out.trim(),
            format!(r#"{{"imported":{imported},"updated":0,"unchanged":0,"rejected":{rejected}}}"#),
            "{what}"
        );
        let (_, out, _) = run(d, &args);
        assert!(
            out.starts_with(&format!(
                r#"{{"imported":0,"updated":0,"unchanged":{imported},"#
            )),
            "{what}: {out}"
        );
    }
    let s = summary(d);
    assert_eq!((s.products, s.returns, s.spend_rows), (3, 2, 3));
    // A clean file exits 0.
    let clean = d.join("spend-ok.csv");
    std::fs::write(
        &clean,
        "date,channel,campaign,amount,currency\n2026-05-03,meta,,7.50,EUR\n",
    )
    .unwrap();
    let (code, out, _) = run(
        d,
        &[
            "import",
            "spend",
            "--site",
            "fietsen.example",
            clean.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "imported: 1\nupdated: 0\nunchanged: 0\nrejected: 0\n")
    );
}
