//! The SPF lookup meter: a domain's SPF record expanded the way a receiver
//! evaluates it (include, a, mx, ptr, exists, redirect), counting the
//! DNS-querying terms against 10 and the void lookups against 2 (RFC 7208
//! 4.6.4). Loops, chains deeper than `MAX_DEPTH` and macros are reported and
//! not followed; once the count is past the limit the meter stops following
//! (the record is broken either way).
use crate::domain::spf::{
    self, LOOKUP_LIMIT, MAX_DEPTH, MX_ADDRESS_LIMIT, SpfNode, SpfProblem, SpfReport, SpfSyntax,
    SpfTermNode, Term,
};
use crate::ports::dns::DnsLookup;
use std::future::Future;
use std::pin::Pin;

/// Reads `domain`'s SPF tree through `dns`.
pub async fn meter(dns: &dyn DnsLookup, domain: &str) -> SpfReport {
    let mut counted = 0;
    let (root, _) = expand(dns, domain.to_ascii_lowercase(), Vec::new(), &mut counted).await;
    SpfReport::of(root)
}

type Expansion<'a> = Pin<Box<dyn Future<Output = (SpfNode, bool)> + Send + 'a>>;

/// One record and everything under it; the flag says the TXT lookup found
/// nothing at all (a void lookup for the term that asked).
fn expand<'a>(
    dns: &'a dyn DnsLookup,
    domain: String,
    path: Vec<String>,
    counted: &'a mut u32,
) -> Expansion<'a> {
    Box::pin(async move {
        let mut node = SpfNode {
            domain: domain.clone(),
            record: None,
            terms: Vec::new(),
            problem: None,
        };
        let txt = match dns.txt(&domain).await {
            Ok(t) => t,
            Err(_) => {
                node.problem = Some(SpfProblem::DnsFailed);
                return (node, false);
            }
        };
        let void = txt.is_empty();
        let records: Vec<&String> = txt.iter().filter(|t| spf::is_spf(t)).collect();
        let record = match records.as_slice() {
            [] => {
                node.problem = Some(SpfProblem::NoRecord);
                return (node, void);
            }
            [one] => (*one).clone(),
            many => {
                node.record = Some(many[0].clone());
                node.problem = Some(SpfProblem::Multiple {
                    count: u32::try_from(many.len()).unwrap_or(u32::MAX),
                });
                return (node, false);
            }
        };
        node.record = Some(record.clone());
        let terms = match spf::parse(&record) {
            Ok(t) => t,
            Err(e) => {
                node.problem = Some(SpfProblem::Syntax {
                    term: match e {
                        SpfSyntax::BadTerm { term } => term,
                        SpfSyntax::DuplicateModifier { name } => name,
                        SpfSyntax::NotSpf => record.clone(),
                    },
                });
                return (node, false);
            }
        };
        let has_all = terms.iter().any(|t| t.term == Term::All);
        let mut path = path;
        path.push(domain.clone());
        for parsed in terms {
            let mut out = SpfTermNode {
                text: parsed.text.clone(),
                lookups: u32::from(parsed.term.queries_dns()),
                void: false,
                child: None,
                note: None,
            };
            let target = |d: &Option<String>| d.clone().unwrap_or_else(|| domain.clone());
            match &parsed.term {
                Term::Redirect(_) if has_all => {
                    out.lookups = 0;
                    out.note = Some(SpfProblem::RedirectIgnored);
                }
                Term::Include(d) | Term::Redirect(d) => {
                    *counted += 1;
                    let d = d.to_ascii_lowercase();
                    if spf::has_macro(&d) {
                        out.note = Some(SpfProblem::Macro);
                    } else if path.contains(&d) {
                        out.note = Some(SpfProblem::Loop);
                    } else if path.len() >= MAX_DEPTH {
                        out.note = Some(SpfProblem::TooDeep);
                    } else if *counted > LOOKUP_LIMIT {
                        out.note = Some(SpfProblem::NotFollowed);
                    } else {
                        let (child, void) = expand(dns, d, path.clone(), counted).await;
                        out.void = void;
                        out.child = Some(Box::new(child));
                    }
                }
                Term::A(d) => {
                    *counted += 1;
                    let name = target(d);
                    if spf::has_macro(&name) {
                        out.note = Some(SpfProblem::Macro);
                    } else {
                        match dns.addresses(&name).await {
                            Ok(a) => out.void = a.is_empty(),
                            Err(_) => out.note = Some(SpfProblem::DnsFailed),
                        }
                    }
                }
                Term::Exists(name) => {
                    *counted += 1;
                    if spf::has_macro(name) {
                        out.note = Some(SpfProblem::Macro);
                    } else {
                        match dns.addresses(name).await {
                            Ok(a) => out.void = a.is_empty(),
                            Err(_) => out.note = Some(SpfProblem::DnsFailed),
                        }
                    }
                }
                Term::Mx(d) => {
                    *counted += 1;
                    let name = target(d);
                    if spf::has_macro(&name) {
                        out.note = Some(SpfProblem::Macro);
                    } else {
                        match dns.mx(&name).await {
                            Ok(mx) if mx.len() > MX_ADDRESS_LIMIT => {
                                out.note = Some(SpfProblem::TooManyMx {
                                    count: u32::try_from(mx.len()).unwrap_or(u32::MAX),
                                });
                            }
                            Ok(mx) => out.void = mx.is_empty(),
                            Err(_) => out.note = Some(SpfProblem::DnsFailed),
                        }
                    }
                }
                Term::Ptr(_) => {
                    *counted += 1;
                    out.note = Some(SpfProblem::PtrDeprecated);
                }
                Term::Ip4(_) | Term::Ip6(_) | Term::All | Term::Exp(_) | Term::Other(_) => {}
            }
            node.terms.push(out);
        }
        (node, false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::spf::SpfVerdict;
    use crate::ports::dns::{DnsError, MxRecord};
    use async_trait::async_trait;
    use std::collections::HashMap;
    use std::net::IpAddr;

    /// A zone in memory: TXT and A by name; every other name has nothing.
    #[derive(Default)]
    struct Zone {
        txt: HashMap<String, Vec<String>>,
        a: HashMap<String, Vec<IpAddr>>,
        mx: HashMap<String, Vec<MxRecord>>,
    }

    impl Zone {
        fn spf(mut self, name: &str, record: &str) -> Self {
            self.txt.entry(name.into()).or_default().push(record.into());
            self
        }
        fn a(mut self, name: &str) -> Self {
            self.a
                .insert(name.into(), vec!["192.0.2.1".parse().unwrap()]);
            self
        }
        fn mx(mut self, name: &str, n: usize) -> Self {
            self.mx.insert(
                name.into(),
                (0..n)
                    .map(|i| MxRecord {
                        preference: 10,
                        exchange: format!("mx{i}.{name}"),
                    })
                    .collect(),
            );
            self
        }
    }

    #[async_trait]
    impl DnsLookup for Zone {
        fn describe(&self) -> String {
            "memory".into()
        }
        async fn mx(&self, name: &str) -> Result<Vec<MxRecord>, DnsError> {
            Ok(self.mx.get(name).cloned().unwrap_or_default())
        }
        async fn txt(&self, name: &str) -> Result<Vec<String>, DnsError> {
            if name == "down.test" {
                return Err(DnsError::Timeout);
            }
            Ok(self.txt.get(name).cloned().unwrap_or_default())
        }
        async fn addresses(&self, name: &str) -> Result<Vec<IpAddr>, DnsError> {
            Ok(self.a.get(name).cloned().unwrap_or_default())
        }
    }

    /// `n` includes, each of a record without lookups.
    fn includes(n: usize) -> Zone {
        let list: Vec<String> = (0..n).map(|i| format!("include:s{i}.test")).collect();
        let mut z = Zone::default().spf("x.test", &format!("v=spf1 {} -all", list.join(" ")));
        for i in 0..n {
            z = z.spf(&format!("s{i}.test"), "v=spf1 ip4:192.0.2.0/24 -all");
        }
        z
    }

    #[tokio::test]
    async fn ten_lookups_pass_and_eleven_break_the_record() {
        let r = meter(&includes(10), "x.test").await;
        assert_eq!((r.lookups, r.voids), (10, 0));
        assert_eq!(r.verdict, SpfVerdict::NearLimit, "at the limit: warned");
        let r = meter(&includes(11), "x.test").await;
        assert_eq!(r.lookups, 11);
        assert_eq!(r.verdict, SpfVerdict::Broken);
        let r = meter(&includes(7), "x.test").await;
        assert_eq!(r.verdict, SpfVerdict::Ok);
        assert_eq!(
            meter(&includes(8), "x.test").await.verdict,
            SpfVerdict::NearLimit
        );
    }

    #[tokio::test]
    async fn nested_includes_and_redirect_add_up() {
        let z = Zone::default()
            .spf("x.test", "v=spf1 mx a include:a.test redirect=r.test")
            .mx("x.test", 2)
            .a("x.test")
            .spf("a.test", "v=spf1 include:b.test include:c.test ~all")
            .spf("b.test", "v=spf1 a:host.b.test ip4:192.0.2.0/24 -all")
            .a("host.b.test")
            .spf("c.test", "v=spf1 exists:ok.c.test -all")
            .a("ok.c.test")
            .spf("r.test", "v=spf1 ptr -all");
        let r = meter(&z, "x.test").await;
        // mx, a, include:a (include:b (a:host), include:c (exists)), redirect (ptr)
        assert_eq!(r.lookups, 9);
        assert_eq!(r.voids, 0);
        assert_eq!(r.verdict, SpfVerdict::NearLimit);
        let redirect = &r.root.terms[3];
        assert_eq!(redirect.text, "redirect=r.test");
        let ptr = &redirect.child.as_ref().unwrap().terms[0];
        assert_eq!(
            (ptr.lookups, ptr.note.clone()),
            (1, Some(SpfProblem::PtrDeprecated))
        );
        // With `all`, a redirect is ignored and not counted.
        let z = Zone::default()
            .spf("y.test", "v=spf1 mx -all redirect=r.test")
            .mx("y.test", 1);
        let r = meter(&z, "y.test").await;
        assert_eq!(r.lookups, 1);
        assert_eq!(r.root.terms[2].note, Some(SpfProblem::RedirectIgnored));
    }

    #[tokio::test]
    async fn a_loop_is_reported_not_followed() {
        let z = Zone::default()
            .spf("x.test", "v=spf1 include:a.test -all")
            .spf("a.test", "v=spf1 include:x.test -all");
        let r = meter(&z, "x.test").await;
        assert_eq!(r.verdict, SpfVerdict::Broken);
        let inner = r.root.terms[0].child.as_ref().unwrap();
        assert_eq!(inner.terms[0].note, Some(SpfProblem::Loop));
        assert_eq!(r.lookups, 2);
    }

    #[tokio::test]
    async fn void_lookups_count_against_two() {
        let z = Zone::default().spf("x.test", "v=spf1 a:gone1.test mx:gone2.test -all");
        let r = meter(&z, "x.test").await;
        assert_eq!((r.lookups, r.voids), (2, 2));
        assert_eq!(r.verdict, SpfVerdict::Ok);
        let z = Zone::default().spf(
            "x.test",
            "v=spf1 a:gone1.test mx:gone2.test include:gone3.test -all",
        );
        let r = meter(&z, "x.test").await;
        assert_eq!(r.voids, 3);
        assert_eq!(
            r.verdict,
            SpfVerdict::Broken,
            "three voids, and an include without SPF"
        );
    }

    #[tokio::test]
    async fn too_deep_chains_and_runaway_counts_stop() {
        let mut z = Zone::default();
        for i in 0..15 {
            z = z.spf(
                &format!("d{i}.test"),
                &format!("v=spf1 include:d{}.test -all", i + 1),
            );
        }
        let r = meter(&z, "d0.test").await;
        assert_eq!(r.verdict, SpfVerdict::Broken);
        assert!(r.lookups <= 11, "{}", r.lookups);
        let mut found = false;
        let mut node = &r.root;
        while let Some(child) = node.terms.first().and_then(|t| t.child.as_deref()) {
            node = child;
        }
        if let Some(t) = node.terms.first() {
            found = matches!(t.note, Some(SpfProblem::TooDeep | SpfProblem::NotFollowed));
        }
        assert!(found, "the last include says why it was not followed");
    }

    #[tokio::test]
    async fn missing_double_and_broken_records_are_invalid() {
        let r = meter(&Zone::default(), "x.test").await;
        assert_eq!(r.verdict, SpfVerdict::Invalid);
        assert_eq!(r.root.problem, Some(SpfProblem::NoRecord));
        let z = Zone::default()
            .spf("x.test", "v=spf1 mx -all")
            .spf("x.test", "v=spf1 a -all");
        let r = meter(&z, "x.test").await;
        assert_eq!(r.root.problem, Some(SpfProblem::Multiple { count: 2 }));
        assert_eq!(r.verdict, SpfVerdict::Invalid);
        let z = Zone::default().spf("x.test", "v=spf1 mxx -all");
        assert_eq!(
            meter(&z, "x.test").await.root.problem,
            Some(SpfProblem::Syntax { term: "mxx".into() })
        );
        let r = meter(&Zone::default(), "down.test").await;
        assert_eq!(r.root.problem, Some(SpfProblem::DnsFailed));
        // A macro is counted, not followed; too many mail servers break `mx`.
        let z = Zone::default()
            .spf("x.test", "v=spf1 exists:%{i}.spf.x.test mx -all")
            .mx("x.test", 11);
        let r = meter(&z, "x.test").await;
        assert_eq!(r.lookups, 2);
        assert_eq!(r.root.terms[0].note, Some(SpfProblem::Macro));
        assert_eq!(
            r.root.terms[1].note,
            Some(SpfProblem::TooManyMx { count: 11 })
        );
        assert_eq!(r.verdict, SpfVerdict::Broken);
    }
}
