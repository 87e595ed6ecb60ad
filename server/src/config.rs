//! Configuration: read once from the environment at start-up into typed structs,
//! validated, then passed down. One section per subsystem, each with its own
//! `from_env` and the list of variables it reads; external systems keep their
//! section in their folder (`integrations/<system>`). No other module reads the
//! environment (clippy's `disallowed-methods` enforces it).
mod audit;
mod auth;
mod http;
mod store;

pub use audit::AuditConfig;
pub use auth::AuthConfig;
pub use http::{HttpConfig, LogConfig, LogFormat, PublicUrl, SiteConfig};
pub use store::StoreConfig;

use std::collections::HashMap;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub http: HttpConfig,
    pub site: SiteConfig,
    pub log: LogConfig,
    pub store: StoreConfig,
    pub auth: AuthConfig,
    pub audit: AuditConfig,
    /// `DNS_*`: domain record lookups.
    pub dns: crate::integrations::dns::DnsConfig,
    /// `SMTP_*`: outgoing mail; None when `SMTP_HOST` is unset.
    pub smtp: Option<crate::integrations::smtp::SmtpConfig>,
    /// `AUTHENTIK_*`: the identity provider's admin API; None when unset.
    pub authentik: Option<crate::integrations::authentik::AuthentikConfig>,
    /// `STRIPE_*`, `BILLING_STRIPE_ENABLED`: payments; None without a key.
    pub stripe: Option<crate::integrations::stripe::StripeConfig>,
    /// `STALWART_*`: the mail server's management API; None when unset.
    pub stalwart: Option<crate::integrations::stalwart::StalwartConfig>,
    /// `OCIS_*`: the files server; None when unset.
    pub ocis: Option<crate::integrations::ocis::OcisConfig>,
}

impl Config {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let config = Self {
            http: HttpConfig::from_env(env)?,
            site: SiteConfig::from_env(env)?,
            log: LogConfig::from_env(env)?,
            store: StoreConfig::from_env(env)?,
            auth: AuthConfig::from_env(env)?,
            audit: AuditConfig::from_env(env)?,
            dns: crate::integrations::dns::DnsConfig::from_env(env)?,
            smtp: crate::integrations::smtp::SmtpConfig::from_env(env)?,
            authentik: crate::integrations::authentik::AuthentikConfig::from_env(env)?,
            stripe: crate::integrations::stripe::StripeConfig::from_env(env)?,
            stalwart: crate::integrations::stalwart::StalwartConfig::from_env(env)?,
            ocis: crate::integrations::ocis::OcisConfig::from_env(env)?,
        };
        if config.ocis.is_some() && config.auth.token_keys.is_none() {
            // The files credential is stored sealed and must open after a
            // restart, and in every instance.
            return Err(ConfigError {
                var: "DEZKY_TOKEN_KEYS",
                reason: "is required with OCIS_URL (the files service user's refresh token \
                         is kept sealed with it)"
                    .into(),
            });
        }
        config.check_production()?;
        Ok(config)
    }

    /// Served over https means production: sign-in talks to its IdP over
    /// https too (ASVS V6.8 / V12), and tokens at rest need a configured key.
    fn check_production(&self) -> Result<(), ConfigError> {
        if !self.http.public_url.is_https() {
            return Ok(());
        }
        if let Some(ak) = &self.authentik
            && !ak.api_url.starts_with("https://")
        {
            return Err(ConfigError {
                var: "AUTHENTIK_API_URL",
                reason: "must be https when DEZKY_PUBLIC_URL is https (it carries the token)"
                    .into(),
            });
        }
        if let Some(ocis) = &self.ocis {
            for (var, value) in [("OCIS_URL", &ocis.url), ("OCIS_OIDC_ISSUER", &ocis.issuer)] {
                if !value.starts_with("https://") {
                    return Err(ConfigError {
                        var,
                        reason: "must be https when DEZKY_PUBLIC_URL is https (it carries tokens)"
                            .into(),
                    });
                }
            }
        }
        if let Some(oidc) = &self.auth.oidc {
            if !oidc.issuer.starts_with("https://") {
                return Err(ConfigError {
                    var: "OIDC_ISSUER_URL",
                    reason: "must be https when DEZKY_PUBLIC_URL is https".into(),
                });
            }
            if self.auth.token_keys.is_none() {
                return Err(ConfigError {
                    var: "DEZKY_TOKEN_KEYS",
                    reason: "is required when DEZKY_PUBLIC_URL is https \
                             (id:base64 of 32 random bytes, e.g. `openssl rand -base64 32`)"
                        .into(),
                });
            }
        }
        Ok(())
    }
}

/// Every variable the server reads, section by section: `.env.example` must
/// document each (a test checks), and the compose file passes them through.
pub fn variables() -> impl Iterator<Item = &'static str> {
    [
        http::VARIABLES,
        store::VARIABLES,
        auth::VARIABLES,
        audit::VARIABLES,
        crate::integrations::s3::VARIABLES,
        crate::integrations::dns::VARIABLES,
        crate::integrations::smtp::VARIABLES,
        crate::integrations::authentik::VARIABLES,
        crate::integrations::stripe::VARIABLES,
        crate::integrations::stalwart::VARIABLES,
        crate::integrations::ocis::VARIABLES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// A configuration problem, naming the variable and what is wrong with it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {var} {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

/// The environment as a plain map, so tests can build configs without touching
/// the process environment.
pub struct Env(HashMap<String, String>);

impl Env {
    /// The process environment over the `.env` file in the working directory,
    /// when there is one (values set in the process win). The only place the
    /// server reads the environment.
    #[allow(clippy::disallowed_methods)]
    pub fn from_process() -> Self {
        let mut vars: HashMap<String, String> = dotenvy::from_path_iter(".env")
            .map(|iter| iter.filter_map(Result::ok).collect())
            .unwrap_or_default();
        vars.extend(std::env::vars());
        Self(vars)
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }

    /// The value, when set and not blank.
    pub fn get(&self, var: &str) -> Option<&str> {
        self.0
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// The value parsed, or `default` when unset.
    pub fn parse<T: std::str::FromStr>(
        &self,
        var: &'static str,
        default: T,
    ) -> Result<T, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(var) {
            None => Ok(default),
            Some(raw) => raw.trim().parse().map_err(|e: T::Err| ConfigError {
                var,
                reason: format!("= {raw:?} is invalid: {e}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_start_a_local_server() {
        let cfg = Config::from_env(&Env::from_pairs([])).expect("defaults are valid");
        assert_eq!(cfg.http.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(cfg.http.public_url.origin(), "http://127.0.0.1:3000");
        assert!(!cfg.http.public_url.is_https());
        assert_eq!(cfg.log.format, LogFormat::Text);
    }

    #[test]
    fn errors_name_the_variable() {
        let err = Config::from_env(&Env::from_pairs([("DEZKY_LISTEN_ADDR", "nope")]))
            .expect_err("invalid address");
        assert_eq!(err.var, "DEZKY_LISTEN_ADDR");
        assert!(err.to_string().contains("DEZKY_LISTEN_ADDR"));

        let err = Config::from_env(&Env::from_pairs([("DEZKY_PUBLIC_URL", "dezky.eu")]))
            .expect_err("missing scheme");
        assert_eq!(err.var, "DEZKY_PUBLIC_URL");

        let err = Config::from_env(&Env::from_pairs([(
            "DEZKY_PUBLIC_URL",
            "https://dezky.eu/app",
        )]))
        .expect_err("path");
        assert_eq!(err.var, "DEZKY_PUBLIC_URL");

        let err =
            Config::from_env(&Env::from_pairs([("DEZKY_LOG_FORMAT", "xml")])).expect_err("format");
        assert_eq!(err.var, "DEZKY_LOG_FORMAT");

        let err = Config::from_env(&Env::from_pairs([("DEZKY_SHUTDOWN_GRACE_SECS", "-1")]))
            .expect_err("negative");
        assert_eq!(err.var, "DEZKY_SHUTDOWN_GRACE_SECS");
    }

    #[test]
    fn the_cold_archive_is_validated_as_a_whole() {
        const KEY: (&str, &str) = ("AUDIT_SIGNING_KEY", "a signing key of at least 32 chars!!");
        let cold = [
            ("AUDIT_COLD_ENDPOINT", "http://127.0.0.1:3900"),
            ("AUDIT_COLD_ACCESS_KEY", "ak"),
            ("AUDIT_COLD_SECRET_KEY", "sk"),
        ];
        let ok = Config::from_env(&Env::from_pairs(cold.into_iter().chain([KEY]))).expect("valid");
        let c = ok.audit.cold.expect("configured");
        assert_eq!((c.bucket.as_str(), c.sse), ("dezky-audit", false));
        assert_eq!(
            (
                ok.audit.hot_retention_days,
                ok.audit.archive_run_hour_utc,
                ok.audit.archive_enabled
            ),
            (90, 3, false)
        );
        assert_eq!(ok.audit.ingest_interval_secs, 60);
        let err = |pairs: &[(&'static str, &'static str)]| {
            Config::from_env(&Env::from_pairs(pairs.iter().copied()))
                .expect_err("invalid")
                .var
        };
        assert_eq!(err(&cold), "AUDIT_SIGNING_KEY", "manifests must be signed");
        assert_eq!(err(&[cold[0], cold[1], KEY]), "AUDIT_COLD_SECRET_KEY");
        assert_eq!(
            err(&[("AUDIT_COLD_ENDPOINT", "minio:9000")]),
            "AUDIT_COLD_ENDPOINT"
        );
        assert_eq!(
            err(&[("ARCHIVE_ENABLED", "true"), KEY]),
            "AUDIT_COLD_ENDPOINT"
        );
        assert_eq!(
            err(&[("ARCHIVE_RUN_HOUR_UTC", "24")]),
            "ARCHIVE_RUN_HOUR_UTC"
        );
        assert_eq!(
            err(&[("AUDIT_INGEST_INTERVAL_SECS", "5")]),
            "AUDIT_INGEST_INTERVAL_SECS"
        );
        assert_eq!(
            err(&[("AUDIT_HOT_RETENTION_DAYS", "-1")]),
            "AUDIT_HOT_RETENTION_DAYS"
        );
        assert_eq!(
            err(&[
                cold[0],
                cold[1],
                cold[2],
                KEY,
                ("AUDIT_COLD_BUCKET", "Bad_Bucket")
            ]),
            "AUDIT_COLD_BUCKET"
        );
    }

    #[test]
    fn production_sign_in_needs_an_https_issuer_and_a_token_key() {
        let key = "k1:AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=";
        let with = |issuer: &'static str, keys: Option<&'static str>| {
            let mut pairs = vec![
                ("DEZKY_PUBLIC_URL", "https://app.dezky.eu"),
                ("OIDC_ISSUER_URL", issuer),
                ("OIDC_PORTAL_CLIENT_SECRET", "p"),
                ("OIDC_OPERATOR_CLIENT_SECRET", "o"),
            ];
            if let Some(k) = keys {
                pairs.push(("DEZKY_TOKEN_KEYS", k));
            }
            Config::from_env(&Env::from_pairs(pairs))
        };
        assert_eq!(
            with("http://auth.dezky.eu/application/o/", Some(key))
                .expect_err("plain http issuer")
                .var,
            "OIDC_ISSUER_URL"
        );
        assert_eq!(
            with("https://auth.dezky.eu/application/o/", None)
                .expect_err("no token key")
                .var,
            "DEZKY_TOKEN_KEYS"
        );
        assert!(with("https://auth.dezky.eu/application/o/", Some(key)).is_ok());
        assert_eq!(
            with("https://auth.dezky.eu/application/o/", Some("k1:short"))
                .expect_err("a short key")
                .var,
            "DEZKY_TOKEN_KEYS"
        );
        // Pinned algorithms: asymmetric only.
        let err = Config::from_env(&Env::from_pairs([
            (
                "OIDC_ISSUER_URL",
                "http://127.0.0.1:3101/application/o/dezky/",
            ),
            ("OIDC_PORTAL_CLIENT_SECRET", "p"),
            ("OIDC_OPERATOR_CLIENT_SECRET", "o"),
            ("OIDC_ID_TOKEN_ALGS", "HS256"),
        ]))
        .expect_err("HMAC is not accepted");
        assert_eq!(err.var, "OIDC_ID_TOKEN_ALGS");
    }

    #[test]
    fn https_public_url_is_detected() {
        let cfg = Config::from_env(&Env::from_pairs([(
            "DEZKY_PUBLIC_URL",
            "https://dezky.eu/",
        )]))
        .expect("valid");
        assert!(cfg.http.public_url.is_https());
        assert_eq!(cfg.http.public_url.origin(), "https://dezky.eu");
    }

    #[test]
    fn env_example_documents_every_variable() {
        let example = include_str!("../../.env.example");
        for var in variables() {
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{var}="))),
                ".env.example does not document {var}"
            );
        }
    }
}
