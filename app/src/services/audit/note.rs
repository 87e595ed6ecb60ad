//! Checkpoints as the transparency-log ecosystem writes them: the C2SP
//! `tlog-checkpoint` body (origin line, tree size, base64 root hash) in a
//! C2SP `signed-note` with an Ed25519 signature, so any note verifier (Go's
//! `golang.org/x/mod/sumdb/note`, the witnesses) checks a dezky checkpoint
//! with nothing but the verifier key `name+hash+base64(0x01 || key)`.
//!
//! The signature line is `— <key name> base64(key hash (4 bytes) ||
//! signature)`; the key hash is the first four bytes of SHA-256(name || "\n"
//! || 0x01 || public key). Checked against a note made by Go's reference
//! implementation (`dev/note/main.go`).
use super::merkle::Hash;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The algorithm byte of Ed25519 keys in signed notes.
const ED25519: u8 = 0x01;
/// The em dash that opens a signature line.
const DASH: &str = "\u{2014} ";

/// Why a note does not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteError {
    /// The verifier key is not `name+hash+base64`, or not an Ed25519 key.
    BadKey(&'static str),
    /// The note is not a body, a blank line and signature lines.
    Malformed(&'static str),
    /// No signature line is by the key given (another key signed it).
    NotSignedByKey,
    /// A signature by the key's name and hash does not verify.
    BadSignature,
}

impl std::fmt::Display for NoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoteError::BadKey(why) => write!(f, "the public key is not a note verifier key: {why}"),
            NoteError::Malformed(why) => write!(f, "the checkpoint is malformed: {why}"),
            NoteError::NotSignedByKey => f.write_str("the checkpoint is not signed by this key"),
            NoteError::BadSignature => {
                f.write_str("the checkpoint's signature does not verify under this key")
            }
        }
    }
}

/// The 4-byte key hash that names a key in signature lines.
pub fn key_hash(name: &str, key: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(key.to_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// The verifier key: `name+<key hash hex>+base64(0x01 || key)`.
pub fn verifier_key(name: &str, key: &VerifyingKey) -> String {
    let mut bytes = vec![ED25519];
    bytes.extend_from_slice(&key.to_bytes());
    format!(
        "{name}+{}+{}",
        hex::encode(key_hash(name, key)),
        B64.encode(bytes)
    )
}

/// A parsed verifier key.
pub struct Verifier {
    pub name: String,
    hash: [u8; 4],
    key: VerifyingKey,
}

impl Verifier {
    pub fn parse(vkey: &str) -> Result<Self, NoteError> {
        let vkey = vkey.trim();
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(hash), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::BadKey("expected name+hash+key"));
        };
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            return Err(NoteError::BadKey("the name is empty or has spaces"));
        }
        let hash: [u8; 4] = hex::decode(hash)
            .ok()
            .and_then(|h| h.try_into().ok())
            .ok_or(NoteError::BadKey("the key hash is not 8 hex digits"))?;
        let bytes = B64
            .decode(key)
            .map_err(|_| NoteError::BadKey("the key is not base64"))?;
        let Some((&ED25519, raw)) = bytes.split_first() else {
            return Err(NoteError::BadKey("not an Ed25519 key"));
        };
        let raw: [u8; 32] = raw
            .try_into()
            .map_err(|_| NoteError::BadKey("an Ed25519 key is 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&raw)
            .map_err(|_| NoteError::BadKey("not a valid Ed25519 key"))?;
        if key_hash(name, &key) != hash {
            return Err(NoteError::BadKey("the key hash does not match the key"));
        }
        Ok(Self {
            name: name.to_owned(),
            hash,
            key,
        })
    }
}

/// The checkpoint body: origin, size and root, each on its own line.
pub fn checkpoint_body(origin: &str, size: u64, root: &Hash) -> String {
    format!("{origin}\n{size}\n{}\n", B64.encode(root))
}

/// Signs `body` (ending in a newline) as `name`: the whole signed note.
pub fn sign(body: &str, name: &str, key: &SigningKey) -> String {
    let mut sig = key_hash(name, &key.verifying_key()).to_vec();
    sig.extend_from_slice(&key.sign(body.as_bytes()).to_bytes());
    format!("{body}\n{DASH}{name} {}\n", B64.encode(sig))
}

/// What a verified checkpoint says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

/// Verifies `note` under `verifier` and reads its checkpoint body.
pub fn open(note: &str, verifier: &Verifier) -> Result<Opened, NoteError> {
    let Some(split) = note.rfind("\n\n") else {
        return Err(NoteError::Malformed("no blank line before the signatures"));
    };
    let (body, sigs) = (&note[..=split], &note[split + 2..]);
    if !sigs.ends_with('\n') {
        return Err(NoteError::Malformed(
            "the signatures do not end in a newline",
        ));
    }
    let mut ours = None;
    for line in sigs.lines() {
        let rest = line.strip_prefix(DASH).ok_or(NoteError::Malformed(
            "a signature line does not start with —",
        ))?;
        let (name, sig) = rest
            .split_once(' ')
            .ok_or(NoteError::Malformed("a signature line has no signature"))?;
        let sig = B64
            .decode(sig)
            .map_err(|_| NoteError::Malformed("a signature is not base64"))?;
        if name == verifier.name && sig.len() >= 4 && sig[..4] == verifier.hash {
            ours = Some(sig[4..].to_vec());
        }
    }
    let sig = ours.ok_or(NoteError::NotSignedByKey)?;
    let sig = ed25519_dalek::Signature::from_slice(&sig).map_err(|_| NoteError::BadSignature)?;
    verifier
        .key
        .verify_strict(body.as_bytes(), &sig)
        .map_err(|_| NoteError::BadSignature)?;
    let mut lines = body.lines();
    let origin = lines
        .next()
        .filter(|o| !o.is_empty())
        .ok_or(NoteError::Malformed("no origin line"))?;
    let size = lines
        .next()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or(NoteError::Malformed("the tree size is not a number"))?;
    let root: Hash = lines
        .next()
        .and_then(|r| B64.decode(r).ok())
        .and_then(|r| r.try_into().ok())
        .ok_or(NoteError::Malformed(
            "the root hash is not 32 bytes of base64",
        ))?;
    Ok(Opened {
        origin: origin.to_owned(),
        size,
        root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by Go's `golang.org/x/mod/sumdb/note` (`dev/note/main.go`) for the
    /// key with seed [7; 32].
    const GO_VKEY: &str =
        "dezky.example/audit+f77a49e7+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";
    const GO_NOTE: &str = "dezky.example/audit\n12\nq2mJ7wO5ADDbVG7RSjWUgDQVV+0VlsFcTxULvn5qTKY=\n\n\u{2014} dezky.example/audit 93pJ5wl1uI1gykxkVR4zmcT/fbenmxygNQyX5J/PFWwZxOI/wgESoorKfHL27vv3q70kGNy8VPoUFHHzWQZic8NhpgA=\n";

    #[test]
    fn notes_match_the_go_reference_byte_for_byte_and_tampering_is_named() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let name = "dezky.example/audit";
        assert_eq!(verifier_key(name, &key.verifying_key()), GO_VKEY);
        let root: Hash = B64
            .decode("q2mJ7wO5ADDbVG7RSjWUgDQVV+0VlsFcTxULvn5qTKY=")
            .unwrap()
            .try_into()
            .unwrap();
        let body = checkpoint_body(name, 12, &root);
        assert_eq!(sign(&body, name, &key), GO_NOTE);
        let v = Verifier::parse(GO_VKEY).unwrap();
        assert_eq!(
            open(GO_NOTE, &v),
            Ok(Opened {
                origin: name.into(),
                size: 12,
                root
            })
        );
        // A moved size, another key, a broken key.
        let moved = GO_NOTE.replacen("\n12\n", "\n13\n", 1);
        assert_eq!(open(&moved, &v), Err(NoteError::BadSignature));
        let other = SigningKey::from_bytes(&[8; 32]);
        let resigned = sign(&body, name, &other);
        assert_eq!(open(&resigned, &v), Err(NoteError::NotSignedByKey));
        assert_eq!(
            open("no signatures", &v).map(|_| ()),
            Err(NoteError::Malformed("no blank line before the signatures"))
        );
        assert!(matches!(
            Verifier::parse(
                "dezky.example/audit+00000000+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs"
            ),
            Err(NoteError::BadKey(_))
        ));
        assert!(matches!(
            Verifier::parse("just-a-name"),
            Err(NoteError::BadKey(_))
        ));
    }
}
