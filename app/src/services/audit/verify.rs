//! The verifier: walks the hot chain in seq order, recomputes every hash, checks
//! every link and every checkpoint, and reports success with counts or the FIRST
//! break, precisely.
use super::archive::{Manifest, ObjectStorage, ObjectStorageError, gunzip, parse_jsonl};
use super::canonical::{GENESIS, event_bytes, sha256_hex};
use super::checkpoint::{Checkpoint, VerifyKeys};
use super::merkle::{self, Frontier, Hash};
use super::{ArchiveBatch, AuditRecord};
pub use super::{Break, VerifyReport};
use crate::ports::store::{StoreResult, collections as c};
use crate::repo::Repo;

/// All checkpoints, by head seq.
pub async fn checkpoints(repo: &Repo) -> StoreResult<Vec<Checkpoint>> {
    let mut out: Vec<Checkpoint> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = repo
            .store()
            .find_ascending(&c::AUDIT_CHECKPOINTS, after.as_deref(), 1000)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.get("id").and_then(|v| v.as_str()).map(str::to_owned);
        for doc in page {
            out.push(
                serde_json::from_value(doc)
                    .map_err(|e| crate::ports::store::StoreError::Backend(e.to_string()))?,
            );
        }
    }
    out.sort_by_key(|c| c.head_seq);
    Ok(out)
}

/// Incremental verification of events in seq order; used by the store walk
/// here and by the command-line verifier.
pub struct ChainWalk<'a> {
    keys: &'a VerifyKeys,
    checkpoints: Vec<Checkpoint>,
    next_checkpoint: usize,
    prev_hash: String,
    expected_seq: Option<u64>,
    /// The Merkle tree of the events walked so far (None when the walk
    /// starts where no tree is known).
    tree: Option<Frontier>,
    /// The stored tree's (size, root), checked when the walk reaches it.
    stored_tree: Option<(u64, Hash)>,
    pub report: VerifyReport,
}

impl<'a> ChainWalk<'a> {
    /// `boundary`: the (seq, hash) of the last archived event, if any.
    pub fn new(
        keys: &'a VerifyKeys,
        checkpoints: Vec<Checkpoint>,
        boundary: Option<(u64, String)>,
    ) -> Self {
        let (expected_seq, prev_hash) = match &boundary {
            Some((seq, hash)) => (Some(seq + 1), hash.clone()),
            None => (Some(1), GENESIS.to_owned()),
        };
        let tree = boundary.is_none().then(Frontier::default);
        Self {
            keys,
            checkpoints,
            next_checkpoint: 0,
            prev_hash,
            expected_seq,
            tree,
            stored_tree: None,
            report: VerifyReport {
                highest_archived_seq: boundary.map(|(s, _)| s),
                ..VerifyReport::default()
            },
        }
    }

    /// The tree at the walk's start when it does not start at genesis (the
    /// stored tree at the archive boundary).
    pub fn with_tree(mut self, tree: Option<Frontier>) -> Self {
        if self.tree.is_none() {
            self.tree = tree;
        }
        self
    }

    /// The stored tree's size and root, to hold against the events' tree.
    pub fn check_stored_tree(mut self, size: u64, root: Hash) -> Self {
        if size > 0 {
            self.stored_tree = Some((size, root));
        }
        self
    }

    fn fail(&mut self, b: Break) -> bool {
        self.report.first_break = Some(b);
        false
    }

    /// Checks checkpoints up to `seq` (signatures; and the recorded head hash
    /// against `hash_at_seq` when the checkpoint is for exactly this event).
    fn checkpoints_through(&mut self, seq: u64, hash_at_seq: Option<&str>) -> bool {
        while let Some(cp) = self.checkpoints.get(self.next_checkpoint).cloned() {
            if cp.head_seq > seq {
                break;
            }
            self.next_checkpoint += 1;
            if !self.keys.can_verify(cp.sig_alg) {
                self.report.checkpoints_unverifiable += 1;
                continue;
            }
            if !self.keys.verify(&cp) {
                return self.fail(Break::CheckpointSignatureMismatch {
                    head_seq: cp.head_seq,
                });
            }
            self.report.checkpoints_checked += 1;
            if cp.head_seq == seq
                && let Some(actual) = hash_at_seq
                && actual != cp.head_hash
            {
                return self.fail(Break::EventHashMismatch {
                    seq,
                    expected: cp.head_hash.clone(),
                    actual: actual.to_owned(),
                });
            }
            // The tree it signed is the events' tree.
            if cp.head_seq == seq
                && hash_at_seq.is_some()
                && let (Some(signed), Some(tree)) = (&cp.root_hash, &self.tree)
                && tree.size() == seq
                && *signed != super::checkpoint::root_text(&tree.root())
            {
                return self.fail(Break::CheckpointRootMismatch { head_seq: seq });
            }
        }
        true
    }

    /// The seq of the last event fed (0 before the first).
    pub fn head(&self) -> u64 {
        self.report.head_seq.unwrap_or(0)
    }

    /// Records a break found outside the event walk (an archive object).
    pub fn break_with(&mut self, b: Break) {
        self.fail(b);
    }

    /// Feeds the next archived event; false at the first break.
    pub fn archived_event(&mut self, e: &AuditRecord) -> bool {
        if !self.link(e) {
            return false;
        }
        self.report.archived_events_checked += 1;
        self.report.highest_archived_seq = Some(e.seq);
        true
    }

    /// Feeds the next hot event; false at the first break.
    pub fn event(&mut self, e: &AuditRecord) -> bool {
        if self.report.oldest_hot_seq.is_none() {
            self.report.oldest_hot_seq = Some(e.seq);
            // Checkpoints of archived events: their signatures only.
            if !self.checkpoints_through(e.seq.saturating_sub(1), None) {
                return false;
            }
        }
        if !self.link(e) {
            return false;
        }
        self.report.events_checked += 1;
        true
    }

    /// Hash, link and checkpoints of one event.
    fn link(&mut self, e: &AuditRecord) -> bool {
        let bytes = event_bytes(e);
        let recomputed = sha256_hex(&bytes);
        if recomputed != e.hash {
            return self.fail(Break::EventHashMismatch {
                seq: e.seq,
                expected: recomputed,
                actual: e.hash.clone(),
            });
        }
        if Some(e.seq) != self.expected_seq || e.prev_hash != self.prev_hash {
            return self.fail(Break::EventPrevHashMismatch { seq: e.seq });
        }
        if let Some(tree) = &mut self.tree {
            if tree.size() + 1 == e.seq {
                tree.push(merkle::leaf_hash(&bytes));
            } else {
                self.tree = None;
            }
        }
        if !self.checkpoints_through(e.seq, Some(&e.hash)) {
            return false;
        }
        if let (Some((size, root)), Some(tree)) = (self.stored_tree, &self.tree)
            && tree.size() == size
            && tree.root() != root
        {
            return self.fail(Break::TreeRootMismatch { size });
        }
        self.prev_hash.clone_from(&e.hash);
        self.expected_seq = Some(e.seq + 1);
        self.report.head_seq = Some(e.seq);
        true
    }

    /// Ends the walk: checkpoints beyond the head must still verify; a checkpoint
    /// for a seq past the head means events were cut off the end.
    pub fn finish(mut self) -> VerifyReport {
        if self.report.first_break.is_none() {
            let head = self.report.head_seq.unwrap_or(0);
            if self.checkpoints_through(head, None)
                && let Some(cp) = self.checkpoints.get(self.next_checkpoint).cloned()
            {
                if self.keys.can_verify(cp.sig_alg) && !self.keys.verify(&cp) {
                    self.fail(Break::CheckpointSignatureMismatch {
                        head_seq: cp.head_seq,
                    });
                } else {
                    // Signed evidence of events that are no longer there.
                    self.fail(Break::EventPrevHashMismatch { seq: head + 1 });
                }
            }
        }
        if self.report.first_break.is_none()
            && let Some((size, _)) = self.stored_tree
            && self.report.head_seq.unwrap_or(0) < size
        {
            // The tree has leaves for events that are not there.
            self.fail(Break::TreeRootMismatch { size });
        }
        self.report.ok = self.report.first_break.is_none();
        self.report
    }
}

/// Why a verification could not run to the end (not a break: a system failed).
#[derive(Debug)]
pub enum VerifyError {
    Store(crate::ports::store::StoreError),
    Cold(ObjectStorageError),
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Store(e) => write!(f, "audit store: {e}"),
            VerifyError::Cold(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for VerifyError {}

impl From<crate::ports::store::StoreError> for VerifyError {
    fn from(e: crate::ports::store::StoreError) -> Self {
        VerifyError::Store(e)
    }
}

impl From<ObjectStorageError> for VerifyError {
    fn from(e: ObjectStorageError) -> Self {
        VerifyError::Cold(e)
    }
}

/// The stored tree's size and root (0 when there is none yet).
async fn stored_tree(repo: &Repo) -> StoreResult<(u64, Hash)> {
    let size = repo.tree_size().await?;
    if size == 0 {
        return Ok((0, merkle::empty_root()));
    }
    Ok((size, super::tree::load(repo, size).await?.root()))
}

/// Verifies the hot chain in the store, from the recorded archive boundary
/// (where the stored tree's frontier stands in for the archived events'
/// tree).
pub async fn verify(repo: &Repo, keys: &VerifyKeys) -> StoreResult<VerifyReport> {
    let boundary = repo
        .latest_archive_batch()
        .await?
        .map(|b| (b.end_seq, b.last_hash));
    let start = match &boundary {
        Some((seq, _)) => super::tree::load(repo, *seq).await.ok(),
        None => None,
    };
    let (size, root) = stored_tree(repo).await?;
    let mut walk = ChainWalk::new(keys, checkpoints(repo).await?, boundary)
        .with_tree(start)
        .check_stored_tree(size, root);
    walk_hot(repo, &mut walk).await?;
    Ok(walk.finish())
}

/// The hot events in seq order, in one scan (a batched cursor on MongoDB).
async fn walk_hot(repo: &Repo, walk: &mut ChainWalk<'_>) -> StoreResult<()> {
    let after = walk.report.highest_archived_seq.map(crate::repo::audit_id);
    let mut failed = None;
    repo.store()
        .scan_ascending_json(&c::AUDIT_EVENTS, after.as_deref(), 2000, &mut |texts| {
            for text in &texts {
                match serde_json::from_str::<AuditRecord>(text) {
                    Ok(e) => {
                        if !walk.event(&e) {
                            return false;
                        }
                    }
                    Err(e) => {
                        failed = Some(e.to_string());
                        return false;
                    }
                }
            }
            true
        })
        .await?;
    match failed {
        Some(e) => Err(crate::ports::store::StoreError::Backend(format!(
            "decode: {e}"
        ))),
        None => Ok(()),
    }
}

/// Verifies the whole chain: every archived batch (downloaded from `cold`,
/// checked against its record, its manifest signature and its hashes), the
/// links across the hot/cold boundary, then the hot events.
pub async fn verify_with_archive(
    repo: &Repo,
    keys: &VerifyKeys,
    cold: &dyn ObjectStorage,
) -> Result<VerifyReport, VerifyError> {
    let (size, root) = stored_tree(repo).await?;
    let mut walk =
        ChainWalk::new(keys, checkpoints(repo).await?, None).check_stored_tree(size, root);
    walk.report.archives_verified = true;
    let batches = repo
        .archive_batches()
        .await?
        .into_iter()
        .map(|b| (b.manifest_key.clone(), Some(b)))
        .collect();
    if !archived_batches(&mut walk, cold, batches).await? {
        return Ok(walk.finish());
    }
    walk_hot(repo, &mut walk).await?;
    Ok(walk.finish())
}

/// Verifies an archive bucket on its own (an auditor without the store):
/// every manifest under `audit/`, in seq order, from genesis. A range covered
/// twice (an orphan of an interrupted run next to the recorded batch) is
/// checked once per object, and its events must agree with the chain.
pub async fn verify_bucket(
    keys: &VerifyKeys,
    cold: &dyn ObjectStorage,
) -> Result<VerifyReport, VerifyError> {
    let mut manifests: Vec<(u64, u64, String)> = cold
        .list("audit/")
        .await?
        .into_iter()
        .filter(|k| k.ends_with(".manifest.json"))
        .filter_map(|k| {
            let name = k.strip_prefix("audit/")?.strip_suffix(".manifest.json")?;
            let (a, b) = name.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?, k))
        })
        .collect();
    // Longest first among equal starts: the rest of that start is covered.
    manifests.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // A batch whose range ends where the walk already is adds nothing (the
    // walk stands at the end of every batch it got through).
    let mut covered = 0;
    let mut batches = Vec::new();
    for (_, end, key) in manifests {
        if end > covered {
            covered = end;
            batches.push((key, None));
        }
    }
    let mut walk = ChainWalk::new(keys, Vec::new(), None);
    walk.report.archives_verified = true;
    archived_batches(&mut walk, cold, batches).await?;
    Ok(walk.finish())
}

/// One batch, read from the bucket and checked on its own (before the walk
/// gets to it): its manifest and events, or the break that ends the walk
/// there.
struct Fetched {
    manifest: Manifest,
    events: Vec<AuditRecord>,
}

/// Batches downloaded ahead of the walk: their requests overlap (a bucket
/// answers each after a round trip of its own), and each is unpacked on a
/// blocking thread as soon as it arrives.
const BATCHES_IN_FLIGHT: usize = 4;

/// The batches in order, each fed to the walk past its head; false at the
/// first break. Up to [`BATCHES_IN_FLIGHT`] batches ahead are downloaded,
/// unpacked, hashed and parsed while the walk checks the current one, so
/// the verifier does not wait for the bucket between batches.
async fn archived_batches(
    walk: &mut ChainWalk<'_>,
    cold: &dyn ObjectStorage,
    batches: Vec<(String, Option<ArchiveBatch>)>,
) -> Result<bool, VerifyError> {
    use futures::stream::{self, StreamExt};
    let keys = walk.keys;
    let mut ahead = stream::iter(batches)
        .map(|(key, record)| async move { fetch(cold, keys, &key, record.as_ref()).await })
        .buffered(BATCHES_IN_FLIGHT);
    while let Some(current) = ahead.next().await {
        let fetched = match current? {
            Prefetch::Broken(b) => Err(b),
            Prefetch::Decoding(task) => task.await.map_err(|e| {
                VerifyError::Cold(ObjectStorageError(format!("unpacking a batch failed: {e}")))
            })?,
        };
        match fetched {
            Ok(batch) => {
                if !walk_batch(walk, batch) {
                    return Ok(false);
                }
            }
            Err(b) => {
                walk.break_with(b);
                return Ok(false);
            }
        }
    }
    Ok(true)
}

enum Prefetch {
    /// The batch's objects are missing or do not match their records.
    Broken(Break),
    /// Downloaded; being unpacked and checked.
    Decoding(tokio::task::JoinHandle<Result<Fetched, Break>>),
}

/// Downloads a batch's manifest (checked against its record and its
/// signature) and its events, and starts unpacking them.
async fn fetch(
    cold: &dyn ObjectStorage,
    keys: &VerifyKeys,
    manifest_key: &str,
    record: Option<&ArchiveBatch>,
) -> Result<Prefetch, VerifyError> {
    let Some(bytes) = cold.get(manifest_key).await? else {
        return Ok(Prefetch::Broken(Break::ArchiveObjectMissing {
            key: manifest_key.to_owned(),
        }));
    };
    if let Some(record) = record {
        let actual = sha256_hex(&bytes);
        if actual != record.manifest_sha256 {
            return Ok(Prefetch::Broken(Break::ArchiveObjectHashMismatch {
                key: manifest_key.to_owned(),
                expected: record.manifest_sha256.clone(),
                actual,
            }));
        }
    }
    let manifest: Manifest = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(_) => {
            let (start_seq, end_seq) = record.map_or((0, 0), |r| (r.start_seq, r.end_seq));
            return Ok(Prefetch::Broken(Break::ManifestSignatureMismatch {
                start_seq,
                end_seq,
            }));
        }
    };
    let (start_seq, end_seq) = (manifest.start_seq, manifest.end_seq);
    if !manifest.verify(keys) {
        return Ok(Prefetch::Broken(Break::ManifestSignatureMismatch {
            start_seq,
            end_seq,
        }));
    }
    if let Some(record) = record
        && (record.start_seq, record.end_seq) != (start_seq, end_seq)
    {
        return Ok(Prefetch::Broken(content(&manifest, "endSeq")));
    }
    let Some(gz) = cold.get(&manifest.jsonl_key).await? else {
        return Ok(Prefetch::Broken(Break::ArchiveObjectMissing {
            key: manifest.jsonl_key.clone(),
        }));
    };
    Ok(Prefetch::Decoding(tokio::task::spawn_blocking(move || {
        unpack(manifest, &gz)
    })))
}

fn content(manifest: &Manifest, field: &str) -> Break {
    Break::ManifestContentMismatch {
        start_seq: manifest.start_seq,
        end_seq: manifest.end_seq,
        field: field.to_owned(),
    }
}

/// The events of a batch, checked against its signed manifest: the gzip's
/// and the JSONL's hashes, the count, the range and the links at both ends.
fn unpack(manifest: Manifest, gz: &[u8]) -> Result<Fetched, Break> {
    let actual = sha256_hex(gz);
    if actual != manifest.gzip_sha256 {
        return Err(Break::ArchiveObjectHashMismatch {
            key: manifest.jsonl_key.clone(),
            expected: manifest.gzip_sha256.clone(),
            actual,
        });
    }
    let jsonl = match gunzip(gz) {
        Ok(j) if sha256_hex(&j) == manifest.jsonl_sha256 => j,
        _ => return Err(content(&manifest, "jsonlSha256")),
    };
    let Ok(events) = parse_jsonl(&jsonl) else {
        return Err(content(&manifest, "jsonlSha256"));
    };
    let checks = [
        (events.len() as u64 == manifest.event_count, "eventCount"),
        (
            events.first().map(|e| e.seq) == Some(manifest.start_seq),
            "startSeq",
        ),
        (
            events.last().map(|e| e.seq) == Some(manifest.end_seq),
            "endSeq",
        ),
        (
            events.first().map(|e| e.prev_hash.as_str()) == Some(manifest.prev_hash.as_str()),
            "prevHash",
        ),
        (
            events.last().map(|e| e.hash.as_str()) == Some(manifest.last_hash.as_str()),
            "lastHash",
        ),
    ];
    if let Some((_, field)) = checks.iter().find(|(ok, _)| !ok) {
        return Err(content(&manifest, field));
    }
    Ok(Fetched { manifest, events })
}

/// Feeds a checked batch's events past the walk's head, then holds the
/// manifest's signed leaf range and root against the walk's tree; false at
/// the first break.
fn walk_batch(walk: &mut ChainWalk<'_>, batch: Fetched) -> bool {
    let Fetched { manifest, events } = batch;
    let head = walk.head();
    for e in events.iter().filter(|e| e.seq > head) {
        if !walk.archived_event(e) {
            return false;
        }
    }
    // The signed leaf range and root: the tree through this batch.
    if let Some(leaves) = &manifest.leaves {
        let range_ok =
            (leaves.first, leaves.last) == (manifest.start_seq - 1, manifest.end_seq - 1);
        let root_ok = walk
            .tree
            .as_ref()
            .filter(|t| t.size() == manifest.end_seq)
            .is_none_or(|t| hex::encode(t.root()) == leaves.root);
        if !(range_ok && root_ok) {
            walk.break_with(content(&manifest, "leaves"));
            return false;
        }
    }
    walk.report.batches_checked += 1;
    true
}
