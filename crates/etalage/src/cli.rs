//! Command-line interface.
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// etalage: one self-hosted program to advise, measure and value an online
/// business. Privacy-first web analytics joined with the shop's own data.
#[derive(Debug, Parser)]
#[command(name = "etalage", version, about, long_about = None)]
pub struct Cli {
    /// Directory holding the database, the ingest log and the daily salts
    /// [default: ./etalage-data; ./etalage-demo for `demo`].
    #[arg(long, global = true, env = "ETALAGE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: tracker, event collection, stats API.
    Serve(ServeArgs),
    /// Run etalage on demo data (creates it when absent).
    Demo(DemoArgs),
    /// Manage tracked sites.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Manage users of the web app.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Manage goals (conversions) of a site.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Import data into a site.
    #[command(subcommand)]
    Import(ImportCommand),
    /// The shop's customers.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Advice for a business: the questionnaire's answers select advice sheets.
    Advise(AdviseArgs),
    /// Customer value: fit purchase and spend models, predict lifetime value.
    #[command(subcommand)]
    Value(ValueCommand),
    /// Alerts: closed days whose figures moved beyond their usual level.
    Alerts(AlertsArgs),
    /// The shop's key figures for a period, against the period before.
    Kpi(KpiArgs),
}

/// `kpi`
#[derive(Debug, Args)]
pub struct KpiArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// First day (YYYY-MM-DD, site time).
    #[arg(long)]
    pub from: String,
    /// Last day, included (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// Print JSON (the same as `GET /api/v1/kpis`).
    #[arg(long)]
    pub json: bool,
}

/// `alerts`
#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// How many closed days to check, counting back from yesterday.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=90))]
    pub days: i64,
    /// Print JSON instead of one line per alert.
    #[arg(long)]
    pub json: bool,
}

/// `value …`
#[derive(Debug, Subcommand)]
pub enum ValueCommand {
    /// Fit BG/NBD, Pareto/NBD and Gamma-Gamma to a CSV `customer_id,date,amount`.
    Fit(ValueFitArgs),
    /// Per customer: probability alive, expected purchases and spend, CLV.
    Predict(ValuePredictArgs),
    /// RFM segments of a site's stored orders, with value, CLV and the most
    /// a new customer may cost.
    Segments(ValueSegmentsArgs),
}

/// `value segments`
#[derive(Debug, Args)]
pub struct ValueSegmentsArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// Share of revenue kept as margin (0.3 = 30 %).
    #[arg(long, default_value_t = 0.3)]
    pub margin: f64,
    /// Print JSON (the same as `GET /api/v1/customers/value`).
    #[arg(long)]
    pub json: bool,
}

/// Options shared by `value fit` and `value predict`.
#[derive(Debug, Args)]
pub struct ValueInput {
    /// CSV with header `customer_id,date,amount` (date as YYYY-MM-DD).
    #[arg(long)]
    pub transactions: PathBuf,
    /// Last day of the calibration period (default: the last transaction's date).
    #[arg(long)]
    pub calibration_end: Option<String>,
    /// Unit of time: day or week.
    #[arg(long, default_value = "week")]
    pub period: String,
}

/// Options of `value fit`.
#[derive(Debug, Args)]
pub struct ValueFitArgs {
    /// The transactions.
    #[command(flatten)]
    pub input: ValueInput,
    /// Models to fit, comma-separated: bgnbd, pareto_nbd, gamma_gamma (default: all).
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `value predict`.
#[derive(Debug, Args)]
pub struct ValuePredictArgs {
    /// The transactions.
    #[command(flatten)]
    pub input: ValueInput,
    /// How far ahead, in periods (e.g. 52 weeks).
    #[arg(long, default_value_t = 52.0)]
    pub horizon: f64,
    /// Annual discount rate, e.g. 0.1 for 10 %.
    #[arg(long, default_value_t = 0.10)]
    pub discount_rate: f64,
    /// Gross margin as a fraction of spend, e.g. 0.3.
    #[arg(long, default_value_t = 0.30)]
    pub margin: f64,
    /// Output: csv or json.
    #[arg(long, default_value = "csv")]
    pub format: String,
}

/// Options of `advise`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["answers", "list"])))]
pub struct AdviseArgs {
    /// A JSON file of answers: {"question_id": "answer" or ["answers"]} (`-` for standard input).
    #[arg(long)]
    pub answers: Option<PathBuf>,
    /// List every advice sheet with its theme and condition instead.
    #[arg(long)]
    pub list: bool,
    /// Language of the advice: nl, fr or en.
    #[arg(long, default_value = "nl")]
    pub lang: String,
    /// Output: md, json or html.
    #[arg(long, default_value = "md")]
    pub format: String,
    /// With --list: print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ETALAGE_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// A TOML configuration file (default: DATA_DIR/etalage.toml when present).
    #[arg(long, env = "ETALAGE_CONFIG")]
    pub config: Option<PathBuf>,
    /// A MaxMind-format country database (GeoLite2-Country, DB-IP lite).
    #[arg(long, env = "ETALAGE_GEOIP_DB")]
    pub geoip_db: Option<PathBuf>,
}

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
    /// Seed of the generated data (the same seed gives the same data).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of events to generate (about).
    #[arg(long, default_value_t = 1_200_000)]
    pub events: usize,
    /// Generate the data and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

/// `site …`
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Register a website to track.
    Add {
        /// The site's domain, as in the tracker's data-domain.
        domain: String,
        /// The IANA time zone reports use.
        #[arg(long, default_value = "Europe/Brussels")]
        timezone: String,
    },
    /// List the sites.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an administrator (owner of every site); the password is read from standard input.
    Add {
        /// The user's e-mail address.
        email: String,
    },
}

/// `key …`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create an API key; the token is the last line printed (shown once).
    Create {
        /// A name to recognise the key by.
        #[arg(long)]
        name: String,
    },
}

/// `goal …`
#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal: a page visit or a custom event that counts as a conversion.
    Add(GoalAddArgs),
    /// List a site's goals.
    List {
        /// The site's domain.
        #[arg(long)]
        site: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Options of `goal add`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("trigger").required(true).args(["page", "event"])))]
pub struct GoalAddArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// The goal's name, unique within the site.
    #[arg(long)]
    pub name: String,
    /// A page path pattern (`/thank-you`, `/blog/*`, `/shop/**`).
    #[arg(long)]
    pub page: Option<String>,
    /// A custom event name.
    #[arg(long)]
    pub event: Option<String>,
    /// soft (indirect value: signup, download) or hard (direct value: purchase, contact request).
    #[arg(long)]
    pub class: String,
    /// Money value per conversion: AMOUNT CURRENCY, e.g. --value 40 EUR.
    #[arg(long, num_args = 2, value_names = ["AMOUNT", "CURRENCY"])]
    pub value: Option<Vec<String>>,
}

/// `import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import events from NDJSON lines: {"timestamp", "name", "url", "referrer", "user_agent", "ip", "props", "revenue"}.
    Events {
        /// The site's domain.
        #[arg(long)]
        site: String,
        /// The NDJSON file (`-` for standard input).
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// A MaxMind-format country database.
        #[arg(long, env = "ETALAGE_GEOIP_DB")]
        geoip_db: Option<PathBuf>,
    },
    /// Import orders: a Shopify export, WooCommerce's REST API JSON, or any CSV with a mapping.
    Orders(ImportOrdersArgs),
    /// Import products from a CSV (columns: docs/import.md).
    Products(ImportTableArgs),
    /// Import customers from a CSV (columns: docs/import.md).
    Customers(ImportTableArgs),
    /// Import returns from a CSV (columns: docs/import.md).
    Returns(ImportTableArgs),
    /// Import marketing spend from a CSV (columns: docs/import.md).
    Spend(ImportTableArgs),
}

/// The format of an orders file.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OrderFormatArg {
    /// Shopify's order export (CSV, one row per line item).
    Shopify,
    /// The JSON of WooCommerce's REST API v3 `GET /orders` (pages may be concatenated).
    Woocommerce,
    /// Any CSV; --mapping says which column holds what.
    Csv,
}

/// Options of `import orders`.
#[derive(Debug, Args)]
pub struct ImportOrdersArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// The file's format.
    #[arg(long, value_enum)]
    pub format: OrderFormatArg,
    /// With --format csv: a TOML file mapping etalage's fields to the file's columns (docs/import.md).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The file (`-` for standard input).
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `import products|customers|returns|spend`.
#[derive(Debug, Args)]
pub struct ImportTableArgs {
    /// The site's domain.
    #[arg(long)]
    pub site: String,
    /// A TOML file mapping etalage's fields to the file's columns, when they are named otherwise.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The CSV file (`-` for standard input).
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `customer …`
#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Remove a customer's personal data (GDPR erasure); their orders stay, anonymous.
    Forget {
        /// The site's domain.
        #[arg(long)]
        site: String,
        /// The customer's e-mail address or the shop's customer id.
        email_or_id: String,
    },
}
