//! `etalage serve`: open the store, replay the ingest log, serve HTTP, and
//! on SIGTERM or Ctrl-C stop accepting, flush everything and exit.
use crate::config::Config;
use crate::data_dir::DataDir;
use anyhow::Context;
use etalage_collect::enrich::GeoDb;
use etalage_collect::{CollectMetrics, Collector, FlushPolicy};
use etalage_store::{DuckDbStore, Store};
use etalage_web::{AppState, TrustedProxies, WebConfig};
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs a server on a locked data directory until it is told to stop.
pub fn run(dir: DataDir, config: Config, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let duck = Arc::new(DuckDbStore::open(&dir.database())?);
        let store: Arc<dyn Store> = duck.clone();
        let geo = match &config.geoip_db {
            Some(p) => {
                Some(GeoDb::open(p).map_err(|e| anyhow::anyhow!("geoip_db {}: {e}", p.display()))?)
            }
            None => None,
        };
        let metrics = Arc::new(CollectMetrics::default());
        let collector = Arc::new(
            Collector::start(
                store.clone(),
                dir.path(),
                geo,
                metrics,
                FlushPolicy::default(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
        let web = WebConfig {
            trusted_proxies: TrustedProxies::parse(&config.trusted_proxies)
                .map_err(anyhow::Error::msg)?,
            rate_limit_per_second: config.rate_limit_per_second,
            rate_limit_burst: config.rate_limit_burst,
            advisor_public: config.advisor_public,
        };
        let state = AppState::new(store, collector.clone(), web).with_accounts(duck);
        // The daily alert check, in the background.
        let check = tokio::spawn(etalage_web::run_daily_check(state.clone()));
        let app = etalage_web::router(state);
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        dir.announce_server(&format!("http://{addr}"))?;
        tracing::info!(%addr, data_dir = %dir.path().display(), "etalage is listening");
        on_ready(addr);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop_signal())
        .await?;
        check.abort();
        tracing::info!("stopping: flushing events to the store");
        collector.shutdown().await;
        drop(dir);
        Ok(())
    })
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
