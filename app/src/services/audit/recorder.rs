//! `Auditor::record`: every mutation records through here.
use super::{AuditRecord, checkpoint};
use crate::repo::Repo;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A checkpoint is taken every this many events.
pub const CHECKPOINT_EVERY: u64 = 100;

pub struct Auditor {
    repo: Repo,
    /// The checkpoint notes' origin and key name: the deployment's public
    /// address without its scheme, `/audit` appended (`dezky.eu/audit`).
    origin: String,
    failures: AtomicU64,
    signer: Option<Arc<checkpoint::SigningKeyConfig>>,
}

impl Auditor {
    /// `signer`: the checkpoint key; None leaves the chain unsigned (logged at
    /// start-up and shown to operators).
    pub fn new(
        repo: Repo,
        signer: Option<Arc<checkpoint::SigningKeyConfig>>,
        origin: String,
    ) -> Arc<Self> {
        Arc::new(Self {
            repo,
            origin,
            failures: AtomicU64::new(0),
            signer,
        })
    }

    /// The checkpoint notes' origin (also the note key's name).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The note verifier key of the Ed25519 signer, as published.
    pub fn note_key(&self) -> Option<String> {
        match self.signer.as_deref()? {
            checkpoint::SigningKeyConfig::Ed25519(k) => {
                Some(super::note::verifier_key(&self.origin, &k.verifying_key()))
            }
            checkpoint::SigningKeyConfig::Hmac(_) => None,
        }
    }

    pub fn signer(&self) -> Option<&checkpoint::SigningKeyConfig> {
        self.signer.as_deref()
    }

    /// The keys that verify this platform's own checkpoints.
    pub fn verify_keys(&self) -> checkpoint::VerifyKeys {
        self.signer
            .as_ref()
            .map(|s| s.verify_keys())
            .unwrap_or_default()
    }

    /// Signs the current head, unless nothing changed since the last checkpoint.
    /// None when there is no signer, no event, or nothing new.
    pub async fn checkpoint(
        &self,
        reason: checkpoint::Reason,
    ) -> Result<Option<checkpoint::Checkpoint>, crate::ports::store::StoreError> {
        let Some(signer) = &self.signer else {
            return Ok(None);
        };
        let Some(head) = self.repo.audit_head().await? else {
            return Ok(None);
        };
        if let Some(last) = self.repo.latest_checkpoint().await?
            && last.head_seq == head.seq
            && last.head_hash == head.hash
            && last.root_hash.is_some()
        {
            return Ok(None);
        }
        // The tree's root at the head: the tree follows the chain, so bring
        // it up to the head first. A tree that cannot answer leaves the
        // checkpoint without a root (logged), never the head unsigned.
        let root = match super::tree::sync(&self.repo).await {
            Ok(size) if size >= head.seq => super::tree::root(&self.repo, head.seq)
                .await
                .map_err(|e| e.to_string()),
            Ok(size) => Err(format!(
                "the tree has {size} leaves, the head is {}",
                head.seq
            )),
            Err(e) => Err(e.to_string()),
        };
        let root = root
            .inspect_err(|e| tracing::error!(error = %e, "checkpoint without a tree root"))
            .ok();
        let mut cp = signer.sign(
            self.repo.now(),
            (head.seq, &head.hash),
            root.as_ref().map(|r| (self.origin.as_str(), r)),
            reason,
        );
        cp.id = self.repo.new_id();
        self.repo.insert_checkpoint(&cp).await?;
        tracing::info!(head_seq = cp.head_seq, reason = ?reason, key = %cp.key_id, "audit checkpoint");
        Ok(Some(cp))
    }

    /// Appends the event (and signs a checkpoint at every
    /// [`CHECKPOINT_EVERY`]th); returns its seq. The caller decides what a
    /// failure means: [`Auditor::record`] logs and counts it, the ingest
    /// retries its feed.
    pub async fn append(
        &self,
        mut event: AuditRecord,
    ) -> Result<u64, crate::ports::store::StoreError> {
        if event.at == 0 {
            event.at = self.repo.now();
        }
        let appended = super::chain::append(&self.repo, &event).await?;
        if appended.seq % CHECKPOINT_EVERY == 0
            && let Err(e) = self.checkpoint(checkpoint::Reason::Threshold).await
        {
            tracing::error!(error = %e, "threshold checkpoint failed");
        }
        Ok(appended.seq)
    }

    /// Records the event; returns its seq, or None if recording failed (logged
    /// and counted).
    pub async fn record(&self, event: AuditRecord) -> Option<u64> {
        let (action, resource) = (event.action.clone(), event.resource_id.clone());
        match self.append(event).await {
            Ok(seq) => Some(seq),
            Err(e) => {
                let total = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::error!(
                    action = %action,
                    resource = %resource,
                    error = %e,
                    failures = total,
                    "AUDIT RECORD FAILED"
                );
                None
            }
        }
    }

    /// Failed recordings since start-up, shown in the operator console.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }
}
