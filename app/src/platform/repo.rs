//! Typed operations over the storage port, written once for every backend.
use super::audit::AuditRecord;
use super::flags::{Flag, FlagChange, FlagState, change_kind};
use super::model::{ClientKind, Millis, Partner, Tenant, User};
use super::store::{Filter, Store, StoreError, StoreResult, collections as c};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::fmt;
use std::sync::Arc;

/// Time and ids are injected, so expiry and ordering are deterministic in tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Millis;
    /// A new opaque id that sorts after every id made before it.
    fn new_id(&self) -> String;
}

/// A signed-in browser. The id is the SHA-256 of the cookie's token, so the
/// store never holds a usable session token.
#[derive(Clone, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub client: ClientKind,
    pub groups: Vec<String>,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub access_expires_at: Millis,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    /// The absolute timeout.
    pub expires_at: Millis,
    pub version: u64,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("client", &self.client)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A sign-in in progress, bound to one browser by a cookie holding its id.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub id: String,
    pub client: ClientKind,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: Millis,
    pub version: u64,
}

/// Identity claims from a verified ID token.
#[derive(Clone, Debug)]
pub struct SignedInIdentity {
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub name: String,
}

/// One page of a cursor-paginated list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// The store id of the event with `seq`: zero-padded so ids sort like seqs.
pub fn audit_id(seq: u64) -> String {
    format!("{seq:020}")
}

impl From<Page<AuditRecord>> for super::audit::AuditPage {
    fn from(page: Page<AuditRecord>) -> Self {
        Self {
            items: page.items,
            next: page.next,
        }
    }
}

fn checked(rule: Result<(), super::validate::FieldError>) -> StoreResult<()> {
    rule.map_err(|e| StoreError::Invalid {
        field: e.field.to_owned(),
        reason: e.reason.to_owned(),
    })
}

fn to_doc<T: Serialize>(value: &T) -> StoreResult<Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Backend(format!("encode: {e}")))
}

fn from_doc<T: DeserializeOwned>(value: Value) -> StoreResult<T> {
    serde_json::from_value(value).map_err(|e| StoreError::Backend(format!("decode: {e}")))
}

#[derive(Clone)]
pub struct Repo {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// The last (seq, hash) this process saw at the head of the audit chain: a
    /// hint that saves a head query per append. A stale hint only costs retries.
    audit_head_hint: Arc<std::sync::Mutex<Option<(u64, String)>>>,
    /// Appends of this process queue here first, so they don't fight each other
    /// for the head; across processes the unique-insert CAS decides.
    audit_append: Arc<tokio::sync::Mutex<()>>,
}

impl Repo {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            audit_head_hint: Arc::default(),
            audit_append: Arc::default(),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    pub fn new_id(&self) -> String {
        self.clock.new_id()
    }

    async fn one<T: DeserializeOwned>(
        &self,
        col: &super::store::Collection,
        filters: &[Filter],
    ) -> StoreResult<Option<T>> {
        let mut found = self.store.find(col, filters, None, 1).await?;
        found.pop().map(from_doc).transpose()
    }

    async fn by_id<T: DeserializeOwned>(
        &self,
        col: &super::store::Collection,
        id: &str,
    ) -> StoreResult<Option<T>> {
        self.store.get(col, id).await?.map(from_doc).transpose()
    }

    async fn page<T: DeserializeOwned>(
        &self,
        col: &super::store::Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<T>> {
        let limit = limit.clamp(1, 500);
        let mut docs = self.store.find(col, filters, after, limit + 1).await?;
        let more = docs.len() > limit;
        docs.truncate(limit);
        let next = if more {
            docs.last()
                .and_then(|d| d.get("id"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        } else {
            None
        };
        let items = docs
            .into_iter()
            .map(from_doc)
            .collect::<StoreResult<Vec<T>>>()?;
        Ok(Page { items, next })
    }

    /// Writes `doc` over the stored version `doc.version - 1`.
    async fn save<T: Serialize>(
        &self,
        col: &super::store::Collection,
        record: &T,
        version: u64,
    ) -> StoreResult<()> {
        self.store
            .replace(col, to_doc(record)?, version.saturating_sub(1))
            .await
    }

    // ---- users ------------------------------------------------------------

    pub async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        self.by_id(&c::USERS, id).await
    }

    pub async fn user_by_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<User>> {
        self.one(
            &c::USERS,
            &[
                Filter::Eq("issuer", json!(issuer)),
                Filter::Eq("subject", json!(subject)),
            ],
        )
        .await
    }

    pub async fn insert_user(&self, user: &mut User) -> StoreResult<()> {
        user.sync_tenant_ids();
        self.store.insert(&c::USERS, to_doc(user)?).await
    }

    /// Saves a changed user (optimistic: fails with `VersionConflict` if someone
    /// saved first). Bumps the version and the updated time.
    pub async fn save_user(&self, user: &mut User) -> StoreResult<()> {
        user.sync_tenant_ids();
        user.version += 1;
        user.updated_at = self.now();
        self.save(&c::USERS, user, user.version).await
    }

    /// The user of a verified sign-in: found by (issuer, subject), created on
    /// first sign-in, with email and name refreshed from the IdP.
    pub async fn upsert_signed_in_user(&self, who: &SignedInIdentity) -> StoreResult<User> {
        for _ in 0..3 {
            match self.user_by_identity(&who.issuer, &who.subject).await? {
                Some(mut user) => {
                    if user.email == who.email && user.name == who.name {
                        return Ok(user);
                    }
                    user.email.clone_from(&who.email);
                    user.name.clone_from(&who.name);
                    match self.save_user(&mut user).await {
                        Err(StoreError::VersionConflict) => continue,
                        other => return other.map(|()| user),
                    }
                }
                None => {
                    let now = self.now();
                    let mut user = User {
                        id: self.new_id(),
                        issuer: who.issuer.clone(),
                        subject: who.subject.clone(),
                        email: who.email.clone(),
                        name: who.name.clone(),
                        platform_admin: false,
                        active: true,
                        tenant_roles: vec![],
                        tenant_ids: vec![],
                        partner: None,
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    };
                    match self.insert_user(&mut user).await {
                        Err(StoreError::Duplicate { .. }) => continue,
                        other => return other.map(|()| user),
                    }
                }
            }
        }
        Err(StoreError::VersionConflict)
    }

    pub async fn users(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<User>> {
        self.page(&c::USERS, &[], after, limit).await
    }

    pub async fn users_of_tenant(&self, tenant_id: &str) -> StoreResult<Vec<User>> {
        Ok(self
            .page(
                &c::USERS,
                &[Filter::Contains("tenant_ids", json!(tenant_id))],
                None,
                500,
            )
            .await?
            .items)
    }

    pub async fn count_users(&self) -> StoreResult<u64> {
        self.store.count(&c::USERS, &[]).await
    }

    // ---- partners ---------------------------------------------------------

    pub async fn insert_partner(&self, partner: &Partner) -> StoreResult<()> {
        checked(super::validate::partner(partner))?;
        self.store.insert(&c::PARTNERS, to_doc(partner)?).await
    }

    pub async fn partner(&self, id: &str) -> StoreResult<Option<Partner>> {
        self.by_id(&c::PARTNERS, id).await
    }

    pub async fn partner_by_slug(&self, slug: &str) -> StoreResult<Option<Partner>> {
        self.one(&c::PARTNERS, &[Filter::Eq("slug", json!(slug))])
            .await
    }

    pub async fn partners(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<Partner>> {
        self.page(&c::PARTNERS, &[], after, limit).await
    }

    pub async fn save_partner(&self, partner: &mut Partner) -> StoreResult<()> {
        checked(super::validate::partner(partner))?;
        let stored = self
            .partner(&partner.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        checked(super::validate::slug_unchanged(&stored.slug, &partner.slug))?;
        partner.version += 1;
        partner.updated_at = self.now();
        self.save(&c::PARTNERS, partner, partner.version).await
    }

    pub async fn count_partners(&self) -> StoreResult<u64> {
        self.store.count(&c::PARTNERS, &[]).await
    }

    // ---- tenants ----------------------------------------------------------

    pub async fn insert_tenant(&self, tenant: &Tenant) -> StoreResult<()> {
        checked(super::validate::tenant(tenant))?;
        self.store.insert(&c::TENANTS, to_doc(tenant)?).await
    }

    pub async fn tenant(&self, id: &str) -> StoreResult<Option<Tenant>> {
        self.by_id(&c::TENANTS, id).await
    }

    pub async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
        self.one(&c::TENANTS, &[Filter::Eq("slug", json!(slug))])
            .await
    }

    pub async fn tenants(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<Tenant>> {
        self.page(&c::TENANTS, &[], after, limit).await
    }

    pub async fn tenants_of_partner(
        &self,
        partner_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<Tenant>> {
        self.page(
            &c::TENANTS,
            &[Filter::Eq("partner_id", json!(partner_id))],
            after,
            limit,
        )
        .await
    }

    pub async fn save_tenant(&self, tenant: &mut Tenant) -> StoreResult<()> {
        checked(super::validate::tenant(tenant))?;
        let stored = self.tenant(&tenant.id).await?.ok_or(StoreError::NotFound)?;
        checked(super::validate::slug_unchanged(&stored.slug, &tenant.slug))?;
        tenant.version += 1;
        tenant.updated_at = self.now();
        self.save(&c::TENANTS, tenant, tenant.version).await
    }

    pub async fn count_tenants(&self) -> StoreResult<u64> {
        self.store.count(&c::TENANTS, &[]).await
    }

    // ---- sessions and sign-ins ----------------------------------------------

    pub async fn insert_session(&self, session: &Session) -> StoreResult<()> {
        self.store.insert(&c::SESSIONS, to_doc(session)?).await
    }

    pub async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        self.by_id(&c::SESSIONS, id).await
    }

    pub async fn save_session(&self, session: &mut Session) -> StoreResult<()> {
        session.version += 1;
        self.save(&c::SESSIONS, session, session.version).await
    }

    pub async fn delete_session(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::SESSIONS, id).await
    }

    /// Ends every session of a user (deactivation, forced sign-out).
    pub async fn delete_sessions_of_user(&self, user_id: &str) -> StoreResult<u64> {
        self.store
            .delete_where(&c::SESSIONS, &[Filter::Eq("user_id", json!(user_id))])
            .await
    }

    pub async fn insert_login(&self, login: &PendingLogin) -> StoreResult<()> {
        self.store.insert(&c::LOGINS, to_doc(login)?).await
    }

    /// Takes a pending sign-in exactly once: a second take (a replayed callback)
    /// finds nothing.
    pub async fn take_login(&self, id: &str) -> StoreResult<Option<PendingLogin>> {
        let Some(login) = self.by_id::<PendingLogin>(&c::LOGINS, id).await? else {
            return Ok(None);
        };
        Ok(self.store.delete(&c::LOGINS, id).await?.then_some(login))
    }

    // ---- flags ------------------------------------------------------------

    pub async fn flags(&self) -> StoreResult<Vec<Flag>> {
        let mut flags: Vec<Flag> = self.page(&c::FLAGS, &[], None, 500).await?.items;
        flags.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(flags)
    }

    pub async fn flag(&self, key: &str) -> StoreResult<Option<Flag>> {
        self.one(&c::FLAGS, &[Filter::Eq("key", json!(key))]).await
    }

    /// Creates or changes a flag and appends its history entry. `expected_version`
    /// is the version the editor saw (None to create).
    pub async fn put_flag(
        &self,
        key: &str,
        description: &str,
        state: FlagState,
        note: &str,
        actor: &str,
        expected_version: Option<u64>,
    ) -> StoreResult<(Option<Flag>, Flag, FlagChange)> {
        let now = self.now();
        let before = self.flag(key).await?;
        let flag = match (&before, expected_version) {
            (None, None) => {
                let flag = Flag {
                    id: self.new_id(),
                    key: key.to_owned(),
                    description: description.to_owned(),
                    state,
                    note: note.to_owned(),
                    updated_at: now,
                    updated_by: actor.to_owned(),
                    version: 1,
                };
                self.store.insert(&c::FLAGS, to_doc(&flag)?).await?;
                flag
            }
            (Some(old), Some(v)) if old.version == v => {
                let mut flag = old.clone();
                flag.description = description.to_owned();
                flag.state = state;
                flag.note = note.to_owned();
                flag.updated_at = now;
                flag.updated_by = actor.to_owned();
                flag.version = v + 1;
                self.save(&c::FLAGS, &flag, flag.version).await?;
                flag
            }
            (Some(_), None) => {
                return Err(StoreError::Duplicate {
                    field: "key".into(),
                });
            }
            (None, Some(_)) => return Err(StoreError::NotFound),
            (Some(_), Some(_)) => return Err(StoreError::VersionConflict),
        };
        let change = FlagChange {
            id: self.new_id(),
            flag_key: key.to_owned(),
            kind: change_kind(before.as_ref().map(|f| &f.state), Some(&flag.state), note),
            from: before.as_ref().map(|f| f.state.clone()),
            to: Some(flag.state.clone()),
            note: note.to_owned(),
            actor: actor.to_owned(),
            at: now,
        };
        self.store
            .insert(&c::FLAG_HISTORY, to_doc(&change)?)
            .await?;
        Ok((before, flag, change))
    }

    pub async fn remove_flag(&self, key: &str, actor: &str) -> StoreResult<FlagChange> {
        let flag = self.flag(key).await?.ok_or(StoreError::NotFound)?;
        if !self.store.delete(&c::FLAGS, &flag.id).await? {
            return Err(StoreError::NotFound);
        }
        let change = FlagChange {
            id: self.new_id(),
            flag_key: key.to_owned(),
            kind: change_kind(Some(&flag.state), None, ""),
            from: Some(flag.state),
            to: None,
            note: String::new(),
            actor: actor.to_owned(),
            at: self.now(),
        };
        self.store
            .insert(&c::FLAG_HISTORY, to_doc(&change)?)
            .await?;
        Ok(change)
    }

    /// Newest first.
    pub async fn flag_history(&self, key: &str) -> StoreResult<Vec<FlagChange>> {
        Ok(self
            .page(
                &c::FLAG_HISTORY,
                &[Filter::Eq("flag_key", json!(key))],
                None,
                500,
            )
            .await?
            .items)
    }

    // ---- audit ------------------------------------------------------------

    /// The newest event of the hot chain.
    pub async fn audit_head(&self) -> StoreResult<Option<AuditRecord>> {
        self.one(&c::AUDIT_EVENTS, &[]).await
    }

    /// Appends an event to the hash chain. The compare-and-set is the unique id
    /// (the zero-padded seq) of the insert: two writers (tasks or processes)
    /// computing the same next seq cannot both insert it; the loser reads the
    /// winner's event and tries the next seq. No fork, no gap, on every backend.
    pub async fn append_audit(&self, record: &AuditRecord) -> StoreResult<AuditRecord> {
        use super::audit::canonical::{GENESIS, event_hash};
        let _queue = self.audit_append.lock().await;
        let hint = self
            .audit_head_hint
            .lock()
            .map(|h| h.clone())
            .unwrap_or(None);
        let mut head = match hint {
            Some(h) => Some(h),
            None => self.audit_head_link().await?,
        };
        for attempt in 0u32..10_000 {
            let (seq, prev_hash) = match &head {
                Some((s, h)) => (s + 1, h.clone()),
                None => (1, GENESIS.to_owned()),
            };
            let mut event = record.clone();
            event.seq = seq;
            event.prev_hash = prev_hash;
            event.hash = event_hash(&event);
            let mut doc = to_doc(&event)?;
            if let Value::Object(map) = &mut doc {
                map.insert("id".into(), json!(audit_id(seq)));
                map.insert("version".into(), json!(1));
            }
            match self.store.insert(&c::AUDIT_EVENTS, doc).await {
                Ok(()) if self.archived_through().await? >= seq => {
                    // `seq` was free only because the archiver had moved it to
                    // cold storage (this head was stale): take the insert back
                    // and build on the real head.
                    self.store.delete(&c::AUDIT_EVENTS, &audit_id(seq)).await?;
                    head = self.audit_head_link().await?;
                }
                Ok(()) => {
                    if let Ok(mut h) = self.audit_head_hint.lock() {
                        *h = Some((event.seq, event.hash.clone()));
                    }
                    return Ok(event);
                }
                Err(StoreError::Duplicate { .. }) => {
                    // Someone else appended `seq`: build on it (a point read),
                    // or on the real head if it is already gone.
                    head = match self
                        .by_id::<AuditRecord>(&c::AUDIT_EVENTS, &audit_id(seq))
                        .await?
                    {
                        Some(e) => Some((e.seq, e.hash)),
                        None => self.audit_head_link().await?,
                    };
                    if attempt % 8 == 7 {
                        tokio::task::yield_now().await;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Backend(
            "audit append: head contended 10000 times".into(),
        ))
    }

    /// (seq, hash) of the chain head: the newest hot event, or the end of the
    /// last archived batch when the hot store holds none.
    async fn audit_head_link(&self) -> StoreResult<Option<(u64, String)>> {
        if let Some(e) = self.audit_head().await? {
            return Ok(Some((e.seq, e.hash)));
        }
        Ok(self
            .latest_archive_batch()
            .await?
            .map(|b| (b.end_seq, b.last_hash)))
    }

    /// The highest archived seq (0 when nothing is archived).
    async fn archived_through(&self) -> StoreResult<u64> {
        Ok(self.latest_archive_batch().await?.map_or(0, |b| b.end_seq))
    }

    /// The newest archive batch (the highest start seq).
    pub async fn latest_archive_batch(&self) -> StoreResult<Option<super::audit::ArchiveBatch>> {
        self.one(&c::AUDIT_ARCHIVES, &[]).await
    }

    /// Every archive batch, oldest first.
    pub async fn archive_batches(&self) -> StoreResult<Vec<super::audit::ArchiveBatch>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self
                .store
                .find_ascending(&c::AUDIT_ARCHIVES, after.as_deref(), 500)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.get("id").and_then(Value::as_str).map(str::to_owned);
            for doc in page {
                out.push(from_doc(doc)?);
            }
        }
        Ok(out)
    }

    /// Records a batch under the id of its start seq: `Duplicate` when that
    /// range was already recorded (by another run or instance).
    pub async fn insert_archive_batch(
        &self,
        batch: &super::audit::ArchiveBatch,
    ) -> StoreResult<()> {
        let mut doc = to_doc(batch)?;
        if let Value::Object(map) = &mut doc {
            map.insert("id".into(), json!(audit_id(batch.start_seq)));
            map.insert("version".into(), json!(1));
        }
        self.store.insert(&c::AUDIT_ARCHIVES, doc).await
    }

    /// Deletes hot events `from..=to` (only the archiver calls this, after the
    /// batch is confirmed in cold storage and recorded).
    pub async fn delete_audit_range(&self, from: u64, to: u64) -> StoreResult<u64> {
        self.store
            .delete_id_range(&c::AUDIT_EVENTS, &audit_id(from), &audit_id(to))
            .await
    }

    /// Claims the scheduled archive run of one UTC day; false when another
    /// run (or instance) already claimed it.
    pub async fn claim_archive_day(&self, day: &str) -> StoreResult<bool> {
        let doc = json!({ "id": day, "version": 1, "claimedAt": self.now() });
        match self.store.insert(&c::ARCHIVE_DAYS, doc).await {
            Ok(()) => Ok(true),
            Err(StoreError::Duplicate { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Hot events in seq order, `after` the given seq.
    pub async fn audit_events_ascending(
        &self,
        after_seq: Option<u64>,
        limit: usize,
    ) -> StoreResult<Vec<AuditRecord>> {
        let after = after_seq.map(audit_id);
        self.store
            .find_ascending_json(&c::AUDIT_EVENTS, after.as_deref(), limit)
            .await?
            .iter()
            .map(|text| {
                serde_json::from_str(text).map_err(|e| StoreError::Backend(format!("decode: {e}")))
            })
            .collect()
    }

    /// Newest first, filtered; scans at most a few thousand events per call and
    /// hands back a cursor, so "load older" continues where the scan stopped.
    pub async fn audit_search(
        &self,
        filter: &super::audit::AuditFilter,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<AuditRecord>> {
        const SCAN_PAGE: usize = 200;
        const SCAN_MAX: usize = 5000;
        let limit = limit.clamp(1, 200);
        // Equality filters the store can apply itself.
        let mut pushed: Vec<Filter> = Vec::new();
        if let Some(t) = &filter.tenant {
            pushed.push(Filter::Eq("tenantSlug", json!(t)));
        }
        let mut items = Vec::new();
        let mut cursor = after.map(str::to_owned);
        let mut scanned = 0;
        loop {
            let docs = self
                .store
                .find(&c::AUDIT_EVENTS, &pushed, cursor.as_deref(), SCAN_PAGE)
                .await?;
            let exhausted = docs.len() < SCAN_PAGE;
            for doc in docs {
                scanned += 1;
                cursor = doc.get("id").and_then(Value::as_str).map(str::to_owned);
                let e: AuditRecord = from_doc(doc)?;
                if filter.matches(&e) {
                    items.push(e);
                    if items.len() == limit {
                        return Ok(Page {
                            items,
                            next: cursor,
                        });
                    }
                }
            }
            if exhausted {
                return Ok(Page { items, next: None });
            }
            if scanned >= SCAN_MAX {
                return Ok(Page {
                    items,
                    next: cursor,
                });
            }
        }
    }

    pub async fn latest_checkpoint(
        &self,
    ) -> StoreResult<Option<super::audit::checkpoint::Checkpoint>> {
        self.one(&c::AUDIT_CHECKPOINTS, &[]).await
    }

    pub async fn insert_checkpoint(
        &self,
        cp: &super::audit::checkpoint::Checkpoint,
    ) -> StoreResult<()> {
        self.store.insert(&c::AUDIT_CHECKPOINTS, to_doc(cp)?).await
    }

    pub async fn audit_events(
        &self,
        tenant_slug: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<AuditRecord>> {
        let filters: Vec<Filter> = tenant_slug
            .map(|t| Filter::Eq("tenantSlug", json!(t)))
            .into_iter()
            .collect();
        self.page(&c::AUDIT_EVENTS, &filters, after, limit).await
    }
}
