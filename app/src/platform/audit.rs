//! The audit interface every mutation records through: `Auditor::record`.
//! Recording never fails the user's action, but a failure is logged loudly and
//! counted for the operator console, never dropped silently.
pub mod canonical;
pub mod checkpoint;
pub mod verify;

use super::model::Millis;
use super::repo::Repo;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorType {
    User,
    System,
    Service,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Platform,
    Authentik,
    Stalwart,
    Ocis,
    Stripe,
}

/// An event as recorded (audit.md's `AuditEvent`, before the hash chain).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    #[serde(default)]
    pub seq: u64,
    pub at: Millis,
    pub actor_type: ActorType,
    pub actor_id: String,
    pub actor_email: String,
    pub actor_ip: String,
    pub action: String,
    pub outcome: Outcome,
    pub resource_type: String,
    pub resource_id: String,
    pub resource_name: String,
    pub tenant_slug: Option<String>,
    pub partner_slug: Option<String>,
    pub source: Source,
    pub metadata: Value,
    /// Hash of the event with the previous seq ([`canonical::GENESIS`] first).
    #[serde(default)]
    pub prev_hash: String,
    /// `sha256(canonical(this event without hash))`.
    #[serde(default)]
    pub hash: String,
}

/// `metadata.diff`: only the fields that were sent AND changed, as
/// `{ field: { from, to } }` (empty for a save without changes).
pub fn diff(before: &Value, after: &Value, sent: &[&str]) -> Value {
    let mut out = Map::new();
    for field in sent {
        let from = before.get(*field).cloned().unwrap_or(Value::Null);
        let to = after.get(*field).cloned().unwrap_or(Value::Null);
        if from != to {
            out.insert(
                (*field).to_owned(),
                serde_json::json!({ "from": from, "to": to }),
            );
        }
    }
    Value::Object(out)
}

/// A checkpoint is taken every this many events.
pub const CHECKPOINT_EVERY: u64 = 100;

pub struct Auditor {
    repo: Repo,
    failures: AtomicU64,
    signer: Option<Arc<checkpoint::SigningKeyConfig>>,
}

impl Auditor {
    /// `signer`: the checkpoint key; None leaves the chain unsigned (logged at
    /// start-up and shown to operators).
    pub fn new(repo: Repo, signer: Option<Arc<checkpoint::SigningKeyConfig>>) -> Arc<Self> {
        Arc::new(Self {
            repo,
            failures: AtomicU64::new(0),
            signer,
        })
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
    ) -> Result<Option<checkpoint::Checkpoint>, crate::platform::store::StoreError> {
        let Some(signer) = &self.signer else {
            return Ok(None);
        };
        let Some(head) = self.repo.audit_head().await? else {
            return Ok(None);
        };
        if let Some(last) = self.repo.latest_checkpoint().await?
            && last.head_seq == head.seq
            && last.head_hash == head.hash
        {
            return Ok(None);
        }
        let mut cp = signer.sign(self.repo.now(), head.seq, &head.hash, reason);
        cp.id = self.repo.new_id();
        self.repo.insert_checkpoint(&cp).await?;
        tracing::info!(head_seq = cp.head_seq, reason = ?reason, key = %cp.key_id, "audit checkpoint");
        Ok(Some(cp))
    }

    /// Records the event; returns its seq, or None if recording failed (logged
    /// and counted).
    pub async fn record(&self, mut event: AuditRecord) -> Option<u64> {
        if event.at == 0 {
            event.at = self.repo.now();
        }
        match self.repo.append_audit(&event).await {
            Ok(appended) => {
                if appended.seq % CHECKPOINT_EVERY == 0
                    && let Err(e) = self.checkpoint(checkpoint::Reason::Threshold).await
                {
                    tracing::error!(error = %e, "threshold checkpoint failed");
                }
                Some(appended.seq)
            }
            Err(e) => {
                let total = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::error!(
                    action = %event.action,
                    resource = %event.resource_id,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_keeps_only_sent_and_changed_fields() {
        let before = json!({"name": "A", "domain": "a.dk", "margin_pct": 20});
        let after = json!({"name": "B", "domain": "a.dk", "margin_pct": 25});
        assert_eq!(
            diff(&before, &after, &["name", "domain"]),
            json!({"name": {"from": "A", "to": "B"}})
        );
        assert_eq!(diff(&before, &before, &["name", "domain"]), json!({}));
    }
}
