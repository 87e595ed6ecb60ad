//! THE storage port. Every backend implements this small document kernel
//! (insert, get, find, compare-and-set replace, delete, count, atomic counter);
//! the typed operations on top of it are written once, in [`crate::repo`], so
//! both backends behave the same by construction and one conformance suite
//! checks them.
use async_trait::async_trait;
use serde_json::Value;
use std::fmt;

/// A collection (MongoDB) / table (SQLite) and the indexes it needs. Backends
/// create these at start-up; `unique` keys are enforced by the backend.
#[derive(Debug)]
pub struct Collection {
    pub name: &'static str,
    pub unique: &'static [&'static [&'static str]],
    pub indexed: &'static [&'static str],
}

pub mod collections {
    use super::Collection;

    pub const USERS: Collection = Collection {
        name: "users",
        unique: &[&["issuer", "subject"]],
        indexed: &["email", "tenant_ids", "partner.partner_id"],
    };
    pub const PARTNERS: Collection = Collection {
        name: "partners",
        unique: &[&["slug"]],
        indexed: &[],
    };
    pub const TENANTS: Collection = Collection {
        name: "tenants",
        unique: &[&["slug"]],
        indexed: &["partner_id", "billing_account.customer_id"],
    };
    pub const SESSIONS: Collection = Collection {
        name: "sessions",
        unique: &[],
        indexed: &["user_id"],
    };
    /// Sign-ins in progress: state, nonce and PKCE verifier of one browser.
    pub const LOGINS: Collection = Collection {
        name: "oidc_logins",
        unique: &[],
        indexed: &[],
    };
    /// Payment-provider webhook events, once each (the id is the provider's
    /// event id: a replayed delivery finds it taken).
    pub const BILLING_EVENTS: Collection = Collection {
        name: "billing_events",
        unique: &[],
        indexed: &["kind"],
    };
    /// Multi-system changes to one person, step by step (provisioning).
    pub const PROVISIONING_JOBS: Collection = Collection {
        name: "provisioning_jobs",
        unique: &[],
        indexed: &["tenant_id"],
    };
    /// Credentials dezky obtained for systems without a service-account
    /// grant (the files server's refresh token), sealed; id = the system.
    pub const SERVICE_CREDENTIALS: Collection = Collection {
        name: "service_credentials",
        unique: &[],
        indexed: &[],
    };
    /// Tenants' mail domains; a name belongs to one tenant at most.
    pub const MAIL_DOMAINS: Collection = Collection {
        name: "mail_domains",
        unique: &[&["name"]],
        indexed: &["tenant_id", "status", "next_check_at"],
    };
    /// Partners' requests for access to a customer, and their answers.
    pub const ACCESS_GRANTS: Collection = Collection {
        name: "access_grants",
        unique: &[],
        indexed: &["tenant_id", "partner_id"],
    };
    /// Uploaded logos (bytes as base64, the type found by `domain::logo`);
    /// id = `{owner slug}-{content hash}`.
    pub const LOGOS: Collection = Collection {
        name: "logos",
        unique: &[],
        indexed: &[],
    };
    /// The price catalog: one row per plan (`domain::revenue::PriceRow`).
    pub const PRICES: Collection = Collection {
        name: "prices",
        unique: &[],
        indexed: &[],
    };
    /// One tenant's MRR on one day; id = `{day}:{tenant id}`.
    pub const MRR_SNAPSHOTS: Collection = Collection {
        name: "mrr_snapshots",
        unique: &[],
        indexed: &["day", "partner_id"],
    };
    /// The days taken, with their totals; id = `YYYY-MM-DD`.
    pub const MRR_DAYS: Collection = Collection {
        name: "mrr_days",
        unique: &[],
        indexed: &[],
    };
    /// Partner payouts; id = `{partner id}:{YYYY-MM}:{currency}`.
    pub const PAYOUTS: Collection = Collection {
        name: "payouts",
        unique: &[],
        indexed: &["partner_id", "month"],
    };
    /// Re-pricings of the catalog, each with its subscriptions' outcomes
    /// (id: the time it was made, so the newest sort first).
    pub const REPRICINGS: Collection = Collection {
        name: "repricings",
        unique: &[],
        indexed: &[],
    };
    /// Partners' saved custom reports (`domain::reports`).
    pub const SAVED_REPORTS: Collection = Collection {
        name: "saved_reports",
        unique: &[],
        indexed: &["partner_id"],
    };
    pub const FLAGS: Collection = Collection {
        name: "flags",
        unique: &[&["key"]],
        indexed: &[],
    };
    pub const FLAG_HISTORY: Collection = Collection {
        name: "flag_history",
        unique: &[],
        indexed: &["flag_key"],
    };
    pub const AUDIT_EVENTS: Collection = Collection {
        name: "audit_events",
        unique: &[&["seq"]],
        indexed: &["tenantSlug", "action"],
    };
    /// Signed checkpoints of the audit chain head.
    pub const AUDIT_CHECKPOINTS: Collection = Collection {
        name: "audit_checkpoints",
        unique: &[],
        indexed: &["headSeq"],
    };
    /// Batches of audit events moved to cold storage; the id is the
    /// zero-padded start seq, so one range can be recorded only once.
    pub const AUDIT_ARCHIVES: Collection = Collection {
        name: "audit_archives",
        unique: &[],
        indexed: &["endSeq"],
    };
    /// The audit log's Merkle tree (RFC 9162): one record per leaf (id = the
    /// zero-padded leaf index, seq - 1) holding the leaf hash and the hash of
    /// every node that leaf completes, so a leaf and its nodes land in one
    /// insert and a proof reads O(log n) records. Never archived.
    pub const AUDIT_TREE: Collection = Collection {
        name: "audit_tree",
        unique: &[],
        indexed: &[],
    };
    /// Where each external system's audit feed was read up to (id = the
    /// source), and its health.
    pub const AUDIT_INGEST: Collection = Collection {
        name: "audit_ingest",
        unique: &[],
        indexed: &[],
    };
    /// One record per UTC day the scheduled archive ran (id = the date), so
    /// several server instances archive at most once a day between them.
    pub const ARCHIVE_DAYS: Collection = Collection {
        name: "audit_archive_days",
        unique: &[],
        indexed: &[],
    };

    pub const ALL: &[&Collection] = &[
        &USERS,
        &PARTNERS,
        &TENANTS,
        &SESSIONS,
        &LOGINS,
        &BILLING_EVENTS,
        &SERVICE_CREDENTIALS,
        &PROVISIONING_JOBS,
        &MAIL_DOMAINS,
        &ACCESS_GRANTS,
        &LOGOS,
        &PRICES,
        &MRR_SNAPSHOTS,
        &MRR_DAYS,
        &PAYOUTS,
        &REPRICINGS,
        &SAVED_REPORTS,
        &FLAGS,
        &FLAG_HISTORY,
        &AUDIT_EVENTS,
        &AUDIT_CHECKPOINTS,
        &AUDIT_ARCHIVES,
        &AUDIT_TREE,
        &AUDIT_INGEST,
        &ARCHIVE_DAYS,
    ];
}

/// A condition on a top-level field (dots reach into nested objects).
#[derive(Clone, Debug)]
pub enum Filter {
    /// The field equals the value (string, integer or boolean).
    Eq(&'static str, Value),
    /// The field is an array containing the value.
    Contains(&'static str, Value),
    /// The field is an integer below the value (expiry sweeps: `expires_at`
    /// before now).
    Below(&'static str, i64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// A unique key is taken; names the first field of the key.
    Duplicate {
        field: String,
    },
    /// The record changed since it was read (optimistic concurrency).
    VersionConflict,
    NotFound,
    /// A record breaks a field rule (see `validate`); names the field and why.
    Invalid {
        field: String,
        reason: String,
    },
    /// The backend failed; the message is for the log only.
    Backend(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Duplicate { field } => write!(f, "duplicate {field}"),
            StoreError::VersionConflict => f.write_str("version conflict"),
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Invalid { field, reason } => write!(f, "invalid {field}: {reason}"),
            StoreError::Backend(m) => write!(f, "store backend: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

pub type StoreResult<T> = Result<T, StoreError>;

/// Documents are JSON objects with a string `id` and an integer `version`.
/// Listing is newest first: ids are time-ordered, and `after` is the last id of
/// the previous page (cursor pagination).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// "sqlite" or "mongodb", for logs and the health page.
    fn engine(&self) -> &'static str;
    async fn ping(&self) -> StoreResult<()>;
    async fn insert(&self, c: &Collection, doc: Value) -> StoreResult<()>;
    async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>>;
    async fn find(
        &self,
        c: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>>;
    /// Oldest first: ids greater than `after`, ascending (walking a chain).
    async fn find_ascending(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>>;
    /// [`Store::find_ascending`] as JSON text, one document each: the
    /// verifier's bulk read, parsed straight into typed records. Backends that
    /// keep JSON text (SQLite) hand it over without building a `Value`.
    async fn find_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<String>> {
        Ok(self
            .find_ascending(c, after, limit)
            .await?
            .iter()
            .map(Value::to_string)
            .collect())
    }
    /// Every document after `after` in id order, as JSON text, handed to
    /// `sink` in batches of up to `batch` until it returns false: one read in
    /// index order with a batched cursor where the backend has one (MongoDB),
    /// pages of [`Store::find_ascending_json`] otherwise.
    async fn scan_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        batch: usize,
        sink: &mut (dyn FnMut(Vec<String>) -> bool + Send),
    ) -> StoreResult<()> {
        let mut after = after.map(str::to_owned);
        loop {
            let page = self.find_ascending_json(c, after.as_deref(), batch).await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = serde_json::from_str::<Value>(last)
                .ok()
                .and_then(|d| d.get("id").and_then(Value::as_str).map(str::to_owned));
            let full = page.len() == batch;
            if !sink(page) || !full || after.is_none() {
                return Ok(());
            }
        }
    }
    async fn count(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64>;
    /// Replaces the document only if its stored `version` is `expected_version`
    /// (compare-and-set); `VersionConflict` otherwise, `NotFound` if it is gone.
    async fn replace(&self, c: &Collection, doc: Value, expected_version: u64) -> StoreResult<()>;
    /// True if a document was deleted (so a one-time record is taken only once).
    async fn delete(&self, c: &Collection, id: &str) -> StoreResult<bool>;
    async fn delete_where(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64>;
    /// Deletes the documents whose id lies in `from..=to` (ids compare as
    /// strings); returns how many went. Idempotent: a rerun deletes what is left.
    async fn delete_id_range(&self, c: &Collection, from: &str, to: &str) -> StoreResult<u64>;
    /// Atomically increments and returns a named counter (first value 1).
    async fn next_value(&self, counter: &str) -> StoreResult<u64>;
}
