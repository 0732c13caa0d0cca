//! Small unconstrained minimisers: BFGS with a backtracking line search, and
//! Nelder–Mead with restarts as a derivative-free fallback and polisher.
//!
//! The models optimise over log-parameters, so "unconstrained" is enough; an
//! objective signals an out-of-range point by returning `+inf`.

/// Result of a minimisation.
#[derive(Debug, Clone)]
pub(crate) struct Minimum {
    pub x: Vec<f64>,
    pub f: f64,
    /// Whether the gradient norm reached the tolerance (BFGS only).
    pub converged: bool,
}

/// Step size (in the optimised coordinates) below which BFGS stops: the
/// models optimise log-parameters, so this is a relative change of 1e-9.
const XTOL: f64 = 1e-9;

/// BFGS on `fg(x, grad) -> f`, which must fill `grad` when `f` is finite.
pub(crate) fn bfgs<F>(mut fg: F, x0: &[f64], max_iter: usize, gtol: f64) -> Minimum
where
    F: FnMut(&[f64], &mut [f64]) -> f64,
{
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut f = fg(&x, &mut g);
    if !f.is_finite() {
        return Minimum {
            x,
            f,
            converged: false,
        };
    }
    // Inverse Hessian approximation, row-major.
    let mut h = identity(n);
    let mut first = true;
    let mut xn = vec![0.0; n];
    let mut gn = vec![0.0; n];
    let mut stalls = 0;
    let mut converged = false;
    for _ in 0..max_iter {
        if norm_inf(&g) < gtol {
            converged = true;
            break;
        }
        let mut d: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>())
            .collect();
        let mut slope = dot(&d, &g);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction: reset to steepest descent.
            h = identity(n);
            d = g.iter().map(|v| -v).collect();
            slope = dot(&d, &g);
        }
        // Keep the first trial step modest in log-parameter space.
        let dmax = norm_inf(&d);
        if !first && (dmax < XTOL || -slope < 1e-12 * f.abs().max(1.0)) {
            // The quasi-Newton step would move no parameter by more than
            // XTOL (relative, as parameters are logs), or promises a decrease
            // below the rounding noise of a sum over many customers: converged.
            converged = true;
            break;
        }
        let mut step = if dmax > 2.0 { 2.0 / dmax } else { 1.0 };
        let mut accepted = false;
        let mut fnew = f;
        for _ in 0..30 {
            for i in 0..n {
                xn[i] = x[i] + step * d[i];
            }
            fnew = fg(&xn, &mut gn);
            if fnew.is_finite() && fnew <= f + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
        let s: Vec<f64> = (0..n).map(|i| xn[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| gn[i] - g[i]).collect();
        let sy = dot(&s, &y);
        if sy > 1e-300 {
            if first {
                let yy = dot(&y, &y);
                let scale = sy / yy;
                h = identity(n);
                for i in 0..n {
                    h[i * n + i] = scale;
                }
                first = false;
            }
            // H+ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum())
                .collect();
            let yhy = dot(&y, &hy);
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        let improvement = f - fnew;
        x.copy_from_slice(&xn);
        g.copy_from_slice(&gn);
        f = fnew;
        // Improvements at the level of rounding noise: the gradient cannot be
        // trusted further, so more iterations only burn evaluations.
        if improvement <= 1e-14 * f.abs().max(1.0) {
            stalls += 1;
            if stalls >= 3 {
                // At the noise floor of the objective: as converged as it gets.
                converged = true;
                break;
            }
        } else {
            stalls = 0;
        }
    }
    converged |= norm_inf(&g) < gtol;
    Minimum { x, f, converged }
}

/// Nelder–Mead (adaptive coefficients of Gao & Han 2012), restarted from the
/// best vertex with a fresh simplex until a restart no longer improves.
pub(crate) fn nelder_mead<F>(mut f: F, x0: &[f64], step: f64, max_evals: usize) -> Minimum
where
    F: FnMut(&[f64]) -> f64,
{
    let mut best = Minimum {
        x: x0.to_vec(),
        f: f(x0),
        converged: false,
    };
    let mut evals = 1;
    for _restart in 0..10 {
        let (m, used) = nelder_mead_once(&mut f, &best.x, step, max_evals.saturating_sub(evals));
        evals += used;
        let improved = m.f < best.f - 1e-12 * best.f.abs().max(1.0);
        if m.f <= best.f {
            best = m;
        }
        if !improved || evals >= max_evals {
            break;
        }
    }
    best
}

fn nelder_mead_once<F>(f: &mut F, x0: &[f64], step: f64, max_evals: usize) -> (Minimum, usize)
where
    F: FnMut(&[f64]) -> f64,
{
    let n = x0.len();
    let nf = n as f64;
    let (alpha, beta, gamma, delta) = (1.0, 1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf);
    let eval = |f: &mut F, x: &[f64]| {
        let v = f(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut pts: Vec<Vec<f64>> = vec![x0.to_vec()];
    for i in 0..n {
        let mut p = x0.to_vec();
        p[i] += step;
        pts.push(p);
    }
    let mut vals: Vec<f64> = pts.iter().map(|p| eval(f, p)).collect();
    let mut evals = n + 1;
    while evals < max_evals {
        let mut idx: Vec<usize> = (0..=n).collect();
        idx.sort_by(|&a, &b| vals[a].total_cmp(&vals[b]));
        pts = idx.iter().map(|&i| pts[i].clone()).collect();
        vals = idx.iter().map(|&i| vals[i]).collect();
        let spread = (vals[n] - vals[0]).abs();
        let size = pts[1..]
            .iter()
            .map(|p| norm_inf_diff(p, &pts[0]))
            .fold(0.0, f64::max);
        if spread <= 1e-12 * vals[0].abs().max(1e-12) && size < 1e-9 {
            break;
        }
        if size < 1e-11 {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| pts[..n].iter().map(|p| p[j]).sum::<f64>() / nf)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            (0..n)
                .map(|j| centroid[j] + t * (pts[n][j] - centroid[j]))
                .collect()
        };
        let xr = along(-alpha);
        let fr = eval(f, &xr);
        evals += 1;
        if fr < vals[0] {
            let xe = along(-alpha * beta);
            let fe = eval(f, &xe);
            evals += 1;
            if fe < fr {
                pts[n] = xe;
                vals[n] = fe;
            } else {
                pts[n] = xr;
                vals[n] = fr;
            }
        } else if fr < vals[n - 1] {
            pts[n] = xr;
            vals[n] = fr;
        } else {
            let (xc, fc) = if fr < vals[n] {
                let xc = along(-alpha * gamma);
                let fc = eval(f, &xc);
                (xc, fc)
            } else {
                let xc = along(gamma);
                let fc = eval(f, &xc);
                (xc, fc)
            };
            evals += 1;
            if fc < vals[n].min(fr) {
                pts[n] = xc;
                vals[n] = fc;
            } else {
                // Shrink towards the best vertex.
                for i in 1..=n {
                    let p: Vec<f64> = (0..n)
                        .map(|j| pts[0][j] + delta * (pts[i][j] - pts[0][j]))
                        .collect();
                    vals[i] = eval(f, &p);
                    pts[i] = p;
                }
                evals += n;
            }
        }
    }
    let bi = (0..=n)
        .min_by(|&a, &b| vals[a].total_cmp(&vals[b]))
        .unwrap_or(0);
    (
        Minimum {
            x: pts[bi].clone(),
            f: vals[bi],
            converged: false,
        },
        evals,
    )
}

/// Central-difference gradient, for objectives without an analytic one.
pub(crate) fn numeric_gradient<F>(f: &mut F, x: &[f64], grad: &mut [f64])
where
    F: FnMut(&[f64]) -> f64,
{
    let mut xp = x.to_vec();
    for i in 0..x.len() {
        let h = 1e-6 * x[i].abs().max(1.0);
        xp[i] = x[i] + h;
        let fp = f(&xp);
        xp[i] = x[i] - h;
        let fm = f(&xp);
        xp[i] = x[i];
        grad[i] = (fp - fm) / (2.0 * h);
    }
}

fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    m
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm_inf(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

fn norm_inf_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(x: &[f64]) -> f64 {
        (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
    }

    #[test]
    fn bfgs_finds_rosenbrock_minimum() {
        let m = bfgs(
            |x, g| {
                g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
                g[1] = 200.0 * (x[1] - x[0] * x[0]);
                rosenbrock(x)
            },
            &[-1.2, 1.0],
            500,
            1e-10,
        );
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
    }

    #[test]
    fn nelder_mead_finds_rosenbrock_minimum() {
        let m = nelder_mead(rosenbrock, &[-1.2, 1.0], 0.5, 20_000);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5,
            "{m:?}"
        );
    }

    #[test]
    fn bfgs_backtracks_out_of_infinite_regions() {
        // Minimum at x = 2; the objective is +inf for x > 3.
        let m = bfgs(
            |x, g| {
                if x[0] > 3.0 {
                    return f64::INFINITY;
                }
                g[0] = 2.0 * (x[0] - 2.0);
                (x[0] - 2.0).powi(2)
            },
            &[-10.0],
            100,
            1e-12,
        );
        assert!((m.x[0] - 2.0).abs() < 1e-8);
    }
}
