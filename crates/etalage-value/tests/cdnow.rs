//! Published results on the CDNOW 1/10 sample (Fader, Hardie & Lee 2005;
//! Fader & Hardie's notes), calibration ending 1997-09-30, time in weeks.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use etalage_value::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Reads the fixture: customer id, id in the full set, YYYYMMDD, CDs, dollars.
fn cdnow() -> Vec<Transaction> {
    let text = include_str!("data/cdnow_sample.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Transaction {
                customer_id: f[0].to_string(),
                date: NaiveDate::parse_from_str(f[2], "%Y%m%d").unwrap(),
                amount: f[4].parse().unwrap(),
            }
        })
        .collect()
}

const CAL_END: &str = "1997-09-30";

fn calibration() -> Vec<CustomerSummary> {
    summarize(&cdnow(), date(CAL_END), Period::Week)
}

/// Equal to three significant digits (relative error below 5e-4 of the
/// published, rounded figure's last digit).
fn assert_sig3(name: &str, got: f64, want: f64) {
    let digits = 10f64.powf(want.abs().log10().floor() - 2.0);
    assert!(
        (got - want).abs() <= 0.5 * digits + 1e-12,
        "{name}: got {got}, published {want}"
    );
}

#[test]
fn fixture_has_2357_customers_and_6919_purchases() {
    let t = cdnow();
    assert_eq!(t.len(), 6919);
    let s = calibration();
    assert_eq!(s.len(), 2357);
    assert_eq!(s.iter().filter(|c| c.frequency > 0).count(), 946);
    // Everybody's first purchase is in Q1 1997: T between 26.57 and 38.86 weeks.
    assert!(s.iter().all(|c| c.t >= 182.0 / 7.0 && c.t <= 272.0 / 7.0));
}

#[test]
fn bgnbd_matches_fader_hardie_lee_2005() {
    let f = BgNbd::fit(&calibration()).unwrap();
    let p = f.params;
    assert_sig3("r", p.r, 0.243);
    assert_sig3("alpha", p.alpha, 4.414);
    assert_sig3("a", p.a, 0.793);
    assert_sig3("b", p.b, 2.426);
    assert!(
        (f.log_likelihood - -9582.4).abs() < 0.05,
        "LL {}",
        f.log_likelihood
    );
    // The worked example of FHL (2005) with the fitted parameters.
    let e = p.expected_purchases(39.0, 2, 30.43, 38.86);
    assert!((e - 1.226).abs() < 0.001, "{e}");
    // A new customer's expected repeat purchases in 20 weeks (lifetimes 0.11.3: 0.74373).
    let e = p.expected_purchases_new_customer(20.0);
    assert!((e - 0.74373).abs() < 1e-4, "{e}");
}

#[test]
fn pareto_nbd_matches_fader_hardie() {
    let f = ParetoNbd::fit(&calibration()).unwrap();
    let p = f.params;
    assert_sig3("r", p.r, 0.553);
    assert_sig3("alpha", p.alpha, 10.578);
    assert_sig3("s", p.s, 0.606);
    assert_sig3("beta", p.beta, 11.669);
    // Published log-likelihood of the Pareto/NBD on this calibration: −9595.0.
    assert!(
        (f.log_likelihood - -9595.0).abs() < 0.5,
        "LL {}",
        f.log_likelihood
    );
}

#[test]
fn gamma_gamma_matches_fader_hardie() {
    let s = calibration();
    let f = GammaGamma::fit(&s).unwrap();
    let p = f.params;
    assert_sig3("p", p.p, 6.25);
    assert_sig3("q", p.q, 3.74);
    assert_sig3("gamma", p.gamma, 15.44);
}

#[test]
fn fit_report_serialises_exactly() {
    let opts = FitOptions {
        calibration_end: Some(date(CAL_END)),
        period: Period::Week,
        models: [Model::BgNbd, Model::GammaGamma]
            .into_iter()
            .collect::<BTreeSet<_>>(),
    };
    let r = fit_report(&cdnow(), opts).unwrap();
    let text = serde_json::to_string(&r).unwrap();
    assert!(
        text.starts_with(r#"{"customers":2357,"bgnbd":{"r":"#),
        "{text}"
    );
    assert!(text.contains(r#","gamma_gamma":{"p":"#), "{text}");
    let v = serde_json::to_value(&r).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), vec!["bgnbd", "customers", "gamma_gamma"]);
    assert_eq!(v["customers"], 2357);
    assert_eq!(
        keys(&v["bgnbd"]),
        vec!["a", "alpha", "b", "log_likelihood", "r"]
    );
    assert_eq!(
        keys(&v["gamma_gamma"]),
        vec!["gamma", "log_likelihood", "p", "q"]
    );
    let all = fit_report(
        &cdnow(),
        FitOptions {
            calibration_end: Some(date(CAL_END)),
            ..FitOptions::default()
        },
    )
    .unwrap();
    let v = serde_json::to_value(&all).unwrap();
    assert_eq!(
        keys(&v["pareto_nbd"]),
        vec!["alpha", "beta", "log_likelihood", "r", "s"]
    );
}

#[test]
fn holdout_predictions_track_actual_purchases() {
    let t = cdnow();
    let (cal, hold) =
        calibration_and_holdout(&t, date(CAL_END), date("1998-06-30"), Period::Week).unwrap();
    let m = BgNbd::fit(&cal).unwrap().params;
    let rows = holdout_table(&m, &cal, &hold);
    assert_eq!(
        rows.iter().map(|r| r.frequency).collect::<Vec<_>>(),
        (0..=7).collect::<Vec<_>>()
    );
    assert_eq!(rows.iter().map(|r| r.customers).sum::<usize>(), 2357);
    // Whole base: 1,882 actual repeat purchases in the 39-week holdout; the
    // sum of conditional expectations is 1,653.4, as `lifetimes` 0.11.3
    // computes with the same parameters (`conditional_expected_number_of_purchases_up_to_time`).
    let actual: f64 = rows.iter().map(|r| r.actual * r.customers as f64).sum();
    let predicted: f64 = rows.iter().map(|r| r.predicted * r.customers as f64).sum();
    assert_eq!(actual, 1882.0);
    assert!((predicted - 1653.4).abs() < 0.5, "{predicted}");
    eprintln!("{rows:#?}");
    // Each bucket's mean is within 0.6 purchases of the actual mean and increases with frequency.
    for r in &rows {
        assert!((r.predicted - r.actual).abs() < 0.6, "{r:?}");
    }
    assert!(rows.windows(2).all(|w| w[1].predicted > w[0].predicted));
}

#[test]
fn tracking_series_follows_cumulative_repeat_purchases() {
    let t = cdnow();
    let m = BgNbd::fit(&calibration()).unwrap().params;
    let s = tracking_series(&m, &t, date(CAL_END), date("1998-06-30"), Period::Week).unwrap();
    assert_eq!(s.len(), 78);
    assert_eq!(s[0].end_date, date("1997-01-07"));
    assert_eq!(s.last().unwrap().end_date, date("1998-06-30"));
    let at_cal = s.iter().find(|p| p.end_date >= date(CAL_END)).unwrap();
    assert!(
        (at_cal.predicted - at_cal.actual).abs() / at_cal.actual < 0.03,
        "{at_cal:?}"
    );
    let last = s.last().unwrap();
    assert!(
        (last.predicted - last.actual).abs() / last.actual < 0.05,
        "{last:?}"
    );
    assert!(s
        .windows(2)
        .all(|w| w[1].actual >= w[0].actual && w[1].predicted >= w[0].predicted));
}

#[test]
fn predict_scores_every_customer_without_nan() {
    let p = predict(
        &cdnow(),
        PredictOptions {
            calibration_end: Some(date(CAL_END)),
            ..PredictOptions::default()
        },
    )
    .unwrap();
    assert_eq!(p.len(), 2357);
    for c in &p {
        for v in [c.p_alive, c.expected_purchases, c.expected_spend, c.clv] {
            assert!(v.is_finite() && v >= 0.0, "{c:?}");
        }
        assert!(c.p_alive <= 1.0);
    }
    // A customer with no repeat purchase is certainly alive under BG/NBD.
    assert!(p
        .iter()
        .filter(|c| c.frequency == 0)
        .all(|c| c.p_alive == 1.0));
    // CLV is below undiscounted margin × spend × purchases.
    for c in &p {
        assert!(c.clv <= 0.3 * c.expected_spend * c.expected_purchases + 1e-9);
    }
}

#[test]
fn models_parse_from_their_serialised_names() {
    for m in [Model::BgNbd, Model::ParetoNbd, Model::GammaGamma] {
        let name = serde_json::to_value(m).unwrap();
        assert_eq!(name.as_str().unwrap().parse::<Model>().unwrap(), m);
    }
    assert!("nbd".parse::<Model>().is_err());
}

#[test]
fn time_unit_only_rescales_alpha_and_beta() {
    // In days, α (and β) are 7× the weekly values; r, a, b, s are unchanged.
    let days = summarize(&cdnow(), date(CAL_END), Period::Day);
    let (w, d) = (
        BgNbd::fit(&calibration()).unwrap().params,
        BgNbd::fit(&days).unwrap().params,
    );
    assert!((d.alpha / w.alpha - 7.0).abs() < 1e-4, "{w:?} {d:?}");
    for (x, y) in [(w.r, d.r), (w.a, d.a), (w.b, d.b)] {
        assert!((x - y).abs() < 1e-5 * x, "{w:?} {d:?}");
    }
    let (pw, pd) = (
        ParetoNbd::fit(&calibration()).unwrap().params,
        ParetoNbd::fit(&days).unwrap().params,
    );
    assert!((pd.beta / pw.beta - 7.0).abs() < 1e-2, "{pw:?} {pd:?}");
    assert!((pd.s - pw.s).abs() < 1e-3 * pw.s, "{pw:?} {pd:?}");
}
