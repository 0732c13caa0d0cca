//! The `etalage` command: wires configuration, store and server together.
mod cli;
mod commands;
mod config;
mod data_dir;
mod demo;
mod kpi_text;
mod serve;
mod shop;
mod value;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ETALAGE_LOG")
                .unwrap_or_else(|_| "etalage=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
