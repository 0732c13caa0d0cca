//! What comes back: clothing at a fashion-like rate (wrong size, other
//! colour), everything else rarely; each return is refunded, and a few
//! orders get a partial refund without a return.
use super::catalogue::category_of_sku;
use chrono::{Duration, NaiveDate};
use chrono_tz::Europe::Brussels;
use etalage_core::{Order, OrderReturn};
use rand::Rng;
use rust_decimal::Decimal;

/// Share of clothing units sent back.
const CLOTHING_RETURN_RATE: f64 = 0.27;
/// Share of other units sent back.
const OTHER_RETURN_RATE: f64 = 0.035;
/// Share of kept orders that get part of their money back (a scratch, a
/// late delivery).
const GOODWILL_RATE: f64 = 0.012;

const CLOTHING_REASONS: &[(&str, f64)] = &[
    ("size too small", 0.35),
    ("size too large", 0.30),
    ("colour differs from the photo", 0.15),
    ("not as described", 0.10),
    ("changed mind", 0.10),
];

const OTHER_REASONS: &[(&str, f64)] = &[
    ("damaged in transport", 0.30),
    ("not as described", 0.25),
    ("wrong item delivered", 0.15),
    ("changed mind", 0.30),
];

/// The returns of `orders` received up to `last_day`, with the refunds
/// written into the orders.
pub(crate) fn returns(
    rng: &mut impl Rng,
    orders: &mut [Order],
    last_day: NaiveDate,
) -> Vec<OrderReturn> {
    let mut out = Vec::new();
    for order in orders.iter_mut() {
        let Some(fulfilled) = order.fulfilled_at else {
            continue;
        };
        if order.cancelled_at.is_some() {
            continue;
        }
        let subtotal: Decimal = order.lines.iter().map(|l| l.net_amount()).sum();
        // Refunds give back what was paid: the line price less its share
        // of the order discount.
        let paid_share = if subtotal.is_zero() {
            Decimal::ONE
        } else {
            (subtotal - order.discount) / subtotal
        };
        let mut refund = Decimal::ZERO;
        let mut n = 0;
        for line in &order.lines {
            let Some(sku) = &line.sku else { continue };
            let clothing = category_of_sku(sku.as_str()) == Some("clothing");
            let rate = if clothing {
                CLOTHING_RETURN_RATE
            } else {
                OTHER_RETURN_RATE
            };
            let units = (0..line.quantity)
                .filter(|_| rng.random::<f64>() < rate)
                .count() as u32;
            if units == 0 {
                continue;
            }
            let reasons = if clothing {
                CLOTHING_REASONS
            } else {
                OTHER_REASONS
            };
            let reason = *crate::traffic::pick(rng, reasons);
            let received = fulfilled.with_timezone(&Brussels).date_naive()
                + Duration::days(rng.random_range(2..22));
            if received > last_day {
                continue;
            }
            n += 1;
            out.push(OrderReturn {
                return_id: Some(format!("R-{}-{n}", order.order_id)),
                order_id: order.order_id.clone(),
                sku: sku.clone(),
                quantity: units,
                reason: Some(reason.to_owned()),
                date: received,
            });
            refund += Decimal::from(units) * line.unit_price * paid_share;
        }
        if n == 0 && rng.random::<f64>() < GOODWILL_RATE {
            refund = order.total * Decimal::new(rng.random_range(10..25), 2);
        }
        order.refunded = refund.round_dp(2).min(order.total).normalize();
    }
    out
}
