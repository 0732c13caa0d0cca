//! The entry points the CLI and HTTP API call: fit a report, predict per
//! customer, check against a holdout period, and draw a tracking series.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::bgnbd::BgNbd;
use crate::data::{
    last_date, purchase_days, summarize, validate, CustomerSummary, HoldoutSummary, Period,
    Transaction,
};
use crate::error::{Error, Result};
use crate::gamma_gamma::GammaGamma;
use crate::groups::{group3, par_chunks};
use crate::model::{Fitted, PurchaseModel};
use crate::pareto::ParetoNbd;

/// A model [`fit_report`] can fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Model {
    /// BG/NBD purchase-count model.
    #[serde(rename = "bgnbd")]
    BgNbd,
    /// Pareto/NBD purchase-count model.
    #[serde(rename = "pareto_nbd")]
    ParetoNbd,
    /// Gamma-Gamma spend model.
    #[serde(rename = "gamma_gamma")]
    GammaGamma,
}

impl std::str::FromStr for Model {
    type Err = Error;

    /// Parses `bgnbd`, `pareto_nbd` or `gamma_gamma` (the serialised names).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "bgnbd" | "bg_nbd" => Ok(Model::BgNbd),
            "pareto_nbd" | "paretonbd" => Ok(Model::ParetoNbd),
            "gamma_gamma" | "gammagamma" => Ok(Model::GammaGamma),
            _ => Err(Error::InvalidOption {
                name: "models",
                reason: format!("unknown model `{s}`; use bgnbd, pareto_nbd or gamma_gamma"),
            }),
        }
    }
}

/// Options of [`fit_report`].
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Last day of the calibration period (inclusive); `None` = the last transaction date.
    pub calibration_end: Option<NaiveDate>,
    /// Unit of time for recency and T (and for α, β, which are in these units).
    pub period: Period,
    /// Which models to fit.
    pub models: BTreeSet<Model>,
}

impl Default for FitOptions {
    /// All three models, weekly, calibration up to the last transaction.
    fn default() -> Self {
        FitOptions {
            calibration_end: None,
            period: Period::Week,
            models: [Model::BgNbd, Model::ParetoNbd, Model::GammaGamma].into(),
        }
    }
}

/// Fitted parameters of the requested models.
///
/// Serialises as `{"customers": n, "bgnbd": {"r","alpha","a","b","log_likelihood"},
/// "pareto_nbd": {"r","alpha","s","beta","log_likelihood"}, "gamma_gamma":
/// {"p","q","gamma","log_likelihood"}}`; models not requested are omitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// Customers whose first purchase is on or before the calibration end.
    pub customers: usize,
    /// BG/NBD fit, if requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bgnbd: Option<Fitted<BgNbd>>,
    /// Pareto/NBD fit, if requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pareto_nbd: Option<Fitted<ParetoNbd>>,
    /// Gamma-Gamma fit, if requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma_gamma: Option<Fitted<GammaGamma>>,
}

fn calibration_summaries(
    transactions: &[Transaction],
    calibration_end: Option<NaiveDate>,
    period: Period,
) -> Result<Vec<CustomerSummary>> {
    validate(transactions)?;
    let end = match calibration_end {
        Some(d) => d,
        None => last_date(transactions)?,
    };
    let s = summarize(transactions, end, period);
    if s.is_empty() {
        return Err(Error::NoData(format!(
            "no customer made a first purchase on or before the calibration end {end}; \
             choose a later calibration end"
        )));
    }
    Ok(s)
}

/// Summarises the transactions and fits the requested models.
pub fn fit_report(transactions: &[Transaction], options: FitOptions) -> Result<FitReport> {
    let s = calibration_summaries(transactions, options.calibration_end, options.period)?;
    let want = |m| options.models.contains(&m);
    Ok(FitReport {
        customers: s.len(),
        bgnbd: if want(Model::BgNbd) {
            Some(BgNbd::fit(&s)?)
        } else {
            None
        },
        pareto_nbd: if want(Model::ParetoNbd) {
            Some(ParetoNbd::fit(&s)?)
        } else {
            None
        },
        gamma_gamma: if want(Model::GammaGamma) {
            Some(GammaGamma::fit(&s)?)
        } else {
            None
        },
    })
}

/// Options of [`predict`] and [`score`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PredictOptions {
    /// Last day of the calibration period (inclusive); `None` = the last transaction date.
    pub calibration_end: Option<NaiveDate>,
    /// Unit of time; `horizon` is counted in it.
    pub period: Period,
    /// How far ahead to predict, in periods (e.g. 52 weeks).
    pub horizon: f64,
    /// **Annual** discount rate (0.1 = 10 % a year), converted to the period
    /// as `(1 + rate)^(period days / 365.25) − 1`.
    pub discount_rate: f64,
    /// Gross margin as a fraction of spend, in (0, 1].
    pub margin: f64,
}

impl Default for PredictOptions {
    /// One year (52 weeks) ahead, 10 % a year discount, 30 % margin.
    fn default() -> Self {
        PredictOptions {
            calibration_end: None,
            period: Period::Week,
            horizon: 52.0,
            discount_rate: 0.10,
            margin: 0.30,
        }
    }
}

impl PredictOptions {
    fn validate(&self) -> Result<()> {
        if !(self.horizon.is_finite() && self.horizon > 0.0 && self.horizon <= 10_000.0) {
            return Err(Error::InvalidOption {
                name: "horizon",
                reason: format!(
                    "must be a number of periods in (0, 10000], got {}",
                    self.horizon
                ),
            });
        }
        if !(self.discount_rate.is_finite() && (0.0..=10.0).contains(&self.discount_rate)) {
            return Err(Error::InvalidOption {
                name: "discount_rate",
                reason: format!(
                    "must be an annual rate between 0 and 10 (0.1 = 10 %), got {}",
                    self.discount_rate
                ),
            });
        }
        if !(self.margin.is_finite() && self.margin > 0.0 && self.margin <= 1.0) {
            return Err(Error::InvalidOption {
                name: "margin",
                reason: format!(
                    "must be a fraction in (0, 1] (0.3 = 30 %), got {}",
                    self.margin
                ),
            });
        }
        Ok(())
    }
}

/// Prediction for one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerPrediction {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Repeat purchase days in calibration.
    pub frequency: u32,
    /// First to last purchase, in periods.
    pub recency: f64,
    /// First purchase to calibration end, in periods.
    pub t: f64,
    /// Mean value of the repeat purchases (0 when none).
    pub monetary_value: f64,
    /// Probability the customer is still active (BG/NBD).
    pub p_alive: f64,
    /// Expected purchases over the horizon (BG/NBD).
    pub expected_purchases: f64,
    /// Expected value of a future purchase (Gamma-Gamma).
    pub expected_spend: f64,
    /// Discounted expected margin over the horizon.
    pub clv: f64,
}

/// Fits BG/NBD and Gamma-Gamma on the calibration period and predicts every customer.
pub fn predict(
    transactions: &[Transaction],
    options: PredictOptions,
) -> Result<Vec<CustomerPrediction>> {
    options.validate()?;
    let s = calibration_summaries(transactions, options.calibration_end, options.period)?;
    let bg = BgNbd::fit(&s)?;
    let gg = GammaGamma::fit(&s)?;
    score(&s, &bg.params, &gg.params, &options)
}

/// Predicts every customer with given (already fitted) models.
///
/// CLV = margin × expected spend × Σₖ [E(tₖ) − E(tₖ₋₁)] / (1 + d)^tₖ, with tₖ
/// the end of each period of the horizon (the last one possibly partial), E
/// the BG/NBD expected purchases up to t and d the per-period discount rate.
/// Identical (frequency, recency, t) are computed once.
pub fn score(
    summaries: &[CustomerSummary],
    bg: &BgNbd,
    gg: &GammaGamma,
    options: &PredictOptions,
) -> Result<Vec<CustomerPrediction>> {
    options.validate()?;
    if let Some(bad) = summaries.iter().find(|s| {
        !(s.t.is_finite()
            && s.recency >= 0.0
            && s.recency <= s.t
            && s.monetary_value.is_finite()
            && s.monetary_value >= 0.0)
    }) {
        return Err(Error::InvalidOption {
            name: "summaries",
            reason: format!(
                "customer `{}` has recency {}, t {}, monetary value {}; need 0 ≤ recency ≤ t \
                 and a finite, non-negative monetary value",
                bad.customer_id, bad.recency, bad.t, bad.monetary_value
            ),
        });
    }
    // Checks q > 1 once, so per-customer spend below cannot fail.
    gg.expected_spend(0, 0.0)?;
    // Expected purchases of an alive customer depend on (frequency, T) only;
    // recency enters through P(alive). So the series work is done once per
    // distinct (frequency, T), which on daily data is far fewer than customers.
    let groups = group3(summaries.iter().map(|s| (s.frequency, s.t, 0.0)));
    let steps = options.horizon.ceil() as usize;
    let ln_per_period = (1.0 + options.discount_rate).ln() * options.period.days() / 365.25;
    let discount: Vec<(f64, f64)> = (1..=steps)
        .map(|k| {
            let tk = (k as f64).min(options.horizon);
            (tk, (-ln_per_period * tk).exp())
        })
        .collect();
    let n = groups.w.len();
    let parts = par_chunks(n, |range| {
        range
            .map(|i| {
                let (x, t) = (groups.x[i] as u32, groups.a[i]);
                let mut prev = 0.0;
                let mut disc = 0.0;
                for &(tk, d) in &discount {
                    let e = bg.expected_purchases_if_alive(tk, x, t);
                    disc += (e - prev).max(0.0) * d;
                    prev = e;
                }
                (prev, disc)
            })
            .collect::<Vec<_>>()
    });
    let per_group: Vec<(f64, f64)> = parts.into_iter().flatten().collect();
    summaries
        .iter()
        .zip(&groups.index)
        .map(|(s, &gi)| {
            let (if_alive, disc_if_alive) = per_group[gi as usize];
            let p_alive = bg.p_alive(s.frequency, s.recency, s.t);
            let expected_purchases = if_alive * p_alive;
            let disc = disc_if_alive * p_alive;
            let expected_spend = gg.expected_spend(s.frequency, s.monetary_value)?;
            Ok(CustomerPrediction {
                customer_id: s.customer_id.clone(),
                frequency: s.frequency,
                recency: s.recency,
                t: s.t,
                monetary_value: s.monetary_value,
                p_alive,
                expected_purchases,
                expected_spend,
                clv: options.margin * expected_spend * disc,
            })
        })
        .collect()
}

/// One row of [`holdout_table`]: customers with a given calibration frequency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoldoutRow {
    /// Calibration frequency bucket, 0 to 7; 7 stands for "7 or more".
    pub frequency: u32,
    /// Customers in the bucket.
    pub customers: usize,
    /// Mean actual purchases in the holdout period.
    pub actual: f64,
    /// Mean purchases the model predicted for the holdout period.
    pub predicted: f64,
}

/// Compares predicted with actual holdout purchases, by calibration frequency
/// 0, 1, …, 6, 7+ (empty buckets are left out). `calibration` and `holdout`
/// are aligned, as returned by [`crate::calibration_and_holdout`].
pub fn holdout_table<M: PurchaseModel>(
    model: &M,
    calibration: &[CustomerSummary],
    holdout: &[HoldoutSummary],
) -> Vec<HoldoutRow> {
    let mut acc: BTreeMap<u32, (usize, f64, f64)> = BTreeMap::new();
    for (c, h) in calibration.iter().zip(holdout) {
        let e = acc.entry(c.frequency.min(7)).or_default();
        e.0 += 1;
        e.1 += h.frequency as f64;
        e.2 += model.expected_purchases(h.duration, c.frequency, c.recency, c.t);
    }
    acc.into_iter()
        .map(|(frequency, (n, a, p))| HoldoutRow {
            frequency,
            customers: n,
            actual: a / n as f64,
            predicted: p / n as f64,
        })
        .collect()
}

/// One point of [`tracking_series`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackingPoint {
    /// Period number, 1 for the first period after the earliest first purchase.
    pub period: u32,
    /// Last day of the period (inclusive).
    pub end_date: NaiveDate,
    /// Cumulative actual repeat purchases (purchase days after each customer's first) up to `end_date`.
    pub actual: f64,
    /// Cumulative repeat purchases the model expects up to `end_date`.
    pub predicted: f64,
}

/// Cumulative repeat purchases, actual against predicted, period by period
/// from the earliest first purchase until `end`, for the customers whose first
/// purchase is on or before `calibration_end` (the fitted cohort).
pub fn tracking_series<M: PurchaseModel>(
    model: &M,
    transactions: &[Transaction],
    calibration_end: NaiveDate,
    end: NaiveDate,
    period: Period,
) -> Result<Vec<TrackingPoint>> {
    let customers: Vec<_> = purchase_days(transactions)
        .into_iter()
        .filter(|c| c.days[0].0 <= calibration_end)
        .collect();
    let start = customers.iter().map(|c| c.days[0].0).min().ok_or_else(|| {
        Error::NoData(format!("no customer bought on or before {calibration_end}"))
    })?;
    if end < start {
        return Err(Error::InvalidOption {
            name: "end",
            reason: format!("must not be before the first purchase {start}"),
        });
    }
    let mut first_days: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut repeat_days: Vec<NaiveDate> = Vec::new();
    for c in &customers {
        *first_days.entry(c.days[0].0).or_default() += 1.0;
        repeat_days.extend(c.days[1..].iter().map(|d| d.0).filter(|d| *d <= end));
    }
    repeat_days.sort_unstable();
    let step = period.days() as u64;
    let total_days = (end - start).num_days() as u64 + 1;
    let periods = total_days.div_ceil(step);
    let mut out = Vec::with_capacity(periods as usize);
    let mut seen = 0usize;
    for k in 1..=periods {
        let end_date = (start + Days::new(k * step - 1)).min(end);
        while seen < repeat_days.len() && repeat_days[seen] <= end_date {
            seen += 1;
        }
        let predicted = first_days
            .range(..=end_date)
            .map(|(f, n)| {
                n * model
                    .expected_purchases_new_customer(period.from_days((end_date - *f).num_days()))
            })
            .sum();
        out.push(TrackingPoint {
            period: k as u32,
            end_date,
            actual: seen as f64,
            predicted,
        });
    }
    Ok(out)
}
