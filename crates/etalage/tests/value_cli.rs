//! `etalage value fit|predict` on the public CDNOW 1/10 sample, against the
//! published estimates (Fader, Hardie & Lee 2005).
mod common;
use common::*;
use serde_json::Value;

/// The CDNOW sample as `customer_id,date,amount`.
fn cdnow_csv(dir: &std::path::Path) -> std::path::PathBuf {
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../etalage-value/tests/data/cdnow_sample.txt"
    ))
    .unwrap();
    let mut out = String::from("customer_id,date,amount\n");
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let d = f[2];
        out.push_str(&format!(
            "{},{}-{}-{},{}\n",
            f[0],
            &d[..4],
            &d[4..6],
            &d[6..8],
            f[4]
        ));
    }
    let path = dir.join("cdnow.csv");
    std::fs::write(&path, out).unwrap();
    path
}

fn close(actual: &Value, expected: f64) {
    let a = actual.as_f64().unwrap();
    assert!(
        (a - expected).abs() / expected.abs() < 5e-3,
        "{a} vs published {expected}"
    );
}

#[test]
fn fit_matches_published_cdnow_estimates() {
    let dir = TempDir::new("value");
    let csv = cdnow_csv(&dir.0);
    let out = etalage_ok(
        &dir.0,
        &[
            "value",
            "fit",
            "--transactions",
            csv.to_str().unwrap(),
            "--calibration-end",
            "1997-09-30",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["customers"], 2357);
    let bg = &v["bgnbd"];
    close(&bg["r"], 0.243);
    close(&bg["alpha"], 4.414);
    close(&bg["a"], 0.793);
    close(&bg["b"], 2.426);
    close(&bg["log_likelihood"], -9582.4);
    let p = &v["pareto_nbd"];
    close(&p["r"], 0.553);
    close(&p["alpha"], 10.578);
    close(&p["s"], 0.606);
    close(&p["beta"], 11.669);
    let g = &v["gamma_gamma"];
    close(&g["p"], 6.25);
    close(&g["q"], 3.74);
    close(&g["gamma"], 15.44);

    let only = etalage_ok(
        &dir.0,
        &[
            "value",
            "fit",
            "--transactions",
            csv.to_str().unwrap(),
            "--calibration-end",
            "1997-09-30",
            "--models",
            "bgnbd",
            "--json",
        ],
    );
    let only: Value = serde_json::from_str(&only).unwrap();
    assert!(
        only.get("pareto_nbd").is_none() && only.get("bgnbd").is_some(),
        "{only}"
    );

    let pred = etalage_ok(
        &dir.0,
        &[
            "value",
            "predict",
            "--transactions",
            csv.to_str().unwrap(),
            "--calibration-end",
            "1997-09-30",
            "--horizon",
            "39",
            "--format",
            "json",
        ],
    );
    let rows: Value = serde_json::from_str(&pred).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2357);
    for r in rows {
        for k in ["p_alive", "expected_purchases", "expected_spend", "clv"] {
            assert!(r[k].as_f64().unwrap().is_finite(), "{r}");
        }
    }

    let bad = dir.0.join("bad.csv");
    std::fs::write(&bad, "customer_id,date,amount\nc1,2026-13-01,10\n").unwrap();
    let out = etalage(
        &dir.0,
        &["value", "fit", "--transactions", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
}
