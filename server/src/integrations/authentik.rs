//! Authentik's admin API (`/api/v3/`): the adapter of
//! `app::ports::identity_admin`, and its configuration. Unset
//! `AUTHENTIK_API_URL`: not connected (the portal says so; nothing is
//! provisioned). The contract suite runs it through Prism on Authentik's own
//! `schema.yml` (`dev/prism`), in front of the development identity provider.
mod adapter;
mod feed;
mod wire;

pub use adapter::Authentik;

use crate::config::{ConfigError, Env};
use secrecy::SecretString;
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "AUTHENTIK_API_URL",
    "AUTHENTIK_API_TOKEN",
    "AUTHENTIK_TIMEOUT_MS",
    "AUTHENTIK_AUTHORIZATION_FLOW",
    "AUTHENTIK_INVALIDATION_FLOW",
    "AUTHENTIK_SIGNING_KEY",
];

/// `AUTHENTIK_*`: the admin API and what tenant SSO apps are built from.
#[derive(Clone)]
pub struct AuthentikConfig {
    /// `AUTHENTIK_API_URL`, e.g. `https://auth.dezky.eu/api/v3/`.
    pub api_url: String,
    /// `AUTHENTIK_API_TOKEN`: a service account's API token (required with the URL).
    pub token: SecretString,
    /// `AUTHENTIK_TIMEOUT_MS` (default 10000).
    pub timeout: Duration,
    /// `AUTHENTIK_AUTHORIZATION_FLOW`: slug of the flow tenant SSO apps
    /// authorise with (default `default-provider-authorization-implicit-consent`).
    pub authorization_flow: String,
    /// `AUTHENTIK_INVALIDATION_FLOW` (default `default-provider-invalidation-flow`).
    pub invalidation_flow: String,
    /// `AUTHENTIK_SIGNING_KEY`: name of the certificate-key pair that signs
    /// tenant apps' ID tokens (default `authentik Self-signed Certificate`).
    pub signing_key: String,
}

impl std::fmt::Debug for AuthentikConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthentikConfig")
            .field("api_url", &self.api_url)
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl AuthentikConfig {
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
        let Some(api_url) = env
            .get("AUTHENTIK_API_URL")
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        let parsed = url::Url::parse(api_url).map_err(|e| ConfigError {
            var: "AUTHENTIK_API_URL",
            reason: format!("= {api_url:?} is not a URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError {
                var: "AUTHENTIK_API_URL",
                reason: "must be http(s)".into(),
            });
        }
        let token = env
            .get("AUTHENTIK_API_TOKEN")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ConfigError {
                var: "AUTHENTIK_API_TOKEN",
                reason: "is required with AUTHENTIK_API_URL (a service account's API token)".into(),
            })?;
        let ms: u64 = env.parse("AUTHENTIK_TIMEOUT_MS", 10_000u64)?;
        let text = |var, default: &str| env.get(var).unwrap_or(default).trim().to_owned();
        Ok(Some(Self {
            api_url: api_url.to_owned(),
            token: SecretString::from(token.to_owned()),
            timeout: Duration::from_millis(ms.max(1)),
            authorization_flow: text(
                "AUTHENTIK_AUTHORIZATION_FLOW",
                "default-provider-authorization-implicit-consent",
            ),
            invalidation_flow: text(
                "AUTHENTIK_INVALIDATION_FLOW",
                "default-provider-invalidation-flow",
            ),
            signing_key: text("AUTHENTIK_SIGNING_KEY", "authentik Self-signed Certificate"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_with_the_url_and_is_never_printed() {
        assert!(
            AuthentikConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .is_none()
        );
        let err = AuthentikConfig::from_env(&Env::from_pairs([(
            "AUTHENTIK_API_URL",
            "https://auth.example/api/v3/",
        )]))
        .unwrap_err();
        assert_eq!(err.var, "AUTHENTIK_API_TOKEN");
        let c = AuthentikConfig::from_env(&Env::from_pairs([
            ("AUTHENTIK_API_URL", "https://auth.example/api/v3/"),
            ("AUTHENTIK_API_TOKEN", "ak-secret-token"),
        ]))
        .unwrap()
        .unwrap();
        assert!(!format!("{c:?}").contains("ak-secret-token"));
        assert_eq!(
            c.authorization_flow,
            "default-provider-authorization-implicit-consent"
        );
    }
}
