//! The DNS-lookup port: what a domain publishes (MX and TXT: SPF, DKIM, DMARC,
//! ownership), asked of a configurable list of resolvers. The adapter is
//! `server/src/integrations/dns/` (hickory-resolver); tests point it at a local
//! Knot DNS server.
use crate::domain::System;
use async_trait::async_trait;

/// One MX record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MxRecord {
    pub preference: u16,
    /// The mail server's name, without the trailing dot.
    pub exchange: String,
}

#[async_trait]
pub trait DnsLookup: Send + Sync + 'static {
    /// "resolvers 9.9.9.9:53, 193.110.81.0:53", for the console and errors.
    fn describe(&self) -> String;
    /// The MX records of `name`, lowest preference first; empty when the name
    /// has none or does not exist.
    async fn mx(&self, name: &str) -> Result<Vec<MxRecord>, DnsError>;
    /// The TXT records of `name`, each one's strings joined (RFC 7208 3.3);
    /// empty when the name has none or does not exist.
    async fn txt(&self, name: &str) -> Result<Vec<String>, DnsError>;
    /// The A and AAAA addresses of `name` (SPF's `a`, `mx` and `exists`
    /// terms); empty when it has none or does not exist.
    async fn addresses(&self, name: &str) -> Result<Vec<std::net::IpAddr>, DnsError>;
}

/// Why a lookup gave no answer (a name without records is not an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsError {
    /// Not a domain name.
    InvalidName(String),
    /// No resolver answered in time.
    Timeout,
    /// The resolvers answered with an error (SERVFAIL, REFUSED) or could not
    /// be reached.
    Failed(String),
}

impl std::fmt::Display for DnsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DnsError::InvalidName(n) => write!(f, "{}: {n:?} is not a domain name", System::Dns),
            DnsError::Timeout => write!(f, "{}: no resolver answered in time", System::Dns),
            DnsError::Failed(m) => write!(f, "{}: {m}", System::Dns),
        }
    }
}
