//! Sign-in, sessions, CSRF and area guards: everything between a browser and
//! the `Caller` a server function sees.
pub mod csrf;
pub mod guard;
pub mod oidc;
pub mod routes;
pub mod session;

use app::repo::Repo;
use app::services::audit::Auditor;
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
}
