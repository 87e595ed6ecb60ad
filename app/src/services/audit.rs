//! The audit chain: every mutation records through [`Auditor::record`]. Recording
//! never fails the user's action, but a failure is logged loudly and counted for
//! the operator console, never dropped silently.
//!
//! - `canonical`: THE canonical form and hash of an event;
//! - `chain`: the append rule (one next seq, unique-insert compare-and-set);
//! - `checkpoint`: signed heads (Ed25519 or HMAC);
//! - `recorder`: the [`Auditor`] (append + periodic checkpoints);
//! - `verify`: the verifier, hot and across the cold archive;
//! - `archive`: the cold archive to object storage;
//! - `merkle`: RFC 9162's tree and proofs (pure); `tree`: that tree kept
//!   over the chain in the store.
//!
//! The event types are the domain's ([`crate::domain::audit`]), re-exported here.
pub mod archive;
pub mod canonical;
pub mod chain;
pub mod checkpoint;
pub mod console;
pub mod ingest;
pub mod merkle;
pub mod note;
pub mod proof;
mod recorder;
pub mod tree;
pub mod verify;

pub use crate::domain::audit::*;
pub use recorder::{Auditor, CHECKPOINT_EVERY};
