//! What customers have been worth so far, and how cohorts keep buying.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::data::Transaction;
use crate::error::{Error, Result};
use crate::rfm::{RfmScore, Segment};

/// Historical value of one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerValue {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Number of orders (transaction rows).
    pub orders: u32,
    /// Sum of order amounts.
    pub total_spend: f64,
    /// `total_spend / orders`.
    pub average_order_value: f64,
    /// Day of the first order.
    pub first_order: NaiveDate,
    /// Day of the last order.
    pub last_order: NaiveDate,
}

/// Historical value of each customer, sorted by customer id.
pub fn customer_value(transactions: &[Transaction]) -> Vec<CustomerValue> {
    let mut acc: HashMap<&str, CustomerValue> = HashMap::new();
    for t in transactions {
        let e = acc.entry(&t.customer_id).or_insert_with(|| CustomerValue {
            customer_id: t.customer_id.clone(),
            orders: 0,
            total_spend: 0.0,
            average_order_value: 0.0,
            first_order: t.date,
            last_order: t.date,
        });
        e.orders += 1;
        e.total_spend += t.amount;
        e.first_order = e.first_order.min(t.date);
        e.last_order = e.last_order.max(t.date);
    }
    let mut v: Vec<CustomerValue> = acc
        .into_values()
        .map(|mut c| {
            c.average_order_value = c.total_spend / c.orders as f64;
            c
        })
        .collect();
    v.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    v
}

/// Historical value of one RFM segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentValue {
    /// The segment.
    pub segment: Segment,
    /// Customers in it.
    pub customers: usize,
    /// Their orders.
    pub orders: u64,
    /// Their total spend.
    pub total_spend: f64,
    /// Total spend per customer.
    pub average_spend_per_customer: f64,
    /// Orders per customer.
    pub average_orders_per_customer: f64,
}

/// Totals and averages per RFM segment (segments without customers are left
/// out), in the order of [`Segment::ALL`].
pub fn segment_value(scores: &[RfmScore]) -> Vec<SegmentValue> {
    let mut acc: BTreeMap<Segment, (usize, u64, f64)> = BTreeMap::new();
    for s in scores {
        let e = acc.entry(s.segment).or_default();
        e.0 += 1;
        e.1 += s.frequency as u64;
        e.2 += s.monetary;
    }
    acc.into_iter()
        .map(|(segment, (n, orders, spend))| SegmentValue {
            segment,
            customers: n,
            orders,
            total_spend: spend,
            average_spend_per_customer: spend / n as f64,
            average_orders_per_customer: orders as f64 / n as f64,
        })
        .collect()
}

/// One cohort (customers whose first order fell in the same month).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// First-order month, `YYYY-MM`.
    pub cohort: String,
    /// Customers in the cohort.
    pub customers: usize,
    /// `active[k]`: cohort customers with an order in month k after the first (k = 0 is the first month: everybody).
    pub active: Vec<usize>,
    /// `active[k] / customers`.
    pub share: Vec<f64>,
}

/// Cohort retention by first-order month: for each cohort, the customers
/// active (with at least one order) in each calendar month since, up to the
/// month of the last transaction.
pub fn cohort_retention(transactions: &[Transaction]) -> Result<Vec<CohortRow>> {
    let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let last = transactions
        .iter()
        .map(|t| month(t.date))
        .max()
        .ok_or_else(|| Error::NoData("there are no transactions; import orders first".into()))?;
    let mut by_customer: HashMap<&str, Vec<i32>> = HashMap::new();
    for t in transactions {
        by_customer
            .entry(&t.customer_id)
            .or_default()
            .push(month(t.date));
    }
    let mut cohorts: BTreeMap<i32, (usize, Vec<usize>)> = BTreeMap::new();
    for months in by_customer.values_mut() {
        months.sort_unstable();
        months.dedup();
        let first = months[0];
        let e = cohorts
            .entry(first)
            .or_insert_with(|| (0, vec![0; (last - first + 1) as usize]));
        e.0 += 1;
        for m in months.iter() {
            e.1[(m - first) as usize] += 1;
        }
    }
    Ok(cohorts
        .into_iter()
        .map(|(m, (n, active))| CohortRow {
            cohort: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            customers: n,
            share: active.iter().map(|a| *a as f64 / n as f64).collect(),
            active,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tx(c: &str, date: &str, amount: f64) -> Transaction {
        Transaction {
            customer_id: c.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            amount,
        }
    }

    #[test]
    fn customer_value_totals_and_averages() {
        let t = vec![
            tx("b", "2024-02-01", 5.0),
            tx("a", "2024-01-03", 10.0),
            tx("a", "2024-01-01", 20.0),
        ];
        let v = customer_value(&t);
        assert_eq!(v[0].customer_id, "a");
        assert_eq!(
            (v[0].orders, v[0].total_spend, v[0].average_order_value),
            (2, 30.0, 15.0)
        );
        assert_eq!(
            v[0].first_order,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
        assert_eq!(v[1].orders, 1);
    }

    #[test]
    fn cohort_matrix_hand_computed() {
        let t = vec![
            tx("a", "2024-01-05", 1.0),
            tx("a", "2024-01-20", 1.0),
            tx("a", "2024-03-01", 1.0),
            tx("b", "2024-01-31", 1.0),
            tx("b", "2024-02-01", 1.0),
            tx("c", "2024-02-10", 1.0),
            tx("c", "2024-03-10", 1.0),
        ];
        let c = cohort_retention(&t).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].cohort.as_str(), c[0].customers), ("2024-01", 2));
        assert_eq!(c[0].active, vec![2, 1, 1]);
        assert_eq!(c[0].share, vec![1.0, 0.5, 0.5]);
        assert_eq!(
            (c[1].cohort.as_str(), c[1].active.clone()),
            ("2024-02", vec![1, 1])
        );
        assert!(cohort_retention(&[]).is_err());
    }

    #[test]
    fn segment_value_sums_by_segment() {
        let s = crate::rfm::rfm(
            &[
                tx("a", "2024-01-01", 10.0),
                tx("a", "2024-01-02", 30.0),
                tx("b", "2024-01-01", 5.0),
            ],
            NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
        )
        .unwrap();
        let v = segment_value(&s);
        assert_eq!(v.iter().map(|x| x.customers).sum::<usize>(), 2);
        assert_eq!(v.iter().map(|x| x.total_spend).sum::<f64>(), 45.0);
    }
}
