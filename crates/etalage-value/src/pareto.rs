//! Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), with the
//! likelihood as written in Fader & Hardie, "A note on deriving the
//! Pareto/NBD model and related expressions" (2005).

use serde::{Deserialize, Serialize};

use crate::data::CustomerSummary;
use crate::error::{Error, Result};
use crate::groups::{group3, par_chunks, Groups};
use crate::model::{finish, Fitted, PurchaseModel, LOG_BOUND};
use crate::optim::{bfgs, nelder_mead, numeric_gradient};
use crate::special::{expm1_over, ln_gamma, ln_hyp2f1_1bc, log_add_exp, log_sub_exp};

const MODEL: &str = "Pareto/NBD";

/// 10-point Gauss–Legendre nodes on [−1, 1] (symmetric pairs).
const GL_NODES: [f64; 10] = [
    -0.973_906_528_517_171_7,
    -0.865_063_366_688_984_5,
    -0.679_409_568_299_024_4,
    -0.433_395_394_129_247_2,
    -0.148_874_338_981_631_2,
    0.148_874_338_981_631_2,
    0.433_395_394_129_247_2,
    0.679_409_568_299_024_4,
    0.865_063_366_688_984_5,
    0.973_906_528_517_171_7,
];
/// Weights matching [`GL_NODES`].
const GL_WEIGHTS: [f64; 10] = [
    0.066_671_344_308_688_1,
    0.149_451_349_150_580_6,
    0.219_086_362_515_982,
    0.269_266_719_309_996_4,
    0.295_524_224_714_752_9,
    0.295_524_224_714_752_9,
    0.269_266_719_309_996_4,
    0.219_086_362_515_982,
    0.149_451_349_150_580_6,
    0.066_671_344_308_688_1,
];

/// Pareto/NBD parameters: purchase rates are Gamma(r, α) and dropout rates
/// Gamma(s, β) across customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale (in periods) of the purchase-rate distribution.
    pub alpha: f64,
    /// Shape of the dropout-rate distribution.
    pub s: f64,
    /// Scale (in periods) of the dropout-rate distribution.
    pub beta: f64,
}

impl ParetoNbd {
    /// `ln[(α+t)^-(r+x) ... ]`: the log of `2F1(·; z(t)) / (max(α,β)+t)^(r+s+x)`,
    /// the two terms whose difference is the note's A0.
    ///
    /// Euler's transformation `2F1(a,b;a+1;z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z)`
    /// turns both branches into a positive series with term ratio below z:
    /// - α ≥ β: `−s ln(β+t) − (r+x) ln(α+t) + ln 2F1(1, r+x; r+s+x+1; (α−β)/(α+t))`
    /// - α < β: `(1−r−x) ln(α+t) − (s+1) ln(β+t) + ln 2F1(1, s+1; r+s+x+1; (β−α)/(β+t))`
    fn log_a0_term(&self, x: f64, t: f64) -> f64 {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let c = r + s + x + 1.0;
        if alpha >= beta {
            let z = (alpha - beta) / (alpha + t);
            -s * (beta + t).ln() - (r + x) * (alpha + t).ln() + ln_hyp2f1_1bc(r + x, c, z)
        } else {
            let z = (beta - alpha) / (beta + t);
            (1.0 - r - x) * (alpha + t).ln() - (s + 1.0) * (beta + t).ln()
                + ln_hyp2f1_1bc(s + 1.0, c, z)
        }
    }

    /// ln A0 of the note: ln of the difference between the recency and T terms.
    ///
    /// The series behind [`Self::log_a0_term`] needs ~1/(1−z) terms; when z
    /// is close to 1 (α and β far apart, short recency) the equivalent integral
    /// is evaluated instead (see [`Self::log_a0_by_quadrature`]).
    fn log_a0(&self, x: f64, recency: f64, t: f64) -> f64 {
        let big = self.alpha.max(self.beta);
        let z = (self.alpha - self.beta).abs() / (big + recency);
        if z > 0.9 {
            return self.log_a0_by_quadrature(x, recency, t);
        }
        log_sub_exp(self.log_a0_term(x, recency), self.log_a0_term(x, t))
    }

    /// ln A0 from its integral form (the customer dies at some τ in (t_x, T]):
    /// `A0 = (r+s+x) ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ`.
    ///
    /// With `u = ln(min(α,β) + τ)` the log of the integrand is concave in u,
    /// with curvature at most `((r+x) + (s+1)) / 4`, so composite 10-point
    /// Gauss–Legendre on panels narrower than its width is accurate to near
    /// machine precision. Everything is summed in log space.
    fn log_a0_by_quadrature(&self, x: f64, recency: f64, t: f64) -> f64 {
        if t <= recency {
            return f64::NEG_INFINITY;
        }
        let (k, sp) = (self.r + x, self.s + 1.0);
        let m = self.alpha.min(self.beta);
        let (da, db) = (self.alpha - m, self.beta - m);
        // ln(e^u + d) without overflow.
        let ln_shift = |u: f64, d: f64| {
            if d == 0.0 {
                u
            } else {
                u + (d * (-u).exp()).ln_1p()
            }
        };
        let phi = |u: f64| -k * ln_shift(u, da) - sp * ln_shift(u, db) + u;
        let dphi = |u: f64| {
            let e = (-u).exp();
            1.0 - k / (1.0 + da * e) - sp / (1.0 + db * e)
        };
        let (u0, u1) = ((m + recency).ln(), (m + t).ln());
        let curvature = (if da > 0.0 { k } else { 0.0 } + if db > 0.0 { sp } else { 0.0 }) / 4.0;
        // Panels are adapted so the integrand changes by at most about e^±1
        // across one (slope × width ≤ 1) and its curvature is resolved; 10
        // nodes then integrate each panel to ~1e-15. Because φ is concave,
        // once it falls 60 below its running maximum while decreasing, every
        // later panel is negligible.
        let mut vals = Vec::with_capacity(64 * GL_NODES.len());
        let mut u = u0;
        let mut best = f64::NEG_INFINITY;
        for _ in 0..100_000 {
            if u >= u1 {
                break;
            }
            let (f_u, slope) = (phi(u), dphi(u));
            best = best.max(f_u);
            if slope < 0.0 && f_u < best - 60.0 {
                break;
            }
            let h = (1.0 / (slope.abs() + curvature.sqrt() + 1e-300))
                .min(0.5)
                .min(u1 - u);
            let mid = u + 0.5 * h;
            for (node, weight) in GL_NODES.iter().zip(GL_WEIGHTS.iter()) {
                vals.push(phi(mid + 0.5 * h * node) + (0.5 * h * weight).ln());
            }
            u += h;
        }
        let top = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = vals.iter().map(|v| (v - top).exp()).sum();
        (self.r + self.s + x).ln() + top + sum.ln()
    }

    /// Log-likelihood of one customer, without the x-only terms.
    fn ll_point(&self, x: f64, recency: f64, t: f64) -> f64 {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let first = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let second = s.ln() - (r + s + x).ln() + self.log_a0(x, recency, t);
        log_add_exp(first, second)
    }

    /// Fits the model by maximum likelihood (BFGS with central-difference
    /// gradients on log-parameters, then a Nelder–Mead polish).
    pub fn fit(summaries: &[CustomerSummary]) -> Result<Fitted<ParetoNbd>> {
        ParetoData::new(summaries.iter().map(|s| (s.frequency, s.recency, s.t))).fit()
    }

    /// Sum over customers of the log-likelihood of these parameters.
    pub fn log_likelihood(&self, summaries: &[CustomerSummary]) -> f64 {
        ParetoData::new(summaries.iter().map(|s| (s.frequency, s.recency, s.t))).ll(self)
    }
}

impl PurchaseModel for ParetoNbd {
    fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        let x = frequency as f64;
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let log_odds = s.ln() - (r + s + x).ln()
            + (r + x) * (alpha + t).ln()
            + s * (beta + t).ln()
            + self.log_a0(x, recency, t);
        let v = 1.0 / (1.0 + log_odds.exp());
        if v.is_nan() {
            0.0
        } else {
            v
        }
    }

    /// `(r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+h))^(s−1)] · P(alive)`,
    /// written with `expm1` so s = 1 is its limit rather than 0/0.
    fn expected_purchases(&self, horizon: f64, frequency: u32, recency: f64, t: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let x = frequency as f64;
        let l = ((self.beta + t) / (self.beta + t + horizon)).ln();
        let v = (self.r + x) * (self.beta + t) / (self.alpha + t)
            * -expm1_over(self.s - 1.0, l)
            * self.p_alive(frequency, recency, t);
        if v.is_finite() {
            v.max(0.0)
        } else {
            0.0
        }
    }
}

struct ParetoData {
    g: Groups,
    xs: Vec<(f64, f64)>,
    total: f64,
}

impl ParetoData {
    fn new(rows: impl Iterator<Item = (u32, f64, f64)>) -> Self {
        let g = group3(rows);
        let mut per_x: std::collections::BTreeMap<u32, f64> = Default::default();
        for (x, w) in g.x.iter().zip(&g.w) {
            *per_x.entry(*x as u32).or_default() += w;
        }
        ParetoData {
            total: g.w.iter().sum(),
            xs: per_x.into_iter().map(|(x, w)| (x as f64, w)).collect(),
            g,
        }
    }

    fn ll(&self, m: &ParetoNbd) -> f64 {
        let mut ll = 0.0;
        let lg_r = ln_gamma(m.r);
        for &(x, w) in &self.xs {
            ll += w * (ln_gamma(m.r + x) - lg_r);
        }
        ll += self.total * (m.r * m.alpha.ln() + m.s * m.beta.ln());
        let g = &self.g;
        let parts = par_chunks(g.w.len(), |range| {
            range
                .map(|i| g.w[i] * m.ll_point(g.x[i], g.a[i], g.b[i]))
                .sum::<f64>()
        });
        ll + parts.into_iter().sum::<f64>()
    }

    fn neg_mean_ll(&self, th: &[f64]) -> f64 {
        if th.iter().any(|v| !v.is_finite() || v.abs() > LOG_BOUND) {
            return f64::INFINITY;
        }
        let m = ParetoNbd {
            r: th[0].exp(),
            alpha: th[1].exp(),
            s: th[2].exp(),
            beta: th[3].exp(),
        };
        let v = -self.ll(&m) / self.total;
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    }

    fn fit(&self) -> Result<Fitted<ParetoNbd>> {
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
        let run = |x0: &[f64]| {
            bfgs(
                |th, g| {
                    let v = self.neg_mean_ll(th);
                    if v.is_finite() {
                        numeric_gradient(&mut |t: &[f64]| self.neg_mean_ll(t), th, g);
                    }
                    v
                },
                x0,
                200,
                1e-7,
            )
        };
        let mut best = run(&[0.0; 4]);
        if !best.converged && best.f.is_finite() {
            let again = run(&best.x.clone());
            if again.f <= best.f {
                best = again;
            }
        }
        if !best.converged {
            // Derivative-free fallback (and polish) when BFGS could not settle.
            let start = if best.f.is_finite() {
                best.x.clone()
            } else {
                vec![0.0; 4]
            };
            // A bounded budget: BFGS fails to settle mostly on ridges (s, β → ∞
            // with s/β fixed: homogeneous dropout), where predictions no longer
            // change as the parameters grow.
            let polished = nelder_mead(|th| self.neg_mean_ll(th), &start, 0.1, 1500);
            if polished.f <= best.f || !best.f.is_finite() {
                best = polished;
            }
        }
        finish(&best.x, best.f, self.total, MODEL).map(|(p, ll)| Fitted {
            params: ParetoNbd {
                r: p[0],
                alpha: p[1],
                s: p[2],
                beta: p[3],
            },
            log_likelihood: ll,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A0 straight from the note, with 2F1 summed as a plain power series
    /// (fine for the small z used here).
    fn a0_reference(m: &ParetoNbd, x: f64, tx: f64, t: f64) -> f64 {
        let f21 = |a: f64, b: f64, c: f64, z: f64| {
            let mut term = 1.0;
            let mut s = 1.0;
            for n in 0..5000 {
                let n = n as f64;
                term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
                s += term;
            }
            s
        };
        let (r, al, s, be) = (m.r, m.alpha, m.s, m.beta);
        let rsx = r + s + x;
        if al >= be {
            f21(rsx, s + 1.0, rsx + 1.0, (al - be) / (al + tx)) / (al + tx).powf(rsx)
                - f21(rsx, s + 1.0, rsx + 1.0, (al - be) / (al + t)) / (al + t).powf(rsx)
        } else {
            f21(rsx, r + x, rsx + 1.0, (be - al) / (be + tx)) / (be + tx).powf(rsx)
                - f21(rsx, r + x, rsx + 1.0, (be - al) / (be + t)) / (be + t).powf(rsx)
        }
    }

    #[test]
    fn log_a0_matches_the_note_in_both_branches() {
        for m in [
            ParetoNbd {
                r: 0.55,
                alpha: 10.58,
                s: 0.61,
                beta: 11.67,
            }, // α < β
            ParetoNbd {
                r: 0.55,
                alpha: 15.0,
                s: 0.61,
                beta: 11.67,
            }, // α > β
            ParetoNbd {
                r: 0.55,
                alpha: 11.0,
                s: 0.61,
                beta: 11.0,
            }, // α = β
        ] {
            for &(x, tx, t) in &[(0.0, 0.0, 30.0), (3.0, 12.0, 38.0), (10.0, 37.0, 38.0)] {
                let want = a0_reference(&m, x, tx, t);
                let got = m.log_a0(x, tx, t).exp();
                assert!(
                    (got - want).abs() <= 1e-10 * want.abs(),
                    "{m:?} {x} {got} {want}"
                );
            }
        }
    }

    #[test]
    fn quadrature_matches_series_form_of_a0() {
        for m in [
            ParetoNbd {
                r: 0.55,
                alpha: 10.58,
                s: 0.61,
                beta: 11.67,
            },
            ParetoNbd {
                r: 0.55,
                alpha: 40.0,
                s: 0.61,
                beta: 3.0,
            },
            ParetoNbd {
                r: 2.0,
                alpha: 1.0,
                s: 1.5,
                beta: 30.0,
            },
            ParetoNbd {
                r: 0.5,
                alpha: 7.0,
                s: 0.8,
                beta: 7.0,
            },
        ] {
            for &(x, tx, t) in &[
                (0.0, 0.0, 30.0),
                (3.0, 12.0, 38.0),
                (60.0, 37.0, 38.0),
                (200.0, 5.0, 38.0),
            ] {
                let series = log_sub_exp(m.log_a0_term(x, tx), m.log_a0_term(x, t));
                let quad = m.log_a0_by_quadrature(x, tx, t);
                assert!(
                    (series - quad).abs() < 1e-10 * series.abs().max(1.0),
                    "{m:?} {x}: {series} vs {quad}"
                );
            }
        }
    }

    #[test]
    fn predictions_are_finite_at_extremes() {
        let m = ParetoNbd {
            r: 0.553,
            alpha: 10.578,
            s: 0.606,
            beta: 11.669,
        };
        for &(x, tx, t) in &[
            (0, 0.0, 0.0),
            (0, 0.0, 38.0),
            (100_000, 38.0, 38.86),
            (50_000, 1.0, 38.86),
        ] {
            let pa = m.p_alive(x, tx, t);
            let e = m.expected_purchases(52.0, x, tx, t);
            assert!((0.0..=1.0).contains(&pa), "{pa}");
            assert!(e.is_finite() && e >= 0.0);
        }
        // s = 1 is the limit of the general formula.
        let one = ParetoNbd { s: 1.0, ..m }.expected_purchases(10.0, 2, 5.0, 20.0);
        let near = ParetoNbd { s: 1.0 + 1e-9, ..m }.expected_purchases(10.0, 2, 5.0, 20.0);
        assert!((one - near).abs() < 1e-7);
        // Extreme α/β ratio (z close to 1) stays finite.
        let skew = ParetoNbd {
            r: 0.5,
            alpha: 1e4,
            s: 0.5,
            beta: 0.01,
        };
        assert!(skew.ll_point(3.0, 1.0, 30.0).is_finite());
    }
}
