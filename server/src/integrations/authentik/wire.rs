//! The parts of Authentik's schema (`schema.yml`, components/schemas) this
//! adapter reads and writes. Field names are Authentik's; unknown fields in
//! answers are ignored, so a newer Authentik that adds fields still reads.
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Paginated<T> {
    pub results: Vec<T>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct Pagination {
    /// The next page number, 0 when this is the last page.
    pub next: f64,
}

#[derive(Deserialize)]
pub struct PartialGroup {
    pub name: String,
}

/// `User`.
#[derive(Deserialize)]
pub struct User {
    pub pk: i64,
    pub username: String,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub last_login: Option<String>,
    #[serde(default)]
    pub groups_obj: Option<Vec<PartialGroup>>,
}

fn yes() -> bool {
    true
}

/// `UserRequest`.
#[derive(Serialize)]
pub struct UserRequest<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub is_active: bool,
    pub path: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub groups: &'a [String],
}

/// `PatchedUserRequest` (only what we change).
#[derive(Serialize)]
pub struct UserActivePatch {
    pub is_active: bool,
}

/// `UserPasswordSetRequest`.
#[derive(Serialize)]
pub struct PasswordSet<'a> {
    pub password: &'a str,
}

/// `UserRecoveryLinkRequest`: every field optional.
#[derive(Serialize)]
pub struct RecoveryRequest {}

/// `Link`.
#[derive(Deserialize)]
pub struct Link {
    pub link: String,
}

/// `Group`.
#[derive(Deserialize)]
pub struct Group {
    pub pk: String,
    pub name: String,
}

/// `GroupRequest`.
#[derive(Serialize)]
pub struct GroupRequest<'a> {
    pub name: &'a str,
}

/// `UserAccountRequest`.
#[derive(Serialize)]
pub struct UserAccount {
    pub pk: i64,
}

/// `AuthenticatedSession`.
#[derive(Deserialize)]
pub struct Session {
    pub uuid: String,
    pub user: i64,
    #[serde(default)]
    pub last_ip: String,
    #[serde(default)]
    pub last_user_agent: String,
    #[serde(default)]
    pub last_used: String,
    #[serde(default)]
    pub expires: Option<String>,
}

/// `Device`.
#[derive(Deserialize)]
pub struct Device {
    pub pk: String,
    pub name: String,
    /// e.g. `authentik_stages_authenticator_totp.TOTPDevice`.
    #[serde(rename = "type")]
    pub kind: String,
    pub confirmed: bool,
}

/// `Flow` (found by slug).
#[derive(Deserialize)]
pub struct Flow {
    pub pk: String,
    pub slug: String,
}

/// `CertificateKeyPair` (found by name).
#[derive(Deserialize)]
pub struct KeyPair {
    pub pk: String,
    pub name: String,
}

/// `ScopeMapping` (found by scope name).
#[derive(Deserialize)]
pub struct ScopeMapping {
    pub pk: String,
    pub scope_name: String,
    #[serde(default)]
    pub managed: Option<String>,
}

/// `RedirectURIRequest` / `RedirectURI`.
#[derive(Serialize, Deserialize)]
pub struct RedirectUri {
    pub matching_mode: String,
    pub url: String,
}

/// `OAuth2ProviderRequest`.
#[derive(Serialize)]
pub struct ProviderRequest<'a> {
    pub name: &'a str,
    pub authorization_flow: &'a str,
    pub invalidation_flow: &'a str,
    pub client_type: &'a str,
    pub redirect_uris: Vec<RedirectUri>,
    pub property_mappings: Vec<String>,
    pub signing_key: Option<&'a str>,
    pub include_claims_in_id_token: bool,
}

/// `OAuth2Provider`.
#[derive(Deserialize)]
pub struct Provider {
    pub pk: i64,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub redirect_uris: Vec<RedirectUri>,
}

/// `ApplicationRequest`.
#[derive(Serialize)]
pub struct ApplicationRequest<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub provider: i64,
    pub group: &'a str,
    /// Omitted when there is none: Authentik's schema wants a URI, not "".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta_launch_url: Option<&'a str>,
    pub policy_engine_mode: &'a str,
}

/// `Application`.
#[derive(Deserialize)]
pub struct Application {
    pub pbm_uuid: String,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub provider: Option<i64>,
    #[serde(default)]
    pub meta_launch_url: String,
}

/// `PolicyBindingRequest`.
#[derive(Serialize)]
pub struct BindingRequest<'a> {
    pub target: &'a str,
    pub group: &'a str,
    pub order: i64,
    pub enabled: bool,
    pub negate: bool,
    pub timeout: i64,
}

/// `Event`: one entry of Authentik's event log.
#[derive(Deserialize)]
pub struct Event {
    pub pk: String,
    /// `{pk, email, username}`, or `is_anonymous` for nobody.
    #[serde(default)]
    pub user: serde_json::Value,
    pub action: String,
    #[serde(default)]
    pub context: serde_json::Value,
    #[serde(default)]
    pub client_ip: Option<String>,
    pub created: String,
}
