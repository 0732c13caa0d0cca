//! The customer-value overview of a shop: RFM segments with their share of
//! revenue, historical value and predicted lifetime value, what a new
//! customer like them may cost, how lifetime value is spread, how far the
//! models behind it can be trusted, and cohort retention.
use crate::acquisition::{max_acquisition_cost, AcquisitionBudget};
use crate::bgnbd::BgNbd;
use crate::data::{summarize, validate, Transaction};
use crate::diagnostics::{holdout_check, repeat_shortfall, shortfall_of, Diagnostics};
use crate::distribution::{clv_distribution, ClvDistribution};
use crate::error::Result;
use crate::gamma_gamma::GammaGamma;
use crate::history::{cohort_retention, CohortRow};
use crate::report::{score, PredictOptions};
use crate::rfm::{rfm, Segment};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One segment of the overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSummary {
    /// The segment's id (`champions`, …).
    pub segment: &'static str,
    /// Customers in it.
    pub customers: usize,
    /// Their orders.
    pub orders: u64,
    /// Their spend so far.
    pub revenue: f64,
    /// revenue ÷ all customers' revenue, in %.
    pub revenue_share: f64,
    /// Spend so far per customer.
    pub average_value: f64,
    /// Mean predicted lifetime value (discounted margin over the horizon).
    pub average_clv: f64,
    /// What a new customer like these may cost.
    pub acquisition: AcquisitionBudget,
}

/// The whole overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueOverview {
    /// The reference date (the day after the last order).
    pub reference_date: NaiveDate,
    /// Customers with orders.
    pub customers: usize,
    /// Mean predicted lifetime value over all customers.
    pub average_clv: f64,
    /// What a new customer may cost, on average.
    pub acquisition: AcquisitionBudget,
    /// Segments with customers, in the order of [`Segment::ALL`].
    pub segments: Vec<SegmentSummary>,
    /// How lifetime value is spread over the customers.
    pub clv_distribution: ClvDistribution,
    /// The fitted models and their check on a holdout period.
    pub diagnostics: Diagnostics,
    /// Cohort retention by first-order month.
    pub cohorts: Vec<CohortRow>,
    /// Per customer: (id, segment id, CLV), for exports.
    #[serde(skip)]
    pub customer_segments: Vec<(String, &'static str, f64)>,
}

/// Builds the overview of `transactions` as of the day after the last one.
/// When the models cannot be fitted (too few repeat buyers), CLVs are 0,
/// [`Diagnostics`] says why, and the RFM part still stands.
pub fn value_overview(
    transactions: &[Transaction],
    options: PredictOptions,
) -> Result<ValueOverview> {
    let last = transactions.iter().map(|t| t.date).max().ok_or_else(|| {
        crate::Error::NoData("there are no orders with a known customer yet".into())
    })?;
    validate(transactions)?;
    let reference_date = last.succ_opt().unwrap_or(last);
    let scores = rfm(transactions, reference_date)?;
    // The models are fitted once here (not through `predict`) so their
    // parameters can be shown next to the values they give.
    let summaries = summarize(
        transactions,
        options.calibration_end.unwrap_or(last),
        options.period,
    );
    let bgnbd = BgNbd::fit(&summaries);
    let gamma_gamma = GammaGamma::fit(&summaries);
    let why = |e: &crate::Error| repeat_shortfall(&summaries).unwrap_or_else(|| shortfall_of(e));
    let (predictions, models_unavailable) = match (&bgnbd, &gamma_gamma) {
        (Ok(bg), Ok(gg)) => match score(&summaries, &bg.params, &gg.params, &options) {
            Ok(p) => (p, None),
            Err(e) => (Vec::new(), Some(why(&e))),
        },
        (Err(e), _) | (_, Err(e)) => (Vec::new(), Some(why(e))),
    };
    let clv: HashMap<String, f64> = predictions
        .into_iter()
        .map(|c| (c.customer_id, if c.clv.is_finite() { c.clv } else { 0.0 }))
        .collect();
    let (holdout, holdout_unavailable) = match holdout_check(transactions) {
        Ok(h) => (Some(h), None),
        Err(s) => (None, Some(s)),
    };
    let diagnostics = Diagnostics {
        bgnbd: bgnbd.ok(),
        gamma_gamma: gamma_gamma.ok(),
        models_unavailable,
        holdout,
        holdout_unavailable,
    };
    let total: f64 = scores.iter().map(|s| s.monetary).sum();
    let mut acc: HashMap<Segment, (usize, u64, f64, f64)> = HashMap::new();
    let mut customer_segments = Vec::with_capacity(scores.len());
    for s in &scores {
        let v = clv.get(&s.customer_id).copied().unwrap_or(0.0);
        let e = acc.entry(s.segment).or_default();
        e.0 += 1;
        e.1 += s.frequency as u64;
        e.2 += s.monetary;
        e.3 += v;
        customer_segments.push((s.customer_id.clone(), s.segment.id(), v));
    }
    let mut segments = Vec::new();
    for seg in Segment::ALL {
        if let Some((n, orders, revenue, clv_sum)) = acc.get(&seg) {
            let average_clv = clv_sum / *n as f64;
            segments.push(SegmentSummary {
                segment: seg.id(),
                customers: *n,
                orders: *orders,
                revenue: *revenue,
                revenue_share: if total > 0.0 {
                    revenue / total * 100.0
                } else {
                    0.0
                },
                average_value: revenue / *n as f64,
                average_clv,
                acquisition: max_acquisition_cost(average_clv, 1.0)?,
            });
        }
    }
    let average_clv = if scores.is_empty() {
        0.0
    } else {
        clv.values().sum::<f64>() / scores.len() as f64
    };
    let all_clv: Vec<f64> = customer_segments.iter().map(|c| c.2).collect();
    Ok(ValueOverview {
        reference_date,
        customers: scores.len(),
        average_clv,
        acquisition: max_acquisition_cost(average_clv, 1.0)?,
        segments,
        clv_distribution: clv_distribution(&all_clv),
        diagnostics,
        cohorts: cohort_retention(transactions)?,
        customer_segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Shortfall;

    fn t(id: &str, date: &str, amount: f64) -> Transaction {
        Transaction {
            customer_id: id.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            amount,
        }
    }

    #[test]
    fn segments_add_up_to_the_customers_and_their_revenue() {
        let mut tx = Vec::new();
        for c in 0..40 {
            for k in 0..(c % 5) + 1 {
                tx.push(t(
                    &format!("c{c}"),
                    &format!("2026-{:02}-{:02}", 1 + (c + k * 2) % 12, 1 + c % 27),
                    10.0 + c as f64,
                ));
            }
        }
        let o = value_overview(&tx, PredictOptions::default()).unwrap();
        assert_eq!(o.customers, 40);
        assert_eq!(o.segments.iter().map(|s| s.customers).sum::<usize>(), 40);
        let share: f64 = o.segments.iter().map(|s| s.revenue_share).sum();
        assert!((share - 100.0).abs() < 1e-9, "{share}");
        let revenue: f64 = o.segments.iter().map(|s| s.revenue).sum();
        let expected: f64 = tx.iter().map(|t| t.amount).sum();
        assert!((revenue - expected).abs() < 1e-6);
        let last = tx.iter().map(|t| t.date).max().unwrap();
        assert_eq!(o.reference_date, last.succ_opt().unwrap());
        assert!(o
            .segments
            .iter()
            .all(|s| s.average_clv.is_finite() && s.average_clv >= 0.0));
        assert!(!o.cohorts.is_empty());
        assert!(value_overview(&[], PredictOptions::default()).is_err());
    }

    /// Every `null` in the JSON is an absent option, never a NaN (which
    /// `serde_json` writes as `null`).
    fn assert_no_nan(o: &ValueOverview) {
        const OPTIONAL: [&str; 8] = [
            "top10_share",
            "top20_share",
            "bgnbd",
            "gamma_gamma",
            "models_unavailable",
            "holdout",
            "holdout_unavailable",
            "to",
        ];
        fn walk(v: &serde_json::Value, key: &str) {
            match v {
                serde_json::Value::Null => {
                    assert!(OPTIONAL.contains(&key), "{key} is null (NaN?)")
                }
                serde_json::Value::Number(n) => {
                    assert!(n.as_f64().is_some_and(f64::is_finite), "{key}")
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key)),
                serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k)),
                _ => {}
            }
        }
        walk(&serde_json::to_value(o).unwrap(), "");
        assert!(o.customer_segments.iter().all(|c| c.2.is_finite()));
    }

    #[test]
    fn one_customer_gets_reasons_instead_of_numbers() {
        let o =
            value_overview(&[t("solo", "2026-01-05", 20.0)], PredictOptions::default()).unwrap();
        assert_eq!(o.customers, 1);
        assert_eq!(o.average_clv, 0.0);
        let d = &o.diagnostics;
        assert_eq!(d.models_unavailable, Some(Shortfall::NoRepeatBuyers));
        assert_eq!(d.holdout_unavailable, Some(Shortfall::ShortHistory));
        assert!(d.bgnbd.is_none() && d.holdout.is_none());
        assert_eq!(o.clv_distribution.top10_share, None);
        assert_no_nan(&o);
        // One customer who did come back: still too little to fit on.
        let tx = [
            t("solo", "2026-01-05", 20.0),
            t("solo", "2026-02-05", 25.0),
            t("solo", "2026-03-05", 30.0),
        ];
        let o = value_overview(&tx, PredictOptions::default()).unwrap();
        assert_eq!(
            o.diagnostics.models_unavailable,
            Some(Shortfall::TooLittleData)
        );
        assert_no_nan(&o);
    }

    #[test]
    fn without_repeat_buyers_neither_model_nor_check_runs() {
        // Sixty customers over 30 weeks, each ordering once.
        let first = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let tx: Vec<Transaction> = (0..60)
            .map(|i| Transaction {
                customer_id: format!("c{i}"),
                date: first + chrono::Days::new(i * 7 / 2),
                amount: 10.0 + i as f64,
            })
            .collect();
        let o = value_overview(&tx, PredictOptions::default()).unwrap();
        assert_eq!(
            o.diagnostics.models_unavailable,
            Some(Shortfall::NoRepeatBuyers)
        );
        assert_eq!(
            o.diagnostics.holdout_unavailable,
            Some(Shortfall::NoRepeatBuyers),
            "30 weeks are enough to hold some back, but nobody came back"
        );
        assert!(o.segments.iter().all(|s| s.average_clv == 0.0));
        assert_no_nan(&o);
    }

    /// A year of orders of 400 customers who buy and drop out the way the
    /// BG/NBD model assumes, with a fixed pseudo-random sequence: each
    /// first buys in the first half year, then after exponential gaps
    /// (a mean of 7 to 127 days, differing per customer) until they drop
    /// out, after each purchase with a probability of 0 to 60 %.
    fn year_of_orders() -> Vec<Transaction> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = move || {
            // xorshift64: deterministic, good enough to spread customers.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let first = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        let last = first + chrono::Days::new(364);
        let mut tx = Vec::new();
        for i in 0..400 {
            let mean_gap = 7.0 + 120.0 * uniform().powi(2);
            let drop = 0.6 * uniform().powi(2);
            let mut day = first + chrono::Days::new((uniform() * 180.0) as u64);
            let mut k = 0;
            while day <= last {
                tx.push(Transaction {
                    customer_id: format!("c{i:03}"),
                    date: day,
                    amount: 10.0 + (i % 17) as f64 * 3.0 + k as f64,
                });
                k += 1;
                if uniform() < drop {
                    break;
                }
                let gap = -(1.0 - uniform()).ln() * mean_gap;
                day = day + chrono::Days::new(gap.ceil() as u64);
            }
        }
        tx
    }

    #[test]
    fn the_holdout_buckets_add_up_to_the_calibration_customers() {
        let tx = year_of_orders();
        let o = value_overview(&tx, PredictOptions::default()).unwrap();
        assert_no_nan(&o);
        let d = &o.diagnostics;
        assert_eq!(d.models_unavailable, None, "{d:?}");
        assert!(d.bgnbd.is_some() && d.gamma_gamma.is_some());
        let h = d
            .holdout
            .as_ref()
            .unwrap_or_else(|| panic!("a year of orders is enough: {d:?}"));
        // The span runs from the first to the last order actually placed.
        let first = tx.iter().map(|t| t.date).min().unwrap();
        let last = tx.iter().map(|t| t.date).max().unwrap();
        let (end, weeks) = crate::holdout_split(first, last).unwrap();
        assert_eq!((h.calibration_end, h.holdout_weeks), (end, weeks));
        assert_eq!(h.observation_end, last);
        // Counted straight from the orders: customers who had bought by the
        // calibration end, and their purchase days after it.
        let mut firsts: HashMap<&str, NaiveDate> = HashMap::new();
        for t in &tx {
            let f = firsts.entry(&t.customer_id).or_insert(t.date);
            *f = (*f).min(t.date);
        }
        let in_check = |id: &str| firsts[id] <= end;
        let customers = firsts.keys().filter(|id| in_check(id)).count();
        let mut days: Vec<(&str, NaiveDate)> = tx
            .iter()
            .filter(|t| in_check(&t.customer_id))
            .map(|t| (t.customer_id.as_str(), t.date))
            .collect();
        days.sort_unstable();
        days.dedup();
        let after = days.iter().filter(|(_, d)| *d > end).count();
        let repeats = days.len() - customers;
        assert_eq!(h.customers, customers);
        assert_eq!(h.rows.iter().map(|r| r.customers).sum::<usize>(), customers);
        assert_eq!(h.actual_purchases.round() as usize, after);
        let buckets: Vec<u32> = h.rows.iter().map(|r| r.frequency).collect();
        assert!(buckets.windows(2).all(|w| w[0] < w[1]) && buckets[buckets.len() - 1] <= 7);
        assert!(h.predicted_purchases > 0.0);
        // The tracking series ends with every repeat purchase of those customers.
        let end_point = h.tracking.last().unwrap();
        assert_eq!(end_point.end_date, last);
        assert_eq!(end_point.actual as usize, repeats);
        // The distribution counts every customer once.
        let dist = &o.clv_distribution;
        assert_eq!(dist.customers, 400);
        assert_eq!(dist.bands.iter().map(|b| b.customers).sum::<usize>(), 400);
        assert!(dist.p50 <= dist.p90 && dist.p90 <= dist.p99);
    }
}
