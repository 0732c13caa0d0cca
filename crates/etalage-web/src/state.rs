use crate::alerts_api::AlertCache;
use crate::client_ip::TrustedProxies;
use crate::metrics::QueryTimer;
use crate::rate_limit::RateLimiter;
use etalage_collect::Collector;
use etalage_store::{AccountStore, Store};
use std::sync::Arc;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: TrustedProxies,
    /// Events per second per client IP, sustained.
    pub rate_limit_per_second: f64,
    /// Events a client IP may send in a burst.
    pub rate_limit_burst: f64,
    /// Whether the advisor page is public.
    pub advisor_public: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            trusted_proxies: TrustedProxies::loopback(),
            rate_limit_per_second: 50.0,
            rate_limit_burst: 200.0,
            advisor_public: true,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The live ingest pipeline.
    pub collector: Arc<Collector>,
    /// HTTP settings.
    pub config: Arc<WebConfig>,
    /// Per-IP event rate limiter.
    pub limiter: Arc<RateLimiter>,
    /// Query latency histogram.
    pub query_timer: Arc<QueryTimer>,
    /// Users, sessions and memberships of the web app; without them the
    /// pages answer 503 (see [`AppState::with_accounts`]).
    pub accounts: Option<Arc<dyn AccountStore>>,
    /// The alerts of each site's last closed days.
    pub alerts: Arc<AlertCache>,
    /// Customer-value overviews, kept while a site's orders are unchanged.
    pub value_cache: Arc<etalage_analytics::ValueCache>,
}

impl AppState {
    /// State for a store and collector with the given settings.
    pub fn new(store: Arc<dyn Store>, collector: Arc<Collector>, config: WebConfig) -> Self {
        let limiter = Arc::new(RateLimiter::new(
            config.rate_limit_per_second,
            config.rate_limit_burst,
        ));
        AppState {
            store,
            collector,
            config: Arc::new(config),
            limiter,
            query_timer: Arc::new(QueryTimer::default()),
            accounts: None,
            alerts: Arc::new(AlertCache::default()),
            value_cache: Arc::default(),
        }
    }

    /// Gives the web app its accounts (usually the same `DuckDbStore` as
    /// `store`, which implements both traits).
    pub fn with_accounts(mut self, accounts: Arc<dyn AccountStore>) -> Self {
        self.accounts = Some(accounts);
        self
    }
}
