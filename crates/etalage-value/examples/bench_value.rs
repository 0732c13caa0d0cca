//! Speed benchmark: simulate N customers from known BG/NBD and Gamma-Gamma
//! parameters (seeded), write their summaries as CSV for the `lifetimes`
//! comparison in `scripts/bench-value.sh`, then fit BG/NBD + Gamma-Gamma and
//! score every customer, printing the timings as JSON.
//!
//! ```text
//! cargo run --release --example bench_value -p etalage-value -- \
//!     [--n 1000000] [--seed 1] [--runs 3] [--csv /tmp/bench_value_summary.csv]
//! ```
//!
//! Purchase times fall on whole days (time in weeks = days / 7), as real
//! order dates do; customers arrive uniformly over 52 weeks and calibration
//! ends 26 weeks after the last arrival.

#[path = "../tests/common/sim.rs"]
mod sim;

use std::io::Write;
use std::time::Instant;

use etalage_value::{score, BgNbd, CustomerSummary, GammaGamma, ParetoNbd, Period, PredictOptions};
use rand::{rngs::StdRng, Rng, SeedableRng};

const BG: (f64, f64, f64, f64) = (0.243, 4.414, 0.793, 2.426);
const GG: (f64, f64, f64) = (6.25, 3.74, 15.44);

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU seconds (user + system) used by this process so far, from
/// /proc/self/stat (Linux); 0 elsewhere. Reported beside wall time because
/// the benchmark machine is shared.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = arg("--n", 1_000_000);
    let seed: u64 = arg("--seed", 1);
    let runs: usize = arg("--runs", 3);
    let csv_path: String = arg("--csv", "/tmp/bench_value_summary.csv".to_string());

    let mut rng = StdRng::seed_from_u64(seed);
    let sim = sim::simulate(
        &mut rng,
        n,
        BG,
        GG,
        |r| (546 - r.random_range(0..364u32)) as f64 / 7.0,
        true,
    );
    let summaries: Vec<CustomerSummary> = sim
        .iter()
        .map(|c| CustomerSummary {
            customer_id: String::new(),
            frequency: c.frequency,
            recency: c.recency,
            t: c.t,
            monetary_value: c.monetary,
        })
        .collect();
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&csv_path)?);
        writeln!(w, "frequency,recency,T,monetary_value")?;
        for c in &summaries {
            // `{}` prints the shortest representation that round-trips, so
            // Python reads exactly the same f64 values.
            writeln!(
                w,
                "{},{},{},{}",
                c.frequency, c.recency, c.t, c.monetary_value
            )?;
        }
    }
    let distinct = {
        let mut keys: Vec<(u32, u64, u64)> = summaries
            .iter()
            .map(|s| (s.frequency, s.recency.to_bits(), s.t.to_bits()))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    };

    let opts = PredictOptions {
        calibration_end: None,
        period: Period::Week,
        horizon: 52.0,
        discount_rate: 0.10,
        margin: 0.30,
    };
    let (mut t_bg, mut t_gg, mut t_score, mut t_total) = (vec![], vec![], vec![], vec![]);
    let mut cpu_total = vec![];
    let mut last = None;
    for _ in 0..runs {
        let c0 = cpu_seconds();
        let t0 = Instant::now();
        let bg = BgNbd::fit(&summaries)?;
        let t1 = Instant::now();
        let gg = GammaGamma::fit(&summaries)?;
        let t2 = Instant::now();
        let scored = score(&summaries, &bg.params, &gg.params, &opts)?;
        let t3 = Instant::now();
        t_bg.push((t1 - t0).as_secs_f64());
        t_gg.push((t2 - t1).as_secs_f64());
        t_score.push((t3 - t2).as_secs_f64());
        t_total.push((t3 - t0).as_secs_f64());
        cpu_total.push(cpu_seconds() - c0);
        let clv_sum: f64 = scored.iter().map(|c| c.clv).sum();
        let e_sum: f64 = scored.iter().map(|c| c.expected_purchases).sum();
        let pa_sum: f64 = scored.iter().map(|c| c.p_alive).sum();
        assert!(clv_sum.is_finite() && e_sum.is_finite() && pa_sum.is_finite());
        last = Some((bg, gg, clv_sum, e_sum, pa_sum));
    }
    let (bg, gg, clv_sum, e_sum, pa_sum) = last.expect("at least one run");
    if std::env::args().any(|a| a == "--pareto") {
        // Not part of the comparison with lifetimes: how long Pareto/NBD takes here.
        let t0 = Instant::now();
        let pn = ParetoNbd::fit(&summaries)?;
        eprintln!("pareto_nbd: {:.3} s, {:?}", t0.elapsed().as_secs_f64(), pn);
    }
    println!(
        "{{\"tool\":\"etalage-value\",\"n\":{n},\"seed\":{seed},\"runs\":{runs},\"distinct_summaries\":{distinct},\
\"repeat_customers\":{},\"threads\":{},\
\"median_s\":{{\"fit_bgnbd\":{:.4},\"fit_gamma_gamma\":{:.4},\"score\":{:.4},\"total\":{:.4}}},\
\"all_total_s\":{:?},\"median_cpu_s\":{:.2},\
\"bgnbd\":{{\"r\":{},\"alpha\":{},\"a\":{},\"b\":{},\"log_likelihood\":{}}},\
\"gamma_gamma\":{{\"p\":{},\"q\":{},\"gamma\":{}}},\
\"sums\":{{\"p_alive\":{pa_sum},\"expected_purchases\":{e_sum},\"clv\":{clv_sum}}}}}",
        summaries.iter().filter(|s| s.frequency > 0).count(),
        std::thread::available_parallelism().map(|v| v.get()).unwrap_or(1),
        median(t_bg),
        median(t_gg),
        median(t_score),
        median(t_total.clone()),
        t_total,
        median(cpu_total),
        bg.params.r,
        bg.params.alpha,
        bg.params.a,
        bg.params.b,
        bg.log_likelihood,
        gg.params.p,
        gg.params.q,
        gg.params.gamma,
    );
    Ok(())
}
