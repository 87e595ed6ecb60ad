//! Where the data lives.
use super::{ConfigError, Env};

pub const VARIABLES: &[&str] = &[
    "DATABASE_URL",
    "DEZKY_DEMO_SEED",
    "TENANT_RETENTION_DAYS",
    "PAYOUTS_AUTOGEN",
];

#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// `DATABASE_URL`: `sqlite://PATH` (default `sqlite://data/dezky.db`, the
    /// embedded store) or `mongodb://HOST/DB`.
    pub url: crate::store::StoreUrl,
    /// `DEZKY_DEMO_SEED`: seed demo partners, tenants and users into an empty
    /// store at start-up (default: on for the embedded store, off for MongoDB).
    pub demo_seed: bool,
    /// `TENANT_RETENTION_DAYS`: how long an operator can restore a deleted
    /// tenant before the purge worker removes it for good (default 30; 0
    /// purges at the worker's next run).
    pub tenant_retention_days: u32,
    /// `PAYOUTS_AUTOGEN` (default true): a worker generates the current
    /// month's partner payouts from the latest MRR snapshot, hourly.
    pub payouts_autogen: bool,
}

impl StoreConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let url = crate::store::StoreUrl::parse(
            env.get("DATABASE_URL").unwrap_or("sqlite://data/dezky.db"),
        )
        .map_err(|reason| ConfigError {
            var: "DATABASE_URL",
            reason,
        })?;
        let demo_seed = env.parse("DEZKY_DEMO_SEED", url.is_embedded())?;
        let tenant_retention_days = env.parse("TENANT_RETENTION_DAYS", 30u32)?;
        let payouts_autogen = env.parse("PAYOUTS_AUTOGEN", true)?;
        Ok(Self {
            url,
            demo_seed,
            tenant_retention_days,
            payouts_autogen,
        })
    }
}
