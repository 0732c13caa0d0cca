//! Special functions used by the likelihoods and predictions.
//!
//! Everything here works in log space where it matters, so that customers with
//! very large frequencies or very long histories never overflow to `inf`/`NaN`.

/// Natural log of the gamma function for `x > 0`.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// `lnΓ(z+q) − lnΓ(z) − q ln z` for `z, q > 0`, accurate also when both
/// lgammas are large and nearly equal (Stirling's series for z ≥ 20).
pub(crate) fn ln_gamma_ratio(z: f64, q: f64) -> f64 {
    if z < 20.0 {
        return ln_gamma(z + q) - ln_gamma(z) - q * z.ln();
    }
    let s = |w: f64| {
        let f = 1.0 / (w * w);
        (1.0 / 12.0 - f * (1.0 / 360.0 - f * (1.0 / 1260.0 - f / 1680.0))) / w
    };
    (z + q - 0.5) * (q / z).ln_1p() - q + s(z + q) - s(z)
}

/// Digamma ψ(x) for `x > 0`: recurrence up to x ≥ 10, then the asymptotic series.
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f
        * (1.0 / 12.0
            - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0)))));
    acc + x.ln() - 0.5 / x - series
}

/// `ln(exp(a) + exp(b))` without overflow; `-inf` behaves as log(0).
pub(crate) fn log_add_exp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + (-(a - b).abs()).exp().ln_1p()
}

/// `ln(exp(a) - exp(b))` for `a >= b`; returns `-inf` when they are equal.
pub(crate) fn log_sub_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        return a;
    }
    if b >= a {
        return f64::NEG_INFINITY;
    }
    a + (-(b - a).exp()).ln_1p()
}

/// Upper bound on series terms; only reached for z extremely close to 1, which
/// the callers' parameter ranges make practically impossible.
const MAX_TERMS: usize = 200_000;

/// `ln Σ_{n≥0} (b)_n / (c)_n · z^n` for `0 < b < c` and `0 ≤ z < 1`.
///
/// This is `2F1(1, b; c; z)`. Every term is positive and the ratio of
/// successive terms is below `z`, so the sum neither overflows nor cancels.
/// The Pareto/NBD `A0` term is reduced to this form by Euler's transformation
/// (see `pareto.rs`), which is what makes it stable for both α ≥ β and α < β.
pub(crate) fn ln_hyp2f1_1bc(b: f64, c: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return 0.0;
    }
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    for n in 0..MAX_TERMS {
        let nf = n as f64;
        term *= (b + nf) / (c + nf) * z;
        sum += term;
        if term <= sum * 1e-17 {
            break;
        }
    }
    sum.ln()
}

/// `Σ_{n≥1} (p)_n (q)_{n-1} / ((c)_n n!) · z^n`, i.e. `(2F1(p, q-1; c; z) - 1) / (q-1)`.
///
/// Written this way so that the BG/NBD conditional expectation stays exact
/// when `a` (here `q`) is at or near 1, where the textbook formula is 0/0.
pub(crate) fn hyp2f1_minus_one_over(p: f64, q: f64, c: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return 0.0;
    }
    let mut term = p / c * z;
    let mut sum = term;
    for n in 1..MAX_TERMS {
        let nf = n as f64;
        term *= (p + nf) * (q + nf - 1.0) / ((c + nf) * (nf + 1.0)) * z;
        sum += term;
        if term.abs() <= sum.abs() * 1e-17 || term == 0.0 {
            break;
        }
    }
    sum
}

/// `expm1(e·l) / e`, continuous at `e = 0` where it equals `l`.
pub(crate) fn expm1_over(e: f64, l: f64) -> f64 {
    if e == 0.0 {
        l
    } else {
        (e * l).exp_m1() / e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300)
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        assert!(close(ln_gamma(1.0), 0.0_f64.max(1e-300), 1.0));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-14
        ));
        assert!(close(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-14));
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = -γ (Euler–Mascheroni), ψ(0.5) = -γ - 2 ln 2.
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-13));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-13));
        assert!(close(digamma(100.0), 4.600_161_852_738_087, 1e-13));
        // Derivative check against ln Γ.
        let x = 3.7;
        let h = 1e-5;
        let num = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
        assert!(close(digamma(x), num, 1e-8));
    }

    #[test]
    fn ln_gamma_ratio_matches_direct_difference() {
        for &(z, q) in &[
            (0.5, 3.0),
            (19.9, 0.3),
            (20.0, 3.74),
            (600.0, 3.74),
            (1e5, 50.0),
        ] {
            let direct = ln_gamma(z + q) - ln_gamma(z) - q * z.ln();
            let tol = 1e-12 * ln_gamma(z + q).abs().max(1.0);
            assert!((ln_gamma_ratio(z, q) - direct).abs() < tol, "{z} {q}");
        }
    }

    #[test]
    fn log_add_and_sub_exp_are_stable() {
        assert!(close(
            log_add_exp(1000.0, 1000.0),
            1000.0 + 2f64.ln(),
            1e-15
        ));
        assert_eq!(log_add_exp(f64::NEG_INFINITY, -3.0), -3.0);
        assert!(close(log_sub_exp(2f64.ln(), 0.0), 0.0_f64.max(1e-300), 1.0));
        assert_eq!(log_sub_exp(5.0, 5.0), f64::NEG_INFINITY);
    }

    #[test]
    fn hyp2f1_series_match_closed_forms() {
        // 2F1(1, 1; 2; z) = -ln(1-z)/z.
        let z = 0.7;
        assert!(close(
            ln_hyp2f1_1bc(1.0, 2.0, z),
            (-(1.0 - z).ln() / z).ln(),
            1e-13
        ));
        // 2F1(1, b; b; z) = 1/(1-z) is the b == c edge: still converges.
        assert!(close(
            ln_hyp2f1_1bc(2.5, 2.5, 0.3),
            (1.0 / 0.7_f64).ln(),
            1e-13
        ));
        // (2F1(p, q-1; c; z) - 1)/(q-1) with p = 1, q - 1 = 1, c = 2: (-ln(1-z)/z - 1).
        let v = hyp2f1_minus_one_over(1.0, 2.0, 2.0, z);
        assert!(close(v, -(1.0 - z).ln() / z - 1.0, 1e-13));
    }

    #[test]
    fn expm1_over_is_continuous_at_zero() {
        assert_eq!(expm1_over(0.0, -2.0), -2.0);
        assert!(close(expm1_over(1e-12, -2.0), -2.0, 1e-10));
        assert!(close(
            expm1_over(0.5, -2.0),
            ((-1.0f64).exp() - 1.0) / 0.5,
            1e-14
        ));
    }
}
