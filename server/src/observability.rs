//! Structured logs with `tracing`; every line logged while handling a request
//! carries that request's id (see `http::request_span`).
use crate::config::{LogConfig, LogFormat};
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber. Returns an error if the filter is invalid or a
/// subscriber is already installed.
pub fn init(cfg: &LogConfig) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&cfg.filter).map_err(|e| {
        anyhow::anyhow!(
            "configuration error: RUST_LOG = {:?} is invalid: {e}",
            cfg.filter
        )
    })?;
    let registry = tracing_subscriber::registry().with(filter);
    match cfg.format {
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init()?,
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()?,
    }
    Ok(())
}
