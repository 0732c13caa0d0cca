//! The configuration file (TOML), overridden by command-line options.
use anyhow::Context;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Settings of a server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges).
    pub trusted_proxies: Vec<String>,
    /// A MaxMind-format country database.
    pub geoip_db: Option<PathBuf>,
    /// Events per second per client IP, sustained.
    pub rate_limit_per_second: f64,
    /// Events a client IP may send at once.
    pub rate_limit_burst: f64,
    /// Whether the advisor page (/advice) is public.
    pub advisor_public: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8000".parse().expect("valid address"),
            trusted_proxies: vec!["127.0.0.0/8".into(), "::1/128".into()],
            geoip_db: None,
            rate_limit_per_second: 50.0,
            rate_limit_burst: 200.0,
            advisor_public: true,
        }
    }
}

impl Config {
    /// Reads `file`, or `DATA_DIR/etalage.toml` when present, or the defaults.
    pub fn load(file: Option<&Path>, data_dir: &Path) -> anyhow::Result<Config> {
        let default_path = data_dir.join("etalage.toml");
        let path = match file {
            Some(p) => Some(p.to_path_buf()),
            None if default_path.exists() => Some(default_path),
            None => None,
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the configuration {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("the configuration {} is invalid", path.display()))
    }
}
