//! What the fitted models share: the fitted-parameters wrapper, the
//! prediction interface of purchase-count models, and how an optimiser
//! result becomes parameters or an error.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Parameters found by maximum likelihood, with the log-likelihood reached.
///
/// Serialises flat, e.g. `{"r":…,"alpha":…,"a":…,"b":…,"log_likelihood":…}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fitted<P> {
    /// The parameters.
    #[serde(flatten)]
    pub params: P,
    /// Sum over customers of the log-likelihood at `params`.
    pub log_likelihood: f64,
}

/// What a purchase-count model (BG/NBD, Pareto/NBD) predicts for one customer.
///
/// `frequency`, `recency` and `t` follow [`crate::CustomerSummary`]; times are in
/// the periods the model was fitted in. Implementations never return NaN.
pub trait PurchaseModel {
    /// Probability that the customer is still active at the end of calibration.
    fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64;
    /// Expected number of purchases in the next `horizon` periods.
    fn expected_purchases(&self, horizon: f64, frequency: u32, recency: f64, t: f64) -> f64;
    /// Expected repeat purchases in the first `t` periods after a first purchase, for a new customer.
    fn expected_purchases_new_customer(&self, t: f64) -> f64 {
        self.expected_purchases(t, 0, 0.0, 0.0)
    }
}

/// Log-parameters beyond ±LOG_BOUND are treated as "the data do not identify
/// the model" rather than followed to infinity.
pub(crate) const LOG_BOUND: f64 = 20.0;
/// Gradient tolerance on the mean log-likelihood per customer, in
/// log-parameters: far below what moves any estimate in its fourth digit,
/// and above the rounding noise of sums over a million customers.
pub(crate) const GTOL: f64 = 1e-8;

/// Turns an optimiser result into parameters, or a clear error.
pub(crate) fn finish(
    th: &[f64],
    neg_mean_ll: f64,
    total: f64,
    model: &'static str,
) -> Result<(Vec<f64>, f64)> {
    if !neg_mean_ll.is_finite() || th.iter().any(|v| !v.is_finite()) {
        return Err(Error::FitFailed {
            model,
            reason: "the likelihood could not be evaluated at any tried parameters".into(),
        });
    }
    if th.iter().any(|v| v.abs() > LOG_BOUND - 2.0) {
        return Err(Error::NotEnoughData {
            model,
            reason: "the data do not pin the parameters down (they run off to extreme values); \
                     add more customers or a longer history"
                .into(),
        });
    }
    Ok((th.iter().map(|v| v.exp()).collect(), -neg_mean_ll * total))
}
