//! A tenant's mail domains: the stored record, the records it must publish,
//! and THE comparison of what DNS serves with what the mail server expects
//! (per record: ok, missing, wrong, extra), from which the domain's status
//! and its drift follow.
use super::dmarc::{self, DmarcStep};
use super::model::Millis;
use super::spf;
use serde::{Deserialize, Serialize};

/// Domains dezky itself owns: never a tenant's.
pub const DEZKY_DOMAINS: &[&str] = &["dezky.eu", "dezky.dk", "dezky.com", "dezky.example"];

/// The TXT value that proves a tenant controls a domain, at its apex.
pub const OWNERSHIP_PREFIX: &str = "dezky-verification=";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum DomainStatus {
    /// Added; its records are not all published yet.
    Pending,
    /// Every required record was found as expected at the last check.
    Verified,
    /// Was verified; a later check found a record changed or gone.
    NeedsAttention,
}

wire_str!(DomainStatus: Pending, Verified, NeedsAttention);

impl DomainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DomainStatus::Pending => "pending",
            DomainStatus::Verified => "verified",
            DomainStatus::NeedsAttention => "needs_attention",
        }
    }
}

/// What a record is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum RecordKind {
    Ownership,
    Mx,
    Spf,
    Dkim,
    Dmarc,
    /// Client autoconfiguration and service records: recommended, not
    /// needed for mail to arrive, not checked.
    Other,
}

wire_str!(RecordKind: Ownership, Mx, Spf, Dkim, Dmarc, Other);

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Ownership => "ownership",
            RecordKind::Mx => "mx",
            RecordKind::Spf => "spf",
            RecordKind::Dkim => "dkim",
            RecordKind::Dmarc => "dmarc",
            RecordKind::Other => "other",
        }
    }
}

/// A record the domain must (or should) publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedRecord {
    pub kind: RecordKind,
    /// Fully qualified, without the trailing dot.
    pub name: String,
    /// `MX`, `TXT`, `CNAME`, `SRV`...
    pub rtype: String,
    /// As in a zone file, TXT without quotes.
    pub value: String,
}

impl ExpectedRecord {
    pub fn required(&self) -> bool {
        self.kind != RecordKind::Other
    }
}

/// How a published record compares with the expected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum RecordState {
    Ok,
    /// Nothing of the kind at that name.
    Missing,
    /// Something of the kind is there, but not what is expected.
    Wrong,
    /// The expected record is there, with others that conflict (two SPF
    /// records, another mail server).
    Extra,
    /// Not checked (recommended records).
    NotChecked,
    /// A valid DMARC record on another step of the ladder than the one the
    /// tenant chose: mail is protected, the guide says what to publish next.
    OtherStep,
}

impl RecordState {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordState::Ok => "ok",
            RecordState::Missing => "missing",
            RecordState::Wrong => "wrong",
            RecordState::Extra => "extra",
            RecordState::NotChecked => "not_checked",
            RecordState::OtherStep => "other_step",
        }
    }
}

wire_str!(RecordState: Ok, Missing, Wrong, Extra, NotChecked, OtherStep);

impl RecordState {
    /// Whether the record lets the domain be (and stay) verified.
    pub fn passes(self) -> bool {
        matches!(
            self,
            RecordState::Ok | RecordState::NotChecked | RecordState::OtherStep
        )
    }
}

/// One record's comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCheck {
    pub kind: RecordKind,
    pub name: String,
    pub rtype: String,
    pub expected: String,
    /// The relevant values found at the name (SPF records among the TXT,
    /// every MX...).
    pub found: Vec<String>,
    pub state: RecordState,
}

/// A check of every record against live DNS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCheck {
    pub at: Millis,
    pub records: Vec<RecordCheck>,
}

impl DomainCheck {
    /// Every required record as expected.
    pub fn passes(&self) -> bool {
        self.records.iter().all(|r| r.state.passes())
    }

    pub fn state_of(&self, kind: RecordKind) -> Option<RecordState> {
        let mut states = self
            .records
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.state);
        let first = states.next()?;
        Some(if states.all(|s| s == RecordState::Ok) {
            first
        } else {
            RecordState::Wrong
        })
    }

    /// Records that were ok in `before` and are not now: the drift.
    pub fn broken_since(&self, before: &DomainCheck) -> Vec<&RecordCheck> {
        self.records
            .iter()
            .filter(|r| !r.state.passes())
            .filter(|r| {
                before
                    .records
                    .iter()
                    .any(|b| b.name == r.name && b.kind == r.kind && b.state.passes())
            })
            .collect()
    }

    /// Required records that are ok now but whose published value changed
    /// since `before` (an SPF record with a new include): noted, not an alarm.
    pub fn changed_since(&self, before: &DomainCheck) -> Vec<&RecordCheck> {
        self.records
            .iter()
            .filter(|r| r.state == RecordState::Ok)
            .filter(|r| {
                before.records.iter().any(|b| {
                    b.name == r.name
                        && b.kind == r.kind
                        && b.state == RecordState::Ok
                        && b.found != r.found
                })
            })
            .collect()
    }
}

/// A tenant's mail domain, as dezky keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailDomainRecord {
    pub id: String,
    pub tenant_id: String,
    /// Lower-case ASCII (punycode for an IDN): unique across tenants.
    pub name: String,
    /// As people read it (`bøger.dk` for `xn--bger-1na.dk`).
    pub display_name: String,
    /// The mail server's id for the domain.
    pub mail_id: String,
    /// The ownership TXT's value after `dezky-verification=`.
    pub ownership_token: String,
    pub status: DomainStatus,
    /// Index into `dmarc::LADDER`: the step the tenant chose.
    pub dmarc_step: u8,
    /// Where DMARC reports go (from the mail server's zone).
    pub dmarc_rua: Vec<String>,
    /// The records to publish, from the mail server's zone at the last read.
    pub expected: Vec<ExpectedRecord>,
    /// The mail server's zone file as it wrote it.
    pub zone_text: String,
    pub last_check: Option<DomainCheck>,
    pub verified_at: Option<Millis>,
    /// When the drift worker checks it next.
    pub next_check_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub version: u64,
}

impl MailDomainRecord {
    /// The ownership record's value.
    pub fn ownership_value(&self) -> String {
        format!("{OWNERSHIP_PREFIX}{}", self.ownership_token)
    }

    /// Every record to publish: ownership first, the zone's records with
    /// its DMARC record replaced by the tenant's chosen step.
    pub fn to_publish(&self) -> Vec<ExpectedRecord> {
        let mut out = vec![ExpectedRecord {
            kind: RecordKind::Ownership,
            name: self.name.clone(),
            rtype: "TXT".into(),
            value: self.ownership_value(),
        }];
        let mut dmarc_seen = false;
        for r in &self.expected {
            if r.kind == RecordKind::Dmarc {
                dmarc_seen = true;
                out.push(ExpectedRecord {
                    value: DmarcStep::at(self.dmarc_step).record(&self.dmarc_rua),
                    ..r.clone()
                });
            } else {
                out.push(r.clone());
            }
        }
        if !dmarc_seen {
            out.push(ExpectedRecord {
                kind: RecordKind::Dmarc,
                name: format!("_dmarc.{}", self.name),
                rtype: "TXT".into(),
                value: DmarcStep::at(self.dmarc_step).record(&self.dmarc_rua),
            });
        }
        out.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.name.cmp(&b.name)));
        out
    }

    /// The records to publish as a BIND zone file (the export).
    pub fn zone_file(&self) -> String {
        let mut out = format!(
            "; The DNS records dezky needs for {}.\n; Import them at your DNS host, then choose Check now.\n",
            self.name
        );
        for r in self.to_publish() {
            let value = if r.rtype == "TXT" {
                quote_txt(&r.value)
            } else {
                r.value.clone()
            };
            out.push_str(&format!("{}. 3600 IN {} {}\n", r.name, r.rtype, value));
        }
        out
    }
}

/// A TXT value in zone-file form: quoted, split in strings of at most 255
/// bytes (a DKIM key is longer).
pub fn quote_txt(value: &str) -> String {
    let escaped: Vec<String> = value
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            let s = String::from_utf8_lossy(chunk);
            format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
        })
        .collect();
    if escaped.is_empty() {
        "\"\"".into()
    } else {
        escaped.join(" ")
    }
}

/// Sorts a zone record from the mail server into its kind.
pub fn kind_of(name: &str, rtype: &str, value: &str) -> RecordKind {
    match rtype {
        "MX" => RecordKind::Mx,
        "TXT" if name.starts_with("_dmarc.") => RecordKind::Dmarc,
        "TXT" if name.contains("._domainkey.") => RecordKind::Dkim,
        "TXT" if spf::is_spf(value) => RecordKind::Spf,
        _ => RecordKind::Other,
    }
}

impl Published {
    /// What a check found, to compare again with records chosen since (a
    /// new DMARC step).
    pub fn from_check(check: &DomainCheck) -> Self {
        let mut out = Published::default();
        for r in &check.records {
            let list = if r.rtype == "MX" {
                &mut out.mx
            } else {
                &mut out.txt
            };
            match list.iter_mut().find(|(n, _)| n == &r.name) {
                Some((_, v)) => {
                    for f in &r.found {
                        if !v.contains(f) {
                            v.push(f.clone());
                        }
                    }
                }
                None => list.push((r.name.clone(), r.found.clone())),
            }
        }
        out
    }
}

/// What DNS served at the names a domain's records live at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// (name, values) of MX lookups: `10 mx.example.dk`.
    pub mx: Vec<(String, Vec<String>)>,
    /// (name, values) of TXT lookups.
    pub txt: Vec<(String, Vec<String>)>,
}

impl Published {
    fn at<'a>(list: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
        list.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
            .unwrap_or_default()
    }
}

fn exchange(mx_value: &str) -> String {
    mx_value
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// The `p=` of a DKIM key record, without spaces.
fn dkim_key(value: &str) -> Option<String> {
    value.split(';').find_map(|tag| {
        let (k, v) = tag.split_once('=')?;
        (k.trim() == "p").then(|| v.chars().filter(|c| !c.is_whitespace()).collect())
    })
}

/// A term's text without its `+` qualifier, lower case.
fn spf_terms(record: &str) -> Option<Vec<String>> {
    Some(
        spf::parse(record)
            .ok()?
            .into_iter()
            .map(|t| t.text.trim_start_matches('+').to_ascii_lowercase())
            .collect(),
    )
}

/// THE comparison of one expected record with what DNS served.
pub fn compare(expected: &ExpectedRecord, published: &Published, step: DmarcStep) -> RecordCheck {
    let txt = || Published::at(&published.txt, &expected.name);
    let (found, state): (Vec<String>, RecordState) = match expected.kind {
        RecordKind::Other => (Vec::new(), RecordState::NotChecked),
        RecordKind::Ownership => {
            let found: Vec<String> = txt()
                .iter()
                .filter(|v| v.starts_with(OWNERSHIP_PREFIX))
                .cloned()
                .collect();
            let state = if found.iter().any(|v| v.trim() == expected.value) {
                RecordState::Ok
            } else if found.is_empty() {
                RecordState::Missing
            } else {
                RecordState::Wrong
            };
            (found, state)
        }
        RecordKind::Mx => {
            let found = Published::at(&published.mx, &expected.name).to_vec();
            let ours = exchange(&expected.value);
            let has_ours = found.iter().any(|v| exchange(v) == ours);
            let others = found.iter().any(|v| exchange(v) != ours);
            let state = match (has_ours, others) {
                (true, false) => RecordState::Ok,
                (true, true) => RecordState::Extra,
                (false, true) => RecordState::Wrong,
                (false, false) => RecordState::Missing,
            };
            (found, state)
        }
        RecordKind::Spf => {
            let found: Vec<String> = txt().iter().filter(|v| spf::is_spf(v)).cloned().collect();
            let state = match found.as_slice() {
                [] => RecordState::Missing,
                [one] => {
                    let needed = spf_terms(&expected.value).unwrap_or_default();
                    match spf_terms(one) {
                        Some(have)
                            if needed
                                .iter()
                                .filter(|t| !t.ends_with("all"))
                                .all(|t| have.contains(t)) =>
                        {
                            RecordState::Ok
                        }
                        _ => RecordState::Wrong,
                    }
                }
                _ => RecordState::Extra,
            };
            (found, state)
        }
        RecordKind::Dkim => {
            let found: Vec<String> = txt()
                .iter()
                .filter(|v| v.contains("p=") || v.to_ascii_lowercase().contains("dkim1"))
                .cloned()
                .collect();
            let want = dkim_key(&expected.value);
            let state = if found
                .iter()
                .any(|v| dkim_key(v).is_some() && dkim_key(v) == want)
            {
                RecordState::Ok
            } else if found.is_empty() {
                RecordState::Missing
            } else {
                RecordState::Wrong
            };
            (found, state)
        }
        RecordKind::Dmarc => {
            let found: Vec<String> = txt()
                .iter()
                .filter(|v| v.trim_start().to_ascii_lowercase().starts_with("v=dmarc1"))
                .cloned()
                .collect();
            let state = match found.as_slice() {
                [] => RecordState::Missing,
                [one] => match dmarc::parse(one) {
                    Ok(r) if step.matches(&r) => RecordState::Ok,
                    Ok(_) => RecordState::OtherStep,
                    Err(_) => RecordState::Wrong,
                },
                _ => RecordState::Extra,
            };
            (found, state)
        }
    };
    RecordCheck {
        kind: expected.kind,
        name: expected.name.clone(),
        rtype: expected.rtype.clone(),
        expected: expected.value.clone(),
        found,
        state,
    }
}

/// The status after a check: verified when every required record is as
/// expected; a verified domain that stops passing needs attention; one never
/// verified stays pending.
pub fn status_after(before: DomainStatus, check: &DomainCheck) -> DomainStatus {
    if check.passes() {
        DomainStatus::Verified
    } else if before == DomainStatus::Pending {
        DomainStatus::Pending
    } else {
        DomainStatus::NeedsAttention
    }
}

/// Why a typed domain name is refused (before IDN conversion the server does).
pub fn check_ascii_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("required");
    }
    if name.len() > 253 {
        return Err("too_long");
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err("single_label");
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !labels.iter().all(label_ok) {
        return Err("invalid_domain");
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid_domain");
    }
    if DEZKY_DOMAINS
        .iter()
        .any(|d| name == *d || name.ends_with(&format!(".{d}")))
    {
        return Err("dezky_domain");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: RecordKind, name: &str, rtype: &str, value: &str) -> ExpectedRecord {
        ExpectedRecord {
            kind,
            name: name.into(),
            rtype: rtype.into(),
            value: value.into(),
        }
    }

    fn published(txt: &[(&str, &[&str])], mx: &[(&str, &[&str])]) -> Published {
        let conv = |l: &[(&str, &[&str])]| {
            l.iter()
                .map(|(n, v)| (n.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect()
        };
        Published {
            txt: conv(txt),
            mx: conv(mx),
        }
    }

    #[test]
    fn each_kind_compares_by_what_matters() {
        let step = DmarcStep::at(0);
        let mx = rec(RecordKind::Mx, "x.dk", "MX", "10 mail.dezky.eu.");
        let state = |p: &Published, r: &ExpectedRecord| compare(r, p, step).state;
        assert_eq!(state(&published(&[], &[]), &mx), RecordState::Missing);
        assert_eq!(
            state(&published(&[], &[("x.dk", &["20 MAIL.dezky.eu"])]), &mx),
            RecordState::Ok,
            "preference and case do not matter"
        );
        assert_eq!(
            state(
                &published(&[], &[("x.dk", &["10 mail.dezky.eu", "20 mx.other.dk"])]),
                &mx
            ),
            RecordState::Extra
        );
        assert_eq!(
            state(&published(&[], &[("x.dk", &["10 mx.other.dk"])]), &mx),
            RecordState::Wrong
        );

        let spf = rec(RecordKind::Spf, "x.dk", "TXT", "v=spf1 mx -all");
        let txt = |v: &[&str]| published(&[("x.dk", v)], &[]);
        assert_eq!(state(&txt(&["v=spf1 mx -all"]), &spf), RecordState::Ok);
        assert_eq!(
            state(
                &txt(&[
                    "v=spf1 include:_spf.google.com +mx ~all",
                    "google-site-verification=1"
                ]),
                &spf
            ),
            RecordState::Ok,
            "other senders may be authorised too"
        );
        assert_eq!(
            state(&txt(&["v=spf1 include:_spf.google.com -all"]), &spf),
            RecordState::Wrong
        );
        assert_eq!(
            state(&txt(&["v=spf1 mx -all", "v=spf1 a -all"]), &spf),
            RecordState::Extra
        );
        assert_eq!(
            state(&txt(&["google-site-verification=1"]), &spf),
            RecordState::Missing
        );

        let dkim = rec(
            RecordKind::Dkim,
            "s._domainkey.x.dk",
            "TXT",
            "v=DKIM1; k=ed25519; h=sha256; p=AbC=",
        );
        let at = |v: &[&str]| published(&[("s._domainkey.x.dk", v)], &[]);
        assert_eq!(
            state(&at(&["v=DKIM1; k=ed25519; p=AbC="]), &dkim),
            RecordState::Ok
        );
        assert_eq!(
            state(&at(&["v=DKIM1; k=ed25519; p=Old="]), &dkim),
            RecordState::Wrong
        );
        assert_eq!(state(&at(&[]), &dkim), RecordState::Missing);

        let owner = rec(
            RecordKind::Ownership,
            "x.dk",
            "TXT",
            "dezky-verification=t1",
        );
        assert_eq!(
            state(&txt(&["dezky-verification=t1", "v=spf1 mx -all"]), &owner),
            RecordState::Ok
        );
        assert_eq!(
            state(&txt(&["dezky-verification=t0"]), &owner),
            RecordState::Wrong
        );
        assert_eq!(
            state(&txt(&["v=spf1 mx -all"]), &owner),
            RecordState::Missing
        );

        let dmarc = rec(RecordKind::Dmarc, "_dmarc.x.dk", "TXT", "v=DMARC1; p=none");
        let d = |v: &[&str]| published(&[("_dmarc.x.dk", v)], &[]);
        assert_eq!(
            state(&d(&["v=DMARC1; p=none; rua=mailto:r@x.dk"]), &dmarc),
            RecordState::Ok
        );
        assert_eq!(
            state(&d(&["v=DMARC1; p=reject"]), &dmarc),
            RecordState::OtherStep,
            "not the chosen step"
        );
        assert_eq!(
            state(&d(&["v=DMARC1; p=rejct"]), &dmarc),
            RecordState::Wrong
        );
        assert_eq!(
            state(&d(&["v=DMARC1; p=none", "v=DMARC1; p=reject"]), &dmarc),
            RecordState::Extra
        );
        assert_eq!(
            state(&d(&["v=DMARC1; p=quarantine; pct=25"]), &dmarc),
            RecordState::OtherStep
        );
        assert!(RecordState::OtherStep.passes() && !RecordState::Wrong.passes());
        assert_eq!(
            compare(
                &dmarc,
                &d(&["v=DMARC1; p=quarantine; pct=25"]),
                DmarcStep::at(1)
            )
            .state,
            RecordState::Ok
        );
    }

    #[test]
    fn status_and_drift_follow_the_checks() {
        let ok = RecordCheck {
            kind: RecordKind::Dkim,
            name: "s._domainkey.x.dk".into(),
            rtype: "TXT".into(),
            expected: "p=A".into(),
            found: vec!["p=A".into()],
            state: RecordState::Ok,
        };
        let gone = RecordCheck {
            found: vec![],
            state: RecordState::Missing,
            ..ok.clone()
        };
        let other = RecordCheck {
            kind: RecordKind::Other,
            state: RecordState::NotChecked,
            ..ok.clone()
        };
        let good = DomainCheck {
            at: 1,
            records: vec![ok.clone(), other.clone()],
        };
        let bad = DomainCheck {
            at: 2,
            records: vec![gone.clone(), other],
        };
        assert!(good.passes() && !bad.passes());
        assert_eq!(
            status_after(DomainStatus::Pending, &bad),
            DomainStatus::Pending
        );
        assert_eq!(
            status_after(DomainStatus::Pending, &good),
            DomainStatus::Verified
        );
        assert_eq!(
            status_after(DomainStatus::Verified, &bad),
            DomainStatus::NeedsAttention
        );
        assert_eq!(
            status_after(DomainStatus::NeedsAttention, &good),
            DomainStatus::Verified
        );
        assert_eq!(bad.broken_since(&good), vec![&gone]);
        assert!(good.broken_since(&bad).is_empty());
        let mut changed = good.clone();
        changed.records[0].found = vec!["p=A".into(), "x".into()];
        assert_eq!(changed.changed_since(&good).len(), 1);
        assert_eq!(bad.state_of(RecordKind::Dkim), Some(RecordState::Missing));
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_ascii_name("fjord-tandklinik.dk"), Ok(()));
        assert_eq!(check_ascii_name("xn--bger-1na.dk"), Ok(()));
        assert_eq!(check_ascii_name(""), Err("required"));
        assert_eq!(check_ascii_name("localhost"), Err("single_label"));
        for bad in [
            "-x.dk",
            "x-.dk",
            "a..dk",
            "x.dk.",
            "under_score.dk",
            "x.123",
            "sp ace.dk",
        ] {
            assert_eq!(check_ascii_name(bad), Err("invalid_domain"), "{bad}");
        }
        assert_eq!(
            check_ascii_name(&format!("{}.dk", "a".repeat(64))),
            Err("invalid_domain")
        );
        assert_eq!(
            check_ascii_name(&format!("{}.dk", "a.".repeat(130))),
            Err("too_long")
        );
        assert_eq!(check_ascii_name("dezky.eu"), Err("dezky_domain"));
        assert_eq!(check_ascii_name("mail.dezky.eu"), Err("dezky_domain"));
        assert_eq!(check_ascii_name("notdezky.eu"), Ok(()));
    }

    #[test]
    fn the_export_quotes_and_splits_txt() {
        assert_eq!(quote_txt("v=spf1 mx -all"), "\"v=spf1 mx -all\"");
        let long = "p=".to_owned() + &"A".repeat(300);
        let q = quote_txt(&long);
        assert_eq!(q.matches('"').count(), 4);
        assert_eq!(quote_txt("a\"b"), "\"a\\\"b\"");
    }
}
