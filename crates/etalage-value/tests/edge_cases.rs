//! Degenerate inputs give a clear error or a sound (finite) result, never NaN.

use chrono::{Days, NaiveDate};
use etalage_value::*;
use rand::{rngs::StdRng, Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Gamma};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tx(c: &str, date: NaiveDate, amount: f64) -> Transaction {
    Transaction {
        customer_id: c.into(),
        date,
        amount,
    }
}

fn all_finite(p: &[CustomerPrediction]) -> bool {
    p.iter().all(|c| {
        [
            c.p_alive,
            c.expected_purchases,
            c.expected_spend,
            c.clv,
            c.recency,
            c.t,
            c.monetary_value,
        ]
        .iter()
        .all(|v| v.is_finite() && *v >= 0.0)
    })
}

/// A small plausible shop: 300 customers arriving over 90 days, buying at
/// random rates with random amounts, observed for a year.
fn shop() -> Vec<Transaction> {
    let mut rng = StdRng::seed_from_u64(42);
    let rate = Gamma::new(0.6, 1.0 / 30.0).unwrap(); // purchases per day
    let start = d("2024-01-01");
    let mut t = Vec::new();
    for i in 0..300u64 {
        let first = rng.random_range(0..90u64);
        let lam: f64 = rate.sample(&mut rng);
        let churn: f64 = rng.random_range(0.05..0.6);
        let spend: f64 = rng.random_range(10.0..80.0);
        let mut day = first as f64;
        let id = format!("c{i}");
        t.push(tx(
            &id,
            start + Days::new(first),
            spend * rng.random_range(0.5..1.5),
        ));
        loop {
            day += Exp::new(lam).unwrap().sample(&mut rng);
            if day >= 365.0 {
                break;
            }
            t.push(tx(
                &id,
                start + Days::new(day as u64),
                spend * rng.random_range(0.5..1.5),
            ));
            if rng.random::<f64>() < churn {
                break;
            }
        }
    }
    t
}

#[test]
fn empty_input_is_a_clear_error() {
    let e = fit_report(&[], FitOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NoData(_)), "{e}");
    assert!(predict(&[], PredictOptions::default()).is_err());
    assert!(rfm(&[], d("2024-01-01")).is_err());
    assert!(cohort_retention(&[]).is_err());
    assert!(customer_value(&[]).is_empty());
    assert!(BgNbd::fit(&[]).is_err());
    assert!(GammaGamma::fit(&[]).is_err());
    assert!(ParetoNbd::fit(&[]).is_err());
}

#[test]
fn calibration_end_before_any_purchase_is_a_clear_error() {
    let opts = FitOptions {
        calibration_end: Some(d("2000-01-01")),
        ..FitOptions::default()
    };
    let e = fit_report(&shop(), opts).unwrap_err();
    assert!(e.to_string().contains("calibration end"), "{e}");
}

#[test]
fn no_repeat_purchases_is_a_clear_error() {
    // Several orders, but each customer only ever on their first day.
    let t: Vec<_> = (0..50)
        .flat_map(|i| {
            let day = d("2024-01-01") + Days::new(i);
            vec![
                tx(&format!("c{i}"), day, 10.0),
                tx(&format!("c{i}"), day, 5.0),
            ]
        })
        .collect();
    for e in [
        fit_report(&t, FitOptions::default()).unwrap_err(),
        predict(&t, PredictOptions::default()).unwrap_err(),
    ] {
        assert!(matches!(e, Error::NotEnoughData { .. }), "{e}");
        assert!(e.to_string().contains("repeat"), "{e}");
    }
}

#[test]
fn single_customer_is_a_clear_not_enough_data_error() {
    let t = vec![
        tx("solo", d("2024-01-01"), 10.0),
        tx("solo", d("2024-02-01"), 12.0),
        tx("solo", d("2024-03-01"), 14.0),
    ];
    let fit = fit_report(
        &t,
        FitOptions {
            calibration_end: Some(d("2024-04-01")),
            ..FitOptions::default()
        },
    );
    let pred = predict(
        &t,
        PredictOptions {
            calibration_end: Some(d("2024-04-01")),
            ..PredictOptions::default()
        },
    );
    for e in [fit.unwrap_err(), pred.unwrap_err()] {
        // One customer cannot identify a population model: the likelihood
        // runs off to extreme parameters, which is reported, not returned.
        assert!(
            matches!(
                e,
                Error::NotEnoughData {
                    model: "BG/NBD",
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("more customers"), "{e}");
    }
}

#[test]
fn very_large_frequency_stays_finite() {
    let mut t = shop();
    // One customer buying every day for 20 years, up to the last day.
    let end = t.iter().map(|x| x.date).max().unwrap();
    for k in 0..7300 {
        t.push(tx("whale", end - Days::new(k), 3.0 + (k % 10) as f64));
    }
    let p = predict(&t, PredictOptions::default()).unwrap();
    assert!(all_finite(&p));
    let whale = p.iter().find(|c| c.customer_id == "whale").unwrap();
    assert_eq!(whale.frequency, 7299);
    assert!(whale.expected_purchases > 100.0, "{whale:?}");
}

#[test]
fn purchases_on_calibration_end_and_first_day_only() {
    let mut t = shop();
    // A customer whose first (and only) purchase is on the calibration end: t = 0.
    let end = t.iter().map(|x| x.date).max().unwrap();
    t.push(tx("latecomer", end, 9.0));
    let p = predict(&t, PredictOptions::default()).unwrap();
    assert!(all_finite(&p));
    let late = p.iter().find(|c| c.customer_id == "latecomer").unwrap();
    assert_eq!((late.frequency, late.t, late.p_alive), (0, 0.0, 1.0));
    assert!(late.expected_purchases > 0.0);
}

#[test]
fn invalid_prediction_options_are_rejected() {
    for (opts, name) in [
        (
            PredictOptions {
                horizon: 0.0,
                ..Default::default()
            },
            "horizon",
        ),
        (
            PredictOptions {
                horizon: f64::NAN,
                ..Default::default()
            },
            "horizon",
        ),
        (
            PredictOptions {
                discount_rate: -0.1,
                ..Default::default()
            },
            "discount_rate",
        ),
        (
            PredictOptions {
                margin: 1.5,
                ..Default::default()
            },
            "margin",
        ),
    ] {
        match predict(&shop(), opts).unwrap_err() {
            Error::InvalidOption { name: n, .. } => assert_eq!(n, name),
            e => panic!("{e}"),
        }
    }
}

#[test]
fn clv_discounting_and_margin_behave() {
    let t = shop();
    let base = predict(
        &t,
        PredictOptions {
            discount_rate: 0.0,
            ..Default::default()
        },
    )
    .unwrap();
    let disc = predict(
        &t,
        PredictOptions {
            discount_rate: 0.5,
            ..Default::default()
        },
    )
    .unwrap();
    let half = predict(
        &t,
        PredictOptions {
            discount_rate: 0.0,
            margin: 0.15,
            ..Default::default()
        },
    )
    .unwrap();
    for ((b, d), h) in base.iter().zip(&disc).zip(&half) {
        // Undiscounted CLV is exactly margin × spend × expected purchases.
        assert!(
            (b.clv - 0.3 * b.expected_spend * b.expected_purchases).abs() < 1e-9 * b.clv.max(1.0)
        );
        assert!(d.clv < b.clv);
        assert!((h.clv - b.clv / 2.0).abs() < 1e-9 * b.clv.max(1.0));
    }
}

#[test]
fn small_shop_fits_all_models() {
    let r = fit_report(&shop(), FitOptions::default()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["customers"], 300);
    for model in ["bgnbd", "pareto_nbd", "gamma_gamma"] {
        let ll = v[model]["log_likelihood"].as_f64().unwrap();
        assert!(ll.is_finite() && ll < 0.0, "{model}: {v}");
    }
    // Both purchase models roughly agree on a new customer's first year.
    let (bg, pn) = (r.bgnbd.unwrap().params, r.pareto_nbd.unwrap().params);
    let (e1, e2) = (
        bg.expected_purchases_new_customer(52.0),
        pn.expected_purchases_new_customer(52.0),
    );
    assert!((e1 - e2).abs() / e1 < 0.25, "{e1} {e2}");
}

#[test]
fn non_finite_amounts_built_in_code_are_rejected() {
    let mut t = shop();
    t.push(tx("broken", d("2024-02-01"), f64::NAN));
    for e in [
        fit_report(&t, FitOptions::default()).unwrap_err(),
        predict(&t, PredictOptions::default()).unwrap_err(),
        rfm(&t, d("2024-12-31")).unwrap_err(),
    ] {
        assert!(
            matches!(
                e,
                Error::InvalidOption {
                    name: "transactions",
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("broken"), "{e}");
    }
}

#[test]
fn score_rejects_impossible_summaries() {
    let bg = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let gg = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
    };
    let ok = CustomerSummary {
        customer_id: "a".into(),
        frequency: 2,
        recency: 10.0,
        t: 30.0,
        monetary_value: 20.0,
    };
    let opts = PredictOptions::default();
    assert_eq!(
        score(std::slice::from_ref(&ok), &bg, &gg, &opts)
            .unwrap()
            .len(),
        1
    );
    for bad in [
        CustomerSummary {
            monetary_value: f64::NAN,
            ..ok.clone()
        },
        CustomerSummary {
            recency: 31.0,
            ..ok.clone()
        },
        CustomerSummary {
            t: f64::INFINITY,
            ..ok.clone()
        },
    ] {
        let e = score(&[bad], &bg, &gg, &opts).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidOption {
                    name: "summaries",
                    ..
                }
            ),
            "{e}"
        );
    }
}
