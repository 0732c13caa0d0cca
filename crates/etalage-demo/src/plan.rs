//! The plan of a demo data set (how many visits each day gets) and the
//! generation of one day's events.
use crate::calendar;
use crate::catalog::PRODUCTS;
use crate::shop::{self, basket};
use crate::traffic::{self, Client, DayFacts, Page, Shelf, SourceKind};
use crate::{DemoError, DemoOptions, DEMO_DOMAIN};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono::{Datelike, Months};
use chrono_tz::Europe::Brussels;
use etalage_core::commerce::{items_to_json, TrackedItem, EVENT_PURCHASE};
use etalage_core::{Country, Currency, Event, Money, EVENT_PAGEVIEW};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

/// A bijective 64-bit mixer (SplitMix64's finaliser). Being a bijection,
/// distinct structured inputs (day, index) give distinct, random-looking ids.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Different keys for the different uses of the seed.
const KEY_DAY: u64 = 0x6461_7973;
const KEY_COUNT: u64 = 0x0063_6f75_6e74;
const KEY_VISITOR: u64 = 0x0076_6973_6974_6f72;
const KEY_VISIT: u64 = 0x0076_6973_6974;

/// Share of visits that put something in the cart, before the day's and the
/// source's buying mood. Calibrated so about 2 % of visits buy.
const CART_RATE: f64 = 0.085;
/// Share of carts that reach the checkout page.
const CHECKOUT_RATE: f64 = 0.55;
/// Share of checkouts that end in a purchase.
const PURCHASE_RATE: f64 = 0.60;
/// Share of non-bounced visits that sign up for the newsletter (≈ 1 % of visits).
const NEWSLETTER_SIGNUP_RATE: f64 = 0.018;
/// Share of non-bounced visits that send the contact form (≈ 0.4 % of visits).
const CONTACT_RATE: f64 = 0.0073;

/// Counts of one generated day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Events written.
    pub events: u64,
    /// Visits.
    pub visits: u64,
    /// Distinct visitor ids.
    pub visitors: u64,
}

/// What a demo data set will hold: its days and each day's number of
/// visits, fixed by the options. Generating a day is a pure function of the
/// plan and the day, so days can be generated in any order, or only some.
///
/// ```
/// use chrono::NaiveDate;
/// use etalage_demo::{DemoOptions, DemoPlan};
///
/// let opts = DemoOptions {
///     end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
///     target_events: 50_000,
///     ..DemoOptions::default()
/// };
/// let plan = DemoPlan::new(&opts).unwrap();
/// assert_eq!(plan.first_day(), NaiveDate::from_ymd_opt(2025, 5, 31).unwrap());
/// let events = plan.events_for_day(1, plan.last_day());
/// assert_eq!(events, plan.events_for_day(1, plan.last_day()));
/// ```
#[derive(Debug, Clone)]
pub struct DemoPlan {
    seed: u64,
    first_day: NaiveDate,
    last_day: NaiveDate,
    visits: Vec<u32>,
    newsletter_share: Vec<f64>,
    countries: Vec<(Country, f64)>,
}

impl DemoPlan {
    /// Lays out the days and sizes each so the whole set has about
    /// `opts.target_events` events.
    pub fn new(opts: &DemoOptions) -> Result<DemoPlan, DemoError> {
        if opts.months == 0 || opts.months > 120 {
            return Err(DemoError::InvalidOptions(format!(
                "months is {}; use 1 to 120 (13 gives a full year plus last year's same month)",
                opts.months
            )));
        }
        if opts.target_events < 1_000 {
            return Err(DemoError::InvalidOptions(format!(
                "target_events is {}; ask for at least 1000 events",
                opts.target_events
            )));
        }
        let first_day = opts
            .end
            .checked_sub_months(Months::new(opts.months))
            .and_then(|d| d.succ_opt())
            .ok_or_else(|| {
                DemoError::InvalidOptions(format!("end {} is out of range", opts.end))
            })?;
        let days: Vec<NaiveDate> = first_day
            .iter_days()
            .take_while(|d| *d <= opts.end)
            .collect();

        // Traffic weight of each day; the newsletter's 8 % comes on top of
        // the other sources, mostly on send days.
        let pulls: Vec<f64> = days.iter().map(|&d| calendar::newsletter_pull(d)).collect();
        let mean_pull = pulls.iter().sum::<f64>() / pulls.len() as f64;
        let nl = traffic::NEWSLETTER_SHARE;
        let mut weights = Vec::with_capacity(days.len());
        let mut newsletter_share = Vec::with_capacity(days.len());
        for (d, pull) in days.iter().zip(&pulls) {
            let extra = nl * pull / mean_pull;
            weights.push(calendar::base_weight(*d, first_day) * (1.0 - nl + extra));
            newsletter_share.push(extra / (1.0 - nl + extra));
        }
        let mut plan = DemoPlan {
            seed: opts.seed,
            first_day,
            last_day: opts.end,
            visits: vec![0; days.len()],
            newsletter_share,
            countries: traffic::countries(),
        };

        // Events per visit vary with the season and the weekday; measure
        // them on every fifth day (so every weekday is sampled) with the
        // generator itself rather than keep a formula in step with it.
        let (mut sample_events, mut sample_weight) = (0.0, 0.0);
        for (i, d) in days.iter().enumerate().step_by(5) {
            const SAMPLE_VISITS: u32 = 300;
            let mut sink = Vec::new();
            let counts = plan.fill_day(0, *d, SAMPLE_VISITS, &mut sink);
            sample_events += weights[i] * counts.events as f64 / SAMPLE_VISITS as f64;
            sample_weight += weights[i];
        }
        let events_per_visit = sample_events / sample_weight;
        let total_visits = opts.target_events as f64 / events_per_visit;
        let total_weight: f64 = weights.iter().sum();
        for (i, d) in days.iter().enumerate() {
            // ±6 % day-to-day noise, so no two Mondays look alike.
            let mut rng = ChaCha8Rng::seed_from_u64(mix(opts.seed ^ KEY_COUNT) ^ day_number(*d));
            let noise = 1.0 + rng.random_range(-0.06..0.06);
            plan.visits[i] = (weights[i] / total_weight * total_visits * noise)
                .round()
                .max(1.0) as u32;
        }
        Ok(plan)
    }

    /// The first day (local, Europe/Brussels) with events.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// The last day with events.
    pub fn last_day(&self) -> NaiveDate {
        self.last_day
    }

    /// Every day of the plan, oldest first.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first_day
            .iter_days()
            .take_while(move |d| *d <= self.last_day)
    }

    fn index(&self, day: NaiveDate) -> Option<usize> {
        if day < self.first_day || day > self.last_day {
            return None;
        }
        Some((day - self.first_day).num_days() as usize)
    }

    /// Number of visits that start on `day` (0 outside the plan).
    pub fn visits_on(&self, day: NaiveDate) -> u32 {
        self.index(day).map_or(0, |i| self.visits[i])
    }

    /// Total number of visits of the plan.
    pub fn total_visits(&self) -> u64 {
        self.visits.iter().map(|&v| u64::from(v)).sum()
    }

    /// The events of the visits that start on local `day`, sorted by time
    /// (empty outside the plan). The same plan and day always give the same
    /// events.
    pub fn events_for_day(&self, site_id: u32, day: NaiveDate) -> Vec<Event> {
        let mut out = Vec::new();
        self.append_day(site_id, day, &mut out);
        out
    }

    /// Appends the events of `day` to `out`, sorted by time, and counts them.
    pub fn append_day(&self, site_id: u32, day: NaiveDate, out: &mut Vec<Event>) -> DayCounts {
        self.fill_day(site_id, day, self.visits_on(day), out)
    }

    fn fill_day(
        &self,
        site_id: u32,
        day: NaiveDate,
        visits: u32,
        out: &mut Vec<Event>,
    ) -> DayCounts {
        let Some(i) = self.index(day) else {
            return DayCounts::default();
        };
        let start_len = out.len();
        let day_num = day_number(day);
        let mut rng = ChaCha8Rng::seed_from_u64(mix(self.seed ^ KEY_DAY) ^ mix(day_num));
        let facts = DayFacts::new(day, self.newsletter_share[i]);
        let shelf = Shelf::new();
        let mut gen = DayGen {
            site_id,
            day,
            day_num,
            visitor_key: mix(self.seed ^ KEY_VISITOR),
            visit_key: mix(self.seed ^ KEY_VISIT),
            facts: &facts,
            shelf: &shelf,
            visits: 0,
            orders: 0,
            visitor_ids: Vec::new(),
            out,
        };
        let mut visitor_index: u32 = 0;
        while gen.visits < visits {
            visitor_index += 1;
            let client = facts.client(&mut rng);
            let country = *traffic::pick(&mut rng, &self.countries);
            // Most visitors come once a day; some come back after a break.
            let returns = *traffic::pick(&mut rng, &[(1u32, 0.88), (2, 0.10), (3, 0.02)]);
            let mut start = local_instant(
                day,
                facts.arrival_second(&mut rng),
                rng.random_range(0..1000),
            );
            for n in 0..returns {
                if gen.visits >= visits
                    || Brussels.from_utc_datetime(&start.naive_utc()).date_naive() != day
                {
                    break;
                }
                let kind = if n > 0 && rng.random::<f64>() < 0.35 {
                    SourceKind::Direct
                } else {
                    facts.source(&mut rng)
                };
                let end = gen.visit(&mut rng, visitor_index, kind, &client, country, start);
                // Back after a break of more than 30 minutes.
                let gap = 1860.0 + -(1.0 - rng.random::<f64>()).ln() * 3.0 * 3600.0;
                start = end + Duration::seconds(gap as i64);
            }
        }
        let (visits, mut ids) = (gen.visits, std::mem::take(&mut gen.visitor_ids));
        ids.sort_unstable();
        ids.dedup();
        out[start_len..].sort_by_key(|e| e.ts);
        DayCounts {
            events: (out.len() - start_len) as u64,
            visits: u64::from(visits),
            visitors: ids.len() as u64,
        }
    }
}

/// Days since 1 January of year 1, as the day part of structured ids.
pub(crate) fn day_number(day: NaiveDate) -> u64 {
    day.num_days_from_ce() as u64
}

/// The UTC instant of a local second of `day` in Brussels. A time skipped by
/// the spring DST change moves an hour on; a repeated autumn hour takes its
/// first occurrence.
pub(crate) fn local_instant(day: NaiveDate, second: u32, millis: u32) -> DateTime<Utc> {
    let local: NaiveDateTime = day.and_hms_opt(0, 0, 0).expect("midnight exists")
        + Duration::seconds(i64::from(second))
        + Duration::milliseconds(i64::from(millis));
    match Brussels.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Brussels
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
    }
}

/// One step of a visit: an event `after` seconds after the previous one.
struct Hit {
    after: i64,
    name: &'static str,
    page: Page,
    props: Vec<(String, String)>,
    revenue_cents: Option<i64>,
}

impl Hit {
    fn view(after: i64, page: Page) -> Hit {
        Hit {
            after,
            name: EVENT_PAGEVIEW,
            page,
            props: Vec::new(),
            revenue_cents: None,
        }
    }
}

/// State while generating one day.
struct DayGen<'a> {
    site_id: u32,
    day: NaiveDate,
    day_num: u64,
    visitor_key: u64,
    visit_key: u64,
    facts: &'a DayFacts,
    shelf: &'a Shelf,
    visits: u32,
    orders: u32,
    visitor_ids: Vec<u64>,
    out: &'a mut Vec<Event>,
}

impl DayGen<'_> {
    /// Writes one visit starting at `start`; returns the time of its last event.
    fn visit(
        &mut self,
        rng: &mut ChaCha8Rng,
        visitor_index: u32,
        kind: SourceKind,
        client: &Client,
        country: Country,
        start: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let acquisition = self.facts.visit(rng, kind, client, country.as_str());
        let hits = self.hits(rng, kind, acquisition.utm_campaign.as_deref(), country);
        let length: i64 = hits.iter().map(|h| h.after).sum();
        let mut start = start;
        // A visitor id lives within one UTC day, so a visit never spans UTC
        // midnight; one that would is moved just past it (01:00 or 02:00 in
        // Brussels, when hardly anyone shops).
        let end = start + Duration::seconds(length);
        if end.date_naive() != start.date_naive() {
            start = end
                .date_naive()
                .and_hms_opt(0, 0, 1)
                .expect("valid time")
                .and_utc();
        }
        let utc_day = day_number(start.date_naive());
        // Structured (UTC day, local day offset, index), mixed bijectively:
        // unique within the data set, different every UTC day.
        // The UTC day is the local day before, the same, or (for a very long
        // visit moved past midnight) the day after: offset 0, 1 or 2.
        let offset = (self.day_num + 1).wrapping_sub(utc_day) & 3;
        let visitor_id =
            mix(((utc_day << 34) | (offset << 32) | u64::from(visitor_index)) ^ self.visitor_key);
        let visit_id = mix(((self.day_num << 32) | u64::from(self.visits)) ^ self.visit_key);
        self.visits += 1;
        self.visitor_ids.push(visitor_id);

        let mut ts = start;
        for hit in hits {
            ts += Duration::seconds(hit.after);
            self.out.push(Event {
                site_id: self.site_id,
                ts,
                visitor_id,
                visit_id,
                name: hit.name.to_owned(),
                hostname: DEMO_DOMAIN.to_owned(),
                pathname: hit.page.path().to_owned(),
                visit: acquisition.clone(),
                device: client.device,
                browser: client.browser.to_owned(),
                browser_version: client.browser_version.clone(),
                os: client.os.to_owned(),
                os_version: client.os_version.clone(),
                country: Some(country),
                props: hit.props,
                revenue: hit.revenue_cents.map(|c| Money {
                    amount: Decimal::new(c, 2).normalize(),
                    currency: Currency::EUR,
                }),
                interactive: true,
            });
        }
        ts
    }

    /// The steps of a visit: landing, browsing, and what it came to do.
    fn hits(
        &mut self,
        rng: &mut ChaCha8Rng,
        kind: SourceKind,
        campaign: Option<&str>,
        country: Country,
    ) -> Vec<Hit> {
        let landing = self.shelf.landing(rng, kind, campaign);
        let mut hits = vec![Hit::view(0, landing)];
        if rng.random::<f64>() < Shelf::bounce_probability(kind, landing) {
            return hits;
        }
        let mut pages = vec![landing];
        // At least two pages; each further one with 60 % chance.
        let mut more = 1;
        while more < 25 && rng.random::<f64>() < 0.6 {
            more += 1;
        }
        for _ in 0..more {
            let next = self.shelf.next(rng, *pages.last().expect("landing page"));
            pages.push(next);
        }
        let facts = self.facts;
        let buys = rng.random::<f64>() < CART_RATE * facts.conversion_lift * kind.buying_mood();
        let item = if buys {
            // The cart item is the last product looked at; browsing stops there.
            let item = self.shelf.bought(rng, facts.ebike_lift);
            let at = rng.random_range(1..pages.len());
            pages.truncate(at + 1);
            pages[at] = Page::Product(item);
            Some(item)
        } else {
            None
        };
        let mut previous = landing;
        for &page in &pages[1..] {
            hits.push(Hit::view(traffic::dwell(rng, previous), page));
            previous = page;
        }
        if let Some(item) = item {
            self.cart(rng, item, country, &mut hits);
            previous = hits.last().expect("cart hits").page;
        }
        if rng.random::<f64>() < NEWSLETTER_SIGNUP_RATE {
            hits.push(Hit::view(traffic::dwell(rng, previous), Page::Newsletter));
            hits.push(Hit {
                after: rng.random_range(8..60),
                name: "Newsletter signup",
                page: Page::Newsletter,
                props: Vec::new(),
                revenue_cents: None,
            });
            previous = Page::Newsletter;
        }
        if rng.random::<f64>() < CONTACT_RATE {
            hits.push(Hit::view(traffic::dwell(rng, previous), Page::Contact));
            hits.push(Hit::view(rng.random_range(40..400), Page::ContactThanks));
        }
        hits
    }

    /// add_to_cart on the product page, the cart, maybe a second item, the
    /// checkout and the purchase.
    fn cart(&mut self, rng: &mut ChaCha8Rng, item: usize, country: Country, hits: &mut Vec<Hit>) {
        let add = |rng: &mut ChaCha8Rng, item: usize| Hit {
            after: rng.random_range(5..90),
            name: "add_to_cart",
            page: Page::Product(item),
            props: vec![
                ("item_id".to_owned(), PRODUCTS[item].slug().to_owned()),
                (
                    "item_category".to_owned(),
                    PRODUCTS[item].category.slug().to_owned(),
                ),
            ],
            revenue_cents: None,
        };
        let mut items = vec![item];
        hits.push(add(rng, item));
        hits.push(Hit::view(rng.random_range(2..15), Page::Cart));
        if rng.random::<f64>() < 0.22 {
            let extra = self.shelf.extra(rng);
            items.push(extra);
            hits.push(Hit::view(
                traffic::dwell(rng, Page::Cart),
                Page::Product(extra),
            ));
            hits.push(add(rng, extra));
            hits.push(Hit::view(rng.random_range(2..15), Page::Cart));
        }
        if rng.random::<f64>() >= CHECKOUT_RATE {
            return;
        }
        hits.push(Hit::view(traffic::dwell(rng, Page::Cart), Page::Checkout));
        if rng.random::<f64>() >= PURCHASE_RATE {
            return;
        }
        self.orders += 1;
        hits.push(Hit::view(
            traffic::dwell(rng, Page::Checkout).max(30),
            Page::ThankYou,
        ));
        let first = &PRODUCTS[items[0]];
        let basket = basket::price(&items, country.as_str(), self.day, true);
        let cents = |c: i64| Decimal::new(c, 2).normalize().to_string();
        let tracked: Vec<TrackedItem> = basket
            .lines
            .iter()
            .map(|&(i, quantity)| TrackedItem {
                item_id: Some(PRODUCTS[i].sku.to_owned()),
                item_name: Some(shop::product_name(i)),
                item_category: Some(PRODUCTS[i].category.slug().to_owned()),
                price: Some(Decimal::new(PRODUCTS[i].price_cents, 2).normalize()),
                quantity: Some(quantity),
            })
            .collect();
        let mut props = vec![
            (
                "transaction_id".to_owned(),
                format!("FE-{}{:05}", self.day.format("%Y%m%d"), self.orders),
            ),
            ("items".to_owned(), items_to_json(&tracked)),
            ("item_category".to_owned(), first.category.slug().to_owned()),
            ("shipping".to_owned(), cents(basket.shipping)),
            ("tax".to_owned(), cents(basket.tax)),
        ];
        if let Some(coupon) = basket.coupon {
            props.push(("coupon".to_owned(), coupon.to_owned()));
            props.push(("discount".to_owned(), cents(basket.discount)));
        }
        // GA4's name, which etalage records as a sale (`tracked_purchases`);
        // the "Purchase" goal is triggered by it.
        hits.push(Hit {
            after: rng.random_range(1..4),
            name: EVENT_PURCHASE,
            page: Page::ThankYou,
            props,
            revenue_cents: Some(basket.total),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_is_a_bijection_on_a_sample() {
        let mut seen: Vec<u64> = (0..100_000u64).map(mix).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
    }

    #[test]
    fn local_instants_follow_dst() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        // 02:30 does not exist that night; it becomes 03:30 CEST = 01:30 UTC.
        assert_eq!(
            local_instant(d, 2 * 3600 + 1800, 0).to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(
            local_instant(d, 12 * 3600, 0).to_rfc3339(),
            "2026-07-01T10:00:00+00:00"
        );
    }
}
