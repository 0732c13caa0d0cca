//! How far to trust the lifetime values: the fitted parameters of the
//! models behind them, and a check of the purchase model on a holdout
//! period (fit on the earlier orders, predict the last weeks, compare).
use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::bgnbd::BgNbd;
use crate::data::{calibration_and_holdout, CustomerSummary, Period, Transaction};
use crate::error::Error;
use crate::gamma_gamma::GammaGamma;
use crate::model::Fitted;
use crate::report::{holdout_table, tracking_series, HoldoutRow, TrackingPoint};

/// The shortest span of orders (first to last day) the holdout check runs
/// on, in weeks: twelve weeks to fit on and four to check against.
pub const MIN_HISTORY_WEEKS: i64 = 16;
/// The shortest holdout period, in weeks.
pub const MIN_HOLDOUT_WEEKS: i64 = 4;

/// Why a model or the holdout check is missing, for people: each has a
/// plain sentence on the Customers page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// No customer has bought on two different days (before the holdout).
    NoRepeatBuyers,
    /// The orders span less than [`MIN_HISTORY_WEEKS`].
    ShortHistory,
    /// Too few customers or repeat purchases to pin the parameters down.
    TooLittleData,
    /// The fit did not reach usable parameters (for Gamma-Gamma also: spend
    /// so heavy-tailed that its mean is infinite).
    ModelFailed,
}

impl Shortfall {
    fn of(e: &Error) -> Shortfall {
        match e {
            Error::NotEnoughData { .. } | Error::NoData(_) => Shortfall::TooLittleData,
            _ => Shortfall::ModelFailed,
        }
    }
}

/// The purchase model fitted on the calibration period and checked on the
/// holdout period after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoldoutCheck {
    /// Last day of the calibration period.
    pub calibration_end: NaiveDate,
    /// Last day of the holdout period (the last order).
    pub observation_end: NaiveDate,
    /// Length of the holdout period.
    pub holdout_weeks: u32,
    /// Customers whose first order is in the calibration period.
    pub customers: usize,
    /// BG/NBD fitted on the calibration period only.
    pub bgnbd: Fitted<BgNbd>,
    /// Per calibration frequency 0 … 6, 7+: mean purchases in the holdout,
    /// actual against predicted; the buckets' customers add up to `customers`.
    pub rows: Vec<HoldoutRow>,
    /// Purchase days of those customers in the holdout period.
    pub actual_purchases: f64,
    /// What the model predicted for them.
    pub predicted_purchases: f64,
    /// Cumulative repeat purchases week by week, actual against predicted,
    /// from the first order to the last (the holdout starts after
    /// `calibration_end`).
    pub tracking: Vec<TrackingPoint>,
}

/// The models behind the lifetime values and how well they predict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostics {
    /// BG/NBD on all orders: r, α (in weeks), a, b and the log-likelihood.
    pub bgnbd: Option<Fitted<BgNbd>>,
    /// Gamma-Gamma on the repeat buyers: p, q, γ and the log-likelihood.
    pub gamma_gamma: Option<Fitted<GammaGamma>>,
    /// Why a model is missing (then lifetime values are 0).
    pub models_unavailable: Option<Shortfall>,
    /// The holdout check.
    pub holdout: Option<HoldoutCheck>,
    /// Why the holdout check is missing.
    pub holdout_unavailable: Option<Shortfall>,
}

/// The calibration end and the holdout length for orders from `first` to
/// `last`: the last quarter of the span in whole weeks, at least
/// [`MIN_HOLDOUT_WEEKS`]; `None` when the span is under [`MIN_HISTORY_WEEKS`].
pub fn holdout_split(first: NaiveDate, last: NaiveDate) -> Option<(NaiveDate, u32)> {
    let span = (last - first).num_days();
    if span < MIN_HISTORY_WEEKS * 7 {
        return None;
    }
    let weeks = (span / 4 / 7).max(MIN_HOLDOUT_WEEKS);
    Some((last - Days::new(weeks as u64 * 7), weeks as u32))
}

/// Fits BG/NBD on the orders up to the split of [`holdout_split`] and
/// compares its predictions with what the customers did after it.
pub fn holdout_check(transactions: &[Transaction]) -> Result<HoldoutCheck, Shortfall> {
    let first = transactions.iter().map(|t| t.date).min();
    let last = transactions.iter().map(|t| t.date).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Shortfall::TooLittleData);
    };
    let (calibration_end, weeks) = holdout_split(first, last).ok_or(Shortfall::ShortHistory)?;
    let period = Period::Week;
    let (calibration, holdout) =
        calibration_and_holdout(transactions, calibration_end, last, period)
            .map_err(|e| Shortfall::of(&e))?;
    if !calibration.iter().any(|c| c.frequency > 0) {
        return Err(Shortfall::NoRepeatBuyers);
    }
    let bgnbd = BgNbd::fit(&calibration).map_err(|e| Shortfall::of(&e))?;
    let rows = holdout_table(&bgnbd.params, &calibration, &holdout);
    let tracking = tracking_series(&bgnbd.params, transactions, calibration_end, last, period)
        .map_err(|e| Shortfall::of(&e))?;
    let total = |f: fn(&HoldoutRow) -> f64| rows.iter().map(|r| f(r) * r.customers as f64).sum();
    let check = HoldoutCheck {
        calibration_end,
        observation_end: last,
        holdout_weeks: weeks,
        customers: calibration.len(),
        bgnbd,
        actual_purchases: total(|r| r.actual),
        predicted_purchases: total(|r| r.predicted),
        rows,
        tracking,
    };
    // The models never return NaN, but a page must not show one either.
    let finite = check.predicted_purchases.is_finite()
        && check.rows.iter().all(|r| r.predicted.is_finite())
        && check.tracking.iter().all(|p| p.predicted.is_finite());
    if finite {
        Ok(check)
    } else {
        Err(Shortfall::ModelFailed)
    }
}

/// The shortfall of fitting on `summaries`, when there are no repeat buyers.
pub(crate) fn repeat_shortfall(summaries: &[CustomerSummary]) -> Option<Shortfall> {
    (!summaries.iter().any(|s| s.frequency > 0)).then_some(Shortfall::NoRepeatBuyers)
}

/// The shortfall behind a fitting error.
pub(crate) fn shortfall_of(e: &Error) -> Shortfall {
    Shortfall::of(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_holdout_is_the_last_quarter_in_whole_weeks() {
        // 364 days: a quarter is 91 days, 13 weeks.
        assert_eq!(
            holdout_split(d("2026-01-01"), d("2026-12-31")),
            Some((d("2026-10-01"), 13))
        );
        // 120 days: a quarter is 30 days, 4 whole weeks.
        assert_eq!(
            holdout_split(d("2026-01-01"), d("2026-05-01")),
            Some((d("2026-04-03"), 4))
        );
        // 16 weeks exactly: the shortest span checked, with 4 weeks held out.
        assert_eq!(
            holdout_split(d("2026-01-01"), d("2026-04-23")),
            Some((d("2026-03-26"), 4))
        );
        // One day less is too short.
        assert_eq!(holdout_split(d("2026-01-01"), d("2026-04-22")), None);
    }
}
