//! `DnsLookup` over hickory-resolver: the configured resolvers only (never the
//! system's), UDP then TCP, no cache (a recheck must see a record published a
//! minute ago), a timeout per query.
use super::DnsConfig;
use app::ports::dns::{DnsError, DnsLookup, MxRecord};
use async_trait::async_trait;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;

pub struct HickoryDns {
    resolver: TokioResolver,
    describe: String,
}

impl HickoryDns {
    pub fn new(config: &DnsConfig) -> Result<Self, String> {
        let servers = config
            .resolvers
            .iter()
            .map(|addr| {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
            })
            .collect::<Vec<_>>();
        let mut opts = ResolverOpts::default();
        opts.timeout = config.timeout;
        opts.attempts = 1;
        opts.cache_size = 0;
        opts.ndots = 0;
        let resolver = TokioResolver::builder_with_config(
            ResolverConfig::from_parts(None, Vec::new(), servers),
            TokioRuntimeProvider::default(),
        )
        .with_options(opts)
        .build()
        .map_err(|e| format!("dns resolver: {e}"))?;
        let list = config
            .resolvers
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Self {
            resolver,
            describe: format!("resolvers {list}"),
        })
    }
}

/// A fully qualified name: the resolver then asks exactly this name.
fn fqdn(name: &str) -> Result<String, DnsError> {
    let name = name.trim().trim_end_matches('.');
    let valid = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !valid {
        return Err(DnsError::InvalidName(name.to_owned()));
    }
    Ok(format!("{name}."))
}

fn lookup_error(e: &hickory_resolver::net::NetError) -> Option<DnsError> {
    if e.is_no_records_found() {
        return None;
    }
    let text = e.to_string();
    if text.contains("timed out") || text.contains("timeout") {
        Some(DnsError::Timeout)
    } else {
        Some(DnsError::Failed(text))
    }
}

#[async_trait]
impl DnsLookup for HickoryDns {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn mx(&self, name: &str) -> Result<Vec<MxRecord>, DnsError> {
        let name = fqdn(name)?;
        let lookup = match self.resolver.mx_lookup(name.as_str()).await {
            Ok(l) => l,
            Err(e) => return lookup_error(&e).map_or(Ok(Vec::new()), Err),
        };
        let mut out: Vec<MxRecord> = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::MX(mx) => Some(MxRecord {
                    preference: mx.preference,
                    exchange: mx.exchange.to_ascii().trim_end_matches('.').to_owned(),
                }),
                _ => None,
            })
            .collect();
        out.sort();
        Ok(out)
    }

    async fn txt(&self, name: &str) -> Result<Vec<String>, DnsError> {
        let name = fqdn(name)?;
        let lookup = match self.resolver.txt_lookup(name.as_str()).await {
            Ok(l) => l,
            Err(e) => return lookup_error(&e).map_or(Ok(Vec::new()), Err),
        };
        let mut out: Vec<String> = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::TXT(txt) => Some(
                    txt.txt_data
                        .iter()
                        .map(|part| String::from_utf8_lossy(part).into_owned())
                        .collect::<String>(),
                ),
                _ => None,
            })
            .collect();
        out.sort();
        Ok(out)
    }

    async fn addresses(&self, name: &str) -> Result<Vec<std::net::IpAddr>, DnsError> {
        let name = fqdn(name)?;
        let lookup = match self.resolver.lookup_ip(name.as_str()).await {
            Ok(l) => l,
            Err(e) => return lookup_error(&e).map_or(Ok(Vec::new()), Err),
        };
        let mut out: Vec<std::net::IpAddr> = lookup.iter().collect();
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_before_a_query() {
        assert_eq!(fqdn("Example.dk").unwrap(), "Example.dk.");
        assert_eq!(fqdn("_dmarc.example.dk.").unwrap(), "_dmarc.example.dk.");
        assert_eq!(
            fqdn("selector._domainkey.xn--bcher-kva.example").unwrap(),
            "selector._domainkey.xn--bcher-kva.example."
        );
        for bad in ["", ".", "a..b", "spa ce.dk", "evil.dk;rm", &"a".repeat(64)] {
            assert!(fqdn(bad).is_err(), "{bad:?}");
        }
    }
}
