//! The verifier: walks the hot chain in seq order, recomputes every hash, checks
//! every link and every checkpoint, and reports success with counts or the FIRST
//! break, precisely.
use super::AuditRecord;
use super::canonical::{GENESIS, event_hash};
use super::checkpoint::{Checkpoint, VerifyKeys};
pub use super::{Break, VerifyReport};
use crate::platform::repo::Repo;
use crate::platform::store::{StoreResult, collections as c};

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
                    .map_err(|e| crate::platform::store::StoreError::Backend(e.to_string()))?,
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
        Self {
            keys,
            checkpoints,
            next_checkpoint: 0,
            prev_hash,
            expected_seq,
            report: VerifyReport {
                highest_archived_seq: boundary.map(|(s, _)| s),
                ..VerifyReport::default()
            },
        }
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
        }
        true
    }

    /// Feeds the next event; false at the first break.
    pub fn event(&mut self, e: &AuditRecord) -> bool {
        if self.report.oldest_hot_seq.is_none() {
            self.report.oldest_hot_seq = Some(e.seq);
            // Checkpoints of archived events: their signatures only.
            if !self.checkpoints_through(e.seq.saturating_sub(1), None) {
                return false;
            }
        }
        let recomputed = event_hash(e);
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
        if !self.checkpoints_through(e.seq, Some(&e.hash)) {
            return false;
        }
        self.prev_hash.clone_from(&e.hash);
        self.expected_seq = Some(e.seq + 1);
        self.report.events_checked += 1;
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
        self.report.ok = self.report.first_break.is_none();
        self.report
    }
}

/// Verifies the hot chain in the store.
pub async fn verify(repo: &Repo, keys: &VerifyKeys) -> StoreResult<VerifyReport> {
    let mut walk = ChainWalk::new(keys, checkpoints(repo).await?, None);
    let mut after = None;
    'pages: loop {
        let page = repo.audit_events_ascending(after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.seq);
        for e in &page {
            if !walk.event(e) {
                break 'pages;
            }
        }
    }
    Ok(walk.finish())
}
