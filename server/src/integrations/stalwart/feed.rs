//! Stalwart's server log (`x:Log`, read with `/query` sorted by timestamp and
//! `/get`) as an audit feed: sign-ins to mailboxes, failed sign-ins, and
//! addresses banned for them. dezky's own administrator sign-ins and
//! everything else the log holds (deliveries, queues, housekeeping) are
//! consumed but not audited. Stalwart writes an entry's facts into its
//! `details` as `key = value` pairs; the ones read here are `accountName`
//! and `remoteIp`.
use super::adapter::{Stalwart, list};
use crate::integrations::http_api::rfc3339_millis;
use app::domain::audit::{ActorType, AuditRecord, Outcome, Source};
use app::ports::event_feed::{EventFeed, FeedEvent, FeedItem, FeedPage};
use async_trait::async_trait;
use serde_json::{Value, json};

/// Log entries per page (offsets are multiples of it).
pub const PAGE_SIZE: u32 = 200;

#[async_trait]
impl EventFeed for Stalwart {
    fn source(&self) -> Source {
        Source::Stalwart
    }

    fn target(&self) -> String {
        format!("{}jmap x:Log", self.api_base())
    }

    fn page_size(&self) -> u32 {
        PAGE_SIZE
    }

    async fn read(&self, offset: u64) -> Result<FeedPage, String> {
        const OP: &str = "read the server log";
        let answers = self
            .call(
                OP,
                vec![
                    (
                        "x:Log/query",
                        json!({
                            "sort": [{"property": "timestamp", "isAscending": true}],
                            "position": offset,
                            "limit": PAGE_SIZE,
                            "calculateTotal": true,
                        }),
                    ),
                    (
                        "x:Log/get",
                        json!({
                            "#ids": {"resultOf": "0", "name": "x:Log/query", "path": "/ids"},
                            "properties": ["timestamp", "level", "event", "details"],
                        }),
                    ),
                ],
                true,
            )
            .await
            .map_err(|e| e.to_string())?;
        let total = answers
            .first()
            .and_then(|q| q["total"].as_u64())
            .ok_or("mail: read the server log: a /query answer without its total")?;
        let entries = list(OP, answers.get(1)).map_err(|e| e.to_string())?;
        let items = entries
            .iter()
            .map(|e| item(e, self.admin_user()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FeedPage {
            log: None,
            more: offset + (items.len() as u64) < total,
            items,
        })
    }
}

fn item(entry: &Value, admin: &str) -> Result<FeedItem, String> {
    let id = entry["id"]
        .as_str()
        .ok_or("mail: a log entry without an id")?
        .to_owned();
    let at = entry["timestamp"]
        .as_str()
        .and_then(rfc3339_millis)
        .ok_or_else(|| format!("mail: log entry {id}: unreadable timestamp"))?;
    Ok(FeedItem {
        event: event(entry, admin),
        id,
        at,
    })
}

/// The value of `key = value` in a log entry's details (quotes removed).
fn detail(details: &str, key: &str) -> Option<String> {
    let mut rest = details;
    while let Some(i) = rest.find(key) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + key.len()..].trim_start();
        rest = &rest[i + key.len()..];
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or_default().to_owned(),
            None => value
                .split([',', ')', ' '])
                .next()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    None
}

/// What a log entry is in the audit log, if anything.
fn event(entry: &Value, admin: &str) -> Option<FeedEvent> {
    let kind = entry["event"].as_str()?;
    let details = entry["details"].as_str().unwrap_or_default();
    let account = detail(details, "accountName").unwrap_or_default();
    let ip = detail(details, "remoteIp").unwrap_or_default();
    let (action, outcome) = match kind {
        "auth.success" if account == admin => return None,
        "auth.success" => ("mail.sign_in", Outcome::Success),
        "auth.failed" => ("mail.sign_in", Outcome::Failure),
        "auth.too-many-attempts" => ("mail.sign_in", Outcome::Denied),
        "security.authentication-ban"
        | "security.abuse-ban"
        | "security.scan-ban"
        | "security.loiter-ban" => ("mail.address_banned", Outcome::Denied),
        "security.unauthorized" => ("mail.access_denied", Outcome::Denied),
        _ => return None,
    };
    let banned = action == "mail.address_banned";
    let emails = if account.contains('@') {
        vec![account.clone()]
    } else {
        Vec::new()
    };
    let record = AuditRecord {
        actor_type: if banned {
            ActorType::System
        } else {
            ActorType::User
        },
        actor_email: if banned {
            String::new()
        } else {
            account.clone()
        },
        actor_ip: ip.clone(),
        action: action.into(),
        outcome,
        resource_type: if banned { "ip" } else { "mailbox" }.into(),
        resource_id: if banned { ip } else { account.clone() },
        resource_name: account,
        metadata: json!({ "stalwartEvent": kind, "level": entry["level"] }),
        ..AuditRecord::default()
    };
    Some(FeedEvent { record, emails })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_and_bans_map_to_audit_fields_and_the_admin_is_left_out() {
        let entry = |event: &str, details: &str| json!({"id": "l1", "timestamp": "2026-12-04T05:06:07Z", "level": "warn", "event": event, "details": details});
        let failed = entry(
            "auth.failed",
            r#"Authentication failed (accountName = "bo@fjord.dk", remoteIp = 10.1.2.3, listenerId = "imap")"#,
        );
        let i = item(&failed, "admin").unwrap();
        assert_eq!(i.at, 1_796_360_767_000);
        let e = i.event.unwrap();
        assert_eq!(e.emails, ["bo@fjord.dk"]);
        let e = e.record;
        assert_eq!(
            (e.action.as_str(), e.outcome),
            ("mail.sign_in", Outcome::Failure)
        );
        assert_eq!(
            (e.actor_email.as_str(), e.actor_ip.as_str()),
            ("bo@fjord.dk", "10.1.2.3")
        );

        let admin = entry(
            "auth.success",
            r#"(accountName = "admin", remoteIp = 127.0.0.1)"#,
        );
        assert!(event(&admin, "admin").is_none());
        let ban = entry("security.authentication-ban", "remoteIp = 10.9.9.9");
        let e = event(&ban, "admin").unwrap().record;
        assert_eq!(
            (e.resource_type.as_str(), e.resource_id.as_str()),
            ("ip", "10.9.9.9")
        );
        assert!(event(&entry("delivery.completed", ""), "admin").is_none());
        assert!(item(&json!({"id": "x", "timestamp": "soon"}), "admin").is_err());
        // A key inside another word is not the key.
        assert_eq!(
            detail("myaccountName = 1, accountName = 2", "accountName").as_deref(),
            Some("2")
        );
    }
}
