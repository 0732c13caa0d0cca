//! What a webshop basket costs: the one pricing rule that both the
//! purchase event's revenue and the shop's order follow, so the two agree
//! to the cent.
//!
//! Prices include 21 % VAT (Belgian and Dutch consumers see prices with
//! VAT); `tax` is the VAT part of the total, and orders shipped outside the
//! EU carry none.
use crate::calendar;
use crate::catalog::PRODUCTS;
use chrono::{Datelike, NaiveDate};

/// Orders from this amount on (after discount) ship free.
const FREE_SHIPPING_CENTS: i64 = 5_000;
/// Shipping within Belgium, the Netherlands and Luxembourg.
const SHIPPING_BENELUX_CENTS: i64 = 495;
/// Shipping elsewhere.
const SHIPPING_ABROAD_CENTS: i64 = 995;
/// The Black Friday to Cyber Monday discount, in per cent of the items.
const DEAL_DISCOUNT_PCT: i64 = 10;

/// The amounts of a basket, in euro cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Basket {
    /// (product index, quantity), first added first; a product bought twice
    /// is one line of two.
    pub lines: Vec<(usize, u32)>,
    /// Σ quantity × price.
    pub subtotal: i64,
    /// Discount on the whole order.
    pub discount: i64,
    /// Shipping charged.
    pub shipping: i64,
    /// What the customer pays: subtotal − discount + shipping.
    pub total: i64,
    /// The VAT included in the total.
    pub tax: i64,
    /// The discount code used, if any.
    pub coupon: Option<&'static str>,
}

/// True for the countries whose orders carry Belgian VAT (the EU here).
fn carries_vat(country: &str) -> bool {
    !matches!(country, "GB" | "US" | "CH")
}

/// The VAT part of a VAT-inclusive amount, rounded half up to the cent.
pub(crate) fn vat_included(total: i64) -> i64 {
    (total * 21 + 60) / 121
}

/// Prices `items` (product indices, repeats allowed) bought on local `day`
/// by a customer in `country`; `webshop` orders pay shipping below the
/// free-shipping threshold, others do not.
pub(crate) fn price(items: &[usize], country: &str, day: NaiveDate, webshop: bool) -> Basket {
    let mut lines: Vec<(usize, u32)> = Vec::with_capacity(items.len());
    for &i in items {
        match lines.iter_mut().find(|(p, _)| *p == i) {
            Some(line) => line.1 += 1,
            None => lines.push((i, 1)),
        }
    }
    let subtotal: i64 = lines
        .iter()
        .map(|&(i, q)| PRODUCTS[i].price_cents * i64::from(q))
        .sum();
    let bf = (day - calendar::black_friday(day.year())).num_days();
    let deal = webshop && (0..=3).contains(&bf);
    let discount = if deal {
        subtotal * DEAL_DISCOUNT_PCT / 100
    } else {
        0
    };
    let shipping = if !webshop || subtotal - discount >= FREE_SHIPPING_CENTS {
        0
    } else if matches!(country, "BE" | "NL" | "LU") {
        SHIPPING_BENELUX_CENTS
    } else {
        SHIPPING_ABROAD_CENTS
    };
    let total = subtotal - discount + shipping;
    Basket {
        lines,
        subtotal,
        discount,
        shipping,
        total,
        tax: if carries_vat(country) {
            vat_included(total)
        } else {
            0
        },
        coupon: deal.then_some("BLACKFRIDAY10"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baskets_add_up() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        // Two brake pad sets (15.95) and a phone holder (19.95): 51.85, free shipping.
        let b = price(&[16, 29, 16], "BE", day, true);
        assert_eq!(b.lines, vec![(16, 2), (29, 1)]);
        assert_eq!((b.subtotal, b.shipping, b.total), (5185, 0, 5185));
        assert_eq!(b.tax, 900, "51.85 × 21/121 = 8.999…");
        let b = price(&[16], "FR", day, true);
        assert_eq!((b.shipping, b.total), (995, 1595 + 995));
        let bf = calendar::black_friday(2026);
        let b = price(&[8], "NL", bf, true);
        assert_eq!((b.discount, b.total), (21990, 219900 - 21990));
        assert_eq!(b.coupon, Some("BLACKFRIDAY10"));
        assert_eq!(price(&[16], "US", day, true).tax, 0);
        assert_eq!(price(&[16], "BE", bf, false).total, 1595);
    }
}
