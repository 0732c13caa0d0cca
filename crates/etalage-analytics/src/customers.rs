//! Customer value from the stored orders: the overview behind
//! `etalage value segments`, `GET /api/v1/customers/value` and the
//! Customers page.
use crate::ApiError;
use etalage_store::{Site, Store};
use etalage_value::{value_overview, PredictOptions, Transaction, ValueOverview};

/// The customer-value overview of a site's orders (one year ahead, 10 % a
/// year discount, `margin` of revenue kept).
pub fn customer_value(
    store: &dyn Store,
    site: &Site,
    margin: f64,
) -> Result<ValueOverview, ApiError> {
    let transactions: Vec<Transaction> = store
        .value_transactions(site.id)?
        .into_iter()
        .map(|(customer_id, date, amount)| Transaction {
            customer_id,
            date,
            amount,
        })
        .collect();
    let options = PredictOptions {
        margin,
        ..PredictOptions::default()
    };
    value_overview(&transactions, options).map_err(|e| match e {
        etalage_value::Error::NoData(m) => ApiError::NotFound(m),
        other => ApiError::BadRequest(other.to_string()),
    })
}
