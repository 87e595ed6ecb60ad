//! SPF (RFC 7208): a record parsed into its terms, and the lookup meter's
//! shape and limits. A receiver gives up with a permanent error ("permerror":
//! the domain's mail fails SPF everywhere) past 10 DNS-querying terms or 2
//! void lookups in one evaluation (section 4.6.4); the meter counts both over
//! the whole include tree before a change breaks the record. The expansion
//! itself asks DNS and lives in `services::domains::spf`.
use serde::{Deserialize, Serialize};

/// DNS-querying terms allowed in one evaluation (RFC 7208 4.6.4).
pub const LOOKUP_LIMIT: u32 = 10;
/// Lookups that find nothing allowed in one evaluation (RFC 7208 4.6.4).
pub const VOID_LIMIT: u32 = 2;
/// From this count on, the meter warns: a provider adding one include to its
/// own record can push the tenant's over.
pub const WARN_AT: u32 = 8;
/// Address lookups one `mx` term may cause (RFC 7208 4.6.4).
pub const MX_ADDRESS_LIMIT: usize = 10;
/// Nesting the meter follows before it reports the chain as too deep.
pub const MAX_DEPTH: usize = 10;

/// One term of a record, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Term {
    /// `include:domain`
    Include(String),
    /// `a`, `a:domain`, with an optional CIDR suffix.
    A(Option<String>),
    /// `mx`, `mx:domain`.
    Mx(Option<String>),
    /// `ptr`, `ptr:domain` (deprecated, section 5.5).
    Ptr(Option<String>),
    /// `exists:domain`
    Exists(String),
    Ip4(String),
    Ip6(String),
    All,
    /// `redirect=domain`
    Redirect(String),
    /// `exp=domain`: read only when mail fails; not counted.
    Exp(String),
    /// Another `name=value` modifier (ignored by receivers).
    Other(String),
}

impl Term {
    /// Whether evaluating the term queries DNS (and counts against 10).
    pub fn queries_dns(&self) -> bool {
        matches!(
            self,
            Term::Include(_)
                | Term::A(_)
                | Term::Mx(_)
                | Term::Ptr(_)
                | Term::Exists(_)
                | Term::Redirect(_)
        )
    }
}

/// A term with its qualifier and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedTerm {
    /// As written (`-all`, `include:_spf.google.com`).
    pub text: String,
    pub term: Term,
}

/// Why a record does not parse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpfSyntax {
    NotSpf,
    /// An unknown mechanism or a mechanism without its domain.
    BadTerm {
        term: String,
    },
    /// `redirect` or `exp` twice.
    DuplicateModifier {
        name: String,
    },
}

/// Whether a TXT value is an SPF record (`v=spf1` then a space or the end).
pub fn is_spf(txt: &str) -> bool {
    let t = txt.trim_start();
    t.len() >= 6
        && t[..6].eq_ignore_ascii_case("v=spf1")
        && t[6..].chars().next().is_none_or(|c| c == ' ')
}

fn split_domain<'a>(rest: &'a str, name: &str) -> Option<Option<&'a str>> {
    // `a`, `a/24`, `a:x.dk`, `a:x.dk/24//64`
    let rest = rest.strip_prefix(name)?;
    if rest.is_empty() || rest.starts_with('/') {
        return Some(None);
    }
    let domain = rest.strip_prefix(':')?;
    let domain = domain.split('/').next().unwrap_or_default();
    if domain.is_empty() {
        return None;
    }
    Some(Some(domain))
}

/// Parses a record into its terms.
pub fn parse(txt: &str) -> Result<Vec<ParsedTerm>, SpfSyntax> {
    if !is_spf(txt) {
        return Err(SpfSyntax::NotSpf);
    }
    let mut out = Vec::new();
    let mut modifiers: Vec<String> = Vec::new();
    for text in txt.trim()[6..].split_ascii_whitespace() {
        let bad = || SpfSyntax::BadTerm {
            term: text.to_owned(),
        };
        let lower = text.to_ascii_lowercase();
        if let Some((name, _)) = lower.split_once('=')
            && !name.contains(':')
        {
            let value = &text[name.len() + 1..];
            if (name == "redirect" || name == "exp") && modifiers.iter().any(|m| m == name) {
                return Err(SpfSyntax::DuplicateModifier {
                    name: name.to_owned(),
                });
            }
            modifiers.push(name.to_owned());
            let term = match name {
                "redirect" if !value.is_empty() => Term::Redirect(value.to_owned()),
                "exp" if !value.is_empty() => Term::Exp(value.to_owned()),
                "redirect" | "exp" => return Err(bad()),
                _ => Term::Other(name.to_owned()),
            };
            out.push(ParsedTerm {
                text: text.to_owned(),
                term,
            });
            continue;
        }
        let body = lower.trim_start_matches(['+', '-', '~', '?']);
        if body.len() + 1 < lower.len() {
            return Err(bad());
        }
        let original = &text[text.len() - body.len()..];
        let arg = |prefix: &str| -> Option<String> {
            original
                .get(prefix.len()..)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let term = if body == "all" {
            Term::All
        } else if body.starts_with("include:") {
            Term::Include(arg("include:").ok_or_else(bad)?)
        } else if body.starts_with("exists:") {
            Term::Exists(arg("exists:").ok_or_else(bad)?)
        } else if body.starts_with("ip4:") {
            Term::Ip4(arg("ip4:").ok_or_else(bad)?)
        } else if body.starts_with("ip6:") {
            Term::Ip6(arg("ip6:").ok_or_else(bad)?)
        } else if let Some(d) = split_domain(body, "a") {
            Term::A(d.map(|_| domain_arg(original)))
        } else if let Some(d) = split_domain(body, "mx") {
            Term::Mx(d.map(|_| domain_arg(original)))
        } else if let Some(d) = split_domain(body, "ptr") {
            Term::Ptr(d.map(|_| domain_arg(original)))
        } else {
            return Err(bad());
        };
        out.push(ParsedTerm {
            text: text.to_owned(),
            term,
        });
    }
    Ok(out)
}

/// The domain of `a:x.dk/24` as written (case kept for macros).
fn domain_arg(term: &str) -> String {
    term.split_once(':')
        .map(|(_, d)| d.split('/').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// Whether a domain spec holds a macro (`%{i}`): its target depends on each
/// message, so the meter counts it without following it.
pub fn has_macro(spec: &str) -> bool {
    spec.contains('%')
}

/// The expanded tree: one node per record the evaluation reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfNode {
    pub domain: String,
    /// The SPF record found there.
    pub record: Option<String>,
    pub terms: Vec<SpfTermNode>,
    /// What is wrong at this node (no record, two records, bad syntax, a
    /// DNS failure).
    pub problem: Option<SpfProblem>,
}

/// A term of a record, with what evaluating it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfTermNode {
    pub text: String,
    /// 1 when the term queries DNS.
    pub lookups: u32,
    /// The term's lookup found nothing.
    pub void: bool,
    /// For `include` and `redirect`: the record it reads.
    pub child: Option<Box<SpfNode>>,
    pub note: Option<SpfProblem>,
}

/// Something the tenant should know about, at a node or a term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpfProblem {
    /// No SPF record where one is needed (an include's target).
    NoRecord,
    /// More than one SPF record at one name: a permanent error.
    Multiple {
        count: u32,
    },
    Syntax {
        term: String,
    },
    /// The chain comes back to a domain already being evaluated.
    Loop,
    /// Nested deeper than the meter follows.
    TooDeep,
    /// The meter stopped following: the count is already past the limit.
    NotFollowed,
    /// An `mx` term whose domain has more than 10 mail servers.
    TooManyMx {
        count: u32,
    },
    /// A macro: the target depends on each message.
    Macro,
    /// `ptr` is slow and deprecated (RFC 7208 5.5).
    PtrDeprecated,
    /// `redirect` is ignored when the record has `all`.
    RedirectIgnored,
    /// The resolvers did not answer for this name.
    DnsFailed,
}

/// Where the record stands against the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum SpfVerdict {
    /// Within the limits with room to spare.
    Ok,
    /// At `WARN_AT` or more, still within 10.
    NearLimit,
    /// Past 10 lookups or 2 void lookups, or a loop: receivers fail it.
    Broken,
    /// No SPF record, two of them, or one that does not parse.
    Invalid,
}

impl SpfVerdict {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            SpfVerdict::Ok => "ok",
            SpfVerdict::NearLimit => "near_limit",
            SpfVerdict::Broken => "broken",
            SpfVerdict::Invalid => "invalid",
        }
    }
}

wire_str!(SpfVerdict: Ok, NearLimit, Broken, Invalid);

/// The meter's reading for a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfReport {
    pub root: SpfNode,
    pub lookups: u32,
    pub voids: u32,
    pub verdict: SpfVerdict,
}

impl SpfReport {
    /// Counts the tree and decides the verdict.
    pub fn of(root: SpfNode) -> Self {
        fn walk(node: &SpfNode, lookups: &mut u32, voids: &mut u32, fatal: &mut bool) {
            if matches!(
                node.problem,
                Some(
                    SpfProblem::Multiple { .. }
                        | SpfProblem::Syntax { .. }
                        | SpfProblem::NoRecord
                        | SpfProblem::Loop
                        | SpfProblem::TooDeep
                )
            ) {
                *fatal = true;
            }
            for t in &node.terms {
                *lookups += t.lookups;
                *voids += u32::from(t.void);
                if matches!(
                    t.note,
                    Some(SpfProblem::Loop | SpfProblem::TooDeep | SpfProblem::TooManyMx { .. })
                ) {
                    *fatal = true;
                }
                if let Some(child) = &t.child {
                    walk(child, lookups, voids, fatal);
                }
            }
        }
        let (mut lookups, mut voids, mut fatal) = (0, 0, false);
        let root_invalid = root.record.is_none()
            || matches!(
                root.problem,
                Some(SpfProblem::Multiple { .. } | SpfProblem::Syntax { .. })
            );
        walk(&root, &mut lookups, &mut voids, &mut fatal);
        let verdict = if root_invalid {
            SpfVerdict::Invalid
        } else if fatal || lookups > LOOKUP_LIMIT || voids > VOID_LIMIT {
            SpfVerdict::Broken
        } else if lookups >= WARN_AT {
            SpfVerdict::NearLimit
        } else {
            SpfVerdict::Ok
        };
        Self {
            root,
            lookups,
            voids,
            verdict,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(txt: &str) -> Vec<Term> {
        parse(txt).unwrap().into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn records_parse_into_terms() {
        assert_eq!(
            terms("v=spf1 mx a:mail.x.dk/24 include:_spf.google.com ip4:192.0.2.0/24 ~all"),
            vec![
                Term::Mx(None),
                Term::A(Some("mail.x.dk".into())),
                Term::Include("_spf.google.com".into()),
                Term::Ip4("192.0.2.0/24".into()),
                Term::All
            ]
        );
        assert_eq!(
            terms("V=SPF1 +a/24 -ptr exists:%{i}._spf.x.dk redirect=_spf.x.dk exp=explain.x.dk"),
            vec![
                Term::A(None),
                Term::Ptr(None),
                Term::Exists("%{i}._spf.x.dk".into()),
                Term::Redirect("_spf.x.dk".into()),
                Term::Exp("explain.x.dk".into())
            ]
        );
        assert_eq!(terms("v=spf1"), vec![]);
        assert!(parse("v=spf1 ip6:2001:db8::/32 -all").is_ok());
        assert!(is_spf("v=spf1 -all") && is_spf("v=spf1") && !is_spf("v=spf10 -all"));
    }

    #[test]
    fn bad_records_name_the_term() {
        assert_eq!(parse("spf1 -all"), Err(SpfSyntax::NotSpf));
        assert_eq!(
            parse("v=spf1 include: -all"),
            Err(SpfSyntax::BadTerm {
                term: "include:".into()
            })
        );
        assert_eq!(
            parse("v=spf1 mxx -all"),
            Err(SpfSyntax::BadTerm { term: "mxx".into() })
        );
        assert_eq!(
            parse("v=spf1 redirect=a.dk redirect=b.dk"),
            Err(SpfSyntax::DuplicateModifier {
                name: "redirect".into()
            })
        );
        assert_eq!(
            parse("v=spf1 --all"),
            Err(SpfSyntax::BadTerm {
                term: "--all".into()
            })
        );
    }

    #[test]
    fn only_dns_terms_count() {
        let counted: Vec<bool> =
            terms("v=spf1 include:a a mx ptr exists:b ip4:1.2.3.4 ip6:::1 redirect=c exp=d -all")
                .iter()
                .map(Term::queries_dns)
                .collect();
        assert_eq!(
            counted,
            vec![
                true, true, true, true, true, false, false, true, false, false
            ]
        );
    }
}
