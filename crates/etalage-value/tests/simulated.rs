//! Parameter recovery: simulate customers from known parameters with a
//! seeded RNG, fit, and get the parameters back.

mod common;

use common::sim::simulate;
use etalage_value::{BgNbd, CustomerSummary, GammaGamma, ParetoNbd, PurchaseModel};
use rand::{rngs::StdRng, Rng, SeedableRng};

const BG: (f64, f64, f64, f64) = (0.25, 4.0, 0.8, 2.5);
const GG: (f64, f64, f64) = (6.0, 4.0, 15.0);

fn summaries(n: usize, seed: u64) -> Vec<CustomerSummary> {
    let mut rng = StdRng::seed_from_u64(seed);
    simulate(&mut rng, n, BG, GG, |r| r.random_range(26.0..39.0), false)
        .into_iter()
        .enumerate()
        .map(|(i, c)| CustomerSummary {
            customer_id: i.to_string(),
            frequency: c.frequency,
            recency: c.recency,
            t: c.t,
            monetary_value: c.monetary,
        })
        .collect()
}

fn within(name: &str, got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want,
        "{name}: got {got}, true {want}"
    );
}

#[test]
fn bgnbd_recovers_simulated_parameters() {
    let s = summaries(40_000, 7);
    let f = BgNbd::fit(&s).unwrap();
    let p = f.params;
    within("r", p.r, BG.0, 0.08);
    within("alpha", p.alpha, BG.1, 0.10);
    within("a", p.a, BG.2, 0.20);
    within("b", p.b, BG.3, 0.25);
    // The likelihood at the fit beats the likelihood at the true parameters.
    let truth = BgNbd {
        r: BG.0,
        alpha: BG.1,
        a: BG.2,
        b: BG.3,
    };
    assert!(f.log_likelihood >= truth.log_likelihood(&s));
    assert!((f.log_likelihood - p.log_likelihood(&s)).abs() < 1e-6 * f.log_likelihood.abs());
}

#[test]
fn gamma_gamma_recovers_simulated_parameters() {
    let s = summaries(40_000, 11);
    let p = GammaGamma::fit(&s).unwrap().params;
    // p and q/γ are well identified; q and γ individually less so.
    within("p", p.p, GG.0, 0.10);
    within("q", p.q, GG.1, 0.15);
    within("gamma", p.gamma, GG.2, 0.20);
    within(
        "mean spend",
        p.p * p.gamma / (p.q - 1.0),
        GG.0 * GG.2 / (GG.1 - 1.0),
        0.03,
    );
}

#[test]
fn pareto_nbd_fits_bgnbd_data_sensibly() {
    // Not its own generating process, but both models should agree on the
    // expected purchases of a new customer over the observed span.
    let s = summaries(5_000, 3);
    let bg = BgNbd::fit(&s).unwrap().params;
    let pn = ParetoNbd::fit(&s).unwrap().params;
    let (e1, e2) = (
        bg.expected_purchases_new_customer(39.0),
        pn.expected_purchases_new_customer(39.0),
    );
    assert!((e1 - e2).abs() / e1 < 0.05, "{e1} {e2}");
}

#[test]
fn grouping_does_not_change_the_estimate() {
    // Duplicating every customer doubles the log-likelihood and leaves the parameters alone.
    let s = summaries(3_000, 5);
    let doubled: Vec<_> = s.iter().chain(s.iter()).cloned().collect();
    let (a, b) = (BgNbd::fit(&s).unwrap(), BgNbd::fit(&doubled).unwrap());
    assert!((b.log_likelihood - 2.0 * a.log_likelihood).abs() < 1e-6 * a.log_likelihood.abs());
    assert!((a.params.r - b.params.r).abs() < 1e-6 * a.params.r);
    assert!((a.params.b - b.params.b).abs() < 1e-5 * a.params.b);
}
