//! Checkpoints sign the chain head: `{ at, headSeq, headHash, signature, sigAlg,
//! keyId, reason }`. The signed message is the canonical JSON of every field but
//! `signature`. HMAC-SHA-256 (`AUDIT_SIGNING_KEY`, kept outside the store) or
//! Ed25519 (the public key is published, so anyone can verify); the verifier
//! picks by `sigAlg`.
use super::canonical::{canonical, rfc3339_millis, sha256_hex};
use crate::domain::model::Millis;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigAlg {
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    #[serde(rename = "ed25519")]
    Ed25519,
}

impl SigAlg {
    pub fn as_str(self) -> &'static str {
        match self {
            SigAlg::HmacSha256 => "hmac-sha256",
            SigAlg::Ed25519 => "ed25519",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    Startup,
    Interval,
    Threshold,
    Manual,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    #[serde(default)]
    pub id: String,
    pub at: Millis,
    pub head_seq: u64,
    pub head_hash: String,
    pub signature: String,
    pub sig_alg: SigAlg,
    pub key_id: String,
    pub reason: Reason,
    /// The Merkle tree's root at `headSeq` leaves, base64 (absent in
    /// checkpoints from before the tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_hash: Option<String>,
    /// The same head as a C2SP signed note (Ed25519 keys only): what a third
    /// party verifies with the published verifier key alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub version: u64,
}

impl Checkpoint {
    /// The bytes that are signed.
    pub fn message(&self) -> String {
        let mut message = json!({
            "at": rfc3339_millis(self.at),
            "headSeq": self.head_seq,
            "headHash": self.head_hash,
            "sigAlg": self.sig_alg.as_str(),
            "keyId": self.key_id,
            "reason": self.reason,
        });
        if let Some(root) = &self.root_hash {
            message["rootHash"] = json!(root);
        }
        canonical(&message)
    }
}

/// A tree root as a checkpoint records it (`rootHash`): base64, like the
/// signed note's root line.
pub fn root_text(root: &super::merkle::Hash) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(root)
}

/// The key that signs new checkpoints.
#[derive(Clone)]
pub enum SigningKeyConfig {
    Hmac(Vec<u8>),
    Ed25519(Box<SigningKey>),
}

impl std::fmt::Debug for SigningKeyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SigningKeyConfig::Hmac(_) => "Hmac([redacted])",
            SigningKeyConfig::Ed25519(_) => "Ed25519([redacted])",
        })
    }
}

/// The keys a verifier holds: the HMAC secret (operators, auditors under NDA)
/// and/or Ed25519 public keys (anyone).
#[derive(Clone, Default)]
pub struct VerifyKeys {
    pub hmac: Option<Vec<u8>>,
    pub ed25519: Vec<VerifyingKey>,
}

type HmacSha256 = Hmac<Sha256>;

/// `hmac-<first 16 hex of sha256(key)>`: names the key without revealing it.
pub fn hmac_key_id(key: &[u8]) -> String {
    format!("hmac-{}", &sha256_hex(key)[..16])
}

/// `ed25519-<first 16 hex of the public key>`.
pub fn ed25519_key_id(key: &VerifyingKey) -> String {
    format!("ed25519-{}", &hex::encode(key.to_bytes())[..16])
}

impl SigningKeyConfig {
    pub fn alg(&self) -> SigAlg {
        match self {
            SigningKeyConfig::Hmac(_) => SigAlg::HmacSha256,
            SigningKeyConfig::Ed25519(_) => SigAlg::Ed25519,
        }
    }

    pub fn key_id(&self) -> String {
        match self {
            SigningKeyConfig::Hmac(k) => hmac_key_id(k),
            SigningKeyConfig::Ed25519(k) => ed25519_key_id(&k.verifying_key()),
        }
    }

    /// The keys that verify what this key signs.
    pub fn verify_keys(&self) -> VerifyKeys {
        match self {
            SigningKeyConfig::Hmac(k) => VerifyKeys {
                hmac: Some(k.clone()),
                ed25519: vec![],
            },
            SigningKeyConfig::Ed25519(k) => VerifyKeys {
                hmac: None,
                ed25519: vec![k.verifying_key()],
            },
        }
    }

    /// A signed checkpoint of `(head_seq, head_hash)` and, when given, the
    /// tree's root at `head_seq` leaves with the note naming `origin`.
    pub fn sign(
        &self,
        at: Millis,
        head: (u64, &str),
        tree: Option<(&str, &super::merkle::Hash)>,
        reason: Reason,
    ) -> Checkpoint {
        let (head_seq, head_hash) = head;
        let mut cp = Checkpoint {
            id: String::new(),
            at,
            head_seq,
            head_hash: head_hash.to_owned(),
            signature: String::new(),
            sig_alg: self.alg(),
            key_id: self.key_id(),
            reason,
            root_hash: None,
            note: None,
            version: 1,
        };
        if let Some((origin, root)) = tree {
            cp.root_hash = Some(root_text(root));
            if let SigningKeyConfig::Ed25519(k) = self {
                let body = super::note::checkpoint_body(origin, head_seq, root);
                cp.note = Some(super::note::sign(&body, origin, k));
            }
        }
        cp.signature = self.sign_message(&cp.message());
        cp
    }

    /// The hex signature of `message` (checkpoints and archive manifests share
    /// this, so one key and one verifier cover both).
    pub fn sign_message(&self, message: &str) -> String {
        match self {
            SigningKeyConfig::Hmac(k) => match <HmacSha256 as KeyInit>::new_from_slice(k) {
                Ok(mut mac) => {
                    mac.update(message.as_bytes());
                    hex::encode(mac.finalize().into_bytes())
                }
                Err(_) => String::new(),
            },
            SigningKeyConfig::Ed25519(k) => hex::encode(k.sign(message.as_bytes()).to_bytes()),
        }
    }
}

impl VerifyKeys {
    /// True when the signature is valid under a key of the checkpoint's
    /// algorithm and key id.
    pub fn verify(&self, cp: &Checkpoint) -> bool {
        self.verify_message(cp.sig_alg, &cp.key_id, &cp.message(), &cp.signature)
    }

    /// True when `signature` (hex) signs `message` under a key of `alg` named
    /// `key_id`.
    pub fn verify_message(
        &self,
        alg: SigAlg,
        key_id: &str,
        message: &str,
        signature: &str,
    ) -> bool {
        let Ok(signature) = hex::decode(signature) else {
            return false;
        };
        match alg {
            SigAlg::HmacSha256 => self.hmac.as_ref().is_some_and(|k| {
                hmac_key_id(k) == key_id
                    && <HmacSha256 as KeyInit>::new_from_slice(k).is_ok_and(|mut mac| {
                        mac.update(message.as_bytes());
                        mac.verify_slice(&signature).is_ok()
                    })
            }),
            SigAlg::Ed25519 => {
                let Ok(sig) = ed25519_dalek::Signature::from_slice(&signature) else {
                    return false;
                };
                self.ed25519
                    .iter()
                    .filter(|k| ed25519_key_id(k) == key_id)
                    .any(|k| k.verify_strict(message.as_bytes(), &sig).is_ok())
            }
        }
    }

    /// Whether these keys can check checkpoints of `alg` at all.
    pub fn can_verify(&self, alg: SigAlg) -> bool {
        match alg {
            SigAlg::HmacSha256 => self.hmac.is_some(),
            SigAlg::Ed25519 => !self.ed25519.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_algorithms_sign_and_verify_and_detect_tampering() {
        let hmac = SigningKeyConfig::Hmac(b"a secret kept outside the store".to_vec());
        let ed = SigningKeyConfig::Ed25519(Box::new(SigningKey::from_bytes(&[7u8; 32])));
        for key in [hmac, ed] {
            let keys = key.verify_keys();
            let cp = key.sign(
                1_795_981_325_000,
                (42, "ab".repeat(32).as_str()),
                Some(("dezky.test/audit", &[9; 32])),
                Reason::Manual,
            );
            assert_eq!(cp.note.is_some(), key.alg() == SigAlg::Ed25519);
            let mut rerooted = cp.clone();
            rerooted.root_hash = Some("AAAA".into());
            assert!(!keys.verify(&rerooted), "the root is signed");
            assert!(keys.verify(&cp), "{:?}", key.alg());
            let mut moved = cp.clone();
            moved.head_seq = 43;
            assert!(!keys.verify(&moved), "a moved head is detected");
            let mut forged = cp.clone();
            forged.signature = "00".repeat(cp.signature.len() / 2);
            assert!(!keys.verify(&forged));
            assert!(!VerifyKeys::default().verify(&cp), "no key, no trust");
        }
    }
}
