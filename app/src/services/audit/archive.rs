//! The cold-storage archive: events older than the hot retention window move to
//! an S3-compatible bucket in signed, verifiable batches.
//!
//! One batch: verify the hot segment -> JSONL -> gzip -> sha256 -> upload the
//! events and a signed manifest -> HEAD-confirm both -> record an
//! [`ArchiveBatch`] -> only then delete the events from the hot store.
//!
//! Crash-safe by construction:
//! - object keys are the seq range, so a rerun overwrites its own orphans;
//! - the batch record's id is the start seq, so a range is recorded once, even
//!   with several server instances archiving at the same moment;
//! - the newest event always stays hot, so the chain head is never archived;
//! - a run first finishes the deletion an interrupted run recorded but did not
//!   complete.
use super::canonical::{GENESIS, canonical, event_hash, rfc3339_millis, sha256_hex};
use super::checkpoint::{SigAlg, SigningKeyConfig, VerifyKeys};
use super::{ArchiveBatch, ArchiveRunResult, AuditRecord, Auditor, Outcome};
use crate::domain::System;
use crate::domain::model::Millis;
pub use crate::ports::object_storage::{ObjectStorage, ObjectStorageError};
use crate::ports::store::StoreError;
use crate::repo::Repo;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::io::{Read as _, Write as _};
use std::sync::Arc;

/// Events per batch (one JSONL object each).
pub const DEFAULT_BATCH_SIZE: usize = 5_000;
/// Batches per run: a run is bounded, the next run continues.
pub const MAX_BATCHES_PER_RUN: usize = 200;
const DAY_MS: i64 = 86_400_000;

pub fn jsonl_key(start: u64, end: u64) -> String {
    format!("audit/{start:020}-{end:020}.jsonl.gz")
}

pub fn manifest_key(start: u64, end: u64) -> String {
    format!("audit/{start:020}-{end:020}.manifest.json")
}

/// The signed description of one batch, stored next to its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    pub start_seq: u64,
    pub end_seq: u64,
    pub event_count: u64,
    pub jsonl_key: String,
    /// sha256 of the uncompressed JSONL.
    pub jsonl_sha256: String,
    /// sha256 of the gzip object as uploaded.
    pub gzip_sha256: String,
    pub bytes_uncompressed: u64,
    pub bytes_compressed: u64,
    /// `prevHash` of the first event, `hash` of the last.
    pub prev_hash: String,
    pub last_hash: String,
    pub created_at: Millis,
    pub sig_alg: SigAlg,
    pub key_id: String,
    pub signature: String,
    /// The Merkle tree's leaves this batch holds (`startSeq - 1 ..= endSeq -
    /// 1`) and the tree's root at its end (hex): the tree spans hot and cold
    /// storage. Absent in batches archived before the tree existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaves: Option<LeafRange>,
}

/// The leaf range of a batch and the root of the tree through its last leaf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeafRange {
    pub first: u64,
    pub last: u64,
    pub root: String,
}

impl Manifest {
    /// The signed bytes: the canonical JSON of every field but `signature`.
    pub fn message(&self) -> String {
        let mut message = json!({
            "format": self.format,
            "startSeq": self.start_seq,
            "endSeq": self.end_seq,
            "eventCount": self.event_count,
            "jsonlKey": self.jsonl_key,
            "jsonlSha256": self.jsonl_sha256,
            "gzipSha256": self.gzip_sha256,
            "bytesUncompressed": self.bytes_uncompressed,
            "bytesCompressed": self.bytes_compressed,
            "prevHash": self.prev_hash,
            "lastHash": self.last_hash,
            "createdAt": rfc3339_millis(self.created_at),
            "sigAlg": self.sig_alg.as_str(),
            "keyId": self.key_id,
        });
        if let Some(leaves) = &self.leaves {
            message["leaves"] = json!(leaves);
        }
        canonical(&message)
    }

    pub fn verify(&self, keys: &VerifyKeys) -> bool {
        keys.verify_message(self.sig_alg, &self.key_id, &self.message(), &self.signature)
    }
}

/// One event per line: the canonical JSON of the stored event (hash included).
pub fn to_jsonl(events: &[AuditRecord]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in events {
        let line = serde_json::to_value(e).map_or_else(|_| String::new(), |v| canonical(&v));
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

pub fn parse_jsonl(bytes: &[u8]) -> Result<Vec<AuditRecord>, String> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .enumerate()
        .map(|(i, line)| serde_json::from_slice(line).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out)
}

/// The step of a run, named in its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    CheckBucket,
    Select,
    Verify,
    UploadJsonl,
    UploadManifest,
    HeadConfirm,
    RecordBatch,
    DeleteHot,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::CheckBucket => "check-bucket",
            Step::Select => "select",
            Step::Verify => "verify",
            Step::UploadJsonl => "upload-jsonl",
            Step::UploadManifest => "upload-manifest",
            Step::HeadConfirm => "head-confirm",
            Step::RecordBatch => "record-batch",
            Step::DeleteHot => "delete-hot",
        }
    }
}

/// A failed run: which step, which system, why. Everything not yet recorded
/// is still in the hot store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveError {
    pub step: Step,
    pub system: System,
    pub message: String,
    /// Batches completed before the failure.
    pub completed: Vec<ArchiveBatch>,
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "archive step {} failed at {}: {}",
            self.step.as_str(),
            self.system,
            self.message
        )
    }
}

impl std::error::Error for ArchiveError {}

#[derive(Clone, Debug)]
pub struct ArchiveConfig {
    /// Events older than this many days are archived (0: all but the head).
    pub retention_days: u32,
    pub batch_size: usize,
}

impl Default for ArchiveConfig {
    fn default() -> Self {
        Self {
            retention_days: 90,
            batch_size: DEFAULT_BATCH_SIZE,
        }
    }
}

pub struct Archiver {
    repo: Repo,
    cold: Arc<dyn ObjectStorage>,
    signer: Arc<SigningKeyConfig>,
    auditor: Option<Arc<Auditor>>,
    config: ArchiveConfig,
    /// One run at a time in this process (the worker and a forced run).
    running: tokio::sync::Mutex<()>,
}

fn at(step: Step, system: System, message: impl std::fmt::Display) -> ArchiveError {
    ArchiveError {
        step,
        system,
        message: message.to_string(),
        completed: Vec::new(),
    }
}

impl Archiver {
    /// `auditor`: where each run is itself recorded (None in the CLI's
    /// offline use).
    pub fn new(
        repo: Repo,
        cold: Arc<dyn ObjectStorage>,
        signer: Arc<SigningKeyConfig>,
        auditor: Option<Arc<Auditor>>,
        config: ArchiveConfig,
    ) -> Self {
        Self {
            repo,
            cold,
            signer,
            auditor,
            config,
            running: tokio::sync::Mutex::new(()),
        }
    }

    pub fn cold(&self) -> &Arc<dyn ObjectStorage> {
        &self.cold
    }

    pub fn config(&self) -> &ArchiveConfig {
        &self.config
    }

    /// Runs once: archives every eligible batch (bounded per run), records
    /// the run in the audit log, and returns what was archived or the first
    /// failure.
    pub async fn run(&self, trigger: &str) -> Result<ArchiveRunResult, ArchiveError> {
        let _one = self.running.lock().await;
        let result = self.run_batches().await;
        if let Some(auditor) = &self.auditor {
            let (outcome, metadata) = match &result {
                Ok(r) => (
                    Outcome::Success,
                    json!({
                        "trigger": trigger,
                        "batches": r.batches.len(),
                        "eventsArchived": r.events_archived,
                        "startSeq": r.batches.first().map(|b| b.start_seq),
                        "endSeq": r.batches.last().map(|b| b.end_seq),
                        "leftoversDeleted": r.leftovers_deleted,
                    }),
                ),
                Err(e) => (
                    Outcome::Failure,
                    json!({
                        "trigger": trigger,
                        "step": e.step.as_str(),
                        "system": e.system.as_str(),
                        "error": e.message,
                        "batchesCompleted": e.completed.len(),
                    }),
                ),
            };
            auditor
                .record(AuditRecord {
                    actor_id: "archiver".into(),
                    action: "audit.archived".into(),
                    outcome,
                    resource_type: "audit_archive".into(),
                    resource_id: self.cold.describe(),
                    resource_name: "cold storage".into(),
                    metadata,
                    ..AuditRecord::default()
                })
                .await;
        }
        match &result {
            Ok(r) if !r.batches.is_empty() => tracing::info!(
                batches = r.batches.len(),
                events = r.events_archived,
                trigger,
                "audit archive run"
            ),
            Ok(_) => tracing::info!(trigger, "audit archive run: nothing old enough"),
            Err(e) => tracing::error!(error = %e, trigger, "AUDIT ARCHIVE RUN FAILED"),
        }
        result
    }

    async fn run_batches(&self) -> Result<ArchiveRunResult, ArchiveError> {
        let mut result = ArchiveRunResult::default();
        self.cold
            .check()
            .await
            .map_err(|e| at(Step::CheckBucket, System::ObjectStorage, e.0))?;
        let mut last = self
            .repo
            .latest_archive_batch()
            .await
            .map_err(|e| at(Step::Select, System::Store, e))?;
        // An earlier run recorded a batch and stopped before deleting it.
        if let Some(b) = &last {
            result.leftovers_deleted = self
                .repo
                .delete_audit_range(1, b.end_seq)
                .await
                .map_err(|e| at(Step::DeleteHot, System::Store, e))?;
        }
        let cutoff = self.repo.now() - i64::from(self.config.retention_days) * DAY_MS;
        for _ in 0..MAX_BATCHES_PER_RUN {
            let batch = self
                .one_batch(last.as_ref(), cutoff)
                .await
                .map_err(|mut e| {
                    e.completed = result.batches.clone();
                    e
                })?;
            let Some(batch) = batch else { break };
            result.events_archived += batch.event_count;
            result.batches.push(batch.clone());
            last = Some(batch);
        }
        Ok(result)
    }

    /// Archives the next batch after `last`, or returns None when no event is
    /// old enough (or only the head is).
    async fn one_batch(
        &self,
        last: Option<&ArchiveBatch>,
        cutoff: Millis,
    ) -> Result<Option<ArchiveBatch>, ArchiveError> {
        let store_err = |step| move |e: StoreError| at(step, System::Store, e);
        let cold_err = |step| move |e: ObjectStorageError| at(step, System::ObjectStorage, e.0);
        let Some(head) = self
            .repo
            .audit_head()
            .await
            .map_err(store_err(Step::Select))?
        else {
            return Ok(None);
        };
        let (boundary_seq, boundary_hash) = last.map_or((0, GENESIS.to_owned()), |b| {
            (b.end_seq, b.last_hash.clone())
        });
        // Only events the Merkle tree holds move, so a proof never needs an
        // archived event's leaf recomputed.
        let tree_size = super::tree::sync(&self.repo)
            .await
            .map_err(store_err(Step::Select))?;
        let events: Vec<AuditRecord> = self
            .repo
            .audit_events_ascending(Some(boundary_seq), self.config.batch_size)
            .await
            .map_err(store_err(Step::Select))?
            .into_iter()
            .take_while(|e| e.at < cutoff && e.seq < head.seq && e.seq <= tree_size)
            .collect();
        let (Some(first), Some(end)) = (events.first(), events.last()) else {
            return Ok(None);
        };
        // Only a verified segment moves: archiving must not hide a break.
        let mut expected = (boundary_seq + 1, boundary_hash);
        for e in &events {
            if e.seq != expected.0 || e.prev_hash != expected.1 {
                return Err(at(
                    Step::Verify,
                    System::Store,
                    format!("event-prev-hash-mismatch at seq {}", e.seq),
                ));
            }
            if event_hash(e) != e.hash {
                return Err(at(
                    Step::Verify,
                    System::Store,
                    format!("event-hash-mismatch at seq {}", e.seq),
                ));
            }
            expected = (e.seq + 1, e.hash.clone());
        }
        let (start_seq, end_seq) = (first.seq, end.seq);
        let tree_root = super::tree::root(&self.repo, end_seq)
            .await
            .map_err(|e| at(Step::Select, System::Store, e))?;
        let jsonl = to_jsonl(&events);
        let gz = gzip(&jsonl);
        let jsonl_key = jsonl_key(start_seq, end_seq);
        let manifest_key = manifest_key(start_seq, end_seq);
        let mut manifest = Manifest {
            format: 1,
            start_seq,
            end_seq,
            event_count: events.len() as u64,
            jsonl_key: jsonl_key.clone(),
            jsonl_sha256: sha256_hex(&jsonl),
            gzip_sha256: sha256_hex(&gz),
            bytes_uncompressed: jsonl.len() as u64,
            bytes_compressed: gz.len() as u64,
            prev_hash: first.prev_hash.clone(),
            last_hash: end.hash.clone(),
            created_at: self.repo.now(),
            sig_alg: self.signer.alg(),
            key_id: self.signer.key_id(),
            signature: String::new(),
            leaves: Some(LeafRange {
                first: start_seq - 1,
                last: end_seq - 1,
                root: hex::encode(tree_root),
            }),
        };
        manifest.signature = self.signer.sign_message(&manifest.message());
        let manifest_bytes = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| at(Step::UploadManifest, System::Store, e))?;
        let (gz_len, manifest_len) = (gz.len() as u64, manifest_bytes.len() as u64);
        let manifest_sha256 = sha256_hex(&manifest_bytes);

        self.cold
            .put(&jsonl_key, gz, "application/gzip")
            .await
            .map_err(cold_err(Step::UploadJsonl))?;
        self.cold
            .put(&manifest_key, manifest_bytes, "application/json")
            .await
            .map_err(cold_err(Step::UploadManifest))?;
        for (key, len) in [(&jsonl_key, gz_len), (&manifest_key, manifest_len)] {
            match self
                .cold
                .head(key)
                .await
                .map_err(cold_err(Step::HeadConfirm))?
            {
                Some(size) if size == len => {}
                Some(size) => {
                    return Err(at(
                        Step::HeadConfirm,
                        System::ObjectStorage,
                        format!("{key} is {size} bytes, uploaded {len}"),
                    ));
                }
                None => {
                    return Err(at(
                        Step::HeadConfirm,
                        System::ObjectStorage,
                        format!("{key} not found after upload"),
                    ));
                }
            }
        }
        let batch = ArchiveBatch {
            id: String::new(),
            archived_at: self.repo.now(),
            start_seq,
            end_seq,
            event_count: manifest.event_count,
            manifest_sha256,
            jsonl_key,
            manifest_key,
            bytes_uncompressed: manifest.bytes_uncompressed,
            bytes_compressed: gz_len,
            first_prev_hash: manifest.prev_hash,
            last_hash: manifest.last_hash,
            version: 1,
        };
        self.repo
            .insert_archive_batch(&batch)
            .await
            .map_err(|e| match e {
                StoreError::Duplicate { .. } => at(
                    Step::RecordBatch,
                    System::Store,
                    format!("seq {start_seq} was archived by another run at the same time"),
                ),
                e => at(Step::RecordBatch, System::Store, e),
            })?;
        self.repo
            .delete_audit_range(start_seq, end_seq)
            .await
            .map_err(store_err(Step::DeleteHot))?;
        Ok(Some(batch))
    }
}

/// The UTC date of `millis`, `YYYY-MM-DD` (the scheduled run's day guard).
pub fn utc_day(millis: Millis) -> String {
    rfc3339_millis(millis)[..10].to_owned()
}

/// The UTC hour of `millis`.
pub fn utc_hour(millis: Millis) -> u8 {
    u8::try_from(millis.rem_euclid(DAY_MS) / 3_600_000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::{ActorType, Source};
    use super::*;

    fn event(seq: u64) -> AuditRecord {
        AuditRecord {
            seq,
            at: 1_795_981_325_000 + seq as i64,
            actor_type: ActorType::User,
            actor_id: "u1".into(),
            actor_email: "ops@dezky.eu".into(),
            actor_ip: "203.0.113.9".into(),
            action: "flag.updated".into(),
            outcome: Outcome::Success,
            resource_type: "flag".into(),
            resource_id: "files-app".into(),
            resource_name: "Files \"app\"\nline".into(),
            tenant_slug: Some("fjord-tandklinik".into()),
            partner_slug: None,
            source: Source::Platform,
            metadata: json!({"diff": {"state": {"from": "off", "to": "on"}}, "a": [1, 2.5]}),
            prev_hash: "ab".repeat(32),
            hash: "cd".repeat(32),
        }
    }

    #[test]
    fn jsonl_round_trips_through_gzip_byte_for_byte() {
        let events: Vec<_> = (1..=3).map(event).collect();
        let jsonl = to_jsonl(&events);
        assert_eq!(jsonl.iter().filter(|b| **b == b'\n').count(), 3);
        let gz = gzip(&jsonl);
        assert_eq!(
            gzip(&jsonl),
            gz,
            "deterministic: a rerun uploads the same bytes"
        );
        let back = parse_jsonl(&gunzip(&gz).expect("gunzip")).expect("parse");
        assert_eq!(back, events);
        assert!(parse_jsonl(b"{\"seq\":1}\n").is_err());
        assert!(gunzip(b"not gzip").is_err());
    }

    #[test]
    fn manifests_are_signed_like_checkpoints() {
        let key = SigningKeyConfig::Hmac(b"archive key".to_vec());
        let mut m = Manifest {
            format: 1,
            start_seq: 1,
            end_seq: 3,
            event_count: 3,
            jsonl_key: jsonl_key(1, 3),
            jsonl_sha256: "11".repeat(32),
            gzip_sha256: "22".repeat(32),
            bytes_uncompressed: 10,
            bytes_compressed: 8,
            prev_hash: GENESIS.into(),
            last_hash: "33".repeat(32),
            created_at: 1_795_981_325_000,
            sig_alg: key.alg(),
            key_id: key.key_id(),
            signature: String::new(),
            leaves: None,
        };
        m.signature = key.sign_message(&m.message());
        assert!(m.verify(&key.verify_keys()), "a batch from before the tree");
        let mut moved = m.clone();
        moved.end_seq = 2;
        assert!(!moved.verify(&key.verify_keys()));
        m.leaves = Some(LeafRange {
            first: 0,
            last: 2,
            root: "44".repeat(32),
        });
        assert!(!m.verify(&key.verify_keys()), "the leaf range is signed");
        m.signature = key.sign_message(&m.message());
        assert!(m.verify(&key.verify_keys()));
        let mut rooted = m.clone();
        if let Some(l) = rooted.leaves.as_mut() {
            l.root = "55".repeat(32);
        }
        assert!(!rooted.verify(&key.verify_keys()));
        assert!(!m.verify(&VerifyKeys::default()));
    }

    #[test]
    fn keys_sort_by_seq_and_days_are_utc() {
        assert!(jsonl_key(9, 10) < jsonl_key(11, 12));
        assert_eq!(
            manifest_key(1, 2),
            "audit/00000000000000000001-00000000000000000002.manifest.json"
        );
        assert_eq!(utc_day(1_795_981_325_000), "2026-11-29");
        assert_eq!(utc_hour(1_795_981_325_000), 19);
        assert_eq!(utc_hour(0), 0);
    }
}
