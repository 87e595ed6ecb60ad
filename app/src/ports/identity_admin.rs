//! The identity-admin port: the people, groups, sessions, authenticators and
//! SSO applications of the identity provider (Authentik's `/api/v3/`). The
//! adapter is `server/src/integrations/authentik/`; its contract suite runs
//! through Prism serving Authentik's own `schema.yml`, in front of the
//! development identity provider (`dev/oidc`), which answers these calls too.
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A person's account at the identity provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityUser {
    /// The provider's numeric key (Authentik `pk`).
    pub id: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    /// False: the person cannot sign in (suspended).
    pub active: bool,
    /// RFC 3339, when the person last signed in.
    pub last_login: Option<String>,
    /// The names of the groups the person is in.
    pub groups: Vec<String>,
}

/// A new account. The username is the email address (as in the original).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIdentityUser {
    pub email: String,
    pub name: String,
    /// Where the account sits in the provider's directory tree
    /// (`dezky/<tenant-slug>`), so one tenant's people stay together.
    pub path: String,
    /// Keys of the groups the account starts in (from `ensure_group`).
    pub groups: Vec<String>,
}

/// A signed-in session at the identity provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySession {
    pub id: String,
    pub user_id: i64,
    pub last_ip: String,
    pub user_agent: String,
    /// RFC 3339.
    pub last_used: String,
    /// RFC 3339.
    pub expires: Option<String>,
}

/// One second factor a person has enrolled (TOTP app, WebAuthn key, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authenticator {
    pub id: String,
    pub name: String,
    /// The provider's kind (`totp`, `webauthn`, `static`, ...).
    pub kind: String,
    pub confirmed: bool,
}

/// How a person gets back in after an admin reset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recovery {
    /// A one-time link into the provider's recovery flow.
    Link(String),
    /// The provider has no recovery flow: a generated temporary password was
    /// set instead (shown once to the admin, never stored or logged).
    TemporaryPassword(String),
}

/// The applications as the pages show them (defined with the domain, so the
/// browser reads the same type).
pub use crate::domain::sso::SsoApp;

/// A new SSO application for the people of one group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSsoApp {
    pub slug: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub launch_url: Option<String>,
    /// Only members of this group may use it (a policy binding).
    pub group: String,
}

pub use crate::domain::sso::CreatedSsoApp;

#[async_trait]
pub trait IdentityAdmin: Send + Sync + 'static {
    /// "https://auth.dezky.eu/api/v3/", never the token.
    fn describe(&self) -> String;
    /// One authenticated round trip (the token is accepted).
    async fn check(&self) -> Result<(), IdentityAdminError>;

    async fn find_user_by_email(
        &self,
        email: &str,
    ) -> Result<Option<IdentityUser>, IdentityAdminError>;
    async fn user(&self, id: i64) -> Result<IdentityUser, IdentityAdminError>;
    async fn create_user(&self, user: &NewIdentityUser)
    -> Result<IdentityUser, IdentityAdminError>;
    async fn set_password(&self, id: i64, password: &str) -> Result<(), IdentityAdminError>;
    /// A recovery link, or (when the provider has no recovery flow) a
    /// generated temporary password that has been set.
    async fn recovery(&self, id: i64) -> Result<Recovery, IdentityAdminError>;
    async fn set_active(&self, id: i64, active: bool) -> Result<IdentityUser, IdentityAdminError>;
    async fn delete_user(&self, id: i64) -> Result<(), IdentityAdminError>;

    async fn sessions(&self, user_id: i64) -> Result<Vec<IdentitySession>, IdentityAdminError>;
    /// Ends every session of the person; returns how many were ended.
    async fn end_sessions(&self, user_id: i64) -> Result<usize, IdentityAdminError>;
    async fn authenticators(&self, user_id: i64) -> Result<Vec<Authenticator>, IdentityAdminError>;

    /// The group's key, creating the group when there is none by that name.
    async fn ensure_group(&self, name: &str) -> Result<String, IdentityAdminError>;
    /// `group` is the group's name (as `ensure_group` takes it).
    async fn add_to_group(&self, group: &str, user_id: i64) -> Result<(), IdentityAdminError>;
    async fn remove_from_group(&self, group: &str, user_id: i64) -> Result<(), IdentityAdminError>;

    /// The SSO applications bound to `group`.
    async fn sso_apps(&self, group: &str) -> Result<Vec<SsoApp>, IdentityAdminError>;
    async fn create_sso_app(&self, app: &NewSsoApp) -> Result<CreatedSsoApp, IdentityAdminError>;
    /// Removes the application and its provider.
    async fn delete_sso_app(&self, slug: &str) -> Result<(), IdentityAdminError>;
}

/// Identity-admin failures: the shared API error, with `System::Identity`.
pub type IdentityAdminError = super::api_error::ApiError;
pub type IdentityAdminErrorKind = super::api_error::ApiErrorKind;
