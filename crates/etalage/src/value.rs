//! `etalage value fit|predict`: customer-value models on a transactions CSV.
use crate::cli::{ValueCommand, ValueInput};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use etalage_value::{
    fit_report, predict, read_transactions_csv, FitOptions, Model, Period, PredictOptions,
    Transaction,
};
use std::process::ExitCode;

fn load(input: &ValueInput) -> anyhow::Result<(Vec<Transaction>, Option<NaiveDate>, Period)> {
    let file = std::fs::File::open(&input.transactions)
        .with_context(|| format!("cannot open {}", input.transactions.display()))?;
    let tx = read_transactions_csv(std::io::BufReader::new(file))
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.transactions.display()))?;
    let end = match &input.calibration_end {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            anyhow::anyhow!("--calibration-end: {d:?} is not a date like 1997-09-30")
        })?),
        None => None,
    };
    let period: Period = input
        .period
        .parse()
        .map_err(|e| anyhow::anyhow!("--period: {e}"))?;
    Ok((tx, end, period))
}

/// The spread of CLV, the channels and the model check, as text.
fn print_details(report: &etalage_analytics::CustomerValueReport) {
    let o = &report.overview;
    let d = &o.clv_distribution;
    let share = |s: Option<f64>| s.map(|v| format!("{v:.1} %")).unwrap_or_else(|| "–".into());
    println!(
        "\nCLV: median {:.2}, p90 {:.2}, p99 {:.2}; the top 10 % of customers hold {}, the top 20 % {}",
        d.p50,
        d.p90,
        d.p99,
        share(d.top10_share),
        share(d.top20_share)
    );
    if !report.channels.is_empty() {
        println!(
            "\n{:<16} {:>9} {:>10} {:>10} {:>6} {:>10} {:>10}  verdict ({} to {})",
            "channel",
            "customers",
            "avg CLV",
            "max CAC",
            "new",
            "spend",
            "CAC",
            report.spend_range[0],
            report.spend_range[1]
        );
        for c in &report.channels {
            let verdict = match c.verdict {
                Some(etalage_value::CacVerdict::Healthy) => "healthy",
                Some(etalage_value::CacVerdict::Tight) => "tight",
                Some(etalage_value::CacVerdict::Unprofitable) => "unprofitable",
                None => "–",
            };
            println!(
                "{:<16} {:>9} {:>10.2} {:>10.2} {:>6} {:>10.2} {:>10}  {verdict}",
                c.channel,
                c.customers,
                c.average_clv,
                c.acquisition.max_acquisition_cost,
                c.new_customers,
                c.spend,
                c.cac
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_else(|| "–".into()),
            );
        }
    }
    let g = &o.diagnostics;
    println!();
    if let Some(bg) = &g.bgnbd {
        let p = &bg.params;
        println!(
            "BG/NBD: r {:.3}, alpha {:.3}, a {:.3}, b {:.3}; log-likelihood {:.1}",
            p.r, p.alpha, p.a, p.b, bg.log_likelihood
        );
    }
    if let Some(gg) = &g.gamma_gamma {
        let p = &gg.params;
        println!(
            "Gamma-Gamma: p {:.3}, q {:.3}, gamma {:.3}; log-likelihood {:.1}",
            p.p, p.q, p.gamma, gg.log_likelihood
        );
    }
    if let Some(why) = g.models_unavailable {
        println!("no lifetime values: {}", shortfall(why));
    }
    match (&g.holdout, g.holdout_unavailable) {
        (Some(h), _) => {
            println!(
                "holdout: fitted up to {}, {} customers; {:.0} repeat purchases predicted in the {} weeks after, {:.0} made",
                h.calibration_end,
                h.customers,
                h.predicted_purchases,
                h.holdout_weeks,
                h.actual_purchases
            );
            println!(
                "{:>9} {:>9} {:>8} {:>9}",
                "repeats", "customers", "actual", "predicted"
            );
            for r in &h.rows {
                let bucket = if r.frequency >= 7 {
                    "7+".to_string()
                } else {
                    r.frequency.to_string()
                };
                println!(
                    "{bucket:>9} {:>9} {:>8.3} {:>9.3}",
                    r.customers, r.actual, r.predicted
                );
            }
        }
        (None, Some(why)) => println!("no holdout check: {}", shortfall(why)),
        (None, None) => {}
    }
}

fn shortfall(s: etalage_value::Shortfall) -> &'static str {
    match s {
        etalage_value::Shortfall::NoRepeatBuyers => "no customer has ordered on two different days",
        etalage_value::Shortfall::ShortHistory => "the orders span less than 16 weeks",
        etalage_value::Shortfall::TooLittleData => "too few customers or repeat orders",
        etalage_value::Shortfall::ModelFailed => "the models could not be fitted to these orders",
    }
}

/// Runs a `value` subcommand (`segments` reads the data directory).
pub fn run(cmd: ValueCommand, data_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    match cmd {
        ValueCommand::Segments(args) => {
            let (_dir, store) = crate::commands::open(data_dir)?;
            let site = crate::commands::find_site(&store, &args.site)?;
            let today = site.timezone.local_date(chrono::Utc::now());
            let report = etalage_analytics::customer_value_report(
                &store,
                &site,
                Some(args.margin),
                today,
                None,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                let o = &report.overview;
                println!(
                    "{} customers on {}; average CLV {:.2}, so a new customer may cost at most {:.2} ({:.2} to keep LTV:CAC at 3)",
                    o.customers,
                    o.reference_date,
                    o.average_clv,
                    o.acquisition.max_acquisition_cost,
                    o.acquisition.healthy_acquisition_cost
                );
                println!(
                    "{:<20} {:>9} {:>9} {:>10} {:>10} {:>10}",
                    "segment", "customers", "revenue%", "avg value", "avg CLV", "max CAC"
                );
                for s in &o.segments {
                    println!(
                        "{:<20} {:>9} {:>9.1} {:>10.2} {:>10.2} {:>10.2}",
                        s.segment,
                        s.customers,
                        s.revenue_share,
                        s.average_value,
                        s.average_clv,
                        s.acquisition.max_acquisition_cost
                    );
                }
                print_details(&report);
            }
            return Ok(ExitCode::SUCCESS);
        }
        ValueCommand::Fit(args) => {
            let (tx, calibration_end, period) = load(&args.input)?;
            let mut opts = FitOptions {
                calibration_end,
                period,
                ..FitOptions::default()
            };
            if !args.models.is_empty() {
                opts.models = args
                    .models
                    .iter()
                    .map(|m| {
                        m.parse::<Model>()
                            .map_err(|e| anyhow::anyhow!("--models: {e}"))
                    })
                    .collect::<anyhow::Result<_>>()?;
            }
            let report = fit_report(&tx, opts).map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        ValueCommand::Predict(args) => {
            let (tx, calibration_end, period) = load(&args.input)?;
            let opts = PredictOptions {
                calibration_end,
                period,
                horizon: args.horizon,
                discount_rate: args.discount_rate,
                margin: args.margin,
            };
            let rows = predict(&tx, opts).map_err(|e| anyhow::anyhow!("{e}"))?;
            match args.format.as_str() {
                "json" => println!("{}", serde_json::to_string(&rows)?),
                "csv" => {
                    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                    for r in &rows {
                        w.serialize(r)?;
                    }
                    w.flush()?;
                }
                other => bail!("--format: {other:?} is not supported; use csv or json"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
