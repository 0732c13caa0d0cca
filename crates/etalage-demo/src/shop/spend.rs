//! What the shop pays for its visitors: clicks on search and social ads
//! (per day and campaign, in step with the paid visits of the traffic),
//! the newsletter tool (monthly) and a small display budget (daily).
use super::ledger::PaidVisits;
use chrono::{Datelike, NaiveDate};
use etalage_core::{Currency, MarketingSpend, Money};
use rand::Rng;
use rust_decimal::Decimal;

/// Cost per click in cents of a paid channel and campaign.
fn cost_per_click(channel: &str, campaign: &str) -> f64 {
    match (channel, campaign) {
        ("paid_search", "brand") => 28.0,
        ("paid_search", "spring-ebikes") => 92.0,
        ("paid_search", "black-friday") => 74.0,
        ("paid_search", _) => 55.0,
        (_, "retargeting") => 32.0,
        _ => 45.0,
    }
}

/// The newsletter tool's monthly fee, in cents.
const NEWSLETTER_TOOL_CENTS: i64 = 5_900;
/// The daily display (banner retargeting) budget, in cents.
const DISPLAY_PER_DAY_CENTS: i64 = 600;

fn row(date: NaiveDate, channel: &str, campaign: &str, cents: i64) -> MarketingSpend {
    MarketingSpend {
        date,
        channel: channel.to_owned(),
        campaign: campaign.to_owned(),
        amount: Money {
            amount: Decimal::new(cents, 2).normalize(),
            currency: Currency::EUR,
        },
    }
}

/// Spend rows for the days `first..=last`.
pub(crate) fn spend(
    rng: &mut impl Rng,
    paid_visits: &PaidVisits,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<MarketingSpend> {
    let mut out = Vec::new();
    for ((day, channel, campaign), visits) in paid_visits {
        // Bids move a little from day to day.
        let cpc = cost_per_click(channel, campaign) * rng.random_range(0.85..1.15);
        let cents = (f64::from(*visits) * cpc).round() as i64;
        out.push(row(*day, channel, campaign, cents));
    }
    for day in first.iter_days().take_while(|d| *d <= last) {
        if day.day() == 1 {
            out.push(row(day, "email", "newsletter tool", NEWSLETTER_TOOL_CENTS));
        }
        out.push(row(day, "display", "retargeting", DISPLAY_PER_DAY_CENTS));
    }
    out
}
