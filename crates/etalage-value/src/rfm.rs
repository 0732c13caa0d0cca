//! RFM (recency, frequency, monetary) scores and named segments.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::data::Transaction;
use crate::error::{Error, Result};

/// A customer's raw RFM values at a reference date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmValues {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Days from the last order to the reference date.
    pub recency_days: i64,
    /// Number of orders (transaction rows, not merged by day).
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
}

/// A customer's RFM values, quintile scores and segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmScore {
    /// The shop's identifier of the customer.
    pub customer_id: String,
    /// Days from the last order to the reference date.
    pub recency_days: i64,
    /// Number of orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score 1–5 (5 = bought most recently).
    pub r_score: u8,
    /// Frequency score 1–5 (5 = most orders).
    pub f_score: u8,
    /// Monetary score 1–5 (5 = highest spend).
    pub m_score: u8,
    /// Mean of F and M rounded half up: `(f_score + m_score + 1) / 2`.
    pub fm_score: u8,
    /// Named segment from (R, FM), see [`Segment`].
    pub segment: Segment,
}

/// Named RFM segments, from the recency score R and FM (mean of the frequency
/// and monetary scores, rounded half up). The map, adapted from the widely
/// used 11-segment RFM grid:
///
/// | R \ FM | 1 | 2 | 3 | 4 | 5 |
/// |---|---|---|---|---|---|
/// | 5 | new | potential_loyalists | potential_loyalists | champions | champions |
/// | 4 | promising | potential_loyalists | loyal | champions | champions |
/// | 3 | promising | need_attention | need_attention | loyal | loyal |
/// | 2 | about_to_sleep | about_to_sleep | at_risk | at_risk | cant_lose_them |
/// | 1 | lost | hibernating | at_risk | cant_lose_them | cant_lose_them |
///
/// The serialised name (snake_case) is the segment's stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Bought recently, buy often and spend the most.
    Champions,
    /// Buy regularly and spend well; respond to loyalty offers.
    Loyal,
    /// Recent customers with average frequency and spend; can become loyal.
    PotentialLoyalists,
    /// Bought very recently for the first time or little; onboard them.
    New,
    /// Fairly recent but bought little so far; build awareness.
    Promising,
    /// Average recency, frequency and spend; reactivate before they slip.
    NeedAttention,
    /// Below average recency and low value; will be lost without a nudge.
    AboutToSleep,
    /// Used to buy often and spend well, but not recently; win them back.
    AtRisk,
    /// Among the best customers, but long gone; win them back personally.
    CantLoseThem,
    /// Long ago, rarely and little; low priority.
    Hibernating,
    /// Lowest on every score; probably gone for good.
    Lost,
}

impl Segment {
    /// All segments, best first.
    pub const ALL: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// Stable id (snake_case), the same string the segment serialises to.
    pub fn id(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalists => "potential_loyalists",
            Segment::New => "new",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::AtRisk => "at_risk",
            Segment::CantLoseThem => "cant_lose_them",
            Segment::Hibernating => "hibernating",
            Segment::Lost => "lost",
        }
    }

    /// Segment of an (R, FM) pair of scores 1–5, from the table above.
    pub fn from_scores(r: u8, fm: u8) -> Segment {
        use Segment::*;
        const GRID: [[Segment; 5]; 5] = [
            [Lost, Hibernating, AtRisk, CantLoseThem, CantLoseThem],
            [AboutToSleep, AboutToSleep, AtRisk, AtRisk, CantLoseThem],
            [Promising, NeedAttention, NeedAttention, Loyal, Loyal],
            [Promising, PotentialLoyalists, Loyal, Champions, Champions],
            [
                New,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
        ];
        GRID[(r.clamp(1, 5) - 1) as usize][(fm.clamp(1, 5) - 1) as usize]
    }
}

/// Raw RFM values of every customer with an order on or before `reference_date`
/// (later orders are ignored), sorted by customer id.
pub fn rfm_values(transactions: &[Transaction], reference_date: NaiveDate) -> Vec<RfmValues> {
    let mut acc: HashMap<&str, (NaiveDate, u32, f64)> = HashMap::new();
    for t in transactions.iter().filter(|t| t.date <= reference_date) {
        let e = acc.entry(&t.customer_id).or_insert((t.date, 0, 0.0));
        e.0 = e.0.max(t.date);
        e.1 += 1;
        e.2 += t.amount;
    }
    let mut v: Vec<RfmValues> = acc
        .into_iter()
        .map(|(id, (last, n, m))| RfmValues {
            customer_id: id.to_string(),
            recency_days: (reference_date - last).num_days(),
            frequency: n,
            monetary: m,
        })
        .collect();
    v.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    v
}

/// Quintile scores 1–5 for `values`, where a larger key is better.
///
/// Tie rule: customers are ranked by key ascending (rank 1 = worst); customers
/// with equal keys all get the smallest rank among them (`min` ranking), and
/// the score is `1 + ⌊5 (rank − 1) / n⌋`. So ties never split across scores,
/// and a value shared by everybody scores 1.
fn quintile_scores(keys: &[f64]) -> Vec<u8> {
    let n = keys.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    let mut scores = vec![1u8; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && keys[order[j + 1]] == keys[order[i]] {
            j += 1;
        }
        let score = 1 + (5 * i / n) as u8;
        for &k in &order[i..=j] {
            scores[k] = score;
        }
        i = j + 1;
    }
    scores
}

/// Scores raw RFM values (e.g. from [`rfm_values`]) and assigns segments.
///
/// Each of R, F and M is scored 1–5 by quintile among the given customers.
/// **Tie rule:** customers are ranked from worst to best (most days since
/// the last order, fewest orders, lowest spend = rank 1); customers with equal
/// values all get the smallest rank among them, and the score is
/// `1 + ⌊5 (rank − 1) / n⌋`. Ties therefore never split across two scores,
/// and a value shared by everybody scores 1.
pub fn rfm_scores(values: &[RfmValues]) -> Vec<RfmScore> {
    // Fewer days since the last order is better, hence the minus sign.
    let r = quintile_scores(
        &values
            .iter()
            .map(|v| -(v.recency_days as f64))
            .collect::<Vec<_>>(),
    );
    let f = quintile_scores(
        &values
            .iter()
            .map(|v| v.frequency as f64)
            .collect::<Vec<_>>(),
    );
    let m = quintile_scores(&values.iter().map(|v| v.monetary).collect::<Vec<_>>());
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let fm = (f[i] + m[i]).div_ceil(2);
            RfmScore {
                customer_id: v.customer_id.clone(),
                recency_days: v.recency_days,
                frequency: v.frequency,
                monetary: v.monetary,
                r_score: r[i],
                f_score: f[i],
                m_score: m[i],
                fm_score: fm,
                segment: Segment::from_scores(r[i], fm),
            }
        })
        .collect()
}

/// RFM scores and segments of every customer at `reference_date`.
pub fn rfm(transactions: &[Transaction], reference_date: NaiveDate) -> Result<Vec<RfmScore>> {
    crate::data::validate(transactions)?;
    let v = rfm_values(transactions, reference_date);
    if v.is_empty() {
        return Err(Error::NoData(format!(
            "no orders on or before {reference_date}; choose a later reference date"
        )));
    }
    Ok(rfm_scores(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_with_min_rank_ties() {
        // Ten distinct values: two per score.
        let s = quintile_scores(&(0..10).map(|v| v as f64).collect::<Vec<_>>());
        assert_eq!(s, vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Ties take the score of the lowest rank among them.
        let s = quintile_scores(&[1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 9.0]);
        // ranks: 1, 2(x4 → min rank 2 → score 1), 6 → 3, 7 → 4, 8(x2) → 4, 10 → 5
        assert_eq!(s, vec![1, 1, 1, 1, 1, 3, 4, 4, 4, 5]);
        assert_eq!(quintile_scores(&[7.0; 4]), vec![1; 4]);
        assert!(quintile_scores(&[]).is_empty());
    }

    #[test]
    fn segment_grid_covers_every_segment() {
        let mut seen = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for fm in 1..=5 {
                seen.insert(Segment::from_scores(r, fm));
            }
        }
        assert_eq!(seen.len(), Segment::ALL.len());
        assert_eq!(Segment::from_scores(5, 5), Segment::Champions);
        assert_eq!(Segment::from_scores(1, 1), Segment::Lost);
        assert_eq!(Segment::from_scores(5, 1), Segment::New);
        assert_eq!(Segment::from_scores(1, 5), Segment::CantLoseThem);
        for s in Segment::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.id()));
        }
    }

    #[test]
    fn rfm_on_hand_computed_data() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut t = Vec::new();
        // Customer c{i} orders i times, last on day i, 10·i each; c5 also orders after the reference date.
        for i in 1..=5u32 {
            for k in 0..i {
                t.push(Transaction {
                    customer_id: format!("c{i}"),
                    date: d("2024-01-01") + chrono::Days::new((i - k) as u64),
                    amount: 10.0 * i as f64,
                });
            }
        }
        t.push(Transaction {
            customer_id: "c5".into(),
            date: d("2024-03-01"),
            amount: 1e6,
        });
        let s = rfm(&t, d("2024-01-10")).unwrap();
        assert_eq!(s.len(), 5);
        let c1 = &s[0];
        assert_eq!((c1.recency_days, c1.frequency, c1.monetary), (8, 1, 10.0));
        assert_eq!(
            (c1.r_score, c1.f_score, c1.m_score, c1.segment),
            (1, 1, 1, Segment::Lost)
        );
        let c5 = &s[4];
        assert_eq!((c5.recency_days, c5.frequency, c5.monetary), (4, 5, 250.0));
        assert_eq!(
            (c5.r_score, c5.fm_score, c5.segment),
            (5, 5, Segment::Champions)
        );
        assert!(rfm(&t, d("2023-01-01")).is_err());
    }
}
