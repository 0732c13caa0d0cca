//! Simulation of customers from known BG/NBD and Gamma-Gamma parameters,
//! shared by the parameter-recovery tests and the speed benchmark.

use rand::Rng;
use rand_distr::{Beta, Distribution, Exp, Gamma};

/// One simulated customer's calibration summary.
#[derive(Debug, Clone, Copy)]
pub struct SimCustomer {
    /// Repeat purchases.
    pub frequency: u32,
    /// First to last purchase (periods).
    pub recency: f64,
    /// First purchase to calibration end (periods).
    pub t: f64,
    /// Mean of the repeat purchases' values (0 when none).
    pub monetary: f64,
}

/// Simulates BG/NBD customers observed for `t_of(rng)` periods each, with
/// Gamma-Gamma spend. With `day_grid`, purchase times are rounded down to
/// whole days (periods are weeks), as real order dates are.
#[allow(clippy::too_many_arguments)]
pub fn simulate<R: Rng>(
    rng: &mut R,
    n: usize,
    (r, alpha, a, b): (f64, f64, f64, f64),
    (p, q, gamma): (f64, f64, f64),
    mut t_of: impl FnMut(&mut R) -> f64,
    day_grid: bool,
) -> Vec<SimCustomer> {
    let lambda_d = Gamma::new(r, 1.0 / alpha).unwrap();
    let p_d = Beta::new(a, b).unwrap();
    let nu_d = Gamma::new(q, 1.0 / gamma).unwrap();
    (0..n)
        .map(|_| {
            let t = t_of(rng);
            let lambda: f64 = lambda_d.sample(rng);
            let drop: f64 = p_d.sample(rng);
            let mut now = 0.0;
            let mut x = 0u32;
            let mut tx = 0.0;
            if lambda > 0.0 {
                let gap = Exp::new(lambda).unwrap();
                loop {
                    now += gap.sample(rng);
                    if now > t {
                        break;
                    }
                    let when = if day_grid {
                        (now * 7.0).floor() / 7.0
                    } else {
                        now
                    };
                    if day_grid && x > 0 && when == tx {
                        // Same day as the previous purchase: one purchase day.
                    } else if !(day_grid && when == 0.0) {
                        x += 1;
                        tx = when;
                    }
                    if rng.random::<f64>() < drop {
                        break;
                    }
                }
            }
            let monetary = if x == 0 {
                0.0
            } else {
                let nu: f64 = nu_d.sample(rng);
                let z = Gamma::new(p, 1.0 / nu).unwrap();
                (0..x).map(|_| z.sample(rng)).sum::<f64>() / x as f64
            };
            SimCustomer {
                frequency: x,
                recency: tx,
                t,
                monetary,
            }
        })
        .collect()
}
