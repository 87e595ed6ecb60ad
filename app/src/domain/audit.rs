//! The audit log's types: events, outcomes, filters, verification reports and
//! archive batches. Pages get an event as an `AuditEntry` (or a `RecentEvent`),
//! never the stored `AuditRecord`; hashing, signing, verifying and recording
//! are server-only, in `services::audit`.
use super::System;
use super::model::Millis;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum ActorType {
    User,
    #[default]
    System,
    Service,
}

impl ActorType {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            ActorType::User => "user",
            ActorType::System => "system",
            ActorType::Service => "service",
        }
    }
}

wire_str!(ActorType: User, System, Service);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Outcome {
    #[default]
    Success,
    Failure,
    Denied,
}

wire_str!(Outcome: Success, Failure, Denied);

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Failure, Outcome::Denied];

    /// The wire name (also the serde form and the CSV cell).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Source {
    #[default]
    Platform,
    Authentik,
    Stalwart,
    Ocis,
    Stripe,
}

wire_str!(Source: Platform, Authentik, Stalwart, Ocis, Stripe);

impl Source {
    /// The wire name (also the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Platform => "platform",
            Source::Authentik => "authentik",
            Source::Stalwart => "stalwart",
            Source::Ocis => "ocis",
            Source::Stripe => "stripe",
        }
    }

    /// The product's name, as operators know it.
    pub fn product(self) -> &'static str {
        match self {
            Source::Platform => "dezky",
            Source::Authentik => "Authentik",
            Source::Stalwart => "Stalwart",
            Source::Ocis => "ownCloud Infinite Scale",
            Source::Stripe => "Stripe",
        }
    }
}

/// How an external system's audit feed is doing: kept with its cursor,
/// shown on the Infrastructure page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedHealth {
    /// Events appended from this feed, in all.
    pub ingested: u64,
    pub last_attempt_at: Option<Millis>,
    pub last_success_at: Option<Millis>,
    /// The last failure while the feed is failing (retried at every run).
    pub error: Option<String>,
    pub failing_since: Option<Millis>,
}

/// One external system's audit feed, as the Infrastructure page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedStatus {
    pub source: Source,
    /// What is read (for operators).
    pub target: String,
    /// The time of the newest entry read (a feed ordered by time).
    pub read_up_to: Option<Millis>,
    /// How far into its file a feed ordered by position has read, in bytes.
    #[serde(default)]
    pub position: Option<u64>,
    pub health: FeedHealth,
}

/// An event as recorded (audit.md's `AuditEvent`, before the hash chain). The
/// default is a successful platform event by the system, so a recording site
/// names only what it knows (`..AuditRecord::default()`); `seq`, `at`,
/// `prevHash` and `hash` are set by the chain.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    #[serde(default)]
    pub seq: u64,
    pub at: Millis,
    pub actor_type: ActorType,
    pub actor_id: String,
    pub actor_email: String,
    pub actor_ip: String,
    pub action: String,
    pub outcome: Outcome,
    pub resource_type: String,
    pub resource_id: String,
    pub resource_name: String,
    pub tenant_slug: Option<String>,
    pub partner_slug: Option<String>,
    pub source: Source,
    pub metadata: Value,
    /// Hash of the event with the previous seq ([`canonical::GENESIS`] first).
    #[serde(default)]
    pub prev_hash: String,
    /// `sha256(canonical(this event without hash))`.
    #[serde(default)]
    pub hash: String,
}

/// `metadata.diff`: only the fields that were sent AND changed, as
/// `{ field: { from, to } }` (empty for a save without changes).
pub fn diff(before: &Value, after: &Value, sent: &[&str]) -> Value {
    let mut out = Map::new();
    for field in sent {
        let from = before.get(*field).cloned().unwrap_or(Value::Null);
        let to = after.get(*field).cloned().unwrap_or(Value::Null);
        if from != to {
            out.insert(
                (*field).to_owned(),
                serde_json::json!({ "from": from, "to": to }),
            );
        }
    }
    Value::Object(out)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Break {
    /// An event was changed in place: its stored hash is not the hash of its
    /// content (or not the hash a signed checkpoint recorded for it).
    #[serde(rename_all = "camelCase")]
    EventHashMismatch {
        seq: u64,
        expected: String,
        actual: String,
    },
    /// An event was inserted or deleted: its link to the previous one breaks.
    #[serde(rename_all = "camelCase")]
    EventPrevHashMismatch { seq: u64 },
    /// A checkpoint's signature does not verify.
    #[serde(rename_all = "camelCase")]
    CheckpointSignatureMismatch { head_seq: u64 },
    /// An archived object (events or manifest) recorded for a batch is gone.
    #[serde(rename_all = "camelCase")]
    ArchiveObjectMissing { key: String },
    /// An archived object's bytes are not the ones recorded (the manifest's
    /// sha256 in the batch record, the events' sha256 in the manifest).
    #[serde(rename_all = "camelCase")]
    ArchiveObjectHashMismatch {
        key: String,
        expected: String,
        actual: String,
    },
    /// A batch manifest's signature does not verify.
    #[serde(rename_all = "camelCase")]
    ManifestSignatureMismatch { start_seq: u64, end_seq: u64 },
    /// A signed manifest disagrees with the events it describes (range,
    /// count, first prevHash or last hash); names the field.
    #[serde(rename_all = "camelCase")]
    ManifestContentMismatch {
        start_seq: u64,
        end_seq: u64,
        field: String,
    },
    /// A signed checkpoint's Merkle root is not the root of the events up to
    /// its head: the history it signed was rewritten.
    #[serde(rename_all = "camelCase")]
    CheckpointRootMismatch { head_seq: u64 },
    /// The stored Merkle tree of `size` leaves is not the tree of the events
    /// (proofs made from it would not verify).
    #[serde(rename_all = "camelCase")]
    TreeRootMismatch { size: u64 },
}

impl Break {
    pub fn kind(&self) -> &'static str {
        match self {
            Break::EventHashMismatch { .. } => "event-hash-mismatch",
            Break::EventPrevHashMismatch { .. } => "event-prev-hash-mismatch",
            Break::CheckpointSignatureMismatch { .. } => "checkpoint-signature-mismatch",
            Break::ArchiveObjectMissing { .. } => "archive-object-missing",
            Break::ArchiveObjectHashMismatch { .. } => "archive-object-hash-mismatch",
            Break::ManifestSignatureMismatch { .. } => "manifest-signature-mismatch",
            Break::ManifestContentMismatch { .. } => "manifest-content-mismatch",
            Break::CheckpointRootMismatch { .. } => "checkpoint-root-mismatch",
            Break::TreeRootMismatch { .. } => "tree-root-mismatch",
        }
    }
}

/// A batch of events moved to cold storage, as recorded in the store after
/// both objects were confirmed in the bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveBatch {
    #[serde(default)]
    pub id: String,
    pub archived_at: Millis,
    pub start_seq: u64,
    pub end_seq: u64,
    pub event_count: u64,
    /// sha256 of the manifest object: detects a changed manifest without
    /// downloading the events.
    pub manifest_sha256: String,
    pub jsonl_key: String,
    pub manifest_key: String,
    pub bytes_uncompressed: u64,
    pub bytes_compressed: u64,
    /// `prevHash` of the first event and `hash` of the last: the links across
    /// the hot/cold boundary.
    pub first_prev_hash: String,
    pub last_hash: String,
    #[serde(default)]
    pub version: u64,
}

/// What the Cold storage card shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColdStatus {
    /// Where batches go ("bucket dezky-audit at http://…"); None when cold
    /// storage is not configured.
    pub target: Option<String>,
    /// The daily run is on (`ARCHIVE_ENABLED=true`) and its UTC hour.
    pub scheduled: bool,
    pub run_hour_utc: u8,
    pub retention_days: u32,
    pub sse: bool,
    /// Newest first.
    pub batches: Vec<ArchiveBatch>,
}

/// The result of one archive run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveRunResult {
    pub batches: Vec<ArchiveBatch>,
    pub events_archived: u64,
    /// Hot events of an earlier, interrupted run deleted now.
    pub leftovers_deleted: u64,
    /// Set when the run stopped at a step; everything not archived is still
    /// in the hot store.
    pub failure: Option<ArchiveFailure>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveFailure {
    /// `upload-jsonl`, `upload-manifest`, `head-confirm`, `record-batch`, …
    pub step: String,
    /// The object storage or the store.
    pub system: System,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub ok: bool,
    pub events_checked: u64,
    pub checkpoints_checked: u64,
    /// Checkpoints whose algorithm the verifier holds no key for.
    pub checkpoints_unverifiable: u64,
    pub head_seq: Option<u64>,
    pub oldest_hot_seq: Option<u64>,
    pub highest_archived_seq: Option<u64>,
    /// Archived batches downloaded and checked, and their events.
    pub batches_checked: u64,
    pub archived_events_checked: u64,
    /// False when batches exist but cold storage was not read (not configured):
    /// the hot chain was then checked from the recorded boundary only.
    pub archives_verified: bool,
    pub first_break: Option<Break>,
}

/// The operator's audit filter: action category chip, outcome, free text over
/// action / resource name / actor email / tenant, and a time window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// `tenants`, `partners`, `flags`, `users` or `billing`; None for all.
    pub category: Option<String>,
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub q: String,
    /// Only events at or after this time.
    pub since: Option<Millis>,
    /// Only this tenant (set by the server for tenant admins, never by them).
    pub tenant: Option<String>,
}

/// The action prefixes of each chip.
pub const CATEGORIES: &[(&str, &[&str])] = &[
    ("tenants", &["tenant."]),
    ("partners", &["partner."]),
    ("flags", &["flag."]),
    ("users", &["user.", "platform.user"]),
    (
        "people",
        &["person.", "identity.user_", "identity.password_changed"],
    ),
    ("apps", &["sso_app."]),
    // Shares, links, trash, spaces and accounts at the files server.
    ("files", &["files."]),
    // With the sign-ins, failed ones and bans the identity and mail servers
    // report (the audit ingest).
    (
        "security",
        &[
            "security.",
            "session.",
            "identity.sign_in",
            "identity.sign_out",
            "identity.suspicious_request",
            "identity.impersonation_",
            "mail.",
        ],
    ),
    (
        "billing",
        &["billing.", "invoice.", "subscription.", "payout.", "price."],
    ),
];

impl AuditFilter {
    pub fn matches(&self, e: &AuditRecord) -> bool {
        if let Some(cat) = &self.category {
            let prefixes = CATEGORIES
                .iter()
                .find(|(c, _)| c == cat)
                .map_or(&[][..], |(_, p)| *p);
            if !prefixes.iter().any(|p| e.action.starts_with(p)) {
                return false;
            }
        }
        if self.outcome.is_some_and(|o| o != e.outcome) {
            return false;
        }
        if self.since.is_some_and(|since| e.at < since) {
            return false;
        }
        if let Some(t) = &self.tenant
            && e.tenant_slug.as_deref() != Some(t.as_str())
        {
            return false;
        }
        let q = self.q.trim().to_lowercase();
        q.is_empty()
            || [
                Some(&e.action),
                Some(&e.resource_name),
                Some(&e.actor_email),
                e.tenant_slug.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(&q))
    }
}

/// One page of the audit list, newest first; `next` continues with older ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditRecord>,
    pub next: Option<String>,
}

/// An audit event as a page shows it. The record's `metadata` is free JSON;
/// here it is already in words, so no page that lists events carries a JSON
/// value decoder (on `/admin` and `/operator` that was a sixth of the page's
/// code): the `diff` as (field, from, to) and every other entry as its text,
/// or as a time the page writes in its reader's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: Millis,
    pub actor_email: String,
    pub actor_ip: String,
    pub action: String,
    pub outcome: Outcome,
    pub resource_type: String,
    pub resource_id: String,
    pub resource_name: String,
    pub tenant_slug: Option<String>,
    pub source: Source,
    pub diff: Vec<(String, String, String)>,
    pub details: Vec<(String, Detail)>,
    /// The first 16 hex digits of the event's hash.
    pub hash: String,
}

/// A metadata entry other than the diff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Detail {
    Text(String),
    /// When an ingested event happened at its system (`occurredAt`).
    At(Millis),
}

impl From<AuditRecord> for AuditEntry {
    fn from(e: AuditRecord) -> Self {
        let diff = e
            .metadata
            .get("diff")
            .and_then(Value::as_object)
            .map(|d| {
                d.iter()
                    .map(|(k, v)| {
                        let side = |s: &str| v.get(s).map(ToString::to_string).unwrap_or_default();
                        (k.clone(), side("from"), side("to"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let details = e
            .metadata
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| *k != "diff")
                    .map(|(k, v)| {
                        let detail = match (k.as_str(), v.as_i64()) {
                            ("occurredAt", Some(at)) => Detail::At(at),
                            _ => Detail::Text(v.to_string()),
                        };
                        (k.clone(), detail)
                    })
                    .collect()
            })
            .unwrap_or_default();
        AuditEntry {
            seq: e.seq,
            at: e.at,
            hash: e.hash.get(..16).unwrap_or_default().to_owned(),
            actor_email: e.actor_email,
            actor_ip: e.actor_ip,
            action: e.action,
            outcome: e.outcome,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            resource_name: e.resource_name,
            tenant_slug: e.tenant_slug,
            source: e.source,
            diff,
            details,
        }
    }
}

/// An event in a short list of the newest (the operator overview's): when,
/// what, by whom, on what (its name, or its id when it has none), and how it
/// ended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecentEvent {
    pub seq: u64,
    pub at: Millis,
    pub action: String,
    pub actor_email: String,
    pub resource: String,
    pub outcome: Outcome,
}

impl From<AuditRecord> for RecentEvent {
    fn from(e: AuditRecord) -> Self {
        RecentEvent {
            seq: e.seq,
            at: e.at,
            resource: if e.resource_name.is_empty() {
                e.resource_id
            } else {
                e.resource_name
            },
            action: e.action,
            actor_email: e.actor_email,
            outcome: e.outcome,
        }
    }
}

/// Events as a page shows them ([`AuditEntry`]).
pub fn entries(events: Vec<AuditRecord>) -> Vec<AuditEntry> {
    events.into_iter().map(AuditEntry::from).collect()
}

/// [`AuditPage`] as a page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditEntries {
    pub items: Vec<AuditEntry>,
    pub next: Option<String>,
}

impl From<AuditPage> for AuditEntries {
    fn from(p: AuditPage) -> Self {
        AuditEntries {
            items: entries(p.items),
            next: p.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(action: &str, outcome: Outcome, tenant: Option<&str>) -> AuditRecord {
        AuditRecord {
            seq: 1,
            at: 1000,
            actor_type: ActorType::User,
            actor_id: "u".into(),
            actor_email: "Astrid@Fjord.example".into(),
            actor_ip: String::new(),
            action: action.into(),
            outcome,
            resource_type: "tenant".into(),
            resource_id: "t".into(),
            resource_name: "Fjord Tandklinik".into(),
            tenant_slug: tenant.map(str::to_owned),
            partner_slug: None,
            source: Source::Platform,
            metadata: json!({}),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_recent_event_names_its_resource_or_gives_its_id() {
        let named = RecentEvent::from(record("tenant.updated", Outcome::Failure, Some("fjord")));
        assert_eq!(
            (
                named.resource.as_str(),
                named.action.as_str(),
                named.outcome,
                named.at
            ),
            ("Fjord Tandklinik", "tenant.updated", Outcome::Failure, 1000)
        );
        let mut e = record("flag.created", Outcome::Success, None);
        e.resource_name.clear();
        assert_eq!(RecentEvent::from(e).resource, "t");
    }

    #[test]
    fn an_entry_puts_the_metadata_in_words() {
        let mut e = record("tenant.updated", Outcome::Success, Some("fjord"));
        e.metadata = json!({
            "diff": { "name": { "from": "A", "to": "B, \"quoted\"" }, "seats": { "from": null, "to": 5 } },
            "occurredAt": 1_700_000_000_000_i64,
            "reason": "asked",
            "ip_count": 3,
        });
        e.hash = "0123456789abcdef0123456789abcdef".into();
        let mut entry = AuditEntry::from(e);
        // The entry keeps the metadata's own order, which is serde_json's: the
        // keys sorted, or as written when a crate in the build turns on
        // `preserve_order` (the server's does). Compared by key here.
        entry.diff.sort_by(|a, b| a.0.cmp(&b.0));
        entry.details.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            entry.diff,
            vec![
                (
                    "name".into(),
                    "\"A\"".into(),
                    "\"B, \\\"quoted\\\"\"".into()
                ),
                ("seats".into(), "null".into(), "5".into()),
            ]
        );
        assert_eq!(
            entry.details,
            vec![
                ("ip_count".into(), Detail::Text("3".into())),
                ("occurredAt".into(), Detail::At(1_700_000_000_000)),
                ("reason".into(), Detail::Text("\"asked\"".into())),
            ]
        );
        assert_eq!(entry.hash, "0123456789abcdef");
        assert_eq!(
            (
                entry.seq,
                entry.action.as_str(),
                entry.tenant_slug.as_deref()
            ),
            (1, "tenant.updated", Some("fjord"))
        );
        // No metadata, a short hash: nothing to show, nothing cut.
        let mut bare = record("x", Outcome::Denied, None);
        bare.hash = "abc".into();
        let bare = AuditEntry::from(bare);
        assert!(bare.diff.is_empty() && bare.details.is_empty());
        assert_eq!(bare.hash, "");
    }

    #[test]
    fn the_filter_combines_chip_outcome_text_time_and_tenant() {
        let e = record(
            "tenant.suspended",
            Outcome::Success,
            Some("fjord-tandklinik"),
        );
        let f = |category: Option<&str>, outcome, q: &str| AuditFilter {
            category: category.map(str::to_owned),
            outcome,
            q: q.into(),
            since: None,
            tenant: None,
        };
        assert!(f(None, None, "").matches(&e));
        assert!(f(Some("tenants"), None, "").matches(&e));
        assert!(!f(Some("flags"), None, "").matches(&e));
        assert!(!f(None, Some(Outcome::Denied), "").matches(&e));
        assert!(
            f(None, None, "astrid@fjord").matches(&e),
            "case-insensitive over the actor email"
        );
        assert!(f(None, None, "TANDKLINIK").matches(&e));
        assert!(!f(None, None, "ravn").matches(&e));
        let since = AuditFilter {
            since: Some(2000),
            ..AuditFilter::default()
        };
        assert!(!since.matches(&e));
        let other = AuditFilter {
            tenant: Some("ravn-arkitekter".into()),
            ..AuditFilter::default()
        };
        assert!(!other.matches(&e));
        assert!(
            AuditFilter {
                category: Some("users".into()),
                ..AuditFilter::default()
            }
            .matches(&record("platform.user_invited", Outcome::Success, None))
        );
    }

    #[test]
    fn outcomes_round_trip_their_wire_names() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).ok(), Some(json!(o.as_str())));
        }
        assert_eq!(Outcome::parse(""), None);
    }

    #[test]
    fn diff_keeps_only_sent_and_changed_fields() {
        let before = json!({"name": "A", "domain": "a.dk", "margin_pct": 20});
        let after = json!({"name": "B", "domain": "a.dk", "margin_pct": 25});
        assert_eq!(
            diff(&before, &after, &["name", "domain"]),
            json!({"name": {"from": "A", "to": "B"}})
        );
        assert_eq!(diff(&before, &before, &["name", "domain"]), json!({}));
    }
}
