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
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// `prevHash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Writes `value` in canonical form.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        // Scalars: serde_json's compact output is already canonical.
        scalar => out.push_str(&scalar.to_string()),
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

/// The event as hashed: every field but `hash`, with `at` as RFC 3339.
pub fn event_value(e: &AuditRecord) -> Value {
    let mut m = Map::new();
    m.insert("seq".into(), e.seq.into());
    m.insert("at".into(), rfc3339_millis(e.at).into());
    let text = |v: &str| Value::String(v.to_owned());
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, text);
    let tag = |v: Value| v;
    m.insert(
        "actorType".into(),
        tag(serde_json::to_value(e.actor_type).unwrap_or(Value::Null)),
    );
    m.insert("actorId".into(), text(&e.actor_id));
    m.insert("actorEmail".into(), text(&e.actor_email));
    m.insert("actorIp".into(), text(&e.actor_ip));
    m.insert("action".into(), text(&e.action));
    m.insert(
        "outcome".into(),
        tag(serde_json::to_value(e.outcome).unwrap_or(Value::Null)),
    );
    m.insert("resourceType".into(), text(&e.resource_type));
    m.insert("resourceId".into(), text(&e.resource_id));
    m.insert("resourceName".into(), text(&e.resource_name));
    m.insert("tenantSlug".into(), opt(&e.tenant_slug));
    m.insert("partnerSlug".into(), opt(&e.partner_slug));
    m.insert(
        "source".into(),
        tag(serde_json::to_value(e.source).unwrap_or(Value::Null)),
    );
    m.insert("metadata".into(), e.metadata.clone());
    m.insert("prevHash".into(), text(&e.prev_hash));
    Value::Object(m)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `sha256(canonical(event without hash))`.
pub fn event_hash(e: &AuditRecord) -> String {
    sha256_hex(canonical(&event_value(e)).as_bytes())
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
