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

/// Runs a `value` subcommand (`segments` reads the data directory).
pub fn run(cmd: ValueCommand, data_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    match cmd {
        ValueCommand::Segments(args) => {
            let (_dir, store) = crate::commands::open(data_dir)?;
            let site = crate::commands::find_site(&store, &args.site)?;
            let o = etalage_analytics::customer_value(&store, &site, args.margin)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&o)?);
            } else {
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
