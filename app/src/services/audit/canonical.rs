//! THE canonical form of audit events, in exactly one place. An event's hash is
//! `sha256(canonical(event without hash))`, hex-encoded.
//!
//! Canonical JSON: object keys sorted by their UTF-8 bytes; no whitespace;
//! strings escaped as `serde_json` does (`"` `\` and control characters only,
//! everything else raw UTF-8); integers in plain decimal; other numbers in the
//! shortest form that round-trips (ryu); `at` as RFC 3339 UTC with milliseconds
//! (`2026-11-29T19:42:05.000Z`). Golden vectors in `app/tests/vectors/` were made
//! by an independent implementation (Python's `json.dumps(sort_keys=True,
//! separators=(",", ":"), ensure_ascii=False)` and `hashlib.sha256`).
use super::AuditRecord;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `prevHash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Writes `value` in canonical form.
pub fn canonical(value: &Value) -> String {
    let mut out = Vec::with_capacity(256);
    write(value, &mut out);
    // Only valid UTF-8 is ever written (serde_json strings and ASCII).
    String::from_utf8(out).unwrap_or_default()
}

/// A JSON string or scalar, as serde_json writes it compactly (canonical
/// already); writing to a Vec cannot fail.
fn scalar<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(&mut *out, value);
}

fn write(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                scalar(key.as_str(), out);
                out.push(b':');
                write(v, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out);
            }
            out.push(b']');
        }
        other => scalar(other, out),
    }
}

/// Milliseconds since the epoch as RFC 3339 UTC with milliseconds.
pub fn rfc3339_millis(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::format::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// The event as hashed: every field but `hash`, with `at` as RFC 3339 (the
/// record's own serde form, so the field list lives on the struct).
pub fn event_value(e: &AuditRecord) -> Value {
    let mut value = serde_json::to_value(e).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut value {
        m.remove("hash");
        m.insert("at".into(), rfc3339_millis(e.at).into());
    }
    value
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `sha256(canonical(event without hash))`.
///
/// The verifier's hot path: the canonical bytes of [`event_value`] are written
/// straight from the record (keys in their sorted order, no intermediate map);
/// a test holds the two paths equal.
pub fn event_hash(e: &AuditRecord) -> String {
    sha256_hex(&event_bytes(e))
}

/// The canonical bytes of the event without its hash: what its hash and its
/// Merkle leaf hash are taken over.
pub fn event_bytes(e: &AuditRecord) -> Vec<u8> {
    /// `"key":value,` with the value as serde_json writes it.
    fn field<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) {
        scalar(key, out);
        out.push(b':');
        scalar(value, out);
        out.push(b',');
    }
    let mut bytes = Vec::with_capacity(512);
    let out = &mut bytes;
    out.push(b'{');
    field(out, "action", &e.action);
    field(out, "actorEmail", &e.actor_email);
    field(out, "actorId", &e.actor_id);
    field(out, "actorIp", &e.actor_ip);
    field(out, "actorType", &e.actor_type);
    field(out, "at", &rfc3339_millis(e.at));
    // Metadata is free-form: its keys are sorted like every object's.
    scalar("metadata", out);
    out.push(b':');
    write(&e.metadata, out);
    out.push(b',');
    field(out, "outcome", &e.outcome);
    field(out, "partnerSlug", &e.partner_slug);
    field(out, "prevHash", &e.prev_hash);
    field(out, "resourceId", &e.resource_id);
    field(out, "resourceName", &e.resource_name);
    field(out, "resourceType", &e.resource_type);
    field(out, "seq", &e.seq);
    field(out, "source", &e.source);
    field(out, "tenantSlug", &e.tenant_slug);
    // The last comma closes the object instead.
    out.pop();
    out.push(b'}');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Golden vectors: made by an independent implementation, committed as a file.
    #[test]
    fn golden_vectors() {
        let vectors: Value =
            serde_json::from_str(include_str!("../../../tests/vectors/audit_canonical.json"))
                .expect("vectors");
        let cases = vectors["events"].as_array().expect("events");
        assert!(cases.len() >= 3);
        for case in cases {
            let event: AuditRecord = serde_json::from_value(case["event"].clone()).expect("event");
            let name = case["name"].as_str().unwrap_or("?");
            assert_eq!(
                canonical(&event_value(&event)),
                case["canonical"].as_str().expect("canonical"),
                "{name}"
            );
            assert_eq!(
                event_hash(&event),
                case["hash"].as_str().expect("hash"),
                "{name}"
            );
        }
        for case in vectors["values"].as_array().expect("values") {
            assert_eq!(
                canonical(&case["value"]),
                case["canonical"].as_str().expect("canonical")
            );
        }
    }

    /// The verifier's direct writer and the generic form agree on every shape.
    #[test]
    fn the_fast_hash_is_the_hash_of_the_canonical_form() {
        use super::super::{ActorType, Outcome, Source};
        let base = AuditRecord {
            seq: 7,
            at: 1_795_981_325_007,
            actor_type: ActorType::User,
            actor_id: "u1".into(),
            actor_email: "øjvind@fjord.dk".into(),
            actor_ip: "203.0.113.9".into(),
            action: "tenant.updated".into(),
            outcome: Outcome::Denied,
            resource_type: "tenant".into(),
            resource_id: "t1".into(),
            resource_name: "Fjord \"Tand\"\nklinik\u{1}".into(),
            tenant_slug: Some("fjord-tandklinik".into()),
            partner_slug: None,
            source: Source::Stalwart,
            metadata: json!({"diff": {"Zeta": {"from": 1.5, "to": null}, "alpha": {"from": [true], "to": "æ"}}}),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let mut variants = vec![base.clone()];
        let mut v = base.clone();
        v.tenant_slug = None;
        v.partner_slug = Some("nordlys-it".into());
        v.actor_type = ActorType::System;
        v.metadata = json!(null);
        variants.push(v);
        let mut v = base;
        v.metadata = json!([{"b": 2, "a": 1}, "x", -3, 1e21]);
        v.at = 0;
        v.seq = u64::MAX;
        variants.push(v);
        for e in variants {
            assert_eq!(
                event_hash(&e),
                sha256_hex(canonical(&event_value(&e)).as_bytes()),
                "{e:?}"
            );
        }
    }

    #[test]
    fn key_order_and_whitespace_do_not_matter() {
        let a: Value =
            serde_json::from_str(r#"{ "b": 1, "a": { "d": [1, 2], "c": "x" } }"#).expect("json");
        let b = json!({"a": {"c": "x", "d": [1, 2]}, "b": 1});
        assert_eq!(canonical(&a), canonical(&b));
        assert_eq!(canonical(&a), r#"{"a":{"c":"x","d":[1,2]},"b":1}"#);
    }

    #[test]
    fn times_are_rfc3339_utc_millis() {
        assert_eq!(rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339_millis(1_795_981_325_007),
            "2026-11-29T19:42:05.007Z"
        );
        assert_eq!(
            rfc3339_millis(1_709_164_800_000),
            "2024-02-29T00:00:00.000Z"
        );
    }
}
