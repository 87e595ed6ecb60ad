//! THE append rule of the hash chain. The compare-and-set is the unique id (the
//! zero-padded seq) of the insert: two writers (tasks or processes) computing the
//! same next seq cannot both insert it; the loser reads the winner's event and
//! tries the next seq. No fork, no gap, on every backend.
//!
//! The per-process state (the last head seen, and the queue that keeps this
//! process's appends from fighting each other) lives with the store connection
//! in [`Repo::audit_chain`]; across processes the unique insert decides.
//! Each appended event then becomes the next leaf of the Merkle tree
//! (`super::tree`).
use super::AuditRecord;
use super::canonical::{GENESIS, event_hash};
use crate::ports::store::{StoreError, StoreResult};
use crate::repo::Repo;

/// Appends `record` after the current head and returns it with its seq and hashes.
pub async fn append(repo: &Repo, record: &AuditRecord) -> StoreResult<AuditRecord> {
    let state = repo.audit_chain();
    let mut frontier = state.queue.lock().await;
    let hint = state.head_hint.lock().map(|h| h.clone()).unwrap_or(None);
    let mut head = match hint {
        Some(h) => Some(h),
        None => head_link(repo).await?,
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
        match repo.insert_audit_event(&event).await {
            Ok(()) if archived_through(repo).await? >= seq => {
                // `seq` was free only because the archiver had moved it to cold
                // storage (this head was stale): take the insert back and build
                // on the real head.
                repo.delete_audit_event(seq).await?;
                head = head_link(repo).await?;
            }
            Ok(()) => {
                if let Ok(mut h) = state.head_hint.lock() {
                    *h = Some((event.seq, event.hash.clone()));
                }
                // The event stands; a tree that could not follow catches up
                // on the next append (or `tree::sync`).
                if let Err(e) = super::tree::extend(repo, &mut frontier, &event).await {
                    tracing::error!(seq = event.seq, error = %e, "audit tree did not follow");
                    *frontier = None;
                }
                return Ok(event);
            }
            Err(StoreError::Duplicate { .. }) => {
                // Someone else appended `seq`: build on it (a point read), or on
                // the real head if it is already gone.
                head = match repo.audit_event(seq).await? {
                    Some(e) => Some((e.seq, e.hash)),
                    None => head_link(repo).await?,
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

/// (seq, hash) of the chain head: the newest hot event, or the end of the last
/// archived batch when the hot store holds none.
async fn head_link(repo: &Repo) -> StoreResult<Option<(u64, String)>> {
    if let Some(e) = repo.audit_head().await? {
        return Ok(Some((e.seq, e.hash)));
    }
    Ok(repo
        .latest_archive_batch()
        .await?
        .map(|b| (b.end_seq, b.last_hash)))
}

/// The highest archived seq (0 when nothing is archived).
async fn archived_through(repo: &Repo) -> StoreResult<u64> {
    Ok(repo.latest_archive_batch().await?.map_or(0, |b| b.end_seq))
}
