//! How much a new customer may cost to acquire.

use serde::Serialize;

use crate::error::{Error, Result};

/// LTV:CAC ratio at or above which acquisition is [`CacVerdict::Healthy`] (the common 3:1 rule).
pub const HEALTHY_RATIO: f64 = 3.0;

/// The most a new customer like a group may cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AcquisitionBudget {
    /// Expected discounted gross margin of one customer: `expected_clv × margin`.
    pub expected_margin: f64,
    /// Break-even acquisition cost: paying more loses money on the average customer.
    pub max_acquisition_cost: f64,
    /// Cost that keeps the LTV:CAC ratio at [`HEALTHY_RATIO`]: `max_acquisition_cost / 3`.
    pub healthy_acquisition_cost: f64,
}

/// How an actual customer acquisition cost (CAC) compares with the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CacVerdict {
    /// Margin per customer is at least 3× the CAC.
    Healthy,
    /// Margin per customer covers the CAC, but less than 3×: little room for error.
    Tight,
    /// CAC exceeds the margin a customer brings: each new customer loses money.
    Unprofitable,
}

/// The acquisition budget for customers like a group whose mean discounted
/// expected **spend** (revenue CLV) is `expected_clv`, at gross `margin`
/// (fraction in (0, 1]).
///
/// CLVs from [`crate::predict`] already apply the margin: pass them with
/// `margin = 1.0`.
pub fn max_acquisition_cost(expected_clv: f64, margin: f64) -> Result<AcquisitionBudget> {
    if !(expected_clv.is_finite() && expected_clv >= 0.0) {
        return Err(Error::InvalidOption {
            name: "expected_clv",
            reason: format!("must be a non-negative amount, got {expected_clv}"),
        });
    }
    if !(margin.is_finite() && margin > 0.0 && margin <= 1.0) {
        return Err(Error::InvalidOption {
            name: "margin",
            reason: format!("must be a fraction in (0, 1] (0.3 = 30 %), got {margin}"),
        });
    }
    let m = expected_clv * margin;
    Ok(AcquisitionBudget {
        expected_margin: m,
        max_acquisition_cost: m,
        healthy_acquisition_cost: m / HEALTHY_RATIO,
    })
}

impl AcquisitionBudget {
    /// Verdict on an actual CAC: `Healthy` when margin ≥ 3 × CAC, `Tight`
    /// when CAC ≤ margin < 3 × CAC, `Unprofitable` when margin < CAC.
    pub fn verdict(&self, actual_cac: f64) -> Result<CacVerdict> {
        if !(actual_cac.is_finite() && actual_cac >= 0.0) {
            return Err(Error::InvalidOption {
                name: "actual_cac",
                reason: format!("must be a non-negative amount, got {actual_cac}"),
            });
        }
        Ok(if self.expected_margin >= HEALTHY_RATIO * actual_cac {
            CacVerdict::Healthy
        } else if self.expected_margin >= actual_cac {
            CacVerdict::Tight
        } else {
            CacVerdict::Unprofitable
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_and_verdict_thresholds() {
        let b = max_acquisition_cost(300.0, 0.4).unwrap();
        assert_eq!(b.max_acquisition_cost, 120.0);
        assert_eq!(b.healthy_acquisition_cost, 40.0);
        assert_eq!(b.verdict(40.0).unwrap(), CacVerdict::Healthy);
        assert_eq!(b.verdict(40.01).unwrap(), CacVerdict::Tight);
        assert_eq!(b.verdict(120.0).unwrap(), CacVerdict::Tight);
        assert_eq!(b.verdict(120.01).unwrap(), CacVerdict::Unprofitable);
        assert_eq!(b.verdict(0.0).unwrap(), CacVerdict::Healthy);
        assert!(b.verdict(-1.0).is_err());
        assert!(max_acquisition_cost(100.0, 0.0).is_err());
        assert!(max_acquisition_cost(f64::NAN, 0.5).is_err());
    }
}
