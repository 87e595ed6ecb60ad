//! OCIS (files): the adapter of `app::ports::files_admin` over libregraph,
//! and how it authenticates. OCIS has no client-credentials grant and trusts
//! one issuer, so dezky signs a service user (holding OCIS' admin role) in
//! once through OCIS' own public client (`dezky files-bootstrap`), keeps the
//! refresh token sealed in the store, and mints access tokens with the
//! refresh-token grant, rotating the refresh token on every use. Unset
//! `OCIS_URL`: files are not connected.
mod adapter;
pub mod audit_log;
pub mod bootstrap;
mod token;

pub use adapter::Ocis;
pub use token::{CREDENTIAL_ID, TokenSource};

use crate::config::{ConfigError, Env};
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "OCIS_URL",
    "OCIS_OIDC_ISSUER",
    "OCIS_OIDC_CLIENT_ID",
    "OCIS_TIMEOUT_MS",
    "OCIS_AUDIT_LOG",
];

/// `OCIS_*`: the files server and the issuer it trusts.
#[derive(Clone, Debug)]
pub struct OcisConfig {
    /// `OCIS_URL`, e.g. `https://files.dezky.eu` (libregraph under `/graph/`).
    pub url: String,
    /// `OCIS_OIDC_ISSUER`: the issuer OCIS trusts (Authentik's OCIS
    /// application, `https://auth.dezky.eu/application/o/ocis/`).
    pub issuer: String,
    /// `OCIS_OIDC_CLIENT_ID` (default `ocis-web`, OCIS' public client).
    pub client_id: String,
    /// `OCIS_TIMEOUT_MS` (default 10000) per request.
    pub timeout: Duration,
    /// `OCIS_AUDIT_LOG`: the file OCIS' audit service writes
    /// (`AUDIT_LOG_TO_FILE=true`, `AUDIT_FILEPATH`, `AUDIT_FORMAT=json`),
    /// shared read-only with dezky, which reads it into the audit log. None:
    /// the files server's events are not read.
    pub audit_log: Option<std::path::PathBuf>,
}

impl OcisConfig {
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
        let Some(url) = env.get("OCIS_URL").map(str::trim) else {
            return Ok(None);
        };
        let http_url = |var: &'static str, value: &str| -> Result<(), ConfigError> {
            match url::Url::parse(value) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
                _ => Err(ConfigError {
                    var,
                    reason: format!("= {value:?} is not an http(s) URL"),
                }),
            }
        };
        http_url("OCIS_URL", url)?;
        let issuer = env
            .get("OCIS_OIDC_ISSUER")
            .map(str::trim)
            .ok_or_else(|| ConfigError {
                var: "OCIS_OIDC_ISSUER",
                reason: "is required with OCIS_URL (the issuer OCIS trusts)".into(),
            })?;
        http_url("OCIS_OIDC_ISSUER", issuer)?;
        let ms: u64 = env.parse("OCIS_TIMEOUT_MS", 10_000u64)?;
        Ok(Some(Self {
            url: url.to_owned(),
            issuer: issuer.to_owned(),
            client_id: env
                .get("OCIS_OIDC_CLIENT_ID")
                .unwrap_or("ocis-web")
                .trim()
                .to_owned(),
            timeout: Duration::from_millis(ms.max(1)),
            audit_log: env
                .get("OCIS_AUDIT_LOG")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(std::path::PathBuf::from),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_goes_with_the_url() {
        assert!(
            OcisConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .is_none()
        );
        let err = OcisConfig::from_env(&Env::from_pairs([("OCIS_URL", "https://files.example")]))
            .unwrap_err();
        assert_eq!(err.var, "OCIS_OIDC_ISSUER");
        let c = OcisConfig::from_env(&Env::from_pairs([
            ("OCIS_URL", "https://files.example"),
            (
                "OCIS_OIDC_ISSUER",
                "https://auth.example/application/o/ocis/",
            ),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(c.client_id, "ocis-web");
    }
}
