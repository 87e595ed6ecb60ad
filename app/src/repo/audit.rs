//! Audit persistence: events by seq, archive batches, checkpoints and the
//! filtered search. The chain's rules (what the next event is, when to sign)
//! live in `services::audit`.
use super::{Page, Repo, from_doc, to_doc};
use crate::domain::audit::{ArchiveBatch, AuditFilter, AuditPage, AuditRecord};
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use crate::services::audit::checkpoint::Checkpoint;
use crate::services::audit::merkle::Hash;
use serde_json::{Value, json};

/// The store id of the event with `seq`: zero-padded so ids sort like seqs.
pub fn audit_id(seq: u64) -> String {
    format!("{seq:020}")
}

/// This process's view of the chain head, kept with the store connection.
#[derive(Default)]
pub struct AuditChainState {
    /// The last (seq, hash) this process saw at the head: a hint that saves a
    /// head query per append. A stale hint only costs retries.
    pub head_hint: std::sync::Mutex<Option<(u64, String)>>,
    /// Appends of this process queue here first, so they don't fight each
    /// other for the head; across processes the unique-insert CAS decides.
    /// It also guards this process's right edge of the Merkle tree (None
    /// until first read from the store).
    pub queue: tokio::sync::Mutex<Option<crate::services::audit::merkle::Frontier>>,
}

impl From<Page<AuditRecord>> for AuditPage {
    fn from(page: Page<AuditRecord>) -> Self {
        Self {
            items: page.items,
            next: page.next,
        }
    }
}

/// The hashes one leaf of the Merkle tree completes, as stored.
fn decode_hashes(doc: &Value) -> StoreResult<Vec<Hash>> {
    let bad = || StoreError::Backend("audit tree: malformed record".into());
    doc.get("h")
        .and_then(Value::as_array)
        .ok_or_else(bad)?
        .iter()
        .map(|h| {
            let bytes = hex::decode(h.as_str().ok_or_else(bad)?).map_err(|_| bad())?;
            Hash::try_from(bytes.as_slice()).map_err(|_| bad())
        })
        .collect()
}

impl Repo {
    /// Stores leaf `index` of the Merkle tree with the nodes it completes
    /// (`merkle::Frontier::push`), in one insert: `Duplicate` when another
    /// writer stored it first.
    pub async fn insert_tree_leaf(&self, index: u64, hashes: &[Hash]) -> StoreResult<()> {
        let h: Vec<String> = hashes.iter().map(hex::encode).collect();
        self.store
            .insert(
                &c::AUDIT_TREE,
                json!({ "id": audit_id(index), "version": 1, "h": h }),
            )
            .await
    }

    /// Up to `limit` stored leaves from index `from` on, in order: (index,
    /// the hashes stored with it).
    pub async fn tree_leaves_from(
        &self,
        from: u64,
        limit: usize,
    ) -> StoreResult<Vec<(u64, Vec<Hash>)>> {
        let after = from.checked_sub(1).map(audit_id);
        let docs = self
            .store
            .find_ascending(&c::AUDIT_TREE, after.as_deref(), limit)
            .await?;
        docs.iter()
            .map(|doc| {
                let index = doc
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| id.parse::<u64>().ok())
                    .ok_or_else(|| StoreError::Backend("audit tree: malformed id".into()))?;
                Ok((index, decode_hashes(doc)?))
            })
            .collect()
    }

    /// The hashes stored with leaf `index`, if it is in the tree.
    pub async fn tree_leaf(&self, index: u64) -> StoreResult<Option<Vec<Hash>>> {
        match self.store.get(&c::AUDIT_TREE, &audit_id(index)).await? {
            Some(doc) => decode_hashes(&doc).map(Some),
            None => Ok(None),
        }
    }

    /// How many leaves the stored tree has (a leaf is stored only after every
    /// leaf before it, so the newest record's index + 1).
    pub async fn tree_size(&self) -> StoreResult<u64> {
        let newest = self.store.find(&c::AUDIT_TREE, &[], None, 1).await?;
        let Some(doc) = newest.first() else {
            return Ok(0);
        };
        doc.get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse::<u64>().ok())
            .map(|i| i + 1)
            .ok_or_else(|| StoreError::Backend("audit tree: malformed id".into()))
    }

    /// The newest event of the hot chain.
    pub async fn audit_head(&self) -> StoreResult<Option<AuditRecord>> {
        self.one(&c::AUDIT_EVENTS, &[]).await
    }

    /// Inserts an event under the id of its seq: `Duplicate` when the seq is
    /// taken (the chain's compare-and-set, see `services::audit::chain`).
    pub async fn insert_audit_event(&self, event: &AuditRecord) -> StoreResult<()> {
        let mut doc = to_doc(event)?;
        if let Value::Object(map) = &mut doc {
            map.insert("id".into(), json!(audit_id(event.seq)));
            map.insert("version".into(), json!(1));
        }
        self.store.insert(&c::AUDIT_EVENTS, doc).await
    }

    /// The hot event with `seq`, if it is (still) in the store.
    pub async fn audit_event(&self, seq: u64) -> StoreResult<Option<AuditRecord>> {
        self.by_id(&c::AUDIT_EVENTS, &audit_id(seq)).await
    }

    /// Takes back an insert the chain found to be stale.
    pub async fn delete_audit_event(&self, seq: u64) -> StoreResult<bool> {
        self.store.delete(&c::AUDIT_EVENTS, &audit_id(seq)).await
    }

    /// The newest archive batch (the highest start seq).
    pub async fn latest_archive_batch(&self) -> StoreResult<Option<ArchiveBatch>> {
        self.one(&c::AUDIT_ARCHIVES, &[]).await
    }

    /// Every archive batch, oldest first.
    pub async fn archive_batches(&self) -> StoreResult<Vec<ArchiveBatch>> {
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
    pub async fn insert_archive_batch(&self, batch: &ArchiveBatch) -> StoreResult<()> {
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
        filter: &AuditFilter,
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

    pub async fn latest_checkpoint(&self) -> StoreResult<Option<Checkpoint>> {
        self.one(&c::AUDIT_CHECKPOINTS, &[]).await
    }

    /// A kept checkpoint of exactly `size` events (the newest if several).
    pub async fn checkpoint_at(&self, size: u64) -> StoreResult<Option<Checkpoint>> {
        self.one(&c::AUDIT_CHECKPOINTS, &[Filter::Eq("headSeq", json!(size))])
            .await
    }

    pub async fn insert_checkpoint(&self, cp: &Checkpoint) -> StoreResult<()> {
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
