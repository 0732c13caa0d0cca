//! Reading the shop's data back: a summary per site and single orders.
use crate::duckdb_store::utc;
use crate::{Result, StoreError};
use chrono::NaiveDateTime;
use duckdb::{params, Connection, OptionalExt};
use etalage_core::{
    Country, Currency, CustomerId, CustomerKind, CustomerRef, Email, Order, OrderId, OrderLine,
    SalesChannel, Sku,
};
use rust_decimal::Decimal;
use serde::Serialize;

/// Sums of one currency's orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrencyTotals {
    /// The currency.
    pub currency: String,
    /// Sum of the orders' totals.
    pub total: Decimal,
    /// Sum of what was refunded.
    pub refunded: Decimal,
}

/// Counts and sums of a site's shop data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommerceSummary {
    /// Orders stored.
    pub orders: u64,
    /// Their lines.
    pub order_lines: u64,
    /// Orders with a cancellation time.
    pub cancelled_orders: u64,
    /// Customer records (forgotten ones included).
    pub customers: u64,
    /// Customers whose personal data was removed.
    pub forgotten_customers: u64,
    /// Distinct customers among the orders.
    pub ordering_customers: u64,
    /// Products.
    pub products: u64,
    /// Returns.
    pub returns: u64,
    /// Marketing spend rows.
    pub spend_rows: u64,
    /// Purchases seen by the tracker (one per transaction id).
    pub tracked_purchases: u64,
    /// Sales counted once: orders plus tracked purchases without an order.
    pub sales: u64,
    /// Order totals per currency.
    pub totals: Vec<CurrencyTotals>,
}

pub(super) fn summary(conn: &Connection, site: u32) -> Result<CommerceSummary> {
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = conn.query_row(sql, params![site], |r| r.get(0))?;
        Ok(n as u64)
    };
    let mut s = CommerceSummary {
        orders: count("SELECT count(*) FROM orders WHERE site_id = ?")?,
        order_lines: count("SELECT count(*) FROM order_lines WHERE site_id = ?")?,
        cancelled_orders: count(
            "SELECT count(*) FROM orders WHERE site_id = ? AND cancelled_at IS NOT NULL",
        )?,
        customers: count("SELECT count(*) FROM customers WHERE site_id = ?")?,
        forgotten_customers: count(
            "SELECT count(*) FROM customers WHERE site_id = ? AND forgotten_at IS NOT NULL",
        )?,
        ordering_customers: count(
            "SELECT count(DISTINCT customer_key) FROM orders WHERE site_id = ?",
        )?,
        products: count("SELECT count(*) FROM products WHERE site_id = ?")?,
        returns: count("SELECT count(*) FROM returns WHERE site_id = ?")?,
        spend_rows: count("SELECT count(*) FROM spend WHERE site_id = ?")?,
        tracked_purchases: count("SELECT count(*) FROM tracked_purchases WHERE site_id = ?")?,
        sales: count("SELECT count(*) FROM sales WHERE site_id = ?")?,
        totals: Vec::new(),
    };
    let mut stmt = conn.prepare(
        "SELECT currency, sum(total), sum(refunded) FROM orders WHERE site_id = ? GROUP BY currency ORDER BY currency",
    )?;
    s.totals = stmt
        .query_map(params![site], |r| {
            Ok(CurrencyTotals {
                currency: r.get(0)?,
                total: r.get::<_, Decimal>(1)?.normalize(),
                refunded: r.get::<_, Decimal>(2)?.normalize(),
            })
        })?
        .collect::<duckdb::Result<Vec<_>>>()?;
    Ok(s)
}

fn corrupt(e: etalage_core::ParseError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

type OrderRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    String,
    Option<String>,
    String,
    [Decimal; 5],
    Option<String>,
);

pub(super) fn order(conn: &Connection, site: u32, order_id: &str) -> Result<Option<Order>> {
    let Ok(id) = OrderId::parse(order_id) else {
        return Ok(None);
    };
    let row: Option<OrderRow> = conn
        .query_row(
            "SELECT o.order_id, o.platform_id, c.customer_id, c.email, o.customer_kind, o.created_at,
                    o.paid_at, o.fulfilled_at, o.cancelled_at, o.channel, o.country, o.currency,
                    o.discount, o.shipping, o.tax, o.total, o.refunded, o.payment_method
             FROM orders o LEFT JOIN customers c ON c.customer_key = o.customer_key
             WHERE o.site_id = ? AND o.order_id = ?",
            params![site, id.as_str()],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    [r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?],
                    r.get(17)?,
                ))
            },
        )
        .optional()?;
    let Some((
        order_id,
        platform_id,
        customer_id,
        email,
        kind,
        created,
        paid,
        fulfilled,
        cancelled,
        channel,
        country,
        currency,
        [discount, shipping, tax, total, refunded],
        payment_method,
    )) = row
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT sku, name, quantity, unit_price, discount FROM order_lines
         WHERE site_id = ? AND order_id = ? ORDER BY line_no",
    )?;
    let lines = stmt
        .query_map(params![site, order_id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, Decimal>(3)?,
                r.get::<_, Decimal>(4)?,
            ))
        })?
        .collect::<duckdb::Result<Vec<_>>>()?
        .into_iter()
        .map(|(sku, name, quantity, unit_price, discount)| {
            Ok(OrderLine {
                sku: sku
                    .as_deref()
                    .map(Sku::parse)
                    .transpose()
                    .map_err(corrupt)?,
                name,
                quantity,
                unit_price: unit_price.normalize(),
                discount: discount.normalize(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let customer = CustomerRef {
        customer_id: customer_id
            .as_deref()
            .map(CustomerId::parse)
            .transpose()
            .map_err(corrupt)?,
        email: email
            .as_deref()
            .map(Email::parse)
            .transpose()
            .map_err(corrupt)?,
    };
    Ok(Some(Order {
        order_id: OrderId::parse(&order_id).map_err(corrupt)?,
        platform_id,
        customer: (customer.customer_id.is_some() || customer.email.is_some()).then_some(customer),
        customer_kind: kind
            .as_deref()
            .map(CustomerKind::parse)
            .transpose()
            .map_err(corrupt)?,
        created_at: utc(created),
        paid_at: paid.map(utc),
        fulfilled_at: fulfilled.map(utc),
        cancelled_at: cancelled.map(utc),
        channel: SalesChannel::parse(&channel).map_err(corrupt)?,
        country: country
            .as_deref()
            .map(Country::parse)
            .transpose()
            .map_err(corrupt)?,
        currency: Currency::parse(&currency).map_err(corrupt)?,
        lines,
        discount: discount.normalize(),
        shipping: shipping.normalize(),
        tax: tax.normalize(),
        total: total.normalize(),
        payment_method,
        refunded: refunded.normalize(),
    }))
}
