//! `etalage import orders|products|customers|returns|spend` and
//! `etalage customer forget`: the shop's own data, read by
//! `etalage-import` and stored with the store's upserts.
use crate::cli::{CustomerCommand, ImportOrdersArgs, ImportTableArgs, OrderFormatArg};
use anyhow::{bail, Context};
use etalage_import::{ImportReport, Mapping, OrderFormat};
use etalage_store::{CommerceStore, DuckDbStore};
use etalage_web::{import_shop_file, ShopFile};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

fn input(file: &Path) -> anyhow::Result<Box<dyn Read>> {
    Ok(if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
        )
    })
}

fn mapping(path: Option<&Path>) -> anyhow::Result<Option<Mapping>> {
    path.map(|p| Mapping::load(p).map_err(|e| anyhow::anyhow!("--mapping {e}")))
        .transpose()
}

/// Prints a report; the exit code is 1 when a row was rejected.
fn print(report: &ImportReport, json: bool) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string(report)?);
    } else {
        println!("imported: {}", report.imported);
        println!("updated: {}", report.updated);
        println!("unchanged: {}", report.unchanged);
        println!("rejected: {}", report.rejected.len());
        for r in &report.rejected {
            println!("  line {}: {}", r.line, r.reason);
        }
    }
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `import products|customers|returns|spend`.
pub fn table(
    store: &DuckDbStore,
    args: ImportTableArgs,
    file: ShopFile,
) -> anyhow::Result<ExitCode> {
    let site = crate::commands::find_site(store, &args.site)?;
    let mapping = mapping(args.mapping.as_deref())?;
    let report = import_shop_file(store, &site, &file, input(&args.file)?, mapping.as_ref())?;
    print(&report, args.json)
}

/// `import orders`.
pub fn orders(store: &DuckDbStore, args: ImportOrdersArgs) -> anyhow::Result<ExitCode> {
    let site = crate::commands::find_site(store, &args.site)?;
    let format = match (args.format, mapping(args.mapping.as_deref())?) {
        (OrderFormatArg::Csv, Some(m)) => OrderFormat::Csv(m),
        (OrderFormatArg::Csv, None) => {
            bail!("--format csv needs --mapping FILE.toml naming the columns (see docs/import.md)")
        }
        (_, Some(_)) => bail!("--mapping goes with --format csv"),
        (OrderFormatArg::Shopify, None) => OrderFormat::Shopify,
        (OrderFormatArg::Woocommerce, None) => OrderFormat::WooCommerce,
    };
    let report = import_shop_file(
        store,
        &site,
        &ShopFile::Orders(format),
        input(&args.file)?,
        None,
    )?;
    print(&report, args.json)
}

/// Runs a `customer` subcommand.
pub fn customer(store: &DuckDbStore, command: CustomerCommand) -> anyhow::Result<ExitCode> {
    match command {
        CustomerCommand::Forget { site, email_or_id } => {
            let site = crate::commands::find_site(store, &site)?;
            let report = store.forget_customer(site.id, &email_or_id)?;
            if report.customers == 0 {
                eprintln!(
                    "No customer of {} has the id or e-mail address {:?}; nothing was changed.",
                    site.domain,
                    email_or_id.trim()
                );
                return Ok(ExitCode::from(1));
            }
            println!(
                "Forgot {} customer record(s) of {}: e-mail address, name, customer id, consent and return reasons are removed; {} order(s) stay, anonymous.",
                report.customers, site.domain, report.orders_kept
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
