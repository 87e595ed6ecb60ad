//! The DNS-lookup port against Knot DNS: the records a domain publishes, read
//! through the production adapter (hickory-resolver) pointed at 127.0.0.1.
use crate::servers::{self, Knot};
use app::ports::dns::{DnsError, DnsLookup, MxRecord};
use server::config::Env;
use server::integrations::dns::{DnsConfig, HickoryDns};
use std::time::{Duration, Instant};

const ZONE: &str = "fjord-tandklinik.test";

async fn zone() -> Knot {
    // A DKIM key longer than 255 bytes is published as several strings.
    let dkim_a = format!("v=DKIM1; k=rsa; p={}", "A".repeat(240));
    let dkim_b = "B".repeat(100);
    servers::knot(
        ZONE,
        &format!(
            "@ MX 20 mx2.dezky.test.\n\
             @ MX 10 mx1.dezky.test.\n\
             @ TXT \"v=spf1 include:_spf.dezky.test -all\"\n\
             @ TXT \"dezky-verification=abc123\"\n\
             _dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@{ZONE}\"\n\
             dezky._domainkey TXT \"{dkim_a}\" \"{dkim_b}\"\n\
             www A 127.0.0.1\n"
        ),
    )
    .await
}

fn adapter(resolvers: &str, timeout_ms: &str) -> HickoryDns {
    let config = DnsConfig::from_env(&Env::from_pairs([
        ("DNS_RESOLVERS", resolvers),
        ("DNS_TIMEOUT_MS", timeout_ms),
    ]))
    .unwrap();
    HickoryDns::new(&config).unwrap()
}

#[tokio::test]
async fn records_are_read_as_published_and_changes_are_seen_at_once() {
    let knot = zone().await;
    let dns = adapter(&knot.addr(), "2000");
    assert!(dns.describe().contains(&knot.addr()));
    assert_eq!(
        dns.mx(ZONE).await.unwrap(),
        vec![
            MxRecord {
                preference: 10,
                exchange: "mx1.dezky.test".into()
            },
            MxRecord {
                preference: 20,
                exchange: "mx2.dezky.test".into()
            },
        ]
    );
    assert_eq!(
        dns.txt(ZONE).await.unwrap(),
        vec![
            "dezky-verification=abc123".to_owned(),
            "v=spf1 include:_spf.dezky.test -all".to_owned()
        ]
    );
    let dkim = dns.txt(&format!("dezky._domainkey.{ZONE}")).await.unwrap();
    assert_eq!(dkim.len(), 1);
    assert!(dkim[0].starts_with("v=DKIM1; k=rsa; p=AAAA") && dkim[0].ends_with("BBBB"));
    assert_eq!(
        dkim[0].len(),
        "v=DKIM1; k=rsa; p=".len() + 240 + 100,
        "strings joined"
    );
    // A name with other records, and a name that does not exist: no records,
    // not an error.
    assert_eq!(dns.mx(&format!("www.{ZONE}")).await.unwrap(), vec![]);
    assert_eq!(
        dns.txt(&format!("nothing-here.{ZONE}")).await.unwrap(),
        Vec::<String>::new()
    );
    // An admin fixes DMARC: the next lookup sees it (no cache in between).
    assert_eq!(
        dns.txt(&format!("_dmarc.{ZONE}")).await.unwrap(),
        vec![format!("v=DMARC1; p=none; rua=mailto:dmarc@{ZONE}")]
    );
    knot.set("_dmarc", "TXT", &["\"v=DMARC1; p=reject\""]);
    assert_eq!(
        dns.txt(&format!("_dmarc.{ZONE}.")).await.unwrap(),
        vec!["v=DMARC1; p=reject".to_owned()]
    );
}

#[tokio::test]
async fn failures_name_dns_and_do_not_hang() {
    let knot = zone().await;
    // Not a domain name: refused before any query.
    let dns = adapter(&knot.addr(), "2000");
    assert!(matches!(
        dns.txt("evil.test;rm -rf").await,
        Err(DnsError::InvalidName(_))
    ));
    // A zone the server is not authoritative for: REFUSED, reported as a failure.
    let refused = dns.mx("example.org").await.unwrap_err();
    assert!(matches!(refused, DnsError::Failed(_)), "{refused:?}");
    assert!(refused.to_string().starts_with("dns: "), "{refused}");
    // A resolver that never answers (a bound socket that reads nothing): a
    // timeout within the configured time, named.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let silent_tcp = std::net::TcpListener::bind(silent.local_addr().unwrap()).ok();
    let dead = adapter(&silent.local_addr().unwrap().to_string(), "300");
    let started = Instant::now();
    let err = dead.txt(ZONE).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(err, DnsError::Timeout | DnsError::Failed(_)),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("dns: "), "{err}");
    drop(silent_tcp);
    // With a working resolver after the dead one, the answer still comes.
    let both = adapter(
        &format!("{},{}", silent.local_addr().unwrap(), knot.addr()),
        "300",
    );
    assert_eq!(both.mx(ZONE).await.unwrap().len(), 2);
}
