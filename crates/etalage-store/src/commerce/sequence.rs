//! Each customer's orders in sequence (`customer_orders`): the order
//! upsert rebuilds the sequence of every customer whose orders it touched,
//! so the KPIs read a customer's first order, second order and activity
//! from one row per order instead of grouping their whole history.
use crate::Result;
use duckdb::Connection;

/// The customers of the staged orders as `orders` holds them now.
const CUSTOMERS_OF_STAGED_ORDERS: &str = "SELECT o.customer_key FROM orders o JOIN stage_orders s
     ON o.site_id = s.site_id AND o.order_id = s.order_id
   WHERE o.customer_key IS NOT NULL";

/// Notes the customers of the staged orders' stored versions, before the
/// upsert replaces them (an order may move to another customer or be
/// cancelled; the customer it leaves needs a new sequence too).
pub(super) fn note_customers_before(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE touched_customers AS {CUSTOMERS_OF_STAGED_ORDERS};"
    ))?;
    Ok(())
}

/// After the upsert: rebuilds the sequences of the customers noted before
/// and of the staged orders' (new) customers.
pub(super) fn rebuild(conn: &Connection, site_id: u32) -> Result<()> {
    let site = site_id;
    conn.execute_batch(&format!(
        "INSERT INTO touched_customers {CUSTOMERS_OF_STAGED_ORDERS};
         DELETE FROM customer_orders WHERE site_id = {site}
           AND customer_key IN (SELECT customer_key FROM touched_customers);
         INSERT INTO customer_orders
         SELECT site_id, customer_key, order_id, created_at,
                lag(created_at) OVER w, lead(created_at) OVER w
         FROM orders WHERE site_id = {site} AND cancelled_at IS NULL
           AND customer_key IN (SELECT customer_key FROM touched_customers)
         WINDOW w AS (PARTITION BY customer_key ORDER BY created_at, order_id)
         ORDER BY created_at;
         DROP TABLE touched_customers;"
    ))?;
    Ok(())
}
