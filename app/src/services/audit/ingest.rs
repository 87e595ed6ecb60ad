//! The audit ingest: what happens at the identity provider, the mail server
//! and the files server (sign-ins, failed sign-ins, admin changes) is read
//! from their logs through the adapters' [`EventFeed`]s and appended to the
//! same chain, with its source and the source's own id
//! (`metadata.externalId`).
//!
//! THE rules, for every feed:
//! - **A cursor per feed** (`repo::IngestCursor`): the time of the newest
//!   entry consumed and the ids consumed at that instant, with the offset of
//!   the page to read next. An entry is new when it is later than the cursor,
//!   or of the same instant and not among its ids.
//! - **None twice.** The cursor is saved after every page, with the seq of
//!   the last event appended. An ingest stopped between an append and that
//!   save left events the cursor does not cover: the next run looks up the
//!   source's events after that seq and appends none of them again.
//! - **None skipped.** The offset is only a hint: when the page it points at
//!   begins with a new entry and the page before it still holds one too (the
//!   system trimmed the head of its log), the ingest steps back.
//! - **One reader.** A run takes the cursor's lease first (compare-and-set),
//!   so several server instances never read one feed at once.
//! - **Retried, never skipped.** A feed that fails keeps its cursor; the
//!   failure and since when are kept for the Infrastructure page and the run
//!   is retried at the next interval.
//! - **A file read by position** ([`FeedOrder::Position`], OCIS' audit
//!   file) counts bytes instead of time. When the file read is another one
//!   (rotated) or shorter than the cursor (truncated), the new file is read
//!   from its start, and the chain records that it happened
//!   (`audit.feed_log_replaced`, with how far the old one was read): what
//!   the old file held past that point was not read, and says so.
use super::{AuditRecord, Auditor, Source};
use crate::domain::audit::FeedStatus;
use crate::domain::model::Millis;
use crate::ports::event_feed::{EventFeed, FeedEvent, FeedItem, FeedOrder, LogFile};
use crate::ports::store::{StoreError, StoreResult};
use crate::repo::{IngestCursor, Repo};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How long a run holds a feed (renewed at every page).
pub const LEASE_MS: Millis = 120_000;
/// Pages read per run at most; a feed with more continues at the next run.
pub const PAGES_PER_RUN: u32 = 50;

/// How one run of one feed ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// The feed was read: `appended` events added, more to read or not.
    Read { appended: u64, more: bool },
    /// Another instance holds the feed's lease.
    Busy,
}

#[derive(Debug)]
pub enum IngestError {
    /// The system could not be read (named), retried at the next run.
    Feed {
        source: Source,
        error: String,
    },
    Store(StoreError),
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IngestError::Feed { source, error } => {
                write!(f, "{} audit feed: {error}", source.product())
            }
            IngestError::Store(e) => write!(f, "audit store: {e}"),
        }
    }
}

impl From<StoreError> for IngestError {
    fn from(e: StoreError) -> Self {
        IngestError::Store(e)
    }
}

pub struct Ingest {
    repo: Repo,
    auditor: Arc<Auditor>,
    feeds: Vec<Arc<dyn EventFeed>>,
    /// This instance, as lease holder.
    holder: String,
}

impl Ingest {
    pub fn new(repo: Repo, auditor: Arc<Auditor>, feeds: Vec<Arc<dyn EventFeed>>) -> Self {
        let holder = repo.new_id();
        Self {
            repo,
            auditor,
            feeds,
            holder,
        }
    }

    pub fn feeds(&self) -> &[Arc<dyn EventFeed>] {
        &self.feeds
    }

    /// One run of every feed, one after the other; each outcome is logged
    /// and kept on its cursor.
    pub async fn run_all(&self) {
        for feed in &self.feeds {
            match self.run(feed.as_ref(), PAGES_PER_RUN).await {
                Ok(Run::Read { appended, .. }) if appended > 0 => {
                    tracing::info!(source = feed.source().as_str(), appended, "audit ingest");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "audit ingest failed; retried next run"),
            }
        }
    }

    /// Each configured feed with its cursor's figures.
    pub async fn status(&self) -> StoreResult<Vec<FeedStatus>> {
        let mut out = Vec::with_capacity(self.feeds.len());
        for feed in &self.feeds {
            let cursor = self.repo.ingest_cursor(feed.source()).await?;
            let c = cursor.unwrap_or_default();
            let read = (c.at > 0).then_some(c.at);
            let by_time = feed.order() == FeedOrder::Time;
            out.push(FeedStatus {
                source: feed.source(),
                target: feed.target(),
                read_up_to: read.filter(|_| by_time),
                position: read.filter(|_| !by_time).map(|at| at.unsigned_abs()),
                health: c.health,
            });
        }
        Ok(out)
    }

    /// Reads up to `max_pages` pages of one feed and appends what is new.
    pub async fn run(&self, feed: &dyn EventFeed, max_pages: u32) -> Result<Run, IngestError> {
        let source = feed.source();
        let now = self.repo.now();
        let mut cur = match self.repo.ingest_cursor(source).await? {
            Some(c) => c,
            None => IngestCursor {
                id: source.as_str().to_owned(),
                // Nothing of this source can be in the chain yet.
                chain_seq: self.repo.audit_head().await?.map_or(0, |h| h.seq),
                ..IngestCursor::default()
            },
        };
        if cur.lease_until > now && cur.holder != self.holder {
            return Ok(Run::Busy);
        }
        cur.holder.clone_from(&self.holder);
        cur.lease_until = now + LEASE_MS;
        cur.health.last_attempt_at = Some(now);
        cur = match self.repo.save_ingest_cursor(&cur).await {
            Ok(c) => c,
            Err(StoreError::VersionConflict) => return Ok(Run::Busy),
            Err(e) => return Err(e.into()),
        };
        let mut done = self.appended_since(source, cur.chain_seq).await?;
        let size = u64::from(feed.page_size().max(1));
        let by_time = feed.order() == FeedOrder::Time;
        let mut tenants = TenantsByEmail::default();
        let (mut appended, mut reads, mut more) = (0u64, 0u32, true);
        while reads < max_pages {
            reads += 1;
            let page = match feed.read(cur.offset).await {
                Ok(p) => p,
                Err(error) => return Err(self.failed(cur, source, error).await),
            };
            if let Some(log) = &page.log
                && self.log_replaced(&mut cur, log).await?
            {
                // Ids are positions: the old file's say nothing of the new.
                done.clear();
                continue;
            }
            // A file read by position is never trimmed at its head (a
            // replaced one is handled above), and one not there yet must not
            // walk the hint back to its start.
            if by_time && cur.offset >= size && page.items.first().is_none_or(|i| is_new(&cur, i)) {
                // Normal when the last page was used up; a trimmed head when
                // the page before still holds new entries.
                reads += 1;
                let before = match feed.read(cur.offset - size).await {
                    Ok(p) => p,
                    Err(error) => return Err(self.failed(cur, source, error).await),
                };
                if before.items.last().is_none_or(|i| is_new(&cur, i)) {
                    cur.offset -= size;
                    continue;
                }
            }
            for item in &page.items {
                if !is_new(&cur, item) {
                    continue;
                }
                if let Some(event) = &item.event
                    && !done.contains(&item.id)
                {
                    let record = self
                        .record(feed, item, event, &mut tenants)
                        .await
                        .map_err(IngestError::Store);
                    let seq = match record {
                        Ok(r) => self.auditor.append(r).await.map_err(IngestError::Store),
                        Err(e) => Err(e),
                    };
                    match seq {
                        Ok(seq) => {
                            cur.chain_seq = cur.chain_seq.max(seq);
                            cur.health.ingested += 1;
                            appended += 1;
                        }
                        Err(e) => {
                            // What was appended stays covered by `chain_seq`.
                            let _ = self.failed(cur, source, e.to_string()).await;
                            return Err(e);
                        }
                    }
                }
                consume(&mut cur, item);
            }
            if page.items.len() as u64 >= size {
                cur.offset += size;
            }
            more = page.more;
            cur.lease_until = self.repo.now() + LEASE_MS;
            cur = match self.repo.save_ingest_cursor(&cur).await {
                Ok(c) => c,
                // Another instance took the feed over (our lease ran out).
                Err(StoreError::VersionConflict) => return Ok(Run::Busy),
                Err(e) => return Err(e.into()),
            };
            if !more {
                break;
            }
        }
        cur.health.error = None;
        cur.health.failing_since = None;
        cur.health.last_success_at = Some(self.repo.now());
        cur.lease_until = 0;
        match self.repo.save_ingest_cursor(&cur).await {
            Ok(_) | Err(StoreError::VersionConflict) => Ok(Run::Read { appended, more }),
            Err(e) => Err(e.into()),
        }
    }

    /// A position-ordered feed read `log`: when it is not the file the cursor
    /// counts in (rotated) or is shorter than the cursor (truncated), the
    /// cursor starts over at its beginning and the chain records the
    /// replacement. True when it did (the page read is of no use).
    async fn log_replaced(
        &self,
        cur: &mut IngestCursor,
        log: &LogFile,
    ) -> Result<bool, IngestError> {
        let read = cur.at.unsigned_abs();
        match &cur.log {
            None => {
                cur.log = Some(log.id.clone());
                return Ok(false);
            }
            Some(id) if *id == log.id && log.len >= read => return Ok(false),
            Some(_) => {}
        }
        let source = cur.id.clone();
        tracing::warn!(
            source, previous = ?cur.log, file = log.id, read,
            "audit ingest: the log file was replaced or truncated; reading the new one from its start"
        );
        let seq = self
            .auditor
            .append(AuditRecord {
                action: "audit.feed_log_replaced".into(),
                resource_type: "audit_feed".into(),
                resource_id: source,
                metadata: json!({
                    "previousFile": cur.log,
                    "previousReadBytes": read,
                    "file": log.id,
                    "fileBytes": log.len,
                }),
                ..AuditRecord::default()
            })
            .await?;
        cur.log = Some(log.id.clone());
        cur.at = 0;
        cur.ids.clear();
        cur.offset = 0;
        cur.chain_seq = cur.chain_seq.max(seq);
        Ok(true)
    }

    /// Keeps the failure on the cursor (and lets the lease go); the cursor
    /// itself does not move.
    async fn failed(&self, mut cur: IngestCursor, source: Source, error: String) -> IngestError {
        let now = self.repo.now();
        cur.health.error = Some(error.clone());
        cur.health.failing_since.get_or_insert(now);
        cur.lease_until = 0;
        if let Err(e) = self.repo.save_ingest_cursor(&cur).await {
            tracing::warn!(error = %e, "audit ingest: the failure was not kept");
        }
        IngestError::Feed { source, error }
    }

    /// The source ids of this source's events after `seq` (appended by a
    /// run that stopped before saving its cursor).
    async fn appended_since(&self, source: Source, seq: u64) -> StoreResult<HashSet<String>> {
        let mut out = HashSet::new();
        let mut after = seq;
        loop {
            let events = self.repo.audit_events_ascending(Some(after), 500).await?;
            let Some(last) = events.last() else {
                return Ok(out);
            };
            after = last.seq;
            out.extend(
                events
                    .iter()
                    .filter(|e| e.source == source)
                    .filter_map(|e| e.metadata.get("externalId")?.as_str().map(str::to_owned)),
            );
        }
    }

    async fn record(
        &self,
        feed: &dyn EventFeed,
        item: &FeedItem,
        event: &FeedEvent,
        tenants: &mut TenantsByEmail,
    ) -> StoreResult<AuditRecord> {
        let mut tenant = None;
        for email in &event.emails {
            if let Some(slug) = tenants.of(&self.repo, email).await? {
                tenant = Some(slug);
                break;
            }
        }
        let mut record = event.record.clone();
        let mut metadata = match std::mem::take(&mut record.metadata) {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        metadata.insert("externalId".into(), json!(item.id));
        if feed.order() == FeedOrder::Time {
            metadata.insert("occurredAt".into(), json!(item.at));
        }
        Ok(AuditRecord {
            tenant_slug: tenant,
            source: feed.source(),
            metadata: Value::Object(metadata),
            // The chain sets these.
            seq: 0,
            at: 0,
            prev_hash: String::new(),
            hash: String::new(),
            ..record
        })
    }
}

/// Later than the cursor, or of its instant and not yet consumed.
fn is_new(cur: &IngestCursor, item: &FeedItem) -> bool {
    item.at > cur.at || (item.at == cur.at && !cur.ids.contains(&item.id))
}

fn consume(cur: &mut IngestCursor, item: &FeedItem) {
    if item.at > cur.at {
        cur.at = item.at;
        cur.ids.clear();
    }
    cur.ids.push(item.id.clone());
}

/// Which tenant an address belongs to (a member of exactly one), looked up
/// once per run.
#[derive(Default)]
struct TenantsByEmail(HashMap<String, Option<String>>);

impl TenantsByEmail {
    async fn of(&mut self, repo: &Repo, email: &str) -> StoreResult<Option<String>> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Ok(None);
        }
        if let Some(known) = self.0.get(&email) {
            return Ok(known.clone());
        }
        let mut ids: Vec<String> = repo
            .users_by_email(&email)
            .await?
            .into_iter()
            .flat_map(|u| u.tenant_ids)
            .collect();
        ids.sort();
        ids.dedup();
        let slug = match ids.as_slice() {
            [one] => repo.tenant(one).await?.map(|t| t.slug),
            _ => None,
        };
        self.0.insert(email, slug.clone());
        Ok(slug)
    }
}
