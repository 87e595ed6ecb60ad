//! Sign-in, sessions, CSRF and area guards: everything between a browser and
//! the `Caller` a server function sees.
pub mod csrf;
pub mod failures;
pub mod guard;
pub mod oidc;
pub mod return_path;
pub mod routes;
pub mod sealed;
pub mod session;

use app::domain::audit::{ActorType, AuditRecord, Outcome};
use app::domain::authz::Principal;
use app::repo::Repo;
use app::services::audit::Auditor;
use http::HeaderMap;
use std::sync::Arc;

/// Shared state of the auth layers and routes.
pub struct Auth {
    pub oidc: Option<oidc::Oidc>,
    pub repo: Repo,
    pub auditor: Arc<Auditor>,
    /// Served over https: `Secure` + `__Host-` cookies.
    pub https: bool,
    /// The public origin (`DEZKY_PUBLIC_URL`).
    pub origin: String,
    /// Origins allowed to send state-changing requests.
    pub allowed_origins: Vec<String>,
    pub idle_ms: i64,
    pub absolute_ms: i64,
    pub trust_proxy: bool,
    /// Repeated sign-in failures, collapsed per address and reason.
    pub failures: failures::FailureCollapser,
    /// Seals the IdP's tokens before a session is stored.
    pub tokens: Arc<sealed::TokenKeys>,
    /// One token refresh at a time per session.
    pub refreshing: session::RefreshLocks,
}

impl Auth {
    /// Writes one event per closed window of repeated sign-in failures (all
    /// open windows with `everything`, at shutdown).
    pub async fn flush_failures(&self, everything: bool) {
        for c in self.failures.close_due(self.repo.now(), everything) {
            self.auditor
                .record(AuditRecord {
                    actor_type: ActorType::User,
                    actor_ip: c.ip.clone(),
                    action: "user.sign_in_failed".into(),
                    outcome: Outcome::Failure,
                    resource_type: "session".into(),
                    metadata: serde_json::json!({
                        "reason": c.reason,
                        "count": c.count,
                        "collapsed": true,
                        "first_at": c.first_at,
                        "last_at": c.last_at,
                        "user_agent": c.user_agent,
                    }),
                    ..AuditRecord::default()
                })
                .await;
        }
    }
}

/// Who sent a request, as the audit log records it: the client address (from
/// the trusted forwarded header) and the browser's user agent (truncated).
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

impl Client {
    /// At most this many characters of a user agent are kept.
    pub const USER_AGENT_MAX: usize = 256;

    pub fn new(ip: String, headers: &HeaderMap) -> Self {
        let user_agent = headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(Self::USER_AGENT_MAX)
            .collect();
        Self { ip, user_agent }
    }
}

/// A refusal at the HTTP layer (area guard, CSRF) of a signed-in person: the
/// same `denied` event a server function writes, so an operator sees every
/// refusal in one place. Anonymous refusals stay in the trace log only (they
/// carry no identity, and a flood of them must not bury real events).
pub async fn record_refusal(
    auth: &Auth,
    principal: &Principal,
    client: &Client,
    action: &str,
    path: &str,
    metadata: serde_json::Value,
) {
    let mut metadata = metadata;
    if let Some(m) = metadata.as_object_mut() {
        m.insert("user_agent".into(), client.user_agent.clone().into());
    }
    auth.auditor
        .record(AuditRecord {
            actor_type: ActorType::User,
            actor_id: principal.user.id.clone(),
            actor_email: principal.user.email.clone(),
            actor_ip: client.ip.clone(),
            action: action.to_owned(),
            outcome: Outcome::Denied,
            resource_type: "page".into(),
            resource_id: path.chars().take(512).collect(),
            metadata,
            ..AuditRecord::default()
        })
        .await;
}
