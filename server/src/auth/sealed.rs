//! Tokens at rest (ASVS 5.0 V10.4 / V14.2): the IdP's access, refresh and ID
//! tokens are sealed with ChaCha20-Poly1305 (ring, already in the build for
//! TLS) before a session is stored, under a key from configuration. The
//! session's id is the associated data, so a sealed token copied into another
//! session's record does not open. Keys rotate: `DEZKY_TOKEN_KEYS` lists
//! `id:base64key` pairs; the first seals, all open (drop an old key once the
//! absolute session timeout has passed since it stopped being first).
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

const PREFIX: &str = "sealed1";

pub struct TokenKeys {
    /// (key id, key); the first one seals.
    keys: Vec<(String, LessSafeKey)>,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("TokenKeys").field("ids", &ids).finish()
    }
}

impl TokenKeys {
    /// From `(id, 32 key bytes)` pairs, the sealing key first.
    pub fn new(keys: &[(String, [u8; 32])]) -> Result<Self, String> {
        if keys.is_empty() {
            return Err("no token key".into());
        }
        let mut out = Vec::with_capacity(keys.len());
        for (id, bytes) in keys {
            if id.is_empty() || id.contains(['.', ':', ',']) {
                return Err(format!("key id {id:?} must be non-empty, without . : ,"));
            }
            let key = UnboundKey::new(&CHACHA20_POLY1305, bytes).map_err(|_| "bad key")?;
            out.push((id.clone(), LessSafeKey::new(key)));
        }
        Ok(Self { keys: out })
    }

    /// A key for this process only: sessions do not survive a restart (for a
    /// development server without `DEZKY_TOKEN_KEYS`).
    pub fn ephemeral() -> Self {
        let bytes: [u8; 32] = rand::random();
        Self::new(&[("ephemeral".to_owned(), bytes)]).unwrap_or(Self { keys: Vec::new() })
    }

    /// Parses `DEZKY_TOKEN_KEYS` (`id:base64,id:base64`).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (id, b64) = pair
                .split_once(':')
                .ok_or_else(|| format!("{pair:?} is not id:base64key"))?;
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .or_else(|_| B64.decode(b64.trim()))
                .map_err(|_| format!("key {id:?} is not base64"))?;
            let bytes: [u8; 32] = raw
                .try_into()
                .map_err(|_| format!("key {id:?} must be 32 bytes (openssl rand -base64 32)"))?;
            keys.push((id.trim().to_owned(), bytes));
        }
        Self::new(&keys)
    }

    /// `sealed1.<key id>.<base64(nonce || ciphertext || tag)>`.
    pub fn seal(&self, session_id: &str, plaintext: &str) -> String {
        let Some((id, key)) = self.keys.first() else {
            return String::new();
        };
        let nonce_bytes: [u8; NONCE_LEN] = rand::random();
        let mut buf = plaintext.as_bytes().to_vec();
        if key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce_bytes),
                Aad::from(session_id.as_bytes()),
                &mut buf,
            )
            .is_err()
        {
            return String::new();
        }
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&buf);
        format!("{PREFIX}.{id}.{}", B64.encode(out))
    }

    /// The token, if `sealed` was sealed for this session under a known key.
    pub fn open(&self, session_id: &str, sealed: &str) -> Option<String> {
        let mut parts = sealed.splitn(3, '.');
        if parts.next()? != PREFIX {
            return None;
        }
        let id = parts.next()?;
        let (_, key) = self.keys.iter().find(|(k, _)| k == id)?;
        let raw = B64.decode(parts.next()?).ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, rest) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = rest.to_vec();
        let plain = key
            .open_in_place(nonce, Aad::from(session_id.as_bytes()), &mut buf)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_tokens_open_only_for_their_session_and_known_keys() {
        let keys = TokenKeys::new(&[("k1".into(), [7; 32])]).unwrap();
        let sealed = keys.seal("session-a", "refresh-token-value");
        assert!(sealed.starts_with("sealed1.k1."));
        assert!(!sealed.contains("refresh-token-value"));
        assert_ne!(
            sealed,
            keys.seal("session-a", "refresh-token-value"),
            "fresh nonce"
        );
        assert_eq!(
            keys.open("session-a", &sealed).as_deref(),
            Some("refresh-token-value")
        );
        assert_eq!(
            keys.open("session-b", &sealed),
            None,
            "bound to its session"
        );
        assert_eq!(
            keys.open("session-a", "refresh-token-value"),
            None,
            "clear text"
        );
        // One character of the ciphertext changed (never to itself: a
        // fixed replacement was a no-op one time in 64).
        let at = sealed.len() - 5;
        let was = sealed.as_bytes()[at];
        let mut tampered = sealed.clone();
        tampered.replace_range(at..=at, if was == b'A' { "B" } else { "A" });
        assert_ne!(tampered, sealed);
        assert_eq!(keys.open("session-a", &tampered), None);
        let other = TokenKeys::new(&[("k1".into(), [8; 32])]).unwrap();
        assert_eq!(other.open("session-a", &sealed), None, "wrong key");
    }

    #[test]
    fn rotation_seals_with_the_first_and_opens_with_any() {
        let old = TokenKeys::new(&[("k1".into(), [1; 32])]).unwrap();
        let sealed_old = old.seal("s", "t");
        let rotated = TokenKeys::new(&[("k2".into(), [2; 32]), ("k1".into(), [1; 32])]).unwrap();
        assert_eq!(rotated.open("s", &sealed_old).as_deref(), Some("t"));
        assert!(rotated.seal("s", "t").starts_with("sealed1.k2."));
    }

    #[test]
    fn the_configuration_form_is_checked() {
        let b64 = base64::engine::general_purpose::STANDARD.encode([3u8; 32]);
        assert!(TokenKeys::parse(&format!("k1:{b64}")).is_ok());
        assert!(TokenKeys::parse("k1:short").is_err());
        assert!(TokenKeys::parse("nocolon").is_err());
        assert!(TokenKeys::parse("").is_err());
    }
}
