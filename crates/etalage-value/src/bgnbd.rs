//! BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the
//! easy way", Marketing Science 24(2).

use serde::{Deserialize, Serialize};

use crate::data::CustomerSummary;
use crate::error::{Error, Result};
use crate::groups::{group3, par_chunks, FxMap, Groups};
use crate::model::{finish, Fitted, PurchaseModel, GTOL, LOG_BOUND};
use crate::optim::{bfgs, nelder_mead};
use crate::special::{digamma, expm1_over, hyp2f1_minus_one_over, ln_gamma};

/// BG/NBD parameters: purchase rates are Gamma(r, α) across customers; after
/// each repeat purchase a customer drops out with a probability that is
/// Beta(a, b) across customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale (in periods) of the purchase-rate distribution.
    pub alpha: f64,
    /// First shape parameter of the dropout-probability distribution.
    pub a: f64,
    /// Second shape parameter of the dropout-probability distribution.
    pub b: f64,
}

const MODEL: &str = "BG/NBD";

/// Summaries prepared for likelihood evaluation.
pub(crate) struct BgData {
    /// Distinct (x, t_x, T), with weights.
    g: Groups,
    /// Distinct frequencies and their total weight.
    xs: Vec<(f64, f64)>,
    /// Per distinct summary: index of its x in `xs`, of its t_x and T in `times`.
    xi: Vec<u32>,
    txi: Vec<u32>,
    ti: Vec<u32>,
    /// Distinct time values (recencies and ages). Real order dates fall on
    /// whole days, so there are few of them, and `ln(α + t)` is computed once
    /// per value per evaluation instead of once per customer.
    times: Vec<f64>,
    total: f64,
}

impl BgData {
    pub(crate) fn new(rows: impl Iterator<Item = (u32, f64, f64)>) -> Self {
        let g = group3(rows);
        let mut per_x: std::collections::BTreeMap<u32, f64> = Default::default();
        for (x, w) in g.x.iter().zip(&g.w) {
            *per_x.entry(*x as u32).or_default() += w;
        }
        let x_index: FxMap<u32, u32> = per_x
            .keys()
            .enumerate()
            .map(|(i, x)| (*x, i as u32))
            .collect();
        let mut time_index: FxMap<u64, u32> = FxMap::default();
        let mut times = Vec::new();
        let mut idx = |v: f64| {
            let next = times.len() as u32;
            let id = *time_index.entry((v + 0.0).to_bits()).or_insert(next);
            if id == next {
                times.push(v);
            }
            id
        };
        let n = g.w.len();
        let (mut xi, mut txi, mut ti) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for i in 0..n {
            xi.push(x_index[&(g.x[i] as u32)]);
            txi.push(idx(g.a[i]));
            ti.push(idx(g.b[i]));
        }
        let total = g.w.iter().sum();
        BgData {
            xs: per_x.into_iter().map(|(x, w)| (x as f64, w)).collect(),
            g,
            xi,
            txi,
            ti,
            times,
            total,
        }
    }

    /// Negative mean log-likelihood at log-parameters `th`, with its gradient.
    fn neg_mean_ll(&self, th: &[f64], grad: &mut [f64]) -> f64 {
        if th.iter().any(|v| !v.is_finite() || v.abs() > LOG_BOUND) {
            return f64::INFINITY;
        }
        let (r, alpha, a, b) = (th[0].exp(), th[1].exp(), th[2].exp(), th[3].exp());
        let (ll, g) = self.ll_grad(r, alpha, a, b);
        // d/dlnθ = θ d/dθ
        grad[0] = -g[0] * r / self.total;
        grad[1] = -g[1] * alpha / self.total;
        grad[2] = -g[2] * a / self.total;
        grad[3] = -g[3] * b / self.total;
        let v = -ll / self.total;
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    }

    /// Total log-likelihood and its gradient in (r, α, a, b).
    fn ll_grad(&self, r: f64, alpha: f64, a: f64, b: f64) -> (f64, [f64; 4]) {
        let mut ll = 0.0;
        let mut g = [0.0; 4];
        // Terms that depend on x only.
        let (lg_r, lg_b, lg_ab) = (ln_gamma(r), ln_gamma(b), ln_gamma(a + b));
        let (dg_r, dg_b, dg_ab) = (digamma(r), digamma(b), digamma(a + b));
        for &(x, w) in &self.xs {
            ll +=
                w * (ln_gamma(r + x) - lg_r + lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x));
            let dabx = digamma(a + b + x);
            g[0] += w * (digamma(r + x) - dg_r);
            g[2] += w * (dg_ab - dabx);
            g[3] += w * (dg_ab + digamma(b + x) - dg_b - dabx);
        }
        let ln_alpha = alpha.ln();
        ll += self.total * r * ln_alpha;
        g[0] += self.total * ln_alpha;
        g[1] += self.total * r / alpha;
        let ln_a = a.ln();
        let gr = &self.g;
        let ln_t: Vec<f64> = self.times.iter().map(|t| (alpha + t).ln()).collect();
        let inv_t: Vec<f64> = self.times.iter().map(|t| 1.0 / (alpha + t)).collect();
        let ln_bx1: Vec<f64> = self.xs.iter().map(|(x, _)| (b + x - 1.0).ln()).collect();
        let inv_bx1: Vec<f64> = self.xs.iter().map(|(x, _)| 1.0 / (b + x - 1.0)).collect();
        let parts = par_chunks(gr.w.len(), |range| {
            let mut ll = 0.0;
            let mut g = [0.0; 4];
            for i in range {
                let (x, w) = (gr.x[i], gr.w[i]);
                let (ti, txi, xi) = (
                    self.ti[i] as usize,
                    self.txi[i] as usize,
                    self.xi[i] as usize,
                );
                let rx = r + x;
                let (lt, it) = (ln_t[ti], inv_t[ti]);
                let a3 = -rx * lt;
                if x == 0.0 {
                    ll += w * a3;
                    g[0] -= w * lt;
                    g[1] -= w * rx * it;
                } else {
                    let (ltx, itx) = (ln_t[txi], inv_t[txi]);
                    let a4 = ln_a - ln_bx1[xi] - rx * ltx;
                    // ln(e^a3 + e^a4) and the share w4 of the a4 term, with one exp.
                    let d = a3 - a4;
                    let (top, w4) = if d > 0.0 {
                        let e = (-d).exp();
                        (a3 + e.ln_1p(), w * e / (1.0 + e))
                    } else {
                        let e = d.exp();
                        (a4 + e.ln_1p(), w / (1.0 + e))
                    };
                    let w3 = w - w4;
                    ll += w * top;
                    g[0] -= w3 * lt + w4 * ltx;
                    g[1] -= rx * (w3 * it + w4 * itx);
                    g[2] += w4;
                    g[3] -= w4 * inv_bx1[xi];
                }
            }
            (ll, g)
        });
        // g[2] accumulated w4; d/da of ln a is 1/a.
        let parts: Vec<(f64, [f64; 4])> = parts
            .into_iter()
            .map(|(l, mut gg)| {
                gg[2] /= a;
                (l, gg)
            })
            .collect();
        for (pll, pg) in parts {
            ll += pll;
            for k in 0..4 {
                g[k] += pg[k];
            }
        }
        (ll, g)
    }

    pub(crate) fn fit(&self) -> Result<Fitted<BgNbd>> {
        if self.total == 0.0 {
            return Err(Error::NoData(
                "no customers made a purchase before the calibration end".into(),
            ));
        }
        if self.xs.iter().all(|&(x, _)| x == 0.0) {
            return Err(Error::NotEnoughData {
                model: MODEL,
                reason: "no customer has bought on two different days yet; the model needs repeat purchases".into(),
            });
        }
        let f = |th: &[f64], g: &mut [f64]| self.neg_mean_ll(th, g);
        let mut best = bfgs(f, &[0.0; 4], 500, GTOL);
        // Polish from the result with a fresh Hessian: cheap, and catches a
        // premature stop of the first run.
        if !best.converged {
            let again = bfgs(f, &best.x, 500, GTOL);
            if again.f <= best.f {
                best = again;
            }
        }
        if !best.f.is_finite() {
            let mut scratch = [0.0; 4];
            best = nelder_mead(
                |th| self.neg_mean_ll(th, &mut scratch),
                &[0.0; 4],
                1.0,
                20_000,
            );
        }
        finish(&best.x, best.f, self.total, MODEL).map(|(p, ll)| Fitted {
            params: BgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
            },
            log_likelihood: ll,
        })
    }
}

impl BgNbd {
    /// Fits the model by maximum likelihood (BFGS with analytic gradient on
    /// log-parameters; identical summaries are evaluated once, weighted).
    pub fn fit(summaries: &[CustomerSummary]) -> Result<Fitted<BgNbd>> {
        BgData::new(summaries.iter().map(|s| (s.frequency, s.recency, s.t))).fit()
    }

    /// Sum over customers of the log-likelihood of these parameters.
    pub fn log_likelihood(&self, summaries: &[CustomerSummary]) -> f64 {
        let d = BgData::new(summaries.iter().map(|s| (s.frequency, s.recency, s.t)));
        d.ll_grad(self.r, self.alpha, self.a, self.b).0
    }

    /// `ln[(a / (b+x-1)) ((α+T)/(α+t_x))^(r+x)]`, the log-odds of "dropped out".
    fn log_odds_dead(&self, x: f64, recency: f64, t: f64) -> f64 {
        (self.a / (self.b + x - 1.0)).ln()
            + (self.r + x) * ((self.alpha + t).ln() - (self.alpha + recency).ln())
    }
}

impl PurchaseModel for BgNbd {
    fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        if frequency == 0 {
            return 1.0;
        }
        let v = 1.0 / (1.0 + self.log_odds_dead(frequency as f64, recency, t).exp());
        if v.is_nan() {
            0.0
        } else {
            v
        }
    }

    /// FHL (2005) eq. 10, rewritten with Euler's transformation so it stays
    /// exact for a ≈ 1 and for very large frequencies:
    /// `E = (a+b+x-1) · [−expm1((a−1)L)/(a−1) − (1−z)^(a−1) H] · P(alive)`, with
    /// `z = h/(α+T+h)`, `L = ln(1−z)` and
    /// `H = (2F1(a+b−1−r, a−1; a+b+x−1; z) − 1)/(a−1)`.
    fn expected_purchases(&self, horizon: f64, frequency: u32, recency: f64, t: f64) -> f64 {
        let v = self.expected_purchases_if_alive(horizon, frequency, t)
            * self.p_alive(frequency, recency, t);
        if v.is_finite() {
            v.max(0.0)
        } else {
            0.0
        }
    }
}

impl BgNbd {
    /// Expected purchases in the next `horizon` periods of a customer who is
    /// still alive; depends on (frequency, T) only, not on recency, which is
    /// what lets [`crate::score`] share it between customers.
    pub(crate) fn expected_purchases_if_alive(&self, horizon: f64, frequency: u32, t: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let x = frequency as f64;
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let c = a + b + x - 1.0;
        let mut alive_mean = f64::NAN;
        // The series' terms grow like (a z)^n / n! before they shrink, so for
        // large a the integral form below is both cheaper and exact enough.
        if a <= SERIES_MAX_A && c > 0.0 {
            let z = horizon / (alpha + t + horizon);
            let l = ((alpha + t) / (alpha + t + horizon)).ln();
            let h = hyp2f1_minus_one_over(a + b - 1.0 - r, a, c, z);
            let e = ((a - 1.0) * l).exp() * h;
            let bracket = -expm1_over(a - 1.0, l) - e;
            // Accept unless the two parts cancel to less than ~8 digits.
            if bracket.is_finite() && bracket > 1e-8 * e.abs() {
                alive_mean = c * bracket;
            }
        }
        if !alive_mean.is_finite() {
            alive_mean = self.alive_mean_by_quadrature(horizon, x, t);
        }
        if alive_mean.is_finite() {
            alive_mean.max(0.0)
        } else {
            0.0
        }
    }
}

/// Above this `a`, [`BgNbd::expected_purchases`] integrates instead of summing the series.
const SERIES_MAX_A: f64 = 30.0;

impl BgNbd {
    /// Expected purchases in the next `horizon` periods of a customer known to
    /// be alive, as `E[(1 − ((α+T)/(α+T+p·h))^(r+x)) / p]` over the posterior
    /// `p ~ Beta(a, b+x)` (the Gamma posterior of λ integrated out in closed
    /// form). The Beta expectation is a trapezoid rule in `u = logit(p)`, where
    /// the integrand is smooth and decays exponentially at both ends, so the
    /// rule converges geometrically.
    fn alive_mean_by_quadrature(&self, horizon: f64, x: f64, t: f64) -> f64 {
        let (a, b1, k) = (self.a, self.b + x, self.r + x);
        let tau = horizon / (self.alpha + t);
        let ln_beta = ln_gamma(a) + ln_gamma(b1) - ln_gamma(a + b1);
        // g(p) = (1 − (1 + p τ)^−k) / p, computed without cancellation.
        let g = |p: f64| -(-k * (p * tau).ln_1p()).exp_m1() / p;
        let log_weight = |u: f64| {
            // ln[p^a (1−p)^b1 / B] with p = σ(u): the Beta density times dp/du.
            let (lp, lq) = if u > 0.0 {
                let e = (-u).exp().ln_1p();
                (-e, -u - e)
            } else {
                let e = u.exp().ln_1p();
                (u - e, -e)
            };
            a * lp + b1 * lq - ln_beta
        };
        let mode = (a / b1).ln();
        let width = (1.0 / a + 1.0 / b1).sqrt();
        let lo = mode - 40.0 / a - 8.0 * width;
        let hi = mode + 40.0 / b1 + 8.0 * width;
        let steps = (((hi - lo) / (width / 6.0)).ceil() as usize).clamp(64, 200_000);
        let h = (hi - lo) / steps as f64;
        let mut sum = 0.0;
        for i in 0..=steps {
            let u = lo + i as f64 * h;
            let p = 1.0 / (1.0 + (-u).exp());
            let w = if i == 0 || i == steps { 0.5 } else { 1.0 };
            sum += w * log_weight(u).exp() * g(p);
        }
        sum * h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> BgNbd {
        BgNbd {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        }
    }

    #[test]
    fn analytic_gradient_matches_numeric() {
        let d = BgData::new(vec![(0, 0.0, 30.0), (2, 10.0, 30.0), (5, 20.0, 25.0)].into_iter());
        let th = [-1.2, 1.5, -0.2, 0.9];
        let mut g = [0.0; 4];
        d.neg_mean_ll(&th, &mut g);
        let mut scratch = [0.0; 4];
        for k in 0..4 {
            let mut tp = th;
            tp[k] += 1e-6;
            let mut tm = th;
            tm[k] -= 1e-6;
            let num = (d.neg_mean_ll(&tp, &mut scratch) - d.neg_mean_ll(&tm, &mut scratch)) / 2e-6;
            assert!((num - g[k]).abs() < 1e-6, "k={k} {num} vs {}", g[k]);
        }
    }

    #[test]
    fn conditional_expectation_matches_fhl_2005() {
        // FHL (2005), section 5: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in 39 weeks.
        let e = p().expected_purchases(39.0, 2, 30.43, 38.86);
        assert!((e - 1.226).abs() < 0.001, "{e}");
    }

    #[test]
    fn expectation_is_continuous_in_a_around_one() {
        let mut m = p();
        m.a = 1.0;
        let at_one = m.expected_purchases(39.0, 3, 20.0, 38.0);
        m.a = 1.0 + 1e-7;
        let near = m.expected_purchases(39.0, 3, 20.0, 38.0);
        assert!(
            at_one.is_finite() && (at_one - near).abs() < 1e-6,
            "{at_one} {near}"
        );
    }

    #[test]
    fn new_customer_expectation_matches_textbook_formula() {
        // E[X(t)] = (a+b-1)/(a-1) [1 - (α/(α+t))^r 2F1(r, b; a+b-1; t/(α+t))], series summed directly.
        let m = p();
        let t = 20.0;
        let z = t / (m.alpha + t);
        let (pa, pb, pc) = (m.r, m.b, m.a + m.b - 1.0);
        let mut term = 1.0;
        let mut f = 1.0;
        for n in 0..10_000 {
            let n = n as f64;
            term *= (pa + n) * (pb + n) / ((pc + n) * (n + 1.0)) * z;
            f += term;
        }
        let want =
            (m.a + m.b - 1.0) / (m.a - 1.0) * (1.0 - (m.alpha / (m.alpha + t)).powf(m.r) * f);
        let got = m.expected_purchases_new_customer(t);
        assert!((got - want).abs() < 1e-9 * want, "{got} {want}");
    }

    #[test]
    fn quadrature_agrees_with_series() {
        for m in [
            p(),
            BgNbd {
                r: 1.5,
                alpha: 6.0,
                a: 12.0,
                b: 20.0,
            },
            BgNbd {
                r: 0.4,
                alpha: 2.0,
                a: 3.0,
                b: 0.7,
            },
        ] {
            for &(h, x, tx, t) in &[
                (39.0, 2, 30.43, 38.86),
                (10.0, 0, 0.0, 0.0),
                (52.0, 30, 20.0, 38.0),
            ] {
                let series = m.expected_purchases(h, x, tx, t) / m.p_alive(x, tx, t);
                let quad = m.alive_mean_by_quadrature(h, x as f64, t);
                assert!(
                    (series - quad).abs() < 1e-9 * series,
                    "{m:?} {x}: {series} vs {quad}"
                );
            }
        }
        // Large a (no heterogeneity in dropout): quadrature path, close to the
        // fixed-p answer E[(1 − (1+pτ)^−k)/p] at p = a/(a+b).
        let m = BgNbd {
            r: 1.6,
            alpha: 5.0,
            a: 5e6,
            b: 1e7,
        };
        let e = m.expected_purchases_new_customer(20.0);
        let p0 = 1.0 / 3.0;
        let want = (1.0 - (1.0 + p0 * 4.0f64).powf(-1.6)) / p0;
        assert!((e - want).abs() < 1e-5 * want, "{e} {want}");
    }

    #[test]
    fn extreme_customers_give_finite_predictions() {
        let m = p();
        for &(x, tx, t) in &[
            (0, 0.0, 0.0),
            (100_000, 38.0, 38.86),
            (50_000, 1.0, 38.86),
            (1, 0.0, 0.0),
        ] {
            let pa = m.p_alive(x, tx, t);
            let e = m.expected_purchases(52.0, x, tx, t);
            assert!((0.0..=1.0).contains(&pa), "{pa}");
            assert!(e.is_finite() && e >= 0.0, "{x} {e}");
        }
        // Someone who bought 100 000 times, most recently just now, will buy a lot.
        assert!(m.expected_purchases(1.0, 100_000, 38.86, 38.86) > 1000.0);
        // Someone who stopped long ago is almost surely gone.
        assert!(m.p_alive(50_000, 1.0, 38.86) < 1e-6);
    }
}
