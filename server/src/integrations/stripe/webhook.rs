//! Stripe webhook signatures, checked on the raw body before anything is
//! parsed: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]` where each `v1`
//! is HMAC-SHA256(secret, "<t>.<body>"). Any `v1` may match (Stripe signs with
//! every active secret while one is rolled), compared in constant time; the
//! timestamp must be within the tolerance (a captured request replayed later
//! is refused).
use ring::hmac;
use serde::Deserialize;

#[derive(Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// No `Stripe-Signature`, or one without `t=` and a `v1=`.
    MissingSignature,
    /// No `v1` matches: the wrong secret, or a body changed after signing.
    BadSignature,
    /// Signed too long ago (or in the future beyond the tolerance).
    Stale { age_secs: i64 },
    /// Signed correctly but not an event.
    Malformed(String),
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::MissingSignature => write!(f, "billing: webhook: no Stripe-Signature"),
            WebhookError::BadSignature => {
                write!(f, "billing: webhook: the signature does not match")
            }
            WebhookError::Stale { age_secs } => {
                write!(
                    f,
                    "billing: webhook: signed {age_secs} s ago, outside the tolerance"
                )
            }
            WebhookError::Malformed(m) => write!(f, "billing: webhook: not an event: {m}"),
        }
    }
}

/// The part of a Stripe event dezky reads.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    #[serde(default)]
    pub livemode: bool,
    pub data: EventData,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// Checks the signature, then parses the event.
pub fn verify(
    body: &[u8],
    header: Option<&str>,
    secret: &str,
    now_secs: i64,
    tolerance_secs: i64,
) -> Result<Event, WebhookError> {
    let header = header.ok_or(WebhookError::MissingSignature)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", sig)) => {
                if let Ok(bytes) = hex::decode(sig) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let t = timestamp.ok_or(WebhookError::MissingSignature)?;
    if signatures.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut signed = Vec::with_capacity(body.len() + 12);
    signed.extend_from_slice(t.to_string().as_bytes());
    signed.push(b'.');
    signed.extend_from_slice(body);
    // ring's verify compares in constant time.
    if !signatures
        .iter()
        .any(|sig| hmac::verify(&key, &signed, sig).is_ok())
    {
        return Err(WebhookError::BadSignature);
    }
    let age = now_secs - t;
    if age.abs() > tolerance_secs {
        return Err(WebhookError::Stale { age_secs: age });
    }
    serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(e.to_string()))
}

/// The header Stripe would send for `body` at `t` (for tests and the
/// development signer).
pub fn sign(body: &[u8], secret: &str, t: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut signed = t.to_string().into_bytes();
    signed.push(b'.');
    signed.extend_from_slice(body);
    format!(
        "t={t},v1={}",
        hex::encode(hmac::sign(&key, &signed).as_ref())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const BODY: &[u8] =
        br#"{"id":"evt_1","type":"invoice.paid","created":1700000000,"data":{"object":{"id":"in_1"}}}"#;

    #[test]
    fn a_signed_event_verifies_and_parses() {
        let header = sign(BODY, SECRET, 1_700_000_000);
        let event = verify(BODY, Some(&header), SECRET, 1_700_000_100, 300).unwrap();
        assert_eq!(
            (event.id.as_str(), event.kind.as_str()),
            ("evt_1", "invoice.paid")
        );
        assert_eq!(event.data.object["id"], "in_1");
    }

    #[test]
    fn any_v1_may_match_while_a_secret_is_rolled() {
        let good = sign(BODY, SECRET, 1_700_000_000);
        let v1 = good.split(",v1=").nth(1).unwrap();
        let header = format!("t=1700000000,v1={},v1={v1},v0=abc", "00".repeat(32));
        assert!(verify(BODY, Some(&header), SECRET, 1_700_000_000, 300).is_ok());
    }

    #[test]
    fn wrong_secret_changed_body_stale_and_missing_are_refused() {
        let header = sign(BODY, SECRET, 1_700_000_000);
        assert_eq!(
            verify(BODY, Some(&header), "whsec_other", 1_700_000_000, 300),
            Err(WebhookError::BadSignature)
        );
        let changed = String::from_utf8_lossy(BODY).replace("in_1", "in_2");
        assert_eq!(
            verify(
                changed.as_bytes(),
                Some(&header),
                SECRET,
                1_700_000_000,
                300
            ),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify(BODY, Some(&header), SECRET, 1_700_000_301, 300),
            Err(WebhookError::Stale { age_secs: 301 })
        );
        assert_eq!(
            verify(BODY, None, SECRET, 1_700_000_000, 300),
            Err(WebhookError::MissingSignature)
        );
        assert_eq!(
            verify(BODY, Some("t=1700000000"), SECRET, 1_700_000_000, 300),
            Err(WebhookError::MissingSignature)
        );
    }
}
