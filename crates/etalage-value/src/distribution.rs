//! How predicted lifetime value is spread over the customers: a histogram
//! over bands, quantiles, and how much of the total the best customers hold.
use serde::Serialize;

/// One band of [`ClvDistribution::bands`]: customers with `from ≤ CLV < to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvBand {
    /// Lower bound (inclusive); 0 for the first band.
    pub from: f64,
    /// Upper bound (exclusive); `None` for the last, open band.
    pub to: Option<f64>,
    /// Customers in the band.
    pub customers: usize,
    /// Their CLV ÷ all customers' CLV, in % (0 when the total is 0).
    pub clv_share: f64,
}

/// The spread of predicted lifetime value (CLV) over the customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvDistribution {
    /// Customers counted.
    pub customers: usize,
    /// Σ CLV.
    pub total: f64,
    /// Median CLV (see [`quantile`] for the definition).
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Share of the total CLV held by the 10 % of customers with the highest
    /// CLV (⌈n / 10⌉ customers), in %; `None` when the total is 0.
    pub top10_share: Option<f64>,
    /// The same for the top 20 % (⌈n / 5⌉ customers).
    pub top20_share: Option<f64>,
    /// A histogram over bands whose bounds run 1, 2, 5, 10, 20, 50, … up to
    /// the first of those at or above the 99th percentile: seven bounds, so
    /// eight bands, the first from 0 and the last open.
    pub bands: Vec<ClvBand>,
}

/// The `p`-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolating
/// linearly between order statistics: with h = (n − 1)·p, the value at
/// ⌊h⌋ plus (h − ⌊h⌋) of the step to the next (the default of R's
/// `quantile`, type 7, and of NumPy). 0 for no values.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Bounds of the bands: the seven values of 1, 2, 5, 10, 20, 50, … (also
/// below 1: 0.5, 0.2, …) ending at the first one ≥ `top`.
fn band_bounds(top: f64) -> Vec<f64> {
    const STEPS: [f64; 3] = [1.0, 2.0, 5.0];
    // Index i stands for STEPS[i mod 3] × 10^(i div 3).
    let value = |i: i32| STEPS[i.rem_euclid(3) as usize] * 10f64.powi(i.div_euclid(3));
    let top = if top.is_finite() && top > 1.0 {
        top
    } else {
        1.0
    };
    let mut i = 0;
    while value(i) < top {
        i += 1;
    }
    (i - 6..=i).map(value).collect()
}

/// The distribution of `clv` (one value per customer; values that are not
/// finite or below 0 count as 0, so the result never holds NaN).
pub fn clv_distribution(clv: &[f64]) -> ClvDistribution {
    let mut sorted: Vec<f64> = clv
        .iter()
        .map(|v| if v.is_finite() && *v > 0.0 { *v } else { 0.0 })
        .collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let total: f64 = sorted.iter().sum();
    let share = |part: f64| {
        if total > 0.0 {
            part / total * 100.0
        } else {
            0.0
        }
    };
    // The top k % as a count of customers, in integers so 10 % of 30 is 3.
    let top = |percent: usize| {
        let k = (n * percent).div_ceil(100);
        (total > 0.0).then(|| share(sorted[n - k..].iter().sum()))
    };
    let p99 = quantile(&sorted, 0.99);
    let bounds = band_bounds(p99);
    let mut bands: Vec<ClvBand> = (0..=bounds.len())
        .map(|i| ClvBand {
            from: if i == 0 { 0.0 } else { bounds[i - 1] },
            to: bounds.get(i).copied(),
            customers: 0,
            clv_share: 0.0,
        })
        .collect();
    let mut sums = vec![0.0; bands.len()];
    for v in &sorted {
        let i = bounds.partition_point(|b| b <= v);
        bands[i].customers += 1;
        sums[i] += v;
    }
    for (b, s) in bands.iter_mut().zip(sums) {
        b.clv_share = share(s);
    }
    ClvDistribution {
        customers: n,
        total,
        p50: quantile(&sorted, 0.5),
        p90: quantile(&sorted, 0.9),
        p99,
        top10_share: top(10),
        top20_share: top(20),
        bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [10.0, 20.0, 30.0, 40.0, 100.0];
        // h = 4p: p50 → x[2]; p90 → h = 3.6, 40 + 0.6 × 60; p99 → h = 3.96.
        assert_eq!(quantile(&v, 0.5), 30.0);
        assert!((quantile(&v, 0.9) - 76.0).abs() < 1e-9);
        assert!((quantile(&v, 0.99) - 97.6).abs() < 1e-9);
        assert_eq!(quantile(&v, 0.0), 10.0);
        assert_eq!(quantile(&v, 1.0), 100.0);
        assert_eq!(quantile(&[7.0], 0.9), 7.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
        // An even count: the median is halfway between the middle two.
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
    }

    #[test]
    fn distribution_of_a_small_list() {
        // Given unsorted, with a NaN that counts as 0.
        let d = clv_distribution(&[40.0, 10.0, 100.0, 30.0, 20.0, f64::NAN]);
        // Sorted: 0, 10, 20, 30, 40, 100; total 200.
        assert_eq!(d.customers, 6);
        assert_eq!(d.total, 200.0);
        assert_eq!(d.p50, 25.0, "halfway between 20 and 30");
        // p90: h = 4.5 → 40 + 0.5 × 60 = 70; p99: h = 4.95 → 40 + 0.95 × 60 = 97.
        assert!((d.p90 - 70.0).abs() < 1e-9);
        assert!((d.p99 - 97.0).abs() < 1e-9);
        // Top 10 % of 6 = 1 customer (100 of 200); top 20 % = 2 (140).
        assert_eq!(d.top10_share, Some(50.0));
        assert_eq!(d.top20_share, Some(70.0));
        // p99 = 97 → bounds end at 100: 1, 2, 5, 10, 20, 50, 100.
        let bounds: Vec<Option<f64>> = d.bands.iter().map(|b| b.to).collect();
        assert_eq!(
            bounds,
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
                .map(Some)
                .into_iter()
                .chain([None])
                .collect::<Vec<_>>()
        );
        let counts: Vec<usize> = d.bands.iter().map(|b| b.customers).collect();
        // 0 → [0, 1); 10 → [10, 20); 20, 30, 40 → [20, 50); 100 → [100, ∞).
        assert_eq!(counts, vec![1, 0, 0, 0, 1, 3, 0, 1]);
        let shares: Vec<f64> = d.bands.iter().map(|b| b.clv_share).collect();
        assert_eq!(shares, vec![0.0, 0.0, 0.0, 0.0, 5.0, 45.0, 0.0, 50.0]);
        assert_eq!(d.bands[0].from, 0.0);
        assert_eq!(d.bands[7].from, 100.0);
    }

    #[test]
    fn top_shares_count_customers_in_integers() {
        // 30 customers: 10 % is 3 customers, not 4 (0.1 × 30 > 3 in floating point).
        let v: Vec<f64> = (1..=30).map(f64::from).collect();
        let d = clv_distribution(&v);
        let total = 465.0;
        assert_eq!(d.top10_share, Some((28.0 + 29.0 + 30.0) / total * 100.0));
        // 20 % of 30 = 6 customers: 25 … 30.
        assert_eq!(
            d.top20_share,
            Some((25..=30).sum::<i32>() as f64 / total * 100.0)
        );
    }

    #[test]
    fn no_value_gives_zeros_not_nan() {
        let d = clv_distribution(&[0.0, 0.0]);
        assert_eq!((d.total, d.p50, d.p99), (0.0, 0.0, 0.0));
        assert_eq!((d.top10_share, d.top20_share), (None, None));
        assert_eq!(d.bands.len(), 8);
        assert_eq!(d.bands[0].customers, 2);
        assert!(d.bands.iter().all(|b| b.clv_share == 0.0));
        let e = clv_distribution(&[]);
        assert_eq!((e.customers, e.total, e.top10_share), (0, 0.0, None));
        let one = clv_distribution(&[12.5]);
        assert_eq!(
            (one.p50, one.p99, one.top10_share),
            (12.5, 12.5, Some(100.0))
        );
        // p99 12.5 → bounds 0.2 … 20; 12.5 falls in [10, 20).
        assert_eq!(one.bands[0].to, Some(0.2));
        assert_eq!(one.bands[6].from, 10.0);
        assert_eq!(one.bands[6].customers, 1);
    }
}
