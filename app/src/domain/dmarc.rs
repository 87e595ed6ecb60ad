//! DMARC (RFC 7489): a published record parsed into its tags, and THE ladder a
//! tenant climbs from monitoring (`p=none`) to refusing spoofed mail
//! (`p=reject`), with what must be true before each step.
use serde::{Deserialize, Serialize};

/// What receivers do with mail that fails DMARC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Policy {
    None,
    Quarantine,
    Reject,
}

wire_str!(Policy: None, Quarantine, Reject);

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// A DMARC record as published at `_dmarc.<domain>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcRecord {
    pub policy: Policy,
    /// `sp`: the policy for subdomains, when it differs.
    pub subdomain_policy: Option<Policy>,
    /// `pct`: the share of failing mail the policy applies to (default 100).
    pub pct: u8,
    /// `rua`: where aggregate reports go.
    pub rua: Vec<String>,
    /// Tags that were present but not understood (a typo such as `p=rejct`
    /// makes the record invalid instead; see `parse`).
    pub unknown: Vec<String>,
}

/// Why a TXT value is not a usable DMARC record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DmarcError {
    /// Does not start with `v=DMARC1`.
    NotDmarc,
    /// `p` is missing.
    NoPolicy,
    /// A tag's value is not allowed (`p=rejct`, `pct=150`).
    BadValue { tag: String },
    /// A part without `=`.
    Malformed { part: String },
}

/// Parses one TXT value. Tags are case-insensitive, separated by `;` with
/// optional spaces; `v=DMARC1` must come first (RFC 7489 6.4).
pub fn parse(txt: &str) -> Result<DmarcRecord, DmarcError> {
    let mut parts = txt.split(';').map(str::trim).filter(|p| !p.is_empty());
    let first = parts.next().ok_or(DmarcError::NotDmarc)?;
    match first.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("v") && v.trim() == "DMARC1" => {}
        _ => return Err(DmarcError::NotDmarc),
    }
    let mut policy = None;
    let mut record = DmarcRecord {
        policy: Policy::None,
        subdomain_policy: None,
        pct: 100,
        rua: Vec::new(),
        unknown: Vec::new(),
    };
    for part in parts {
        let Some((tag, value)) = part.split_once('=') else {
            return Err(DmarcError::Malformed {
                part: part.to_owned(),
            });
        };
        let tag = tag.trim().to_ascii_lowercase();
        let value = value.trim();
        let bad = || DmarcError::BadValue { tag: tag.clone() };
        match tag.as_str() {
            "p" => policy = Some(Policy::parse(&value.to_ascii_lowercase()).ok_or_else(bad)?),
            "sp" => {
                record.subdomain_policy =
                    Some(Policy::parse(&value.to_ascii_lowercase()).ok_or_else(bad)?)
            }
            "pct" => {
                record.pct = value
                    .parse::<u8>()
                    .ok()
                    .filter(|n| *n <= 100)
                    .ok_or_else(bad)?
            }
            "rua" => {
                record.rua = value
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            }
            "ruf" | "adkim" | "aspf" | "fo" | "rf" | "ri" => {}
            _ => record.unknown.push(tag.clone()),
        }
    }
    record.policy = policy.ok_or(DmarcError::NoPolicy)?;
    Ok(record)
}

/// The steps of the ladder, in order. `pct` steps let a tenant see what
/// quarantine would catch before it catches everything.
pub const LADDER: [DmarcStep; 5] = [
    DmarcStep {
        policy: Policy::None,
        pct: 100,
    },
    DmarcStep {
        policy: Policy::Quarantine,
        pct: 25,
    },
    DmarcStep {
        policy: Policy::Quarantine,
        pct: 50,
    },
    DmarcStep {
        policy: Policy::Quarantine,
        pct: 100,
    },
    DmarcStep {
        policy: Policy::Reject,
        pct: 100,
    },
];

/// One step of the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcStep {
    pub policy: Policy,
    pub pct: u8,
}

impl DmarcStep {
    /// The step at `index` (the last one past the end).
    pub fn at(index: u8) -> Self {
        LADDER[usize::from(index).min(LADDER.len() - 1)]
    }

    /// The record to publish for this step, with the reports going to `rua`.
    pub fn record(self, rua: &[String]) -> String {
        let mut out = format!("v=DMARC1; p={}", self.policy.as_str());
        if self.pct < 100 {
            out.push_str(&format!("; pct={}", self.pct));
        }
        if !rua.is_empty() {
            out.push_str(&format!("; rua={}", rua.join(",")));
        }
        out
    }

    /// Whether a published record enforces exactly this step (the report
    /// address and other tags are the tenant's business).
    pub fn matches(self, published: &DmarcRecord) -> bool {
        published.policy == self.policy
            && (self.policy == Policy::None || published.pct == self.pct)
    }

    /// Where a published record sits on the ladder, if on a step.
    pub fn of(published: &DmarcRecord) -> Option<u8> {
        LADDER
            .iter()
            .position(|s| s.matches(published))
            .and_then(|i| u8::try_from(i).ok())
    }
}

/// What must be true before a tenant may move up to a step past `none`:
/// receivers will then act on mail that fails, so the domain's own mail must
/// pass. dezky signs with the domain's own DKIM keys and sends from the
/// domain (SPF on the same domain), so both align when they verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preconditions {
    /// Ownership, MX and the rest checked.
    pub verified: bool,
    /// The SPF record authorises dezky's servers and stays within the limits.
    pub spf_ok: bool,
    /// Every DKIM key is published as the mail server has it.
    pub dkim_ok: bool,
}

/// Why a step cannot be chosen yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Blocked {
    NotVerified,
    SpfNotAligned,
    DkimNotAligned,
}

impl Blocked {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Blocked::NotVerified => "not_verified",
            Blocked::SpfNotAligned => "spf_not_aligned",
            Blocked::DkimNotAligned => "dkim_not_aligned",
        }
    }
}

wire_str!(Blocked: NotVerified, SpfNotAligned, DkimNotAligned);

impl Preconditions {
    /// What blocks `step`; empty when it may be chosen. Going down the
    /// ladder (or staying at `none`) is always allowed.
    pub fn blocking(self, step: DmarcStep) -> Vec<Blocked> {
        if step.policy == Policy::None {
            return Vec::new();
        }
        let mut out = Vec::new();
        if !self.verified {
            out.push(Blocked::NotVerified);
        }
        if !self.spf_ok {
            out.push(Blocked::SpfNotAligned);
        }
        if !self.dkim_ok {
            out.push(Blocked::DkimNotAligned);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_world_records_parse() {
        let google = parse("v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com").unwrap();
        assert_eq!(google.policy, Policy::None);
        assert_eq!(google.pct, 100);
        assert_eq!(google.rua, vec!["mailto:dmarc-reports@example.com"]);

        let staged =
            parse("v=DMARC1;p=quarantine;pct=25;rua=mailto:a@x.dk,mailto:b@y.dk;sp=reject")
                .unwrap();
        assert_eq!(staged.policy, Policy::Quarantine);
        assert_eq!(staged.pct, 25);
        assert_eq!(staged.subdomain_policy, Some(Policy::Reject));
        assert_eq!(staged.rua.len(), 2);

        // Case, spaces, a trailing semicolon, the tags we do not act on.
        let loose = parse("v=DMARC1 ; P=Reject ; adkim=s; aspf=r; fo=1; ri=86400 ;").unwrap();
        assert_eq!(loose.policy, Policy::Reject);
        assert!(loose.unknown.is_empty());
        // Stalwart's own zone writes this.
        let stalwart = parse("v=DMARC1; p=reject; rua=mailto:postmaster@x.dk").unwrap();
        assert_eq!(DmarcStep::of(&stalwart), Some(4));
        let odd = parse("v=DMARC1; p=none; foo=bar").unwrap();
        assert_eq!(odd.unknown, vec!["foo"]);
    }

    #[test]
    fn malformed_records_say_why() {
        assert_eq!(parse("v=spf1 -all"), Err(DmarcError::NotDmarc));
        assert_eq!(parse("p=none; v=DMARC1"), Err(DmarcError::NotDmarc));
        assert_eq!(parse(""), Err(DmarcError::NotDmarc));
        assert_eq!(
            parse("v=DMARC1; rua=mailto:a@b.dk"),
            Err(DmarcError::NoPolicy)
        );
        assert_eq!(
            parse("v=DMARC1; p=rejct"),
            Err(DmarcError::BadValue { tag: "p".into() })
        );
        assert_eq!(
            parse("v=DMARC1; p=none; pct=150"),
            Err(DmarcError::BadValue { tag: "pct".into() })
        );
        assert_eq!(
            parse("v=DMARC1; p=none; pct"),
            Err(DmarcError::Malformed { part: "pct".into() })
        );
    }

    #[test]
    fn the_ladder_writes_and_recognises_each_step() {
        let rua = vec!["mailto:dmarc@fjord.dk".to_owned()];
        assert_eq!(
            DmarcStep::at(0).record(&rua),
            "v=DMARC1; p=none; rua=mailto:dmarc@fjord.dk"
        );
        assert_eq!(
            DmarcStep::at(1).record(&rua),
            "v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@fjord.dk"
        );
        assert_eq!(DmarcStep::at(4).record(&[]), "v=DMARC1; p=reject");
        assert_eq!(DmarcStep::at(99), DmarcStep::at(4));
        for (i, step) in LADDER.iter().enumerate() {
            let published = parse(&step.record(&rua)).unwrap();
            assert_eq!(DmarcStep::of(&published), Some(i as u8), "{step:?}");
        }
        // A pct the ladder does not use is on no step; none ignores pct.
        assert_eq!(
            DmarcStep::of(&parse("v=DMARC1; p=quarantine; pct=10").unwrap()),
            None
        );
        assert_eq!(
            DmarcStep::of(&parse("v=DMARC1; p=none; pct=10").unwrap()),
            Some(0)
        );
    }

    #[test]
    fn moving_up_needs_spf_and_dkim_aligned_and_the_domain_verified() {
        let all = Preconditions {
            verified: true,
            spf_ok: true,
            dkim_ok: true,
        };
        assert!(all.blocking(DmarcStep::at(4)).is_empty());
        let none = Preconditions {
            verified: false,
            spf_ok: false,
            dkim_ok: false,
        };
        assert!(
            none.blocking(DmarcStep::at(0)).is_empty(),
            "monitoring is always allowed"
        );
        assert_eq!(
            none.blocking(DmarcStep::at(1)),
            vec![
                Blocked::NotVerified,
                Blocked::SpfNotAligned,
                Blocked::DkimNotAligned
            ]
        );
        let no_dkim = Preconditions {
            dkim_ok: false,
            ..all
        };
        assert_eq!(
            no_dkim.blocking(DmarcStep::at(3)),
            vec![Blocked::DkimNotAligned]
        );
    }
}
