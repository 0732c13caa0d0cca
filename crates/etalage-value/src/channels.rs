//! What a customer brought in through each acquisition channel is worth,
//! against what a new one costs there now.
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::acquisition::{max_acquisition_cost, AcquisitionBudget, CacVerdict};
use crate::error::Result;

/// A customer and the channel that brought them: the channel of their
/// first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcquiredCustomer {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// The acquisition channel (`paid_search`, `marketplace`, …).
    pub channel: String,
    /// Whether the first order falls in the period of `spend`.
    pub new_in_period: bool,
}

/// One acquisition channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelValue {
    /// The channel.
    pub channel: String,
    /// Customers whose first order came through it, ever.
    pub customers: usize,
    /// Their mean predicted lifetime value.
    pub average_clv: f64,
    /// What a new customer from this channel may cost.
    pub acquisition: AcquisitionBudget,
    /// Customers whose first order came through it in the spend period.
    pub new_customers: usize,
    /// Marketing spend on the channel in that period (0 when none).
    pub spend: f64,
    /// spend ÷ new customers; `None` without spend or without new customers.
    pub cac: Option<f64>,
    /// The budget against the CAC; `None` without spend. Spend without a
    /// single new customer is unprofitable.
    pub verdict: Option<CacVerdict>,
}

/// Groups customers by acquisition channel, with their mean CLV (`clv`
/// per customer id; missing ones count as 0, as do values that are not
/// finite or below 0) and the spend per channel over a period, most spend
/// first, then most customers, then by name. Channels with spend but no
/// customers are listed too.
pub fn channel_values(
    acquired: &[AcquiredCustomer],
    clv: &HashMap<String, f64>,
    spend: &[(String, f64)],
) -> Result<Vec<ChannelValue>> {
    // (customers, Σ CLV, new customers, spend)
    let mut acc: BTreeMap<&str, (usize, f64, usize, f64)> = BTreeMap::new();
    for a in acquired {
        let v = clv
            .get(&a.customer_id)
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(0.0);
        let e = acc.entry(a.channel.as_str()).or_default();
        e.0 += 1;
        e.1 += v;
        e.2 += usize::from(a.new_in_period);
    }
    for (channel, amount) in spend {
        if amount.is_finite() && *amount > 0.0 {
            acc.entry(channel.as_str()).or_default().3 += amount;
        }
    }
    let mut out = acc
        .into_iter()
        .map(|(channel, (n, clv_sum, new, spend))| {
            let average_clv = if n > 0 { clv_sum / n as f64 } else { 0.0 };
            let acquisition = max_acquisition_cost(average_clv, 1.0)?;
            let cac = (spend > 0.0 && new > 0).then(|| spend / new as f64);
            let verdict = match cac {
                Some(c) => Some(acquisition.verdict(c)?),
                None if spend > 0.0 => Some(CacVerdict::Unprofitable),
                None => None,
            };
            Ok(ChannelValue {
                channel: channel.to_string(),
                customers: n,
                average_clv,
                acquisition,
                new_customers: new,
                spend,
                cac,
                verdict,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| {
        b.spend
            .total_cmp(&a.spend)
            .then(b.customers.cmp(&a.customers))
            .then(a.channel.cmp(&b.channel))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: &str, channel: &str, new: bool) -> AcquiredCustomer {
        AcquiredCustomer {
            customer_id: id.into(),
            channel: channel.into(),
            new_in_period: new,
        }
    }

    #[test]
    fn channels_average_their_customers_and_judge_their_spend() {
        let acquired = [
            a("ann", "paid_search", true),
            a("bob", "paid_search", false),
            a("cas", "paid_search", true),
            a("dirk", "organic_search", true),
            a("eva", "marketplace", false),
        ];
        let clv: HashMap<String, f64> = [
            ("ann", 90.0),
            ("bob", 30.0),
            ("cas", 60.0),
            ("dirk", 12.0),
            ("eva", f64::NAN),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let spend = [
            ("paid_search".to_string(), 40.0),
            ("paid_social".to_string(), 25.0),
        ];
        let c = channel_values(&acquired, &clv, &spend).unwrap();
        let names: Vec<&str> = c.iter().map(|c| c.channel.as_str()).collect();
        assert_eq!(
            names,
            [
                "paid_search",
                "paid_social",
                "marketplace",
                "organic_search"
            ],
            "most spend first, then most customers, then by name"
        );
        // Paid search: (90 + 30 + 60) / 3 = 60; €40 for 2 new = €20 each;
        // 60 ≥ 3 × 20 → healthy.
        assert_eq!((c[0].customers, c[0].new_customers), (3, 2));
        assert_eq!(c[0].average_clv, 60.0);
        assert_eq!(c[0].acquisition.max_acquisition_cost, 60.0);
        assert_eq!(c[0].cac, Some(20.0));
        assert_eq!(c[0].verdict, Some(CacVerdict::Healthy));
        // Paid social: spend, nobody brought in.
        assert_eq!((c[1].customers, c[1].spend, c[1].cac), (0, 25.0, None));
        assert_eq!(c[1].average_clv, 0.0);
        assert_eq!(c[1].verdict, Some(CacVerdict::Unprofitable));
        // No spend, no verdict; a NaN CLV counts as 0.
        assert_eq!((c[2].average_clv, c[2].verdict), (0.0, None));
        assert_eq!((c[3].average_clv, c[3].cac), (12.0, None));
        let weighted: f64 = c.iter().map(|c| c.average_clv * c.customers as f64).sum();
        assert_eq!(weighted, 192.0, "every customer once");
    }
}
