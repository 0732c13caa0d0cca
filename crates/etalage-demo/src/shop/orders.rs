//! The shop's orders: one per tracked purchase (same id, time and total),
//! plus marketplace and shop-counter sales the tracker never sees.
use super::basket;
use super::catalogue::{product_name, shop_category};
use super::customers::Book;
use super::ledger::Sale;
use crate::catalog::PRODUCTS;
use crate::plan::local_instant;
use crate::traffic::{pick, Shelf};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use etalage_core::{Country, Currency, Order, OrderId, OrderLine, SalesChannel, Sku};
use rand::Rng;
use rust_decimal::Decimal;

/// Share of webshop orders cancelled before shipping.
const CANCEL_RATE: f64 = 0.025;
/// Marketplace orders per webshop order.
const MARKETPLACE_PER_WEBSHOP: f64 = 0.10;
/// Counter sales per webshop sale, over the days the shop is open.
const COUNTER_PER_WEBSHOP: f64 = 0.08;

/// An order before its customer is known.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    order_id: String,
    channel: SalesChannel,
    created_at: DateTime<Utc>,
    country: Option<Country>,
    lines: Vec<(usize, u32)>,
    total: Decimal,
    shipping: Decimal,
    tax: Decimal,
    discount: Decimal,
}

impl Draft {
    /// When the order was placed.
    pub(crate) fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// The order number.
    pub(crate) fn order_id(&self) -> &str {
        &self.order_id
    }

    /// The country sold to.
    pub(crate) fn country(&self) -> Option<Country> {
        self.country
    }
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2).normalize()
}

/// The webshop order of a tracked purchase.
pub(crate) fn from_sale(sale: &Sale) -> Draft {
    Draft {
        order_id: sale.order_id.clone(),
        channel: SalesChannel::Webshop,
        created_at: sale.at,
        country: sale.country,
        lines: sale.lines.clone(),
        total: sale.total,
        shipping: sale.shipping,
        tax: sale.tax,
        discount: sale.discount,
    }
}

/// The marketplace and counter sales of local `day`, given the number of
/// webshop sales that day.
pub(crate) fn offline(
    rng: &mut impl Rng,
    shelf: &Shelf,
    day: NaiveDate,
    webshop_sales: usize,
) -> Vec<Draft> {
    let be = Country::parse("BE").ok();
    let nl = Country::parse("NL").ok();
    let round = |rng: &mut dyn rand::RngCore, x: f64| {
        x.floor() as usize + usize::from(rng.random::<f64>() < x.fract())
    };
    let mut out = Vec::new();
    let stamp = day.format("%Y%m%d");
    let marketplace = round(rng, webshop_sales as f64 * MARKETPLACE_PER_WEBSHOP);
    for n in 0..marketplace {
        let mut items = vec![shelf.bought(rng, 1.0)];
        // Parts often go in twos on marketplaces (a pair of tyres).
        if PRODUCTS[items[0]].price_cents < 5_000 && rng.random::<f64>() < 0.25 {
            items.push(items[0]);
        }
        let country = if rng.random::<f64>() < 0.55 { nl } else { be };
        let at = local_instant(day, rng.random_range(7 * 3600..23 * 3600), 0);
        out.push(draft(
            format!("MP-{stamp}{:03}", n + 1),
            SalesChannel::Marketplace,
            at,
            country,
            &items,
            day,
        ));
    }
    // The shop in Gent opens Tuesday to Saturday, 10:00 to 18:00.
    let open = !matches!(day.weekday(), Weekday::Sun | Weekday::Mon);
    let counter = if open {
        // Spread over five opening days of seven.
        let expected = webshop_sales as f64 * COUNTER_PER_WEBSHOP * 7.0 / 5.0;
        let busy = rng.random_range(0.5..1.5);
        round(rng, expected * busy)
    } else {
        0
    };
    for n in 0..counter {
        let mut items = vec![shelf.bought(rng, 1.0)];
        if rng.random::<f64>() < 0.3 {
            items.push(shelf.extra(rng));
        }
        let at = local_instant(day, rng.random_range(10 * 3600..18 * 3600), 0);
        out.push(draft(
            format!("WK-{stamp}{:03}", n + 1),
            SalesChannel::ShopCounter,
            at,
            be,
            &items,
            day,
        ));
    }
    out
}

fn draft(
    order_id: String,
    channel: SalesChannel,
    at: DateTime<Utc>,
    country: Option<Country>,
    items: &[usize],
    day: NaiveDate,
) -> Draft {
    let code = country.map(|c| c.as_str().to_owned());
    let b = basket::price(items, code.as_deref().unwrap_or("BE"), day, false);
    Draft {
        order_id,
        channel,
        created_at: at,
        country,
        lines: b.lines,
        total: cents(b.total),
        shipping: cents(b.shipping),
        tax: cents(b.tax),
        discount: cents(b.discount),
    }
}

/// How likely the buyer of `draft` bought before: small things bring
/// people back more than bikes do; counter regulars come back most.
pub(crate) fn repeat_probability(draft: &Draft) -> f64 {
    let small = draft
        .lines
        .iter()
        .all(|&(i, _)| matches!(shop_category(i), "parts" | "accessories" | "clothing"));
    match (draft.channel, small) {
        (SalesChannel::Marketplace, _) => 0.05,
        (SalesChannel::ShopCounter, _) => 0.40,
        (SalesChannel::Webshop, true) => 0.30,
        (SalesChannel::Webshop, false) => 0.12,
    }
}

/// Whether the draft's buyer stays anonymous (most counter sales).
pub(crate) fn anonymous(rng: &mut impl Rng, draft: &Draft) -> bool {
    draft.channel == SalesChannel::ShopCounter && rng.random::<f64>() < 0.65
}

/// `days` working days after `t` (weekends skipped).
fn working_days_after(t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let mut t = t;
    let mut left = days;
    while left > 0 {
        t += Duration::days(1);
        if !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    t
}

fn payment_method(rng: &mut impl Rng, draft: &Draft) -> &'static str {
    let country = draft.country.map(|c| c.as_str().to_owned());
    let choices: &[(&str, f64)] = match (draft.channel, country.as_deref().unwrap_or("")) {
        (SalesChannel::Marketplace, _) => &[("marketplace", 1.0)],
        (SalesChannel::ShopCounter, _) => &[("bancontact", 0.7), ("card", 0.2), ("cash", 0.1)],
        (_, "BE") => &[
            ("bancontact", 0.55),
            ("card", 0.2),
            ("paypal", 0.15),
            ("ideal", 0.1),
        ],
        (_, "NL") => &[("ideal", 0.7), ("card", 0.12), ("paypal", 0.18)],
        _ => &[("card", 0.6), ("paypal", 0.4)],
    };
    pick::<&str>(rng, choices)
}

/// The finished order: its customer, payment, fulfilment 1–4 working days
/// later (when that is before `horizon`), or a cancellation.
pub(crate) fn finish(
    rng: &mut impl Rng,
    draft: &Draft,
    customer: Option<usize>,
    book: &Book,
    horizon: DateTime<Utc>,
) -> Order {
    let counter = draft.channel == SalesChannel::ShopCounter;
    let cancelled = !counter && rng.random::<f64>() < CANCEL_RATE;
    let paid_at = draft.created_at + Duration::seconds(rng.random_range(5..180));
    let (fulfilled_at, cancelled_at) = if counter {
        (Some(draft.created_at), None)
    } else if cancelled {
        let at = draft.created_at + Duration::minutes(rng.random_range(20..1_440));
        (None, Some(at.min(horizon)))
    } else {
        let at = working_days_after(draft.created_at, rng.random_range(1..=4));
        ((at < horizon).then_some(at), None)
    };
    let lines = draft
        .lines
        .iter()
        .map(|&(i, quantity)| OrderLine {
            sku: Some(Sku::parse(PRODUCTS[i].sku).expect("valid SKU")),
            name: Some(product_name(i)),
            quantity,
            unit_price: cents(PRODUCTS[i].price_cents),
            discount: Decimal::ZERO,
        })
        .collect();
    Order {
        order_id: OrderId::parse(&draft.order_id).expect("valid order id"),
        platform_id: None,
        customer: customer.map(|c| book.reference(c)),
        customer_kind: customer.and_then(|c| book.kind(c)),
        created_at: draft.created_at,
        paid_at: Some(paid_at),
        fulfilled_at,
        cancelled_at,
        channel: draft.channel,
        country: draft.country,
        currency: Currency::EUR,
        lines,
        discount: draft.discount,
        shipping: draft.shipping,
        tax: draft.tax,
        total: draft.total,
        payment_method: Some(payment_method(rng, draft).to_owned()),
        // A cancelled order was paid and is paid back in full.
        refunded: if cancelled {
            draft.total
        } else {
            Decimal::ZERO
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipping_skips_the_weekend() {
        let friday: DateTime<Utc> = "2026-05-08T10:00:00Z".parse().unwrap();
        assert_eq!(
            working_days_after(friday, 1).to_rfc3339(),
            "2026-05-11T10:00:00+00:00"
        );
        assert_eq!(working_days_after(friday, 4).weekday(), Weekday::Thu);
    }
}
