//! Behaviour of the demo data: determinism, size, shares, rhythm and the
//! consistency of visits. Statistics are read from the generated events and,
//! where it matters that etalage sees the same, through `Store::query`.
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Timelike, Weekday};
use etalage_core::{DateRange, Dimension, Event, Metric, QueryPlan, Timezone};
use etalage_demo::{black_friday, generate, DemoError, DemoOptions, DemoPlan, DEMO_DOMAIN};
use etalage_store::{DuckDbStore, QueryRow, Store};
use std::collections::{BTreeMap, HashMap, HashSet};

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn opts(target_events: usize) -> DemoOptions {
    DemoOptions {
        seed: 7,
        end: end(),
        months: 13,
        target_events,
    }
}

fn tz() -> Timezone {
    Timezone::parse("Europe/Brussels").unwrap()
}

/// Every event of a plan.
fn all_events(plan: &DemoPlan) -> Vec<Event> {
    let mut out = Vec::new();
    for day in plan.days() {
        plan.append_day(1, day, &mut out);
    }
    out
}

/// Events grouped by visit, each visit's events in time order.
fn visits(events: &[Event]) -> Vec<Vec<&Event>> {
    let mut by_visit: HashMap<u64, Vec<&Event>> = HashMap::new();
    for e in events {
        by_visit.entry(e.visit_id).or_default().push(e);
    }
    let mut out: Vec<Vec<&Event>> = by_visit.into_values().collect();
    for v in &mut out {
        v.sort_by_key(|e| e.ts);
    }
    out.sort_by_key(|v| (v[0].ts, v[0].visit_id));
    out
}

fn query(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    metrics: &[Metric],
    dimensions: &[Dimension],
) -> Vec<QueryRow> {
    let site = store.site_by_domain(DEMO_DOMAIN).unwrap().unwrap();
    let range = DateRange::new(from, to).unwrap().to_utc(tz());
    let plan = QueryPlan {
        site_id: site.id,
        range,
        offsets: tz().offset_segments(range),
        metrics: metrics.to_vec(),
        dimensions: dimensions.to_vec(),
        filter: None,
        goal_filter: Vec::new(),
        goals: store.goals(site.id).unwrap(),
        order_by: Vec::new(),
        limit: 10_000,
        offset: 0,
    };
    let mut rows = store.query(&plan).unwrap();
    rows.sort_by(|a, b| a.dimensions.cmp(&b.dimensions));
    rows
}

#[test]
fn same_options_give_identical_events() {
    let a = DemoPlan::new(&opts(50_000)).unwrap();
    let b = DemoPlan::new(&opts(50_000)).unwrap();
    assert_eq!(
        a.first_day(),
        NaiveDate::from_ymd_opt(2025, 10, 31).unwrap()
    );
    assert_eq!(all_events(&a), all_events(&b));
    let other = DemoPlan::new(&DemoOptions {
        seed: 8,
        ..opts(50_000)
    })
    .unwrap();
    assert_ne!(a.events_for_day(1, end()), other.events_for_day(1, end()));
}

#[test]
fn same_options_give_identical_query_results() {
    let run = || {
        let store = DuckDbStore::open_in_memory().unwrap();
        let report = generate(&store, &opts(50_000)).unwrap();
        let metrics = [
            Metric::Visitors,
            Metric::Visits,
            Metric::Pageviews,
            Metric::BounceRate,
            Metric::TotalRevenue,
        ];
        let by_month = query(
            &store,
            report.first_day,
            report.last_day,
            &metrics,
            &[Dimension::TimeMonth],
        );
        let by_source = query(
            &store,
            report.first_day,
            report.last_day,
            &metrics,
            &[Dimension::Source],
        );
        (
            report.events,
            report.visits,
            report.visitors_approx,
            by_month,
            by_source,
        )
    };
    let (a, b) = (run(), run());
    assert_eq!(a.3.len(), 14, "13 months touch 14 calendar months");
    assert_eq!(a, b);
}

#[test]
fn event_count_is_within_ten_percent_of_the_target() {
    for target in [20_000, 50_000, 400_000] {
        let plan = DemoPlan::new(&opts(target)).unwrap();
        let n = all_events(&plan).len() as f64;
        assert!(
            (n / target as f64 - 1.0).abs() < 0.10,
            "{n} events for a target of {target}"
        );
    }
    let store = DuckDbStore::open_in_memory().unwrap();
    let report = generate(&store, &opts(50_000)).unwrap();
    assert!(
        (report.events as f64 / 50_000.0 - 1.0).abs() < 0.10,
        "{report:?}"
    );
    let range = DateRange::new(report.first_day, report.last_day + Duration::days(1))
        .unwrap()
        .to_utc(tz());
    assert_eq!(
        store.count_events(report.site_id, range).unwrap(),
        report.events
    );
    assert!(
        report.visitors_approx < report.visits && report.visitors_approx * 10 > report.visits * 8
    );
}

#[test]
fn site_goals_and_a_second_run() {
    let store = DuckDbStore::open_in_memory().unwrap();
    let report = generate(&store, &opts(20_000)).unwrap();
    let site = store.site_by_domain(DEMO_DOMAIN).unwrap().unwrap();
    assert_eq!(site.timezone.name(), "Europe/Brussels");
    let goals: Vec<String> = store
        .goals(site.id)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    for name in [
        "Newsletter signup",
        "Contact request",
        "Purchase",
        "Add to cart",
        "Begin checkout",
    ] {
        assert!(
            goals.iter().any(|g| g == name),
            "{name} missing from {goals:?}"
        );
    }
    let contact = store
        .goals(site.id)
        .unwrap()
        .into_iter()
        .find(|g| g.name == "Contact request")
        .unwrap();
    assert_eq!(contact.value.unwrap().to_string(), "40 EUR");
    // Running it again would double the data.
    assert!(matches!(
        generate(&store, &opts(20_000)),
        Err(DemoError::AlreadyGenerated(_))
    ));
    // The checkout funnel narrows step by step.
    let steps: Vec<_> = ["Add to cart", "Begin checkout", "Purchase"]
        .iter()
        .map(|n| {
            store
                .goals(site.id)
                .unwrap()
                .into_iter()
                .find(|g| g.name == *n)
                .unwrap()
        })
        .collect();
    let range = DateRange::new(report.first_day, report.last_day)
        .unwrap()
        .to_utc(tz());
    let funnel = store.funnel(site.id, range, &steps).unwrap();
    assert!(
        funnel[0] > funnel[1] && funnel[1] > funnel[2] && funnel[2] > 0,
        "{funnel:?}"
    );
}

#[test]
fn devices_and_countries_have_their_shares() {
    let store = DuckDbStore::open_in_memory().unwrap();
    let report = generate(&store, &opts(100_000)).unwrap();
    let share = |dim: Dimension, values: &[&str]| {
        let rows = query(
            &store,
            report.first_day,
            report.last_day,
            &[Metric::Visits],
            &[dim],
        );
        let total: f64 = rows.iter().map(|r| r.metrics[0]).sum();
        let part: f64 = rows
            .iter()
            .filter(|r| values.contains(&r.dimensions[0].as_str()))
            .map(|r| r.metrics[0])
            .sum();
        part / total
    };
    let mobile = share(Dimension::Device, &["mobile"]);
    assert!((0.55..=0.65).contains(&mobile), "mobile share {mobile}");
    let tablet = share(Dimension::Device, &["tablet"]);
    assert!((0.05..=0.11).contains(&tablet), "tablet share {tablet}");
    let be_nl = share(Dimension::Country, &["BE", "NL"]);
    assert!(be_nl >= 0.80, "BE+NL share {be_nl}");
    let be = share(Dimension::Country, &["BE"]);
    assert!((0.57..=0.67).contains(&be), "BE share {be}");
}

#[test]
fn black_friday_weekend_outdraws_other_november_weekends() {
    let store = DuckDbStore::open_in_memory().unwrap();
    generate(&store, &opts(100_000)).unwrap();
    let bf = black_friday(2025);
    let from = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
    let rows = query(&store, from, to, &[Metric::Visitors], &[Dimension::TimeDay]);
    assert_eq!(rows.len(), 30);
    let (mut bf_weekend, mut weekends) = (Vec::new(), Vec::new());
    for r in &rows {
        let day = NaiveDate::parse_from_str(&r.dimensions[0][..10], "%Y-%m-%d").unwrap();
        if (bf..=bf + Duration::days(2)).contains(&day) {
            bf_weekend.push(r.metrics[0]);
        } else if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            weekends.push(r.metrics[0]);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert_eq!(bf_weekend.len(), 3);
    assert!(
        mean(&bf_weekend) > 1.5 * mean(&weekends),
        "{bf_weekend:?} vs {weekends:?}"
    );
}

#[test]
fn tuesdays_are_busier_than_saturdays_and_evenings_than_nights() {
    let store = DuckDbStore::open_in_memory().unwrap();
    let report = generate(&store, &opts(100_000)).unwrap();
    let rows = query(
        &store,
        report.first_day,
        report.last_day,
        &[Metric::Visits],
        &[Dimension::TimeDay],
    );
    let mut by_weekday: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for r in &rows {
        let day = NaiveDate::parse_from_str(&r.dimensions[0][..10], "%Y-%m-%d").unwrap();
        by_weekday
            .entry(day.weekday().num_days_from_monday())
            .or_default()
            .push(r.metrics[0]);
    }
    let mean = |d: u32| by_weekday[&d].iter().sum::<f64>() / by_weekday[&d].len() as f64;
    assert!(
        mean(1) > 1.2 * mean(5),
        "Tuesday {} vs Saturday {}",
        mean(1),
        mean(5)
    );
    assert!(mean(0) > mean(5) && mean(3) > mean(5));

    // Hours in Brussels time: evening and lunch peaks, quiet nights.
    let plan = DemoPlan::new(&opts(100_000)).unwrap();
    let mut hours = [0u32; 24];
    for v in visits(&all_events(&plan)) {
        hours[chrono_tz::Europe::Brussels
            .from_utc_datetime(&v[0].ts.naive_utc())
            .hour() as usize] += 1;
    }
    let peak = (0..24).max_by_key(|&h| hours[h]).unwrap();
    assert!((19..=22).contains(&peak), "peak hour {peak}: {hours:?}");
    assert!(hours[12] > hours[9] && hours[12] > hours[16], "{hours:?}");
    assert!(hours[20] > 10 * hours[4], "{hours:?}");
}

#[test]
fn every_visit_is_consistent() {
    type Span = (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>);
    let plan = DemoPlan::new(&opts(100_000)).unwrap();
    let events = all_events(&plan);
    let visits = visits(&events);
    let mut visitor_day: HashMap<u64, NaiveDate> = HashMap::new();
    let mut by_visitor: HashMap<u64, Vec<Span>> = HashMap::new();
    for v in &visits {
        let first = v[0];
        assert_eq!(first.name, "pageview", "a visit starts with a pageview");
        for pair in v.windows(2) {
            let gap = pair[1].ts - pair[0].ts;
            assert!(
                gap < Duration::minutes(30) && gap >= Duration::zero(),
                "gap {gap} in visit {}",
                first.visit_id
            );
        }
        for e in v {
            assert_eq!(e.visitor_id, first.visitor_id);
            assert_eq!(e.visit, first.visit);
            assert_eq!(
                (e.device, &e.browser, &e.os, e.country),
                (first.device, &first.browser, &first.os, first.country)
            );
            assert_eq!(e.hostname, DEMO_DOMAIN);
            assert_eq!(
                e.ts.date_naive(),
                first.ts.date_naive(),
                "a visit stays within one UTC day"
            );
        }
        // A visitor id lives within one UTC day.
        let day = *visitor_day
            .entry(first.visitor_id)
            .or_insert(first.ts.date_naive());
        assert_eq!(day, first.ts.date_naive());
        by_visitor
            .entry(first.visitor_id)
            .or_default()
            .push((first.ts, v[v.len() - 1].ts));
    }
    // Two visits of one visitor are more than 30 minutes apart, so the
    // collector's own sessionising would find the same visits.
    let mut returning = 0;
    for spans in by_visitor.values_mut() {
        spans.sort();
        for pair in spans.windows(2) {
            returning += 1;
            assert!(pair[1].0 - pair[0].1 > Duration::minutes(30));
        }
    }
    assert!(
        returning > visits.len() / 20,
        "{returning} returning visits of {}",
        visits.len()
    );
}

#[test]
fn sources_and_commerce_look_like_a_real_shop() {
    let plan = DemoPlan::new(&opts(400_000)).unwrap();
    let events = all_events(&plan);
    let visits = visits(&events);
    let n = visits.len() as f64;
    let share = |f: &dyn Fn(&[&Event]) -> bool| visits.iter().filter(|v| f(v)).count() as f64 / n;

    let channel = |c: &'static str| share(&move |v: &[&Event]| v[0].visit.channel == c);
    for (c, lo, hi) in [
        ("organic_search", 0.34, 0.43),
        ("paid_search", 0.09, 0.15),
        ("organic_social", 0.07, 0.13),
        ("paid_social", 0.03, 0.07),
        ("email", 0.06, 0.10),
        ("referral", 0.03, 0.07),
        ("direct", 0.18, 0.26),
    ] {
        let s = channel(c);
        assert!((lo..=hi).contains(&s), "{c} share {s}");
    }
    for v in &visits {
        let visit = &v[0].visit;
        match visit.channel.as_str() {
            "direct" => assert_eq!(
                (visit.source.as_str(), &visit.referrer),
                ("Direct / None", &None)
            ),
            "paid_search" => {
                assert_eq!(visit.source, "Google");
                assert_eq!(visit.utm_medium.as_deref(), Some("cpc"));
                assert!(["spring-ebikes", "black-friday", "brand"]
                    .contains(&visit.utm_campaign.as_deref().unwrap()));
            }
            "email" => assert_eq!(visit.utm_source.as_deref(), Some("newsletter")),
            "paid_social" => assert_eq!(visit.utm_medium.as_deref(), Some("paid_social")),
            _ => assert!(visit.referrer.is_some()),
        }
    }

    let bounce = share(&|v| v.len() == 1);
    assert!((0.40..=0.50).contains(&bounce), "bounce rate {bounce}");
    let long: Vec<_> = visits.iter().filter(|v| v.len() > 1).collect();
    let views = long
        .iter()
        .map(|v| v.iter().filter(|e| e.name == "pageview").count())
        .sum::<usize>() as f64
        / long.len() as f64;
    assert!(
        (3.0..=5.0).contains(&views),
        "pageviews per non-bounced visit {views}"
    );
    let longest = visits
        .iter()
        .map(|v| v[v.len() - 1].ts - v[0].ts)
        .max()
        .unwrap();
    assert!(longest > Duration::minutes(15), "longest visit {longest}");

    let product_views = share(&|v| v.iter().any(|e| e.pathname.starts_with("/product/")));
    let carts = share(&|v| v.iter().any(|e| e.name == "add_to_cart"));
    let checkouts = share(&|v| v.iter().any(|e| e.pathname == "/afrekenen"));
    let purchases = share(&|v| v.iter().any(|e| e.name == "purchase"));
    assert!(
        (0.06..=0.13).contains(&(carts / product_views)),
        "carts per product-viewing visit {}",
        carts / product_views
    );
    assert!(
        (0.48..=0.62).contains(&(checkouts / carts)),
        "checkouts per cart {}",
        checkouts / carts
    );
    assert!(
        (0.53..=0.67).contains(&(purchases / checkouts)),
        "purchases per checkout {}",
        purchases / checkouts
    );
    assert!(
        (0.015..=0.025).contains(&purchases),
        "conversion rate {purchases}"
    );
    let signups = share(&|v| v.iter().any(|e| e.name == "Newsletter signup"));
    assert!(
        (0.007..=0.013).contains(&signups),
        "newsletter signups {signups}"
    );
    let contacts = share(&|v| v.iter().any(|e| e.pathname == "/contact/bedankt"));
    assert!(
        (0.002..=0.006).contains(&contacts),
        "contact requests {contacts}"
    );

    let orders: Vec<&Event> = events.iter().filter(|e| e.name == "purchase").collect();
    let mut ids = HashSet::new();
    let mut total = 0.0;
    for o in &orders {
        let money = o.revenue.expect("a purchase carries revenue");
        assert_eq!(money.currency.as_str(), "EUR");
        total += money.amount.to_string().parse::<f64>().unwrap();
        let id = &o
            .props
            .iter()
            .find(|(k, _)| k == "transaction_id")
            .unwrap()
            .1;
        assert!(id.starts_with("FE-"));
        assert!(ids.insert(id.clone()), "duplicate transaction id {id}");
        assert_eq!(o.pathname, "/bedankt");
    }
    let average = total / orders.len() as f64;
    assert!(
        (150.0..=220.0).contains(&average),
        "average order {average}"
    );
    assert!(
        orders
            .iter()
            .any(|o| o.revenue.unwrap().amount > 1800.into()),
        "some e-bikes are sold"
    );
    assert!(events
        .iter()
        .filter(|e| e.revenue.is_some())
        .all(|e| e.name == "purchase"));
}

/// Generates the full default-size data set into a database file and
/// prints the time it took: `cargo test --release -p etalage-demo -- --ignored --nocapture`.
#[test]
#[ignore]
fn full_demo_into_a_file_database() {
    let path = std::env::temp_dir().join(format!("etalage-demo-{}.duckdb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = DuckDbStore::open(&path).unwrap();
    let report = generate(
        &store,
        &DemoOptions {
            end: end(),
            ..DemoOptions::default()
        },
    )
    .unwrap();
    println!("{report:?}");
    println!(
        "{} events and {} orders in {:.1} s (the shop's books {:.1} s)",
        report.events,
        report.orders,
        report.elapsed_ms as f64 / 1000.0,
        report.books_ms as f64 / 1000.0
    );
    assert!(report.elapsed_ms < 60_000, "generation took over a minute");
    assert!((report.events as f64 / 1_200_000.0 - 1.0).abs() < 0.10);
    drop(store);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("duckdb.wal"));
}
