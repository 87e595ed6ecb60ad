//! What the signed-in pages show: the DTOs server functions return. Services
//! build them from the records; they travel to the browser as JSON.
use super::flags::FlagState;
use super::model::{Millis, PartnerSummary, TenantRole, TenantStatus};
use serde::{Deserialize, Serialize};

/// A tenant as its people see it on their home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub slug: String,
    pub name: String,
    pub plan: String,
    pub status: TenantStatus,
    pub seats: u32,
    /// The caller's role in THIS tenant (None for partner staff and operators).
    pub role: Option<TenantRole>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub name: String,
    pub email: String,
    pub role: TenantRole,
    pub active: bool,
    /// The signed-in admin's own row (no suspend or sign-out on it).
    #[serde(default)]
    pub you: bool,
}

/// The tenant admin's users page: the tenant and its people, in one call (one
/// tenant lookup per page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantWithMembers {
    pub tenant: TenantInfo,
    pub members: Vec<MemberRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInfo {
    pub partner: PartnerSummary,
    /// The caller enters every customer under the contract's standing access.
    #[serde(default)]
    pub standing: bool,
    pub tenants: Vec<CustomerRow>,
    /// The partner's MRR over the last days taken (None before the first
    /// snapshot).
    #[serde(default)]
    pub mrr: Option<super::revenue::MrrSeries>,
    /// Each customer's open request or live grant (at most one each).
    #[serde(default)]
    pub grants: Vec<OpenGrant>,
}

/// A customer's open request or live grant, as the partner's customers table
/// shows it: what it needs to show the state, enter, or end it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenGrant {
    pub tenant_slug: String,
    pub grant_id: String,
    pub scope: super::access::AccessScope,
    /// Pending or active.
    pub state: super::access::GrantState,
}

/// One of a partner's customers, with its health by THE rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "CustomerRowWire")]
pub struct CustomerRow {
    #[serde(flatten)]
    pub tenant: TenantInfo,
    pub people: u32,
    pub health: super::health::Health,
}

/// A `CustomerRow` as read from JSON: the tenant's fields beside the row's own,
/// as `flatten` writes them, in one flat struct. Some view types are read
/// through a flat struct of their own (`…Wire`, `serde(from)` or
/// `serde(try_from)`) while their JSON form stays the derived `Serialize`'s:
/// serde's derive for an internally tagged enum, or for a struct with a
/// `flatten`ed field, first buffers every field in a generic tree (`Content`:
/// the tag may come last, the flattened fields are anyone's), and that code,
/// once per such type and per type inside it, went into the hydrating page
/// that shows it. `AppError` is read the same way.
#[derive(Deserialize)]
struct CustomerRowWire {
    slug: String,
    name: String,
    plan: String,
    status: TenantStatus,
    seats: u32,
    role: Option<TenantRole>,
    people: u32,
    health: super::health::Health,
}

impl From<CustomerRowWire> for CustomerRow {
    fn from(w: CustomerRowWire) -> Self {
        CustomerRow {
            tenant: TenantInfo {
                slug: w.slug,
                name: w.name,
                plan: w.plan,
                status: w.status,
                seats: w.seats,
                role: w.role,
            },
            people: w.people,
            health: w.health,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewCounts {
    pub tenants: u64,
    pub partners: u64,
    pub users: u64,
    pub seats: u64,
    pub audit_failures: u64,
    pub store: String,
    /// The newest audit events across the platform.
    pub recent: Vec<super::audit::RecentEvent>,
    /// MRR over the last days taken (None before the first snapshot).
    pub mrr: Option<super::revenue::MrrSeries>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagInput {
    pub key: String,
    pub description: String,
    pub state: FlagState,
    pub note: String,
    /// The version the editor saw; None creates the flag.
    pub version: Option<u64>,
}

/// The tamper-evidence card's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditState {
    pub head_seq: Option<u64>,
    /// `ed25519 · ed25519-0123abcd…`, or None when checkpoints are off.
    pub signer: Option<String>,
    /// The note verifier key anyone checks checkpoints and proofs with; None
    /// with an HMAC key (only the operators can verify) or none.
    #[serde(default)]
    pub note_key: Option<String>,
    pub last_checkpoint_seq: Option<u64>,
    pub last_checkpoint_at: Option<Millis>,
    /// Failed recordings since start-up.
    pub failures: u64,
}

/// Something on a sidebar entry that needs the person's attention, counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Attention {
    /// Audit events that failed to record since the server started (operators).
    AuditFailures,
    /// The partner's customers that are suspended.
    SuspendedCustomers,
    /// Mail domains of the tenants the person administers whose records
    /// drifted after verification.
    DomainsNeedAttention,
    /// Partner access requests waiting for the customer admin's answer.
    AccessRequests,
}

impl Attention {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Attention::AuditFailures => "audit_failures",
            Attention::SuspendedCustomers => "suspended_customers",
            Attention::DomainsNeedAttention => "domains_need_attention",
            Attention::AccessRequests => "access_requests",
        }
    }
}

wire_str!(Attention: AuditFailures, SuspendedCustomers, DomainsNeedAttention, AccessRequests);

/// How a system answered its liveness probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Health {
    Up,
    Down,
    /// Not configured in this deployment (nothing was probed).
    NotConnected,
}

wire_str!(Health: Up, Down, NotConnected);

impl Health {
    /// The wire and test name (`not_connected`).
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Down => "down",
            Health::NotConnected => "not_connected",
        }
    }
}

/// One row of the operator's Infrastructure page: a live probe, never a
/// remembered or invented figure (except the last error, with its time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemStatus {
    pub system: super::System,
    pub health: Health,
    /// What was probed (`sqlite`, `bucket dezky-audit at http://…`), empty
    /// when not connected.
    pub target: String,
    /// The probe's round trip, when it ran.
    pub latency_ms: Option<u64>,
    /// This probe's error, when down.
    pub error: Option<String>,
    /// The most recent failure since start-up (also when up again), and when.
    pub last_error: Option<String>,
    pub last_error_at: Option<Millis>,
    /// `/readyz` fails while this system is down.
    pub required: bool,
    pub checked_at: Millis,
}

/// Space used and allowed, in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub used: u64,
    /// None: no limit set.
    pub total: Option<u64>,
}

impl Quota {
    /// Used as a share of the total, 0-100 (None without a limit).
    pub fn percent(&self) -> Option<u8> {
        let total = self.total.filter(|t| *t > 0)?;
        Some(u8::try_from((self.used.saturating_mul(100) / total).min(100)).unwrap_or(100))
    }
}

/// One person's files storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonStorage {
    pub name: String,
    pub email: String,
    /// None: no files account or drive yet.
    pub quota: Option<Quota>,
}

/// A tenant's files storage as its admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", try_from = "StorageWire")]
pub enum StorageView {
    /// No files server in this installation: the page says so and shows no bar.
    NotConnected,
    /// The files server did not answer; nothing is shown as if it were known.
    Unavailable,
    Known {
        tenant: Quota,
        /// Most used first.
        people: Vec<PersonStorage>,
    },
}

/// A `StorageView` as read from JSON, flat (see `CustomerRowWire`).
#[derive(Deserialize)]
struct StorageWire {
    state: String,
    tenant: Option<Quota>,
    people: Option<Vec<PersonStorage>>,
}

impl TryFrom<StorageWire> for StorageView {
    type Error = String;

    fn try_from(w: StorageWire) -> Result<Self, String> {
        let missing = |field: &str| format!("storage `{}` without `{field}`", w.state);
        Ok(match w.state.as_str() {
            "not_connected" => StorageView::NotConnected,
            "unavailable" => StorageView::Unavailable,
            "known" => StorageView::Known {
                tenant: w.tenant.ok_or_else(|| missing("tenant"))?,
                people: w.people.ok_or_else(|| missing("people"))?,
            },
            other => return Err(format!("unknown storage state `{other}`")),
        })
    }
}

/// Something on the tenant admin's dashboard that wants their action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case", try_from = "AttentionWire")]
pub enum AttentionItem {
    /// People suspended (their names).
    Suspended { names: Vec<String> },
    /// A change to a person stopped halfway and waits for "Retry".
    StoppedJob {
        job_id: String,
        kind: String,
        name: String,
    },
    /// Members without a second factor while the policy requires one.
    NoMfa { names: Vec<String> },
    /// Mail domains whose published records drifted after verification.
    DomainsNeedAttention { names: Vec<String> },
    /// Mail domains added but not verified yet.
    DomainsPending { names: Vec<String> },
}

/// An `AttentionItem` as read from JSON, flat (see `CustomerRowWire`).
#[derive(Deserialize)]
struct AttentionWire {
    item: String,
    names: Option<Vec<String>>,
    job_id: Option<String>,
    kind: Option<String>,
    name: Option<String>,
}

impl TryFrom<AttentionWire> for AttentionItem {
    type Error = String;

    fn try_from(w: AttentionWire) -> Result<Self, String> {
        let item = w.item;
        let missing = |field: &str| format!("attention item `{item}` without `{field}`");
        let names = w.names.ok_or_else(|| missing("names"));
        Ok(match item.as_str() {
            "suspended" => AttentionItem::Suspended { names: names? },
            "stopped_job" => AttentionItem::StoppedJob {
                job_id: w.job_id.ok_or_else(|| missing("job_id"))?,
                kind: w.kind.ok_or_else(|| missing("kind"))?,
                name: w.name.ok_or_else(|| missing("name"))?,
            },
            "no_mfa" => AttentionItem::NoMfa { names: names? },
            "domains_need_attention" => AttentionItem::DomainsNeedAttention { names: names? },
            "domains_pending" => AttentionItem::DomainsPending { names: names? },
            other => return Err(format!("unknown attention item `{other}`")),
        })
    }
}

/// The tenant admin's dashboard (`/admin`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminDashboard {
    pub tenant: TenantInfo,
    /// Every member, suspended ones included (they keep their seat until
    /// removed): the count the seat limit goes by.
    pub seats_used: u32,
    pub storage: StorageView,
    pub attention: Vec<AttentionItem>,
    /// The tenant's newest events (the audit list has each in full).
    pub recent: Vec<crate::domain::audit::RecentEvent>,
}

#[cfg(test)]
mod wire_tests {
    use super::*;
    use crate::domain::health::{Health, HealthLevel, HealthReason};

    /// Written by the derived `Serialize`, read back through the flat wire
    /// struct: every variant comes back as it was.
    fn round_trip<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        value: T,
    ) {
        let json = serde_json::to_string(&value).expect("serialises");
        let back: T = serde_json::from_str(&json).expect(&json);
        assert_eq!(back, value, "{json}");
    }

    #[test]
    fn every_attention_item_storage_view_and_customer_row_reads_back() {
        let names = vec!["Ada".to_owned(), "Bo".to_owned()];
        round_trip(AttentionItem::Suspended {
            names: names.clone(),
        });
        round_trip(AttentionItem::StoppedJob {
            job_id: "j1".into(),
            kind: "create".into(),
            name: "Ada".into(),
        });
        round_trip(AttentionItem::NoMfa {
            names: names.clone(),
        });
        round_trip(AttentionItem::DomainsNeedAttention {
            names: names.clone(),
        });
        round_trip(AttentionItem::DomainsPending { names: vec![] });
        round_trip(StorageView::NotConnected);
        round_trip(StorageView::Unavailable);
        round_trip(StorageView::Known {
            tenant: Quota {
                used: 5,
                total: Some(10),
            },
            people: vec![PersonStorage {
                name: "Ada".into(),
                email: "ada@example.dk".into(),
                quota: None,
            }],
        });
        round_trip(CustomerRow {
            tenant: TenantInfo {
                slug: "bager".into(),
                name: "Bager".into(),
                plan: "business".into(),
                status: TenantStatus::Suspended,
                seats: 5,
                role: Some(TenantRole::Admin),
            },
            people: 3,
            health: Health {
                level: HealthLevel::Critical,
                reasons: vec![HealthReason::Suspended],
            },
        });
    }

    #[test]
    fn a_variant_without_its_fields_or_an_unknown_tag_is_refused_by_name() {
        let err = serde_json::from_str::<AttentionItem>(r#"{"item":"stopped_job","job_id":"j1"}"#)
            .unwrap_err();
        assert!(
            err.to_string().contains("`stopped_job` without `kind`"),
            "{err}"
        );
        let err = serde_json::from_str::<AttentionItem>(r#"{"item":"nothing"}"#).unwrap_err();
        assert!(
            err.to_string().contains("unknown attention item `nothing`"),
            "{err}"
        );
        let err =
            serde_json::from_str::<StorageView>(r#"{"state":"known","people":[]}"#).unwrap_err();
        assert!(
            err.to_string().contains("`known` without `tenant`"),
            "{err}"
        );
        assert!(serde_json::from_str::<CustomerRow>(r#"{"slug":"a","people":1}"#).is_err());
    }
}

#[cfg(test)]
mod quota_tests {
    use super::Quota;

    #[test]
    fn a_share_is_capped_and_absent_without_a_limit() {
        let q = |used, total| Quota { used, total };
        assert_eq!(q(25, Some(100)).percent(), Some(25));
        assert_eq!(q(250, Some(100)).percent(), Some(100));
        assert_eq!(q(5, None).percent(), None);
        assert_eq!(q(5, Some(0)).percent(), None);
    }
}

/// The security page: the tenant's policy and the address the admin is
/// seen from (so an allow-list that would lock them out is visible).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityView {
    pub policy: super::model::SecurityPolicy,
    pub your_ip: String,
}

/// One member's second factors at the identity provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaRow {
    pub name: String,
    pub email: String,
    /// False: no sign-in account at the identity provider yet.
    pub has_account: bool,
    /// The kinds of the confirmed factors (`totp`, `webauthn`, ...).
    pub factors: Vec<String>,
}

/// Who has enrolled a second factor, read from the identity provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MfaOverview {
    NotConnected,
    Unavailable,
    Known { rows: Vec<MfaRow> },
}

/// One of the signed-in person's own dezky sessions ("My sessions").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySession {
    /// The session's store key (the hash of its cookie, never the cookie).
    pub id: String,
    pub client: super::model::ClientKind,
    pub ip: String,
    pub user_agent: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    /// The session this request came with.
    pub this_device: bool,
}

/// The personal area: where the app tiles go, and the person's sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalArea {
    /// The webmail's address; None: not connected.
    pub mail_url: Option<String>,
    /// The files web app's address; None: not connected.
    pub files_url: Option<String>,
    /// Newest first; this device first of all.
    pub sessions: Vec<MySession>,
}

/// A person's account in one system, as the users page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum AccountState {
    /// The system is not connected in this installation.
    NotConnected,
    /// The system did not answer.
    Unavailable,
    /// The person has no account there.
    None,
    Active,
    /// Inactive, frozen or disabled (a suspension).
    Suspended,
}

impl AccountState {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            AccountState::NotConnected => "not_connected",
            AccountState::Unavailable => "unavailable",
            AccountState::None => "none",
            AccountState::Active => "active",
            AccountState::Suspended => "suspended",
        }
    }
}

wire_str!(AccountState: NotConnected, Unavailable, None, Active, Suspended);

/// A member's accounts across the systems of the workplace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonAccounts {
    pub email: String,
    pub identity: AccountState,
    pub mail: AccountState,
    pub files: AccountState,
}

/// A mail domain in the tenant's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainSummary {
    pub name: String,
    pub display_name: String,
    pub status: crate::domain::mail_domains::DomainStatus,
    /// New mailboxes are made on this domain.
    pub primary: bool,
    pub checked_at: Option<Millis>,
    pub verified_at: Option<Millis>,
    /// Required records not as expected at the last check.
    pub problems: u32,
}

/// The Domains page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainsView {
    pub tenant: String,
    pub domains: Vec<DomainSummary>,
    /// The tenant's primary domain when it was set without being added
    /// here (its mailboxes cannot be made until it is).
    pub primary_not_added: Option<String>,
    /// How often verified domains are rechecked.
    pub check_every_minutes: u64,
    /// Whether the mail server takes changes (added and removed domains).
    pub mail_connected: bool,
}

/// One record to publish, with what the last check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub record: crate::domain::mail_domains::ExpectedRecord,
    /// The value in zone-file form (TXT quoted and split), for copying.
    pub zone_value: String,
    pub state: Option<crate::domain::mail_domains::RecordState>,
    pub found: Vec<String>,
}

/// One step of the DMARC ladder as the guide shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcStepView {
    pub index: u8,
    pub step: crate::domain::dmarc::DmarcStep,
    /// The exact record to publish for it.
    pub record: String,
    /// Why it cannot be chosen yet (empty: it can).
    pub blocked: Vec<crate::domain::dmarc::Blocked>,
}

/// The DMARC guide of a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcGuide {
    /// The step the tenant chose.
    pub chosen: u8,
    /// The DMARC record DNS served at the last check.
    pub published: Option<String>,
    /// Why the published record is not usable, when it is not.
    pub published_error: Option<crate::domain::dmarc::DmarcError>,
    /// The ladder step the published record is on, if any.
    pub published_step: Option<u8>,
    /// The published record enforces the chosen step.
    pub matches: bool,
    pub steps: Vec<DmarcStepView>,
}

/// A domain's page: its records, the last check, the DMARC guide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainDetail {
    pub tenant: String,
    pub summary: DomainSummary,
    pub records: Vec<RecordRow>,
    /// Every record as a zone file, for the export.
    pub zone_file: String,
    pub dmarc: DmarcGuide,
}

/// What removing a domain did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RemoveDomainOutcome {
    Removed,
    /// Refused: these still use it.
    InUse {
        mailboxes: Vec<String>,
        aliases: Vec<String>,
        lists: Vec<String>,
    },
}

/// A partner access grant as a page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub grant: crate::domain::access::AccessGrant,
    pub state: crate::domain::access::GrantState,
    pub tenant_slug: String,
    pub tenant_name: String,
    pub partner_name: String,
    /// Active, and the partner did something inside in the last 15 minutes.
    pub inside_now: bool,
}

/// The customer admin's Partner access page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantAccessView {
    pub tenant: String,
    pub partner_name: String,
    /// The partner's contract gives its owners and admins standing access.
    #[serde(default)]
    pub standing: bool,
    pub rows: Vec<GrantRow>,
    /// What the partner did under the grants, newest first.
    pub activity: Vec<crate::domain::audit::AuditEntry>,
}

/// The banner of a partner inside a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsideView {
    pub tenant_slug: String,
    pub tenant_name: String,
    /// The grant's id, or `standing` under the contract's standing access.
    pub grant_id: String,
    pub scope: crate::domain::access::AccessScope,
    /// None: standing access, which does not expire.
    pub expires_at: Option<Millis>,
}

/// What a signed-in face's shell shows around every page: who is signed in,
/// the sidebar's attention badges, for a partner inside a customer the
/// banner, and on the portal the feature flags (`shell_state`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShellState {
    /// `None`: nobody is signed in.
    pub who: Option<super::model::WhoAmI>,
    /// The non-zero counts (none for a face without badges, or when they
    /// could not be counted: the page says why).
    pub counts: Vec<(Attention, u64)>,
    /// A partner inside a customer (partner mode), on the portal only.
    pub inside: Option<InsideView>,
    /// The feature flags on for the person's tenant, on the portal only
    /// (none on any error: gated UI stays hidden; `flag_gate`).
    pub flags_on: Vec<String>,
}

/// One of dezky's operators on the team page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorRow {
    pub name: String,
    pub email: String,
    pub active: bool,
    /// Has signed in at least once (an invited one has not yet).
    pub signed_in: bool,
    pub since: Millis,
}

/// How a new operator gets in: shown once, never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum OperatorHandoff {
    RecoveryLink { url: String },
    TemporaryPassword { password: String },
}

/// An operator just invited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedOperator {
    pub name: String,
    pub email: String,
    pub handoff: OperatorHandoff,
}

/// A user of the platform, on the operator's Users page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformUserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub operator: bool,
    /// Has signed in at least once.
    pub signed_in: bool,
    /// Names of the tenants they belong to.
    pub tenants: Vec<String>,
    /// The partner they work for.
    pub partner: Option<String>,
}

/// One page of users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformUsers {
    pub rows: Vec<PlatformUserRow>,
    pub next: Option<String>,
}

/// What deactivating (or reactivating) did at the identity provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum UserIdentityOutcome {
    Done,
    /// No account with that address there.
    NoAccount,
    NotConnected,
    Failed,
}

wire_str!(UserIdentityOutcome: Done, NoAccount, NotConnected, Failed);

impl UserIdentityOutcome {
    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            UserIdentityOutcome::Done => "done",
            UserIdentityOutcome::NoAccount => "no_account",
            UserIdentityOutcome::NotConnected => "not_connected",
            UserIdentityOutcome::Failed => "failed",
        }
    }
}

/// The result of a deactivation or reactivation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDeactivation {
    pub user: PlatformUserRow,
    pub sessions_ended: u64,
    pub identity: UserIdentityOutcome,
}

/// What the New customer wizard made, and what it could not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedCustomer {
    pub slug: String,
    pub name: String,
    pub admin_email: String,
    /// The first admin's provisioning job: what was made in which system
    /// (None when it could not start; `problems` says why).
    pub job: Option<super::provisioning::ProvisioningJob>,
    /// The invitation went to the first admin's inbox.
    pub mailed: bool,
    /// Shown once when the identity provider has no recovery flow: the
    /// partner hands it over by another channel.
    pub temporary_password: Option<String>,
    /// The recovery link, shown once only when the invitation could not be
    /// mailed.
    pub unsent_link: Option<String>,
    /// The mail domain added for verification, if one was given.
    pub domain: Option<String>,
    /// What did not happen, step by step; the workspace exists regardless.
    pub problems: Vec<SetupProblem>,
}

/// One part of a new customer's set-up that failed, with the system's
/// error. `step`: `admin`, `invitation` or `domain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupProblem {
    pub step: String,
    pub error: super::AppError,
}

/// A tenant in the operator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorTenantRow {
    pub slug: String,
    pub name: String,
    pub partner: String,
    pub plan: String,
    pub seats: u32,
    pub members: u32,
    pub status: TenantStatus,
    pub primary_domain: Option<String>,
    pub created_at: Millis,
    /// When it was deleted (restorable until `purge_after`).
    pub deleted_at: Option<Millis>,
    pub purge_after: Option<Millis>,
    /// The payment provider reported a failed payment not yet made good.
    #[serde(default)]
    pub payment_failed: bool,
}

/// A page of the operator's tenant list; `next` continues it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantListPage {
    pub rows: Vec<OperatorTenantRow>,
    pub next: Option<String>,
}

/// A person of a tenant, with their role in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantMemberRow {
    pub name: String,
    pub email: String,
    pub role: TenantRole,
    /// Suspended in this tenant by its admin.
    pub suspended: bool,
    /// Deactivated across the platform by an operator.
    pub active: bool,
    pub signed_in: bool,
}

/// One tenant in the operator console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorTenantDetail {
    pub row: OperatorTenantRow,
    pub billing: super::model::BillingDetails,
    pub members: Vec<TenantMemberRow>,
    /// Its mail domains, as people type them.
    pub domains: Vec<String>,
}

/// What a tenant suspension or resumption changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantCascade {
    pub status: TenantStatus,
    pub people: u32,
    pub sessions_ended: u64,
    /// Sign-in at the identity provider.
    pub identity: CascadeTally,
    /// Mailboxes on the tenant's domains.
    pub mail: CascadeTally,
}

/// One system's share of a cascade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CascadeTally {
    pub connected: bool,
    pub changed: u32,
    /// Left as they were (no account there, or still needed elsewhere).
    pub skipped: u32,
    /// The addresses whose change failed (retry: suspend or resume again).
    pub failed: Vec<String>,
}

impl CascadeTally {
    pub fn new(connected: bool) -> Self {
        Self {
            connected,
            changed: 0,
            skipped: 0,
            failed: Vec::new(),
        }
    }
}

/// A partner in the operator's list, with its live customers and the seats
/// of the active ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorPartnerRow {
    pub partner: super::model::Partner,
    pub customers: u32,
    pub seats: u32,
}

/// One partner in the operator console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDetailView {
    pub row: OperatorPartnerRow,
    pub customers: Vec<TenantInfo>,
}

/// A partner's team (`/partner/team`), as the caller may act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTeamView {
    pub partner_name: String,
    /// The caller's own access level (what the page offers follows it).
    pub access: super::model::PartnerAccess,
    /// The caller's address (their own row is marked).
    pub you: String,
    /// Second factors as the identity provider knows them (a row without
    /// one in `Known` has none).
    pub mfa: MfaOverview,
    pub rows: Vec<PartnerTeamRow>,
}

/// One person on a partner's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTeamRow {
    pub name: String,
    pub email: String,
    pub access: super::model::PartnerAccess,
    pub active: bool,
    /// Has signed in at least once.
    pub signed_in: bool,
    pub since: super::model::Millis,
}

/// A colleague just invited to a partner's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedColleague {
    pub name: String,
    pub email: String,
    pub access: super::model::PartnerAccess,
    /// The invitation is in their inbox.
    pub mailed: bool,
    /// They already had an account (they sign in as they do today).
    pub existing_account: bool,
    /// What the inviter hands over by another channel, shown once: a
    /// temporary password, or the recovery link when the mail failed.
    pub handoff: Option<OperatorHandoff>,
}

/// A partner's own Settings and Branding (`/partner/settings`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerSettingsView {
    pub fields: super::partner_edit::PartnerFields,
    pub branding: super::branding::BrandingForm,
    /// Where the uploaded logo is served, if there is one.
    pub logo: Option<String>,
    /// Customers may set their own product name and colour.
    pub customer_branding: bool,
    /// The invitation mail's overrides.
    pub mail: super::model::MailTemplate,
    /// The partner's version (a save from an older one is a conflict).
    pub version: u64,
    /// Owners and admins change them; members read.
    pub can_edit: bool,
}

/// A customer's Branding page (`/admin/branding`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantBrandingView {
    pub partner_name: String,
    /// The partner lets this customer set its own.
    pub allowed: bool,
    /// What the customer set.
    pub own: super::branding::BrandingForm,
    /// What its people see (THE effective branding).
    pub effective: super::branding::BrandingForm,
    /// The effective logo's address (the partner's upload), if any.
    pub logo: Option<String>,
}

/// One invoice at the payment provider, as the customer's Billing page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: String,
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible`, `void`.
    pub status: String,
    /// What was paid, or (unpaid) what is due; minor units.
    pub amount_minor: i64,
    pub currency: String,
    /// Unix seconds.
    pub created: i64,
    pub pdf_url: Option<String>,
}

/// A customer's Billing page (`/admin/billing`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantBillingView {
    /// A payment provider is connected in this deployment.
    pub connected: bool,
    pub details: super::billing_details::BillingForm,
    pub plan: String,
    pub seats: u32,
    pub people: u32,
    /// The catalog's amount per seat per month (None: the plan has none).
    pub seat_price_minor: Option<i64>,
    pub currency: String,
    /// The subscription's status at the provider, once there is one.
    pub subscription_status: Option<String>,
    pub payment_failed: Option<super::billing_state::PaymentFailure>,
    /// Newest first; empty before the provider has a customer for it.
    pub invoices: Vec<InvoiceRow>,
    /// The provider did not answer for the invoices (named on the page).
    pub invoices_failed: bool,
    /// Money paths are on (a card can be added, a subscription started).
    #[serde(default)]
    pub money: bool,
    /// A subscription that bills.
    #[serde(default)]
    pub live: bool,
    /// The card invoices are charged to: brand and last four.
    #[serde(default)]
    pub card: Option<super::billing_state::Card>,
    /// The next renewal (Unix seconds), once a subscription says.
    #[serde(default)]
    pub renews_at: Option<i64>,
    pub version: u64,
}

/// What the card form needs to collect a card (Stripe.js).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSetupView {
    pub publishable_key: String,
    pub client_secret: String,
}

/// A payout with its partner's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRow {
    pub partner_name: String,
    #[serde(flatten)]
    pub payout: super::payouts::Payout,
}

/// The operator's payouts ledger of one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutLedgerView {
    pub month: String,
    pub rows: Vec<PayoutRow>,
}

/// The operator's Pricing page: the catalog and the latest re-pricings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingView {
    /// Whether the payment provider is connected (off: an edit changes the
    /// catalog and today's MRR, and no money path runs).
    pub connected: bool,
    pub rows: Vec<super::revenue::PriceRow>,
    pub repricings: Vec<super::repricing::Repricing>,
}

/// An invoice with the customer it bills (operator and partner lists).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantInvoiceRow {
    /// None: a customer at the provider that is no tenant of ours.
    pub tenant_slug: Option<String>,
    pub tenant_name: Option<String>,
    #[serde(flatten)]
    pub invoice: InvoiceRow,
}

/// The operator's revenue summary (`/operator/billing`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueSummaryView {
    /// The snapshot day the figures are read from; None before the first.
    pub as_of: Option<String>,
    /// Currency -> MRR.
    pub mrr: std::collections::BTreeMap<String, i64>,
    pub tenants: u64,
    pub seats: u64,
    pub connected: bool,
    /// The account's latest invoices across customers.
    pub invoices: Vec<TenantInvoiceRow>,
    pub invoices_failed: bool,
}

/// A partner's customers' invoices (`/partner/billing`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvoicesView {
    pub connected: bool,
    pub invoices: Vec<TenantInvoiceRow>,
    /// Customers whose invoices the provider did not give (named on the page).
    pub failed: Vec<String>,
    /// Customers beyond the ones read (the page says so).
    pub not_read: u64,
}

/// One of the largest tenants by MRR on the snapshot day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopTenantRow {
    pub slug: String,
    pub name: String,
    pub partner_name: String,
    pub plan: String,
    pub seats: u32,
    pub mrr_minor: i64,
    pub currency: String,
}

/// The operator's Reports page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorReportsView {
    pub as_of: Option<String>,
    pub series: Option<super::revenue::MrrSeries>,
    pub by_plan: Vec<super::reports::PlanRevenue>,
    pub top: Vec<TopTenantRow>,
    pub growth: Option<super::reports::Growth>,
    pub cohorts: Vec<super::reports::MonthCohort>,
}

/// A saved report with its rows as of now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReportRun {
    pub report: super::reports::SavedReport,
    pub rows: Vec<(String, i64)>,
}

/// A partner's Reports page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerReportsView {
    pub as_of: Option<String>,
    pub currency: String,
    /// Customers per health level (THE health rule), worst first.
    pub health: Vec<(super::health::HealthLevel, u64)>,
    pub by_plan: Vec<super::reports::PlanRevenue>,
    pub top: Vec<TopTenantRow>,
    pub cohorts: Vec<super::reports::MonthCohort>,
    pub saved: Vec<SavedReportRun>,
    /// Whether the caller may create and delete reports.
    pub can_edit: bool,
}
