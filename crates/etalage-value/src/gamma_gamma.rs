//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using
//! iso-value curves for customer base analysis"; Fader & Hardie's note
//! "The Gamma-Gamma model of monetary value", 2013).

use serde::{Deserialize, Serialize};

use crate::data::CustomerSummary;
use crate::error::{Error, Result};
use crate::groups::{par_chunks, FxMap};
use crate::model::{finish, Fitted, GTOL, LOG_BOUND};
use crate::optim::{bfgs, nelder_mead};
use crate::special::{digamma, ln_gamma, ln_gamma_ratio};

const MODEL: &str = "Gamma-Gamma";

/// Gamma-Gamma parameters: a transaction's value is Gamma(p, ν) and ν is
/// Gamma(q, γ) across customers, so the mean spend of a customer is
/// `p ν⁻¹`, with population mean `p γ / (q − 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// Shape of the per-transaction spend distribution.
    pub p: f64,
    /// Shape of the across-customer distribution of ν.
    pub q: f64,
    /// Scale of the across-customer distribution of ν.
    pub gamma: f64,
}

impl GammaGamma {
    /// Fits on customers with `frequency > 0` and `monetary_value > 0`
    /// (`monetary_value` = mean of their repeat purchases); others are ignored.
    pub fn fit(summaries: &[CustomerSummary]) -> Result<Fitted<GammaGamma>> {
        GgData::new(summaries.iter().map(|s| (s.frequency, s.monetary_value))).fit()
    }

    /// Sum of the log-likelihood over customers with frequency > 0 and monetary value > 0.
    pub fn log_likelihood(&self, summaries: &[CustomerSummary]) -> f64 {
        GgData::new(summaries.iter().map(|s| (s.frequency, s.monetary_value)))
            .ll_grad(self.p, self.q, self.gamma)
            .0
    }

    /// Expected mean transaction value of a customer with `frequency` repeat
    /// purchases of mean `monetary_value`: a credibility-weighted mix of the
    /// population mean and the customer's own mean.
    ///
    /// Fails when `q ≤ 1`, where the population mean is infinite.
    pub fn expected_spend(&self, frequency: u32, monetary_value: f64) -> Result<f64> {
        if self.q <= 1.0 {
            return Err(Error::FitFailed {
                model: MODEL,
                reason: format!(
                    "q = {:.3} ≤ 1 means spend is so heavy-tailed that its mean is infinite; \
                     check for outlier orders",
                    self.q
                ),
            });
        }
        let x = frequency as f64;
        let w = self.p * x / (self.p * x + self.q - 1.0);
        let population = self.gamma * self.p / (self.q - 1.0);
        Ok((1.0 - w) * population + w * monetary_value)
    }
}

/// Repeat customers grouped by identical (x, m).
pub(crate) struct GgData {
    x: Vec<f64>,
    m: Vec<f64>,
    ln_m: Vec<f64>,
    w: Vec<f64>,
    /// Distinct x with total weight, and Σ w·ln m per x.
    xs: Vec<(f64, f64, f64)>,
    total: f64,
}

impl GgData {
    pub(crate) fn new(rows: impl Iterator<Item = (u32, f64)>) -> Self {
        let mut map: FxMap<(u32, u64), usize> = FxMap::default();
        let mut d = GgData {
            x: vec![],
            m: vec![],
            ln_m: vec![],
            w: vec![],
            xs: vec![],
            total: 0.0,
        };
        for (x, m) in rows {
            if x == 0 || m.is_nan() || m <= 0.0 || !m.is_finite() {
                continue;
            }
            let next = d.w.len();
            let id = *map.entry((x, m.to_bits())).or_insert(next);
            if id == next {
                d.x.push(x as f64);
                d.m.push(m);
                d.ln_m.push(m.ln());
                d.w.push(0.0);
            }
            d.w[id] += 1.0;
        }
        let mut per_x: std::collections::BTreeMap<u32, (f64, f64)> = Default::default();
        for i in 0..d.w.len() {
            let e = per_x.entry(d.x[i] as u32).or_default();
            e.0 += d.w[i];
            e.1 += d.w[i] * d.ln_m[i];
        }
        d.xs = per_x
            .into_iter()
            .map(|(x, (w, wlm))| (x as f64, w, wlm))
            .collect();
        d.total = d.w.iter().sum();
        d
    }

    /// Log-likelihood and gradient in (p, q, γ). Per customer,
    /// `lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q lnγ + (px−1) ln m + px ln x − (px+q) ln(γ+mx)`,
    /// regrouped so that no term is large (large terms cancelling would leave
    /// rounding noise above the optimiser's tolerance on a million customers):
    /// `[lnΓ(px+q) − lnΓ(px) − q ln x − lnΓ(q) + q lnγ] − (1+q) ln m − (px+q) ln(1 + γ/(mx))`.
    fn ll_grad(&self, p: f64, q: f64, gamma: f64) -> (f64, [f64; 3]) {
        let mut ll = 0.0;
        let mut g = [0.0; 3];
        let (lg_q, dg_q, ln_g, ln_p) = (ln_gamma(q), digamma(q), gamma.ln(), p.ln());
        let mut sum_wlm = 0.0;
        for &(x, w, wlm) in &self.xs {
            let px = p * x;
            let dpq = digamma(px + q);
            // lnΓ(px+q) − lnΓ(px) − q ln x, without the cancellation of two big lgammas.
            let head = ln_gamma_ratio(px, q) + q * ln_p;
            ll += w * (head - lg_q + q * ln_g);
            g[0] += w * x * (dpq - digamma(px));
            g[1] += w * (dpq - x.ln() - dg_q + ln_g);
            g[2] += w * q / gamma;
            sum_wlm += wlm;
        }
        ll -= (1.0 + q) * sum_wlm;
        g[1] -= sum_wlm;
        let parts = par_chunks(self.w.len(), |range| {
            let mut ll = 0.0;
            let mut g = [0.0; 3];
            for i in range {
                let (x, w) = (self.x[i], self.w[i]);
                let mx = self.m[i] * x;
                let l1 = (gamma / mx).ln_1p();
                let pxq = p * x + q;
                ll -= w * pxq * l1;
                g[0] -= w * x * l1;
                g[1] -= w * l1;
                g[2] -= w * pxq / (gamma + mx);
            }
            (ll, g)
        });
        for (pll, pg) in parts {
            ll += pll;
            for k in 0..3 {
                g[k] += pg[k];
            }
        }
        (ll, g)
    }

    fn neg_mean_ll(&self, th: &[f64], grad: &mut [f64]) -> f64 {
        if th.iter().any(|v| !v.is_finite() || v.abs() > LOG_BOUND) {
            return f64::INFINITY;
        }
        let (p, q, gamma) = (th[0].exp(), th[1].exp(), th[2].exp());
        let (ll, g) = self.ll_grad(p, q, gamma);
        grad[0] = -g[0] * p / self.total;
        grad[1] = -g[1] * q / self.total;
        grad[2] = -g[2] * gamma / self.total;
        let v = -ll / self.total;
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    }

    pub(crate) fn fit(&self) -> Result<Fitted<GammaGamma>> {
        if self.total < 2.0 {
            return Err(Error::NotEnoughData {
                model: MODEL,
                reason: format!(
                    "{} customer(s) with a paid repeat purchase; the spend model needs at least 2 \
                     (preferably hundreds)",
                    self.total
                ),
            });
        }
        // Start from a method-of-moments-like guess: γ near the mean spend.
        let mean_m = self.m.iter().zip(&self.w).map(|(m, w)| m * w).sum::<f64>() / self.total;
        let x0 = [0.0, 0.0, mean_m.ln()];
        let f = |th: &[f64], g: &mut [f64]| self.neg_mean_ll(th, g);
        let mut best = bfgs(f, &x0, 1000, GTOL);
        if !best.converged {
            let again = bfgs(f, &best.x, 1000, GTOL);
            if again.f <= best.f {
                best = again;
            }
        }
        if !best.f.is_finite() {
            let mut scratch = [0.0; 3];
            best = nelder_mead(|th| self.neg_mean_ll(th, &mut scratch), &x0, 1.0, 20_000);
        }
        finish(&best.x, best.f, self.total, MODEL).map(|(v, ll)| Fitted {
            params: GammaGamma {
                p: v[0],
                q: v[1],
                gamma: v[2],
            },
            log_likelihood: ll,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_gradient_matches_numeric() {
        let d = GgData::new(vec![(1, 20.0), (3, 35.5), (3, 35.5), (7, 12.0)].into_iter());
        let th = [1.3, 0.9, 2.2];
        let mut g = [0.0; 3];
        d.neg_mean_ll(&th, &mut g);
        let mut s = [0.0; 3];
        for k in 0..3 {
            let (mut tp, mut tm) = (th, th);
            tp[k] += 1e-6;
            tm[k] -= 1e-6;
            let num = (d.neg_mean_ll(&tp, &mut s) - d.neg_mean_ll(&tm, &mut s)) / 2e-6;
            assert!((num - g[k]).abs() < 1e-6, "k={k} {num} {}", g[k]);
        }
    }

    #[test]
    fn regrouped_likelihood_equals_the_textbook_form() {
        let rows = vec![(1, 20.0), (3, 35.5), (3, 35.5), (7, 12.0), (400, 18.0)];
        let d = GgData::new(rows.clone().into_iter());
        let (p, q, gamma): (f64, f64, f64) = (6.25, 3.74, 15.44);
        let want: f64 = rows
            .iter()
            .map(|&(x, m)| {
                let (x, px) = (x as f64, p * x as f64);
                ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
                    + q * gamma.ln()
                    + (px - 1.0) * m.ln()
                    + px * x.ln()
                    - (px + q) * (gamma + m * x).ln()
            })
            .sum();
        let got = d.ll_grad(p, q, gamma).0;
        assert!((got - want).abs() < 1e-9 * want.abs(), "{got} {want}");
    }

    #[test]
    fn expected_spend_shrinks_towards_population_mean() {
        let m = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        let pop = m.expected_spend(0, 0.0).unwrap();
        assert!((pop - 6.25 * 15.44 / 2.74).abs() < 1e-9);
        let one = m.expected_spend(1, 100.0).unwrap();
        let many = m.expected_spend(50, 100.0).unwrap();
        assert!(pop < one && one < many && many < 100.0);
        assert!(GammaGamma { q: 0.9, ..m }.expected_spend(1, 10.0).is_err());
    }

    #[test]
    fn too_few_repeat_customers_is_a_clear_error() {
        let e = GgData::new(vec![(0, 0.0), (2, 10.0)].into_iter())
            .fit()
            .unwrap_err();
        assert!(matches!(e, Error::NotEnoughData { .. }), "{e}");
    }
}
