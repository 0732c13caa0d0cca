//! The customer-value overview of a shop: RFM segments with their share of
//! revenue, historical value and predicted lifetime value, what a new
//! customer like them may cost, and cohort retention.
use crate::acquisition::{max_acquisition_cost, AcquisitionBudget};
use crate::data::Transaction;
use crate::error::Result;
use crate::history::{cohort_retention, CohortRow};
use crate::report::{predict, PredictOptions};
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
    /// Cohort retention by first-order month.
    pub cohorts: Vec<CohortRow>,
    /// Per customer: (id, segment id, CLV), for exports.
    #[serde(skip)]
    pub customer_segments: Vec<(String, &'static str, f64)>,
}

/// Builds the overview of `transactions` as of the day after the last one.
/// When the models cannot be fitted (too few repeat buyers), CLVs are 0
/// and the RFM part still stands.
pub fn value_overview(
    transactions: &[Transaction],
    options: PredictOptions,
) -> Result<ValueOverview> {
    let last = transactions.iter().map(|t| t.date).max().ok_or_else(|| {
        crate::Error::NoData("there are no orders with a known customer yet".into())
    })?;
    let reference_date = last.succ_opt().unwrap_or(last);
    let scores = rfm(transactions, reference_date)?;
    let clv: HashMap<String, f64> = match predict(transactions, options) {
        Ok(p) => p.into_iter().map(|c| (c.customer_id, c.clv)).collect(),
        Err(_) => HashMap::new(),
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
    Ok(ValueOverview {
        reference_date,
        customers: scores.len(),
        average_clv,
        acquisition: max_acquisition_cost(average_clv, 1.0)?,
        segments,
        cohorts: cohort_retention(transactions)?,
        customer_segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
