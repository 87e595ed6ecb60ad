//! Authentik's event log (`GET events/events/?ordering=created`) as an audit
//! feed: sign-ins, failed sign-ins, sign-outs, password changes and changes
//! to users and other objects. Flow, policy and task executions are consumed
//! but not audited (they say how, not what).
use super::adapter::Authentik;
use super::wire;
use crate::integrations::http_api::rfc3339_millis;
use app::domain::System;
use app::domain::audit::{ActorType, AuditRecord, Outcome, Source};
use app::ports::api_error::ApiError;
use app::ports::event_feed::{EventFeed, FeedEvent, FeedItem, FeedPage};
use async_trait::async_trait;
use serde_json::{Value, json};

/// Events per page (offsets are multiples of it).
pub const PAGE_SIZE: u32 = 100;

#[async_trait]
impl EventFeed for Authentik {
    fn source(&self) -> Source {
        Source::Authentik
    }

    fn target(&self) -> String {
        format!("{}events/events/", self.api_base())
    }

    fn page_size(&self) -> u32 {
        PAGE_SIZE
    }

    async fn read(&self, offset: u64) -> Result<FeedPage, String> {
        let page = offset / u64::from(PAGE_SIZE) + 1;
        let answer: wire::Paginated<wire::Event> = self
            .api()
            .json(
                reqwest::Method::GET,
                "events/events/",
                &[
                    ("ordering", "created".to_owned()),
                    ("page", page.to_string()),
                    ("page_size", PAGE_SIZE.to_string()),
                ],
                None::<&()>,
            )
            .await
            .map_err(|f| {
                ApiError::new(System::Identity, "read the event log", f.kind()).to_string()
            })?;
        let items = answer
            .results
            .into_iter()
            .map(item)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FeedPage {
            log: None,
            items,
            more: answer.pagination.next >= 1.0,
        })
    }
}

fn item(e: wire::Event) -> Result<FeedItem, String> {
    let at = rfc3339_millis(&e.created)
        .ok_or_else(|| format!("event {}: unreadable time {:?}", e.pk, e.created))?;
    Ok(FeedItem {
        event: event(&e),
        id: e.pk,
        at,
    })
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// What an Authentik event is in the audit log, if anything.
fn event(e: &wire::Event) -> Option<FeedEvent> {
    let user = &e.user;
    let email = text(user, "email");
    let anonymous = user.get("is_anonymous").and_then(Value::as_bool) == Some(true);
    let mut out = AuditRecord {
        actor_type: if anonymous {
            ActorType::System
        } else if text(user, "username").starts_with("ak-") {
            // Authentik's service accounts (dezky's own provisioning).
            ActorType::Service
        } else {
            ActorType::User
        },
        actor_id: text(user, "pk"),
        actor_email: email.clone(),
        actor_ip: e.client_ip.clone().unwrap_or_default(),
        metadata: json!({ "authentikAction": e.action }),
        ..AuditRecord::default()
    };
    let mut emails = Vec::new();
    let model = e.context.get("model").cloned().unwrap_or(Value::Null);
    let person = |out: &mut AuditRecord| {
        out.resource_type = "user".into();
        out.resource_id = out.actor_id.clone();
        out.resource_name = out.actor_email.clone();
    };
    match e.action.as_str() {
        "login" => {
            out.action = "identity.sign_in".into();
            person(&mut out);
        }
        "login_failed" => {
            // Nobody is signed in: the name tried is in the context.
            let tried = text(&e.context, "username");
            out.action = "identity.sign_in".into();
            out.outcome = Outcome::Failure;
            out.actor_type = ActorType::User;
            out.actor_id = String::new();
            out.actor_email.clone_from(&tried);
            out.resource_type = "user".into();
            out.resource_name.clone_from(&tried);
            emails.push(tried);
        }
        "logout" => {
            out.action = "identity.sign_out".into();
            person(&mut out);
        }
        "password_set" => {
            out.action = "identity.password_changed".into();
            person(&mut out);
        }
        "suspicious_request" => {
            out.action = "identity.suspicious_request".into();
            out.outcome = Outcome::Denied;
        }
        "impersonation_started" | "impersonation_ended" => {
            out.action = format!("identity.{}", e.action);
        }
        "model_created" | "model_updated" | "model_deleted" => {
            let kind = text(&model, "model_name");
            let verb = e.action.trim_start_matches("model_");
            out.action = format!(
                "identity.{}_{verb}",
                if kind.is_empty() { "object" } else { &kind }
            );
            out.resource_type = kind;
            out.resource_id = text(&model, "pk");
            out.resource_name = text(&model, "name");
            // dezky names people's accounts by their address.
            if out.resource_name.contains('@') {
                emails.push(out.resource_name.clone());
            }
        }
        _ => return None,
    }
    if !email.is_empty() {
        emails.push(email);
    }
    Some(FeedEvent {
        record: out,
        emails,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(action: &str, user: Value, context: Value) -> wire::Event {
        wire::Event {
            pk: "e1".into(),
            user,
            action: action.into(),
            context,
            client_ip: Some("10.0.0.7".into()),
            created: "2026-12-04T05:06:07.123456+00:00".into(),
        }
    }

    #[test]
    fn sign_ins_failures_and_changes_map_to_audit_fields() {
        let alice = json!({"pk": 7, "email": "alice@fjord.dk", "username": "alice@fjord.dk"});
        let i = item(ev("login", alice.clone(), json!({}))).unwrap();
        assert_eq!(i.at, 1_796_360_767_123);
        let e = i.event.unwrap().record;
        assert_eq!(
            (e.action.as_str(), e.outcome, e.actor_email.as_str()),
            ("identity.sign_in", Outcome::Success, "alice@fjord.dk")
        );
        assert_eq!(e.actor_ip, "10.0.0.7");

        let anon = json!({"pk": 0, "username": "AnonymousUser", "is_anonymous": true});
        let e = event(&ev(
            "login_failed",
            anon,
            json!({"username": "mallory@x.dk"}),
        ))
        .unwrap();
        assert_eq!(e.emails, ["mallory@x.dk"]);
        assert_eq!(e.record.outcome, Outcome::Failure);
        assert_eq!(e.record.actor_email, "mallory@x.dk");

        let svc = json!({"pk": 1, "email": "", "username": "ak-dezky-service"});
        let model = json!({"model": {"pk": 9, "app": "authentik_core", "name": "bo@fjord.dk", "model_name": "user"}});
        let e = event(&ev("model_deleted", svc, model)).unwrap();
        assert_eq!(e.emails, ["bo@fjord.dk"]);
        let e = e.record;
        assert_eq!(e.action, "identity.user_deleted");
        assert_eq!(e.actor_type, ActorType::Service);
        assert_eq!(
            (e.resource_id.as_str(), e.resource_name.as_str()),
            ("9", "bo@fjord.dk")
        );

        assert!(event(&ev("flow_execution", alice, json!({}))).is_none());
        assert!(
            item(wire::Event {
                created: "yesterday".into(),
                ..ev("login", json!({}), json!({}))
            })
            .is_err()
        );
    }
}
