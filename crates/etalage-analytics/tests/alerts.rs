//! Alerts on the demo shop's generated traffic: a planted drop in organic
//! search on one day is found, with its cause; an ordinary day is quiet.
use chrono::NaiveDate;
use etalage_analytics::alerts::{check_day, recent_alerts};
use etalage_core::{Domain, Timezone};
use etalage_demo::{DemoOptions, DemoPlan};
use etalage_store::{DuckDbStore, Site, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two months of the demo shop; on `planted`, nine in ten visits from
/// organic search are taken out.
fn shop(planted: NaiveDate) -> (DuckDbStore, Site) {
    let store = DuckDbStore::open_in_memory().unwrap();
    let site = store
        .add_site(
            &Domain::parse("fietsen.example").unwrap(),
            Timezone::parse("Europe/Brussels").unwrap(),
        )
        .unwrap();
    let plan = DemoPlan::new(&DemoOptions {
        seed: 7,
        end: day("2026-06-30"),
        months: 3,
        target_events: 200_000,
    })
    .unwrap();
    let days: Vec<NaiveDate> = plan.days().collect();
    for d in days {
        let mut events = plan.events_for_day(site.id, d);
        if d == planted {
            events.retain(|e| e.visit.channel != "organic_search" || e.visit_id % 10 == 0);
        }
        store.insert_events(&events, None).unwrap();
    }
    (store, site)
}

#[test]
fn a_planted_drop_in_organic_search_raises_an_alert_naming_it() {
    let planted = day("2026-06-17");
    let (store, site) = shop(planted);

    let alerts = check_day(&store, &site, planted).unwrap();
    let visitors = alerts
        .iter()
        .find(|a| a.metric == "visitors")
        .unwrap_or_else(|| panic!("no visitors alert in {alerts:#?}"));
    // The whole day fell about a third, within this shop's wide day-to-day
    // swings (its Wednesdays ranged from 716 to 1,223 visitors); organic
    // search alone fell nine tenths, far outside its own.
    assert_eq!(
        visitors.segment,
        Some(("visit:channel".to_string(), "organic_search".to_string()))
    );
    assert!(visitors.change_percent <= -80.0, "{visitors:#?}");
    assert!(visitors.deviations <= -4.0, "{visitors:#?}");
    let cause = visitors.cause.as_ref().expect("a cause");
    assert_eq!(cause.value, "organic_search");
    assert!(cause.share >= 0.8, "{cause:?}");
    assert_eq!(visitors.hint, "search-ranking");
    assert!(
        visitors
            .message
            .starts_with("visitors from channel organic search -"),
        "{}",
        visitors.message
    );
    assert!(
        visitors.message.ends_with(": check your search ranking"),
        "{}",
        visitors.message
    );

    // The day before and the day after are ordinary.
    for quiet in [day("2026-06-16"), day("2026-06-18")] {
        let found = check_day(&store, &site, quiet).unwrap();
        assert!(found.is_empty(), "{quiet}: {found:#?}");
    }
    // Six weeks of ordinary days (newsletters, weekends, Mother's Day)
    // raise nothing; only the planted day does.
    let weeks = recent_alerts(&store, &site, day("2026-07-01"), 45).unwrap();
    let days: Vec<NaiveDate> = weeks.iter().map(|a| a.day).collect();
    assert_eq!(days, [planted], "{weeks:#?}");
}
