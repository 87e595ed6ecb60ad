//! DNS lookups through hickory-resolver (already in the build for MongoDB's
//! SRV records): the adapter of `app::ports::dns`, and its configuration.
mod adapter;

pub use adapter::HickoryDns;

use crate::config::{ConfigError, Env};
use std::net::SocketAddr;
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "DNS_RESOLVERS",
    "DNS_TIMEOUT_MS",
    "DNS_PROBE_NAME",
    "DNS_RECHECK_INTERVAL_SECS",
];

/// Quad9 (Switzerland) and DNS0.EU (France): public resolvers under European
/// jurisdiction, asked in this order.
pub const DEFAULT_RESOLVERS: &str = "9.9.9.9:53,193.110.81.0:53";

/// `DNS_*`: where domain records are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsConfig {
    /// `DNS_RESOLVERS`: `ip:port` list (the port defaults to 53).
    pub resolvers: Vec<SocketAddr>,
    /// `DNS_TIMEOUT_MS` (default 3000): per query and resolver.
    pub timeout: Duration,
    /// `DNS_PROBE_NAME` (default `dezky.eu`): the name the liveness probe asks
    /// for (any answer, even "no records", shows the resolvers work).
    pub probe_name: String,
    /// `DNS_RECHECK_INTERVAL_SECS` (default 21600, six hours; at least 5):
    /// how often each mail domain's records are checked again, the domains
    /// spread over the interval.
    pub recheck_secs: u64,
}

impl DnsConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let spec = env.get("DNS_RESOLVERS").unwrap_or(DEFAULT_RESOLVERS);
        let mut resolvers = Vec::new();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let addr = item
                .parse::<SocketAddr>()
                .or_else(|_| format!("{item}:53").parse::<SocketAddr>())
                .map_err(|_| ConfigError {
                    var: "DNS_RESOLVERS",
                    reason: format!("{item:?} is not an IP address with an optional :port"),
                })?;
            resolvers.push(addr);
        }
        if resolvers.is_empty() {
            return Err(ConfigError {
                var: "DNS_RESOLVERS",
                reason: "names no resolver".into(),
            });
        }
        let ms: u64 = env.parse("DNS_TIMEOUT_MS", 3000u64)?;
        if ms == 0 {
            return Err(ConfigError {
                var: "DNS_TIMEOUT_MS",
                reason: "must be at least 1".into(),
            });
        }
        let probe_name = env
            .get("DNS_PROBE_NAME")
            .unwrap_or("dezky.eu")
            .trim()
            .to_owned();
        let recheck_secs: u64 = env.parse(
            "DNS_RECHECK_INTERVAL_SECS",
            app::services::domains::DEFAULT_RECHECK_SECS,
        )?;
        if recheck_secs < 5 {
            return Err(ConfigError {
                var: "DNS_RECHECK_INTERVAL_SECS",
                reason: "must be at least 5 seconds".into(),
            });
        }
        Ok(Self {
            resolvers,
            timeout: Duration::from_millis(ms),
            probe_name,
            recheck_secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolvers_take_an_optional_port() {
        let env = Env::from_pairs([("DNS_RESOLVERS", "127.0.0.1:5353, 9.9.9.9")]);
        let c = DnsConfig::from_env(&env).unwrap();
        assert_eq!(
            c.resolvers,
            vec![
                "127.0.0.1:5353".parse().unwrap(),
                "9.9.9.9:53".parse().unwrap()
            ]
        );
        assert_eq!(c.timeout, Duration::from_secs(3));
        let bad = DnsConfig::from_env(&Env::from_pairs([("DNS_RESOLVERS", "dns.example")]));
        assert_eq!(bad.unwrap_err().var, "DNS_RESOLVERS");
        assert_eq!(
            DnsConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .resolvers
                .len(),
            2
        );
    }
}
