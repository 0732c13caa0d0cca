//! Transactions in, per-customer summaries out.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One order: who bought, on which day, for how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Day of the order.
    pub date: NaiveDate,
    /// Order value (non-negative, in the shop's currency).
    pub amount: f64,
}

/// Unit of time the models count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// One day.
    Day,
    /// One week; durations are days / 7 (fractional weeks, not calendar weeks).
    #[default]
    Week,
}

impl Period {
    /// Length of one period in days.
    pub fn days(self) -> f64 {
        match self {
            Period::Day => 1.0,
            Period::Week => 7.0,
        }
    }

    /// Converts a whole number of days into periods.
    pub fn from_days(self, days: i64) -> f64 {
        days as f64 / self.days()
    }
}

impl std::str::FromStr for Period {
    type Err = Error;

    /// Parses `day` or `week`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "days" | "d" => Ok(Period::Day),
            "week" | "weeks" | "w" => Ok(Period::Week),
            _ => Err(Error::InvalidOption {
                name: "period",
                reason: format!("unknown period `{s}`; use day or week"),
            }),
        }
    }
}

/// Per-customer summary in the convention of `lifetimes`'
/// `summary_data_from_transaction_data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Number of repeat purchase days: distinct purchase days − 1.
    pub frequency: u32,
    /// Time from the first to the last purchase, in periods.
    pub recency: f64,
    /// Time from the first purchase to the calibration end, in periods.
    pub t: f64,
    /// Mean amount of the repeat purchase days (same-day orders summed); 0 when frequency is 0.
    pub monetary_value: f64,
}

/// What a customer did after the calibration end, for holdout checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutSummary {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Number of distinct purchase days in (calibration end, observation end].
    pub frequency: u32,
    /// Mean amount of those purchase days; 0 when there were none.
    pub monetary_value: f64,
    /// Length of the holdout period, in periods.
    pub duration: f64,
}

/// Reads a CSV with the header `customer_id,date,amount` (any column order;
/// extra columns are ignored), dates as `YYYY-MM-DD`.
///
/// Errors name the line (the header is line 1) and the field, and say how to
/// fix the file.
pub fn read_transactions_csv<R: Read>(reader: R) -> Result<Vec<Transaction>> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(reader);
    let header_err = |problem: String| Error::Csv {
        line: 1,
        field: "header".into(),
        problem,
        hint: "the first line must be the header `customer_id,date,amount`".into(),
    };
    let headers = rdr
        .headers()
        .map_err(|e| header_err(format!("cannot read the header ({e})")))?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or_else(|| header_err(format!("column `{name}` is missing")))
    };
    let (ci, di, ai) = (find("customer_id")?, find("date")?, find("amount")?);
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line_hint = rdr.position().line() + 1;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line_hint);
                return Err(Error::Csv {
                    line,
                    field: "row".into(),
                    problem: format!("cannot read the row ({e})"),
                    hint: "every row needs the same number of fields as the header; quote values that contain commas".into(),
                });
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line_hint);
        let customer_id = record.get(ci).unwrap_or("").to_string();
        if customer_id.is_empty() {
            return Err(Error::Csv {
                line,
                field: "customer_id".into(),
                problem: "is empty".into(),
                hint: "give every order the identifier of the customer who placed it".into(),
            });
        }
        let raw_date = record.get(di).unwrap_or("");
        let date = NaiveDate::parse_from_str(raw_date, "%Y-%m-%d").map_err(|_| Error::Csv {
            line,
            field: "date".into(),
            problem: format!("`{raw_date}` is not a date"),
            hint: "write dates as YYYY-MM-DD, for example 2024-03-31".into(),
        })?;
        let raw_amount = record.get(ai).unwrap_or("");
        let amount: f64 = raw_amount
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| Error::Csv {
                line,
                field: "amount".into(),
                problem: format!("`{raw_amount}` is not a non-negative number"),
                hint: "write amounts with a dot as decimal separator and no currency sign, for example 12.50; leave refunds out".into(),
            })?;
        out.push(Transaction {
            customer_id,
            date,
            amount,
        });
    }
    Ok(out)
}

/// A customer's purchase days (same-day orders merged, amounts summed), sorted.
pub(crate) struct CustomerDays<'a> {
    pub customer_id: &'a str,
    pub days: Vec<(NaiveDate, f64)>,
}

/// Groups transactions by customer and merges same-day orders; customers are
/// returned sorted by id so every output of this crate is deterministic.
pub(crate) fn purchase_days(transactions: &[Transaction]) -> Vec<CustomerDays<'_>> {
    let mut by_customer: HashMap<&str, Vec<(NaiveDate, f64)>> = HashMap::new();
    for tx in transactions {
        by_customer
            .entry(tx.customer_id.as_str())
            .or_default()
            .push((tx.date, tx.amount));
    }
    let mut out: Vec<CustomerDays<'_>> = by_customer
        .into_iter()
        .map(|(customer_id, mut v)| {
            v.sort_by_key(|&(d, _)| d);
            let mut days: Vec<(NaiveDate, f64)> = Vec::with_capacity(v.len());
            for (d, a) in v {
                match days.last_mut() {
                    Some(last) if last.0 == d => last.1 += a,
                    _ => days.push((d, a)),
                }
            }
            CustomerDays { customer_id, days }
        })
        .collect();
    out.sort_unstable_by(|a, b| a.customer_id.cmp(b.customer_id));
    out
}

/// Rejects transactions that [`read_transactions_csv`] would have rejected
/// (built some other way): every amount must be finite and non-negative, and
/// every customer id non-empty, so no NaN can reach a result.
pub(crate) fn validate(transactions: &[Transaction]) -> Result<()> {
    for (i, t) in transactions.iter().enumerate() {
        if !(t.amount.is_finite() && t.amount >= 0.0) || t.customer_id.is_empty() {
            return Err(Error::InvalidOption {
                name: "transactions",
                reason: format!(
                    "transaction {} (customer `{}`, {}) has amount {}; amounts must be finite and \
                     non-negative and customer ids non-empty",
                    i + 1,
                    t.customer_id,
                    t.date,
                    t.amount
                ),
            });
        }
    }
    Ok(())
}

/// Latest transaction date, or an error when there are no transactions.
pub(crate) fn last_date(transactions: &[Transaction]) -> Result<NaiveDate> {
    transactions
        .iter()
        .map(|t| t.date)
        .max()
        .ok_or_else(|| Error::NoData("there are no transactions; import orders first".into()))
}

/// Summarises transactions up to and including `calibration_end`.
///
/// Customers whose first purchase is after `calibration_end` are left out.
/// Returns summaries sorted by customer id.
pub fn summarize(
    transactions: &[Transaction],
    calibration_end: NaiveDate,
    period: Period,
) -> Vec<CustomerSummary> {
    purchase_days(transactions)
        .into_iter()
        .filter_map(|c| summarize_days(&c, calibration_end, period))
        .collect()
}

fn summarize_days(
    c: &CustomerDays<'_>,
    calibration_end: NaiveDate,
    period: Period,
) -> Option<CustomerSummary> {
    let first = c.days.first()?.0;
    if first > calibration_end {
        return None;
    }
    let upto: Vec<&(NaiveDate, f64)> = c
        .days
        .iter()
        .take_while(|d| d.0 <= calibration_end)
        .collect();
    let last = upto.last()?.0;
    let frequency = (upto.len() - 1) as u32;
    let monetary_value = if frequency == 0 {
        0.0
    } else {
        upto[1..].iter().map(|d| d.1).sum::<f64>() / frequency as f64
    };
    Some(CustomerSummary {
        customer_id: c.customer_id.to_string(),
        frequency,
        recency: period.from_days((last - first).num_days()),
        t: period.from_days((calibration_end - first).num_days()),
        monetary_value,
    })
}

/// Calibration summaries plus what each of those customers did in
/// (`calibration_end`, `observation_end`]; the two vectors are aligned.
pub fn calibration_and_holdout(
    transactions: &[Transaction],
    calibration_end: NaiveDate,
    observation_end: NaiveDate,
    period: Period,
) -> Result<(Vec<CustomerSummary>, Vec<HoldoutSummary>)> {
    if observation_end <= calibration_end {
        return Err(Error::InvalidOption {
            name: "observation_end",
            reason: format!(
                "must be after the calibration end {calibration_end}, got {observation_end}"
            ),
        });
    }
    let duration = period.from_days((observation_end - calibration_end).num_days());
    let mut cal = Vec::new();
    let mut hold = Vec::new();
    for c in purchase_days(transactions) {
        let Some(s) = summarize_days(&c, calibration_end, period) else {
            continue;
        };
        let after: Vec<f64> = c
            .days
            .iter()
            .filter(|d| d.0 > calibration_end && d.0 <= observation_end)
            .map(|d| d.1)
            .collect();
        let frequency = after.len() as u32;
        hold.push(HoldoutSummary {
            customer_id: s.customer_id.clone(),
            frequency,
            monetary_value: if frequency == 0 {
                0.0
            } else {
                after.iter().sum::<f64>() / frequency as f64
            },
            duration,
        });
        cal.push(s);
    }
    Ok((cal, hold))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tx(c: &str, date: &str, amount: f64) -> Transaction {
        Transaction {
            customer_id: c.into(),
            date: d(date),
            amount,
        }
    }

    #[test]
    fn reads_csv_in_any_column_order() {
        let csv = "amount,customer_id,date,extra\n10.5,a,2024-01-02,x\n 3 , b , 2024-01-03 ,y\n";
        let t = read_transactions_csv(csv.as_bytes()).unwrap();
        assert_eq!(
            t,
            vec![tx("a", "2024-01-02", 10.5), tx("b", "2024-01-03", 3.0)]
        );
    }

    #[test]
    fn csv_errors_name_line_and_field() {
        let csv = "customer_id,date,amount\na,2024-01-02,1\nb,02/01/2024,1\n";
        let e = read_transactions_csv(csv.as_bytes()).unwrap_err();
        match &e {
            Error::Csv { line, field, .. } => {
                assert_eq!((*line, field.as_str()), (3, "date"));
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("YYYY-MM-DD"));

        let csv = "customer_id,date,amount\na,2024-01-02,12,50\n";
        assert!(matches!(
            read_transactions_csv(csv.as_bytes()).unwrap_err(),
            Error::Csv { line: 2, .. }
        ));
        let csv = "customer_id,date,amount\na,2024-01-02,-5\n";
        assert!(matches!(
            read_transactions_csv(csv.as_bytes()).unwrap_err(),
            Error::Csv { line: 2, ref field, .. } if field == "amount"
        ));
        let csv = "customer_id,date,amount\n,2024-01-02,5\n";
        assert!(matches!(
            read_transactions_csv(csv.as_bytes()).unwrap_err(),
            Error::Csv { line: 2, ref field, .. } if field == "customer_id"
        ));
        let csv = "customer,date,amount\n";
        assert!(matches!(
            read_transactions_csv(csv.as_bytes()).unwrap_err(),
            Error::Csv { line: 1, ref field, .. } if field == "header"
        ));
        assert!(
            read_transactions_csv("customer_id,date,amount\n".as_bytes())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn period_parses_from_text() {
        assert_eq!("Week".parse::<Period>().unwrap(), Period::Week);
        assert_eq!("day".parse::<Period>().unwrap(), Period::Day);
        assert!("month".parse::<Period>().is_err());
    }

    #[test]
    fn summary_follows_lifetimes_convention() {
        // Hand-computed: customer a buys on days 0, 0 (merged), 7, 21; b once; c after the end.
        let t = vec![
            tx("a", "2024-01-01", 10.0),
            tx("a", "2024-01-01", 5.0),
            tx("a", "2024-01-08", 20.0),
            tx("a", "2024-01-22", 40.0),
            tx("a", "2024-02-20", 99.0), // after calibration end
            tx("b", "2024-01-15", 7.0),
            tx("c", "2024-02-10", 1.0),
        ];
        let s = summarize(&t, d("2024-01-29"), Period::Week);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0],
            CustomerSummary {
                customer_id: "a".into(),
                frequency: 2,
                recency: 3.0,
                t: 4.0,
                monetary_value: 30.0,
            }
        );
        assert_eq!(s[1].frequency, 0);
        assert_eq!(s[1].monetary_value, 0.0);
        assert_eq!(s[1].t, 2.0);
        let s = summarize(&t, d("2024-01-29"), Period::Day);
        assert_eq!((s[0].recency, s[0].t), (21.0, 28.0));
    }

    #[test]
    fn holdout_counts_purchase_days_after_calibration() {
        let t = vec![
            tx("a", "2024-01-01", 10.0),
            tx("a", "2024-02-05", 20.0),
            tx("a", "2024-02-05", 2.0),
            tx("a", "2024-02-12", 30.0),
            tx("a", "2024-09-12", 30.0), // after observation end
            tx("b", "2024-02-01", 5.0),  // first purchase in holdout: not a calibration customer
        ];
        let (cal, hold) =
            calibration_and_holdout(&t, d("2024-01-29"), d("2024-02-26"), Period::Week).unwrap();
        assert_eq!(cal.len(), 1);
        assert_eq!(hold[0].frequency, 2);
        assert_eq!(hold[0].monetary_value, 26.0);
        assert_eq!(hold[0].duration, 4.0);
        assert!(
            calibration_and_holdout(&t, d("2024-01-29"), d("2024-01-29"), Period::Week).is_err()
        );
    }
}
