//! The demo shop's books: deterministic, consistent with the tracked
//! purchases, and with key figures a bicycle shop could have.
use chrono::NaiveDate;
use etalage_core::Timezone;
use etalage_demo::{generate, DemoOptions, DemoPlan, DemoReport, DEMO_DOMAIN};
use etalage_store::{CommerceStore, CommerceSummary, DuckDbStore, KpiPeriod, KpiReport, Store};

fn opts() -> DemoOptions {
    DemoOptions {
        seed: 11,
        end: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        months: 13,
        target_events: 250_000,
    }
}

fn whole(report: &DemoReport) -> KpiPeriod {
    let tz = Timezone::parse("Europe/Brussels").unwrap();
    KpiPeriod {
        first_day: report.first_day,
        last_day: report.last_day,
        start: tz.start_of_day(report.first_day),
        end: tz.start_of_day(report.last_day.succ_opt().unwrap()),
    }
}

fn run() -> (DemoReport, CommerceSummary, KpiReport) {
    let store = DuckDbStore::open_in_memory().unwrap();
    let mut report = generate(&store, &opts()).unwrap();
    let site = store.site_by_domain(DEMO_DOMAIN).unwrap().unwrap();
    let summary = store.commerce_summary(site.id).unwrap();
    let kpis = store.kpis(site.id, whole(&report)).unwrap();
    report.elapsed_ms = 0;
    report.books_ms = 0;
    (report, summary, kpis)
}

#[test]
fn the_books_are_deterministic_consistent_and_plausible() {
    let (report, summary, k) = run();
    println!("{report:?}\n{summary:?}\n{k:#?}");
    assert_eq!(run(), (report.clone(), summary.clone(), k.clone()));

    // Every tracked purchase is one order: the sales view counts each once.
    let plan = DemoPlan::new(&opts()).unwrap();
    let purchases = plan
        .days()
        .flat_map(|d| plan.events_for_day(1, d))
        .filter(|e| e.name == "purchase")
        .count() as u64;
    assert!(purchases > 500, "{purchases} purchases");
    assert_eq!(summary.tracked_purchases, purchases);
    assert_eq!(
        summary.sales, summary.orders,
        "no purchase without its order"
    );
    assert!(
        summary.orders > purchases && summary.orders < purchases * 13 / 10,
        "marketplace and counter sales on top: {} orders",
        summary.orders
    );
    assert_eq!(
        (report.orders, report.products, report.customers),
        (summary.orders, summary.products, summary.customers)
    );
    assert!((40..=80).contains(&summary.products));
    assert!(summary.cancelled_orders > 0 && summary.cancelled_orders < summary.orders / 20);
    assert_eq!(summary.returns, report.returns);

    // The key figures of the whole period.
    assert_eq!(k.journey.purchase, purchases, "one purchase per visit");
    assert!(k.customers < summary.orders, "some customers come back");
    let repeat = k.repeat_purchase_rate.unwrap();
    assert!(
        (3.0..40.0).contains(&repeat),
        "repeat purchase rate {repeat}"
    );
    let margin = k.gross_margin.unwrap();
    assert!((20.0..50.0).contains(&margin), "gross margin {margin}");
    let returned = k.return_rate.unwrap();
    assert!((3.0..15.0).contains(&returned), "return rate {returned}");
    let refunds = k.refund_rate.unwrap();
    assert!((0.5..10.0).contains(&refunds), "refund rate {refunds}");
    let delivery = k.delivery_days.unwrap();
    assert!((0.5..6.0).contains(&delivery), "delivery days {delivery}");
    assert!(k.marketing_spend > 0.0);
    let roas = k.roas.unwrap();
    assert!((2.0..40.0).contains(&roas), "roas {roas}");
    let channels: Vec<&str> = k
        .spend_by_channel
        .iter()
        .map(|c| c.channel.as_str())
        .collect();
    for channel in ["paid_search", "paid_social", "email", "display"] {
        assert!(
            channels.contains(&channel),
            "{channel} missing from {channels:?}"
        );
    }
    let search = k
        .spend_by_channel
        .iter()
        .find(|c| c.channel == "paid_search")
        .unwrap();
    assert!(search.revenue > 0.0, "paid search brings sales");
    assert!(
        !k.slow_movers.is_empty(),
        "shelf warmers show as slow movers"
    );
    assert!(k.stock_value.unwrap() > 0.0);
}
