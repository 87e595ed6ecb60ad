//! Stalwart's JMAP management API (0.16 dropped REST): the adapter of
//! `app::ports::mail_admin`, and its configuration. Unset `STALWART_URL`: mail
//! is not connected. Set but `STALWART_PROVISIONING_ENABLED` not true: dezky
//! reads domains and mailboxes but changes nothing (as in the original). The
//! contract suite runs against `dev/stalwart`, which validates every object
//! against Stalwart's own published schema.
mod adapter;
mod feed;
mod wire;

pub use adapter::Stalwart;

use crate::config::{ConfigError, Env};
use secrecy::SecretString;
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "STALWART_URL",
    "STALWART_ADMIN_USER",
    "STALWART_ADMIN_SECRET",
    "STALWART_TIMEOUT_MS",
    "STALWART_PROVISIONING_ENABLED",
    "STALWART_REPORT_ADDRESS",
];

/// `STALWART_*`: the mail server's management listener.
#[derive(Clone)]
pub struct StalwartConfig {
    /// `STALWART_URL`, the internal HTTP listener (`http://stalwart:8080`).
    pub url: String,
    /// `STALWART_ADMIN_USER` (default `admin`).
    pub user: String,
    /// `STALWART_ADMIN_SECRET` (required with the URL).
    pub secret: SecretString,
    /// `STALWART_TIMEOUT_MS` (default 10000).
    pub timeout: Duration,
    /// `STALWART_PROVISIONING_ENABLED` (default false): create and change
    /// domains and mailboxes.
    pub provisioning: bool,
    /// `STALWART_REPORT_ADDRESS` (default `mailto:postmaster`): where DMARC
    /// and TLS reports go; a bare `mailto:local` gets the domain appended.
    pub report_address: String,
}

impl std::fmt::Debug for StalwartConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StalwartConfig")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("secret", &"[redacted]")
            .field("provisioning", &self.provisioning)
            .finish_non_exhaustive()
    }
}

impl StalwartConfig {
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
        let Some(url) = env.get("STALWART_URL").map(str::trim) else {
            return Ok(None);
        };
        let parsed = url::Url::parse(url).map_err(|e| ConfigError {
            var: "STALWART_URL",
            reason: format!("= {url:?} is not a URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError {
                var: "STALWART_URL",
                reason: "must be http(s)".into(),
            });
        }
        let secret = env
            .get("STALWART_ADMIN_SECRET")
            .map(str::trim)
            .ok_or_else(|| ConfigError {
                var: "STALWART_ADMIN_SECRET",
                reason: "is required with STALWART_URL (the administrator's password)".into(),
            })?;
        let ms: u64 = env.parse("STALWART_TIMEOUT_MS", 10_000u64)?;
        let report_address = env
            .get("STALWART_REPORT_ADDRESS")
            .unwrap_or("mailto:postmaster")
            .trim()
            .to_owned();
        if !report_address.starts_with("mailto:") && !report_address.starts_with("https://") {
            return Err(ConfigError {
                var: "STALWART_REPORT_ADDRESS",
                reason: format!("= {report_address:?} must be a mailto: or https: URI"),
            });
        }
        Ok(Some(Self {
            url: url.to_owned(),
            user: env
                .get("STALWART_ADMIN_USER")
                .unwrap_or("admin")
                .trim()
                .to_owned(),
            secret: SecretString::from(secret.to_owned()),
            timeout: Duration::from_millis(ms.max(1)),
            provisioning: env.parse("STALWART_PROVISIONING_ENABLED", false)?,
            report_address,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_goes_with_the_url_and_provisioning_is_off_by_default() {
        assert!(
            StalwartConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .is_none()
        );
        let err =
            StalwartConfig::from_env(&Env::from_pairs([("STALWART_URL", "http://stalwart:8080")]))
                .unwrap_err();
        assert_eq!(err.var, "STALWART_ADMIN_SECRET");
        let c = StalwartConfig::from_env(&Env::from_pairs([
            ("STALWART_URL", "http://stalwart:8080"),
            ("STALWART_ADMIN_SECRET", "mail-admin-secret"),
        ]))
        .unwrap()
        .unwrap();
        assert!(!c.provisioning);
        assert_eq!(c.user, "admin");
        assert!(!format!("{c:?}").contains("mail-admin-secret"));
        let err = StalwartConfig::from_env(&Env::from_pairs([
            ("STALWART_URL", "http://stalwart:8080"),
            ("STALWART_ADMIN_SECRET", "s"),
            ("STALWART_PROVISIONING_ENABLED", "yes"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "STALWART_PROVISIONING_ENABLED");
    }
}
