//! What each subcommand does.
use crate::cli::{
    AdviseArgs, Cli, Command, GoalAddArgs, GoalCommand, ImportCommand, KeyCommand, SiteCommand,
    UserCommand,
};
use crate::config::Config;
use crate::data_dir::DataDir;
use anyhow::{bail, Context};
use etalage_collect::enrich::GeoDb;
use etalage_core::{Domain, GoalClass, GoalTrigger, Money, PagePattern, Timezone};
use etalage_store::{DuckDbStore, Site, Store};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(|| {
        PathBuf::from(if matches!(cli.command, Command::Demo(_)) {
            "./etalage-demo"
        } else {
            "./etalage-data"
        })
    });
    match cli.command {
        Command::Serve(args) => {
            let dir = DataDir::lock(&data_dir)?;
            let mut config = Config::load(args.config.as_deref(), dir.path())?;
            if let Some(l) = args.listen {
                config.listen = l;
            }
            if args.geoip_db.is_some() {
                config.geoip_db = args.geoip_db;
            }
            crate::serve::run(dir, config, |addr| println!("url: http://{addr}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => {
            let dir = DataDir::lock(&data_dir)?;
            let (email, password) = crate::demo::prepare(&dir, args.seed, args.events)?;
            if args.no_serve {
                return Ok(ExitCode::SUCCESS);
            }
            let config = Config {
                listen: args.listen,
                ..Config::load(None, dir.path())?
            };
            crate::serve::run(dir, config, |addr| {
                println!("url: http://{addr}");
                println!("email: {email}");
                println!("password: {password}");
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Site(cmd) => site(&data_dir, cmd),
        Command::User(UserCommand::Add { email }) => {
            let (_dir, store) = open(&data_dir)?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let user = etalage_web::add_user(&store, &email, password)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Added {} as an administrator.", user.email);
            Ok(ExitCode::SUCCESS)
        }
        Command::Advise(args) => advise(args),
        Command::Value(cmd) => crate::value::run(cmd, &data_dir),
        Command::Kpi(args) => {
            let (_dir, store) = open(&data_dir)?;
            let answer = etalage_analytics::run_kpis(
                &store,
                &args.site,
                &serde_json::json!([args.from, args.to]),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&answer)?);
            } else {
                print!("{}", crate::kpi_text::render(&answer));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Alerts(args) => {
            let (_dir, store) = open(&data_dir)?;
            let site = find_site(&store, &args.site)?;
            let today = site.timezone.local_date(chrono::Utc::now());
            let alerts = etalage_analytics::alerts::recent_alerts(&store, &site, today, args.days)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&alerts)?);
            } else if alerts.is_empty() {
                println!(
                    "No alerts: every figure of the last {} closed days stayed within its usual range.",
                    args.days
                );
            } else {
                for a in &alerts {
                    println!("{}", a.message);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Key(KeyCommand::Create { name }) => {
            let (_dir, store) = open(&data_dir)?;
            let name = name.trim();
            if name.is_empty() {
                bail!("--name: give the key a name, such as \"dashboard script\"");
            }
            let token = etalage_web::new_token();
            let key = store.add_api_key(name, &etalage_web::hash_token(&token), &token[..8])?;
            println!(
                "Created API key {:?} (id {}). Send it as `Authorization: Bearer <token>`.",
                key.name, key.id
            );
            println!("The token is shown only once:");
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Goal(GoalCommand::Add(args)) => goal_add(&data_dir, args),
        Command::Goal(GoalCommand::List { site, json }) => {
            let (_dir, store) = open(&data_dir)?;
            let site = find_site(&store, &site)?;
            let goals = store.goals(site.id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&goals)?);
            } else {
                for g in goals {
                    let trigger = match &g.trigger {
                        GoalTrigger::Page(p) => format!("page {}", p.as_str()),
                        GoalTrigger::Event(e) => format!("event {e}"),
                    };
                    let value = g.value.map(|v| format!(", worth {v}")).unwrap_or_default();
                    println!("{} ({}, {trigger}{value})", g.name, g.class.as_str());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Customer(cmd) => crate::shop::customer(&open(&data_dir)?.1, cmd),
        Command::Import(ImportCommand::Orders(args)) => {
            crate::shop::orders(&open(&data_dir)?.1, args)
        }
        Command::Import(ImportCommand::Products(args)) => {
            crate::shop::table(&open(&data_dir)?.1, args, etalage_web::ShopFile::Products)
        }
        Command::Import(ImportCommand::Customers(args)) => {
            crate::shop::table(&open(&data_dir)?.1, args, etalage_web::ShopFile::Customers)
        }
        Command::Import(ImportCommand::Returns(args)) => {
            crate::shop::table(&open(&data_dir)?.1, args, etalage_web::ShopFile::Returns)
        }
        Command::Import(ImportCommand::Spend(args)) => {
            crate::shop::table(&open(&data_dir)?.1, args, etalage_web::ShopFile::Spend)
        }
        Command::Import(ImportCommand::Events {
            site,
            file,
            json,
            geoip_db,
        }) => {
            let (_dir, store) = open(&data_dir)?;
            let site = find_site(&store, &site)?;
            let geo = match geoip_db {
                Some(p) => Some(
                    GeoDb::open(&p)
                        .map_err(|e| anyhow::anyhow!("--geoip-db {}: {e}", p.display()))?,
                ),
                None => None,
            };
            let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::io::BufReader::with_capacity(
                    1 << 20,
                    std::fs::File::open(&file)
                        .with_context(|| format!("cannot open {}", file.display()))?,
                ))
            };
            let report = etalage_collect::import_events(&store, &site, reader, geo)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("accepted: {}", report.accepted);
                println!("dropped as bots: {}", report.dropped_bots);
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
    }
}

/// Locks the data directory and opens its store.
pub(crate) fn open(path: &std::path::Path) -> anyhow::Result<(DataDir, DuckDbStore)> {
    let dir = DataDir::lock(path)?;
    let store = DuckDbStore::open(&dir.database())?;
    Ok((dir, store))
}

pub(crate) fn find_site(store: &DuckDbStore, domain: &str) -> anyhow::Result<Site> {
    match store.site_by_domain(domain)? {
        Some(s) => Ok(s),
        None => {
            let known: Vec<String> = store
                .sites()?
                .into_iter()
                .map(|s| s.domain.to_string())
                .collect();
            bail!(
                "--site: no site {domain:?}; known sites: {}. Add it with `etalage site add {domain}`",
                if known.is_empty() { "(none)".to_string() } else { known.join(", ") }
            )
        }
    }
}

fn site(data_dir: &std::path::Path, cmd: SiteCommand) -> anyhow::Result<ExitCode> {
    let (_dir, store) = open(data_dir)?;
    match cmd {
        SiteCommand::Add { domain, timezone } => {
            let domain = Domain::parse(&domain)?;
            let tz = Timezone::parse(&timezone)?;
            let site = store.add_site(&domain, tz)?;
            println!(
                "Added {} (time zone {}). Put this in the <head> of every page:",
                site.domain, site.timezone
            );
            println!("<script defer data-domain=\"{}\" src=\"https://YOUR-ETALAGE-HOST/js/script.js\"></script>", site.domain);
        }
        SiteCommand::List { json } => {
            let sites = store.sites()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sites)?);
            } else {
                for s in sites {
                    println!("{}\t{}", s.domain, s.timezone);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn goal_add(data_dir: &std::path::Path, args: GoalAddArgs) -> anyhow::Result<ExitCode> {
    let (_dir, store) = open(data_dir)?;
    let site = find_site(&store, &args.site)?;
    let name = args.name.trim();
    if name.is_empty() {
        bail!("--name: give the goal a name, such as \"Contact request\"");
    }
    let trigger = match (args.page, args.event) {
        (Some(p), None) => GoalTrigger::Page(PagePattern::parse(&p)?),
        (None, Some(e)) if !e.trim().is_empty() => GoalTrigger::Event(e.trim().to_string()),
        _ => bail!("give either --page PATH_PATTERN or --event EVENT_NAME"),
    };
    let class = GoalClass::parse(&args.class)?;
    let value = match args.value.as_deref() {
        Some([amount, currency]) => Some(Money::parse(amount, currency)?),
        Some(_) => bail!("--value takes an amount and a currency, e.g. --value 40 EUR"),
        None => None,
    };
    let goal = store.add_goal(site.id, name, &trigger, class, value)?;
    println!(
        "Added goal {:?} ({}) to {}",
        goal.name,
        goal.class.as_str(),
        site.domain
    );
    Ok(ExitCode::SUCCESS)
}

fn advise(args: AdviseArgs) -> anyhow::Result<ExitCode> {
    use etalage_advisor::{list_sheets, run_advise, Format, Lang};
    let content = etalage_web::embedded_content().map_err(anyhow::Error::msg)?;
    if args.list {
        let sheets = list_sheets(&content.kb);
        if args.json {
            println!("{}", serde_json::to_string_pretty(&sheets)?);
        } else {
            for s in sheets {
                println!("{}\t{}\t{}", s.id, s.theme, s.condition_text);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lang = Lang::parse(&args.lang).map_err(|e| anyhow::anyhow!("--lang: {e}"))?;
    let format: Format = args
        .format
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--format: {e}"))?;
    let path = args.answers.expect("clap requires --answers or --list");
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?
    };
    let out = run_advise(&content.kb, &content.questionnaire, &text, lang, format)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
