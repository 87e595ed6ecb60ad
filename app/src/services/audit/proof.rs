//! Proofs a third party checks offline: the inclusion proof of one event
//! (the event, its leaf index, the RFC 9162 path and the signed checkpoint it
//! leads to, in one self-contained file) and the consistency proof between
//! two checkpoints. Building them reads the stored tree (and the cold archive
//! for an archived event); verifying them needs the file and the note
//! verifier key only, and names the first thing that does not hold. The
//! `dezky-audit` tool and the tests verify through here.
use super::archive::{self, ObjectStorage};
use super::canonical::event_hash;
use super::checkpoint::{Checkpoint, Reason};
use super::merkle::{self, Hash, ProofError};
use super::note::{self, NoteError, Verifier};
use super::{AuditRecord, Auditor, tree};
use crate::domain::{AppError, System};
use crate::repo::Repo;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};

pub const INCLUSION_FORMAT: &str = "dezky-audit-inclusion-proof/1";
pub const CONSISTENCY_FORMAT: &str = "dezky-audit-consistency-proof/1";

/// One event's proof: everything a verifier needs but the public key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InclusionFile {
    pub format: String,
    pub event: AuditRecord,
    /// `event.seq - 1`.
    pub leaf_index: u64,
    pub tree_size: u64,
    /// The RFC 9162 inclusion path, base64.
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint of `tree_size` (its `note` is what a third party
    /// verifies; HMAC checkpoints have none).
    pub checkpoint: Checkpoint,
}

/// The proof that the tree of `old_size` is a prefix of the tree of
/// `new_size`, with both checkpoints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsistencyFile {
    pub format: String,
    pub old_size: u64,
    pub new_size: u64,
    pub consistency_proof: Vec<String>,
    pub old: Checkpoint,
    pub new: Checkpoint,
}

/// Why a proof does not prove.
#[derive(Debug, PartialEq, Eq)]
pub enum ProofFailure {
    /// Not a proof file of this format (the parse error).
    Unreadable(String),
    /// The checkpoint is HMAC-signed: only the deployment can check it.
    NotThirdPartyVerifiable,
    Checkpoint(NoteError),
    /// The checkpoint is for another tree size than the proof.
    SizeMismatch {
        proof: u64,
        checkpoint: u64,
    },
    /// The leaf index is not the event's place in the log.
    WrongLeaf {
        seq: u64,
        leaf_index: u64,
    },
    /// The event's content is not what its hash was taken over.
    EventChanged {
        seq: u64,
    },
    Proof(ProofError),
}

impl std::fmt::Display for ProofFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProofFailure::Unreadable(e) => write!(f, "not a dezky audit proof: {e}"),
            ProofFailure::NotThirdPartyVerifiable => f.write_str(
                "the checkpoint is HMAC-signed: only the deployment's operators can verify it \
                 (Ed25519 checkpoints are verifiable by anyone)",
            ),
            ProofFailure::Checkpoint(e) => e.fmt(f),
            ProofFailure::SizeMismatch { proof, checkpoint } => write!(
                f,
                "the proof is for a tree of {proof} events, the checkpoint for {checkpoint}"
            ),
            ProofFailure::WrongLeaf { seq, leaf_index } => write!(
                f,
                "event {seq} is leaf {}, the proof is for leaf {leaf_index}",
                seq.saturating_sub(1)
            ),
            ProofFailure::EventChanged { seq } => {
                write!(
                    f,
                    "event {seq} was changed: its content does not match its hash"
                )
            }
            ProofFailure::Proof(e) => write!(f, "the inclusion proof fails: {e}"),
        }
    }
}

fn hashes(proof: &[Hash]) -> Vec<String> {
    proof.iter().map(|h| B64.encode(h)).collect()
}

fn unhash(proof: &[String]) -> Result<Vec<Hash>, ProofFailure> {
    proof
        .iter()
        .map(|h| {
            B64.decode(h)
                .ok()
                .and_then(|b| Hash::try_from(b.as_slice()).ok())
                .ok_or_else(|| ProofFailure::Unreadable("a proof hash is not 32 bytes".into()))
        })
        .collect()
}

/// The checkpoint a proof for `seq` leads to: the newest one covering it
/// with a tree root, signed now when none does yet.
async fn covering_checkpoint(
    repo: &Repo,
    auditor: &Auditor,
    seq: u64,
) -> Result<Checkpoint, AppError> {
    if let Some(cp) = repo.latest_checkpoint().await?
        && cp.head_seq >= seq
        && cp.root_hash.is_some()
    {
        return Ok(cp);
    }
    auditor
        .checkpoint(Reason::Manual)
        .await?
        .filter(|cp| cp.head_seq >= seq && cp.root_hash.is_some())
        .ok_or(AppError::not_connected(System::AuditSigningKey))
}

/// The event with `seq`, hot or archived.
async fn event(
    repo: &Repo,
    cold: Option<&dyn ObjectStorage>,
    seq: u64,
) -> Result<AuditRecord, AppError> {
    if let Some(e) = repo.audit_event(seq).await? {
        return Ok(e);
    }
    let batch = repo
        .archive_batches()
        .await?
        .into_iter()
        .find(|b| b.start_seq <= seq && seq <= b.end_seq)
        .ok_or(AppError::NotFound)?;
    let Some(cold) = cold else {
        return Err(AppError::not_connected(System::ObjectStorage));
    };
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, seq, "reading an archived event");
        AppError::failed(System::ObjectStorage)
    };
    let gz = cold
        .get(&batch.jsonl_key)
        .await
        .map_err(|e| failed(&e.0))?
        .ok_or_else(|| failed(&"the batch object is missing"))?;
    let jsonl = archive::gunzip(&gz).map_err(|e| failed(&e))?;
    archive::parse_jsonl(&jsonl)
        .map_err(|e| failed(&e))?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or(AppError::NotFound)
}

/// The inclusion proof file of event `seq` (read from `cold` when archived);
/// `tenant`: the caller may only see that tenant's events (another's is not
/// found).
pub async fn inclusion_file(
    repo: &Repo,
    auditor: &Auditor,
    cold: Option<&dyn ObjectStorage>,
    seq: u64,
    tenant: Option<&str>,
) -> Result<InclusionFile, AppError> {
    let event = event(repo, cold, seq).await?;
    if tenant.is_some_and(|t| event.tenant_slug.as_deref() != Some(t)) {
        return Err(AppError::NotFound);
    }
    let checkpoint = covering_checkpoint(repo, auditor, seq).await?;
    let proof = tree::inclusion(repo, seq - 1, checkpoint.head_seq)
        .await
        .map_err(tree_error)?;
    Ok(InclusionFile {
        format: INCLUSION_FORMAT.into(),
        event,
        leaf_index: seq - 1,
        tree_size: checkpoint.head_seq,
        inclusion_proof: hashes(&proof),
        checkpoint,
    })
}

/// The consistency proof between the kept checkpoints of `old_size` and
/// `new_size` events.
pub async fn consistency_file(
    repo: &Repo,
    old_size: u64,
    new_size: u64,
) -> Result<ConsistencyFile, AppError> {
    if old_size == 0 || old_size > new_size {
        return Err(AppError::invalid("from", "after_to"));
    }
    let old = repo
        .checkpoint_at(old_size)
        .await?
        .filter(|c| c.root_hash.is_some())
        .ok_or_else(|| AppError::invalid("from", "no_checkpoint"))?;
    let new = repo
        .checkpoint_at(new_size)
        .await?
        .filter(|c| c.root_hash.is_some())
        .ok_or_else(|| AppError::invalid("to", "no_checkpoint"))?;
    let proof = tree::consistency(repo, old_size, new_size)
        .await
        .map_err(tree_error)?;
    Ok(ConsistencyFile {
        format: CONSISTENCY_FORMAT.into(),
        old_size,
        new_size,
        consistency_proof: hashes(&proof),
        old,
        new,
    })
}

fn tree_error(e: tree::TreeError) -> AppError {
    match e {
        tree::TreeError::Store(e) => e.into(),
        tree::TreeError::OutOfRange { .. } => {
            tracing::error!(error = %e, "audit tree behind its checkpoint");
            AppError::failed(System::Store)
        }
    }
}

/// What a verified inclusion proof says.
#[derive(Debug, PartialEq, Eq)]
pub struct Included {
    pub seq: u64,
    pub tree_size: u64,
    pub origin: String,
}

/// Checks an inclusion proof file with the note verifier key alone.
pub fn verify_inclusion_file(bytes: &[u8], verifier: &Verifier) -> Result<Included, ProofFailure> {
    let file: InclusionFile =
        serde_json::from_slice(bytes).map_err(|e| ProofFailure::Unreadable(e.to_string()))?;
    if file.format != INCLUSION_FORMAT {
        return Err(ProofFailure::Unreadable(format!(
            "the format is {:?}, not {INCLUSION_FORMAT}",
            file.format
        )));
    }
    let opened = open_checkpoint(&file.checkpoint, verifier)?;
    if opened.size != file.tree_size {
        return Err(ProofFailure::SizeMismatch {
            proof: file.tree_size,
            checkpoint: opened.size,
        });
    }
    let seq = file.event.seq;
    if seq == 0 || file.leaf_index != seq - 1 {
        return Err(ProofFailure::WrongLeaf {
            seq,
            leaf_index: file.leaf_index,
        });
    }
    if event_hash(&file.event) != file.event.hash {
        return Err(ProofFailure::EventChanged { seq });
    }
    merkle::verify_inclusion(
        &tree::leaf_of(&file.event),
        file.leaf_index,
        file.tree_size,
        &unhash(&file.inclusion_proof)?,
        &opened.root,
    )
    .map_err(ProofFailure::Proof)?;
    Ok(Included {
        seq,
        tree_size: file.tree_size,
        origin: opened.origin,
    })
}

fn open_checkpoint(cp: &Checkpoint, verifier: &Verifier) -> Result<note::Opened, ProofFailure> {
    let text = cp
        .note
        .as_deref()
        .ok_or(ProofFailure::NotThirdPartyVerifiable)?;
    note::open(text, verifier).map_err(ProofFailure::Checkpoint)
}

/// Checks that the checkpoint note `old` is a prefix of the checkpoint note
/// `new` by `proof` (base64 hashes), with the note verifier key alone.
pub fn verify_consistency_notes(
    old: &str,
    new: &str,
    proof: &[String],
    verifier: &Verifier,
) -> Result<(u64, u64), ProofFailure> {
    let old = note::open(old, verifier).map_err(ProofFailure::Checkpoint)?;
    let new = note::open(new, verifier).map_err(ProofFailure::Checkpoint)?;
    merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &unhash(proof)?)
        .map_err(ProofFailure::Proof)?;
    Ok((old.size, new.size))
}

/// Checks a consistency file on its own (both notes inside it).
pub fn verify_consistency_file(
    bytes: &[u8],
    verifier: &Verifier,
) -> Result<(u64, u64), ProofFailure> {
    let file: ConsistencyFile =
        serde_json::from_slice(bytes).map_err(|e| ProofFailure::Unreadable(e.to_string()))?;
    let (Some(old), Some(new)) = (file.old.note.as_deref(), file.new.note.as_deref()) else {
        return Err(ProofFailure::NotThirdPartyVerifiable);
    };
    verify_consistency_notes(old, new, &file.consistency_proof, verifier)
}
