//! Configuration: read once from the environment at start-up into typed structs,
//! validated, then passed down. No other module reads the environment.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub http: HttpConfig,
    pub site: SiteConfig,
    pub log: LogConfig,
    pub store: StoreConfig,
    pub auth: AuthConfig,
    pub audit: AuditConfig,
}

#[derive(Clone, Debug, Default)]
pub struct AuditConfig {
    /// The checkpoint signer: `AUDIT_CHECKPOINT_ALG` (`hmac-sha256` or
    /// `ed25519`; default: ed25519 when its key is set) with `AUDIT_SIGNING_KEY`
    /// (HMAC secret, at least 32 characters) or `AUDIT_ED25519_SECRET_KEY`
    /// (64 hex characters). None: checkpoints are off (said at start-up and in
    /// the console).
    pub signer: Option<std::sync::Arc<app::platform::audit::checkpoint::SigningKeyConfig>>,
    /// The Ed25519 public key, published at `/.well-known/dezky-audit-keys.json`.
    pub ed25519_public: Option<ed25519_dalek::VerifyingKey>,
    /// `AUDIT_COLD_ENDPOINT` and friends; None: no cold archive.
    pub cold: Option<crate::cold::ColdConfig>,
    /// `AUDIT_HOT_RETENTION_DAYS` (default 90): older events are archived.
    pub hot_retention_days: u32,
    /// `ARCHIVE_ENABLED=true`: the daily archive run is on (default off;
    /// operators can always run it from the console).
    pub archive_enabled: bool,
    /// `ARCHIVE_RUN_HOUR_UTC` (default 3): the hour of the daily run.
    pub archive_run_hour_utc: u8,
}

#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// `DATABASE_URL`: `sqlite://PATH` (default `sqlite://data/dezky.db`, the
    /// embedded store) or `mongodb://HOST/DB`.
    pub url: crate::store::StoreUrl,
    /// `DEZKY_DEMO_SEED`: seed demo partners, tenants and users into an empty
    /// store at start-up (default: on for the embedded store, off for MongoDB).
    pub demo_seed: bool,
}

#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// `OIDC_ISSUER_URL` (+ `OIDC_PORTAL_CLIENT_SECRET`,
    /// `OIDC_OPERATOR_CLIENT_SECRET`): sign-in is off when the issuer is unset.
    pub oidc: Option<crate::auth::oidc::OidcConfig>,
    /// `DEZKY_SESSION_IDLE_MINUTES` (default 120).
    pub session_idle_minutes: u32,
    /// `DEZKY_SESSION_ABSOLUTE_HOURS` (default 12).
    pub session_absolute_hours: u32,
    /// `DEZKY_TRUST_PROXY`: take the client address from the leftmost
    /// X-Forwarded-For (only behind our own proxy; default false).
    pub trust_proxy: bool,
    /// `DEZKY_ALLOWED_ORIGINS`: origins besides the public one allowed to send
    /// state-changing requests (comma-separated).
    pub allowed_origins: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// `DEZKY_LISTEN_ADDR`: where the server listens (default `127.0.0.1:3000`).
    pub listen_addr: SocketAddr,
    /// `DEZKY_PUBLIC_URL`: the origin visitors use (default `http://127.0.0.1:3000`).
    /// HSTS is sent only when this is https.
    pub public_url: PublicUrl,
    /// `DEZKY_SHUTDOWN_GRACE_SECS`: how long in-flight requests may finish after
    /// SIGTERM (default 10).
    pub shutdown_grace_secs: u64,
}

#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// `DEZKY_SITE_ROOT`: the folder cargo-leptos builds the site into
    /// (default `target/site`): the wasm/JS/CSS bundle under `pkg/`, plus `public/`.
    pub root: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct LogConfig {
    /// `DEZKY_LOG_FORMAT`: `text` (default) or `json`.
    pub format: LogFormat,
    /// `RUST_LOG`: tracing filter (default `info,server=info`).
    pub filter: String,
}

/// An origin (`scheme://host[:port]`, no path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    https: bool,
}

impl PublicUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim().trim_end_matches('/');
        let (https, rest) = if let Some(rest) = raw.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = raw.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err("must start with http:// or https://".into());
        };
        if rest.is_empty() {
            return Err("has no host".into());
        }
        if rest.contains(['/', '?', '#', ' ']) {
            return Err("must be an origin only (scheme, host and optional port; no path)".into());
        }
        Ok(Self {
            origin: raw.to_owned(),
            https,
        })
    }
    pub fn origin(&self) -> &str {
        &self.origin
    }
    pub fn is_https(&self) -> bool {
        self.https
    }
}

/// A configuration problem, naming the variable and what is wrong with it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {var} {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

/// The environment as a plain map, so tests can build configs without touching the
/// process environment.
pub struct Env(HashMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Self(std::env::vars().collect())
    }
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }
    fn get(&self, var: &str) -> Option<&str> {
        self.0
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
    fn parse<T: std::str::FromStr>(&self, var: &'static str, default: T) -> Result<T, ConfigError>
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

/// Every variable the server reads, for `.env.example` and the compose-file test.
pub const VARIABLES: &[&str] = &[
    "DEZKY_LISTEN_ADDR",
    "DEZKY_PUBLIC_URL",
    "DEZKY_SHUTDOWN_GRACE_SECS",
    "DEZKY_SITE_ROOT",
    "DEZKY_LOG_FORMAT",
    "RUST_LOG",
    "DATABASE_URL",
    "DEZKY_DEMO_SEED",
    "OIDC_ISSUER_URL",
    "OIDC_PORTAL_CLIENT_SECRET",
    "OIDC_OPERATOR_CLIENT_SECRET",
    "DEZKY_SESSION_IDLE_MINUTES",
    "DEZKY_SESSION_ABSOLUTE_HOURS",
    "DEZKY_TRUST_PROXY",
    "DEZKY_ALLOWED_ORIGINS",
    "AUDIT_SIGNING_KEY",
    "AUDIT_ED25519_SECRET_KEY",
    "AUDIT_CHECKPOINT_ALG",
    "AUDIT_COLD_ENDPOINT",
    "AUDIT_COLD_REGION",
    "AUDIT_COLD_BUCKET",
    "AUDIT_COLD_ACCESS_KEY",
    "AUDIT_COLD_SECRET_KEY",
    "AUDIT_COLD_SSE",
    "AUDIT_HOT_RETENTION_DAYS",
    "ARCHIVE_ENABLED",
    "ARCHIVE_RUN_HOUR_UTC",
];

impl Config {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let listen_addr = env.parse(
            "DEZKY_LISTEN_ADDR",
            SocketAddr::from(([127, 0, 0, 1], 3000)),
        )?;
        let public_url = match env.get("DEZKY_PUBLIC_URL") {
            None => PublicUrl::parse("http://127.0.0.1:3000"),
            Some(raw) => PublicUrl::parse(raw),
        }
        .map_err(|reason| ConfigError {
            var: "DEZKY_PUBLIC_URL",
            reason,
        })?;
        let shutdown_grace_secs = env.parse("DEZKY_SHUTDOWN_GRACE_SECS", 10u64)?;
        if shutdown_grace_secs > 600 {
            return Err(ConfigError {
                var: "DEZKY_SHUTDOWN_GRACE_SECS",
                reason: "must be at most 600 seconds".into(),
            });
        }
        let root = PathBuf::from(env.get("DEZKY_SITE_ROOT").unwrap_or("target/site"));
        let format = match env.get("DEZKY_LOG_FORMAT").map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    var: "DEZKY_LOG_FORMAT",
                    reason: format!("= {other:?} must be \"text\" or \"json\""),
                });
            }
        };
        let filter = env.get("RUST_LOG").unwrap_or("info").to_owned();
        let store = Self::store(env)?;
        let auth = Self::auth(env)?;
        let audit = Self::audit(env)?;
        Ok(Self {
            audit,
            store,
            auth,
            http: HttpConfig {
                listen_addr,
                public_url,
                shutdown_grace_secs,
            },
            site: SiteConfig { root },
            log: LogConfig { format, filter },
        })
    }
}

impl Config {
    fn audit(env: &Env) -> Result<AuditConfig, ConfigError> {
        use app::platform::audit::checkpoint::SigningKeyConfig;
        let hmac = match env.get("AUDIT_SIGNING_KEY") {
            Some(k) if k.len() < 32 => {
                return Err(ConfigError {
                    var: "AUDIT_SIGNING_KEY",
                    reason: "must be at least 32 characters".into(),
                });
            }
            Some(k) => Some(k.as_bytes().to_vec()),
            None => None,
        };
        let ed = match env.get("AUDIT_ED25519_SECRET_KEY") {
            Some(k) => {
                let bytes: [u8; 32] = hex::decode(k.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(ConfigError {
                        var: "AUDIT_ED25519_SECRET_KEY",
                        reason: "must be 64 hex characters (a 32-byte Ed25519 secret key)".into(),
                    })?;
                Some(ed25519_dalek::SigningKey::from_bytes(&bytes))
            }
            None => None,
        };
        let ed25519_public = ed.as_ref().map(ed25519_dalek::SigningKey::verifying_key);
        let signer = match (env.get("AUDIT_CHECKPOINT_ALG").map(str::trim), hmac, ed) {
            (Some("hmac-sha256"), Some(k), _) | (None, Some(k), None) => {
                Some(SigningKeyConfig::Hmac(k))
            }
            (Some("ed25519") | None, _, Some(k)) => Some(SigningKeyConfig::Ed25519(Box::new(k))),
            (None, None, None) => None,
            (Some("hmac-sha256"), None, _) => {
                return Err(ConfigError {
                    var: "AUDIT_SIGNING_KEY",
                    reason: "is required when AUDIT_CHECKPOINT_ALG=hmac-sha256".into(),
                });
            }
            (Some("ed25519"), _, None) => {
                return Err(ConfigError {
                    var: "AUDIT_ED25519_SECRET_KEY",
                    reason: "is required when AUDIT_CHECKPOINT_ALG=ed25519".into(),
                });
            }
            (Some(other), _, _) => {
                return Err(ConfigError {
                    var: "AUDIT_CHECKPOINT_ALG",
                    reason: format!("= {other:?} must be \"hmac-sha256\" or \"ed25519\""),
                });
            }
        };
        let hot_retention_days = env.parse("AUDIT_HOT_RETENTION_DAYS", 90u32)?;
        if hot_retention_days > 36_500 {
            return Err(ConfigError {
                var: "AUDIT_HOT_RETENTION_DAYS",
                reason: "must be at most 36500 days".into(),
            });
        }
        let archive_run_hour_utc = env.parse("ARCHIVE_RUN_HOUR_UTC", 3u8)?;
        if archive_run_hour_utc > 23 {
            return Err(ConfigError {
                var: "ARCHIVE_RUN_HOUR_UTC",
                reason: "must be an hour from 0 to 23".into(),
            });
        }
        let archive_enabled = env.parse("ARCHIVE_ENABLED", false)?;
        let cold = Self::cold(env)?;
        if archive_enabled && cold.is_none() {
            return Err(ConfigError {
                var: "AUDIT_COLD_ENDPOINT",
                reason: "is required when ARCHIVE_ENABLED=true".into(),
            });
        }
        if cold.is_some() && signer.is_none() {
            return Err(ConfigError {
                var: "AUDIT_SIGNING_KEY",
                reason: "(or AUDIT_ED25519_SECRET_KEY) is required with AUDIT_COLD_ENDPOINT: archive manifests are signed".into(),
            });
        }
        Ok(AuditConfig {
            signer: signer.map(std::sync::Arc::new),
            ed25519_public,
            cold,
            hot_retention_days,
            archive_enabled,
            archive_run_hour_utc,
        })
    }

    /// The cold archive's bucket, when `AUDIT_COLD_ENDPOINT` is set.
    pub fn cold(env: &Env) -> Result<Option<crate::cold::ColdConfig>, ConfigError> {
        let Some(endpoint) = env.get("AUDIT_COLD_ENDPOINT").map(str::trim) else {
            return Ok(None);
        };
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            return Err(ConfigError {
                var: "AUDIT_COLD_ENDPOINT",
                reason: format!("= {endpoint:?} must be an http(s) URL"),
            });
        }
        let required = |var: &'static str| {
            env.get(var)
                .map(str::to_owned)
                .filter(|v| !v.is_empty())
                .ok_or(ConfigError {
                    var,
                    reason: "is required when AUDIT_COLD_ENDPOINT is set".into(),
                })
        };
        let bucket = env
            .get("AUDIT_COLD_BUCKET")
            .unwrap_or("dezky-audit")
            .to_owned();
        if bucket.len() < 3
            || bucket.len() > 63
            || !bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        {
            return Err(ConfigError {
                var: "AUDIT_COLD_BUCKET",
                reason: format!(
                    "= {bucket:?} must be 3-63 lowercase letters, digits, dots or hyphens"
                ),
            });
        }
        Ok(Some(crate::cold::ColdConfig {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            region: env
                .get("AUDIT_COLD_REGION")
                .unwrap_or("eu-central-1")
                .to_owned(),
            bucket,
            access_key: required("AUDIT_COLD_ACCESS_KEY")?,
            secret_key: secrecy::SecretString::from(required("AUDIT_COLD_SECRET_KEY")?),
            sse: env.parse("AUDIT_COLD_SSE", false)?,
        }))
    }

    fn store(env: &Env) -> Result<StoreConfig, ConfigError> {
        let url = crate::store::StoreUrl::parse(
            env.get("DATABASE_URL").unwrap_or("sqlite://data/dezky.db"),
        )
        .map_err(|reason| ConfigError {
            var: "DATABASE_URL",
            reason,
        })?;
        let demo_seed = env.parse("DEZKY_DEMO_SEED", url.is_embedded())?;
        Ok(StoreConfig { url, demo_seed })
    }

    fn auth(env: &Env) -> Result<AuthConfig, ConfigError> {
        let secret = |var: &'static str| {
            env.get(var)
                .map(|s| secrecy::SecretString::from(s.to_owned()))
                .ok_or(ConfigError {
                    var,
                    reason: "is required when OIDC_ISSUER_URL is set".into(),
                })
        };
        let oidc = match env.get("OIDC_ISSUER_URL") {
            None => None,
            Some(issuer) => {
                if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
                    return Err(ConfigError {
                        var: "OIDC_ISSUER_URL",
                        reason: format!("= {issuer:?} must be an http(s) URL"),
                    });
                }
                Some(crate::auth::oidc::OidcConfig {
                    issuer: issuer.trim().to_owned(),
                    portal_secret: secret("OIDC_PORTAL_CLIENT_SECRET")?,
                    operator_secret: secret("OIDC_OPERATOR_CLIENT_SECRET")?,
                })
            }
        };
        let session_idle_minutes = env.parse("DEZKY_SESSION_IDLE_MINUTES", 120u32)?;
        let session_absolute_hours = env.parse("DEZKY_SESSION_ABSOLUTE_HOURS", 12u32)?;
        if session_idle_minutes == 0 || session_absolute_hours == 0 {
            return Err(ConfigError {
                var: if session_idle_minutes == 0 {
                    "DEZKY_SESSION_IDLE_MINUTES"
                } else {
                    "DEZKY_SESSION_ABSOLUTE_HOURS"
                },
                reason: "must be at least 1".into(),
            });
        }
        let trust_proxy = env.parse("DEZKY_TRUST_PROXY", false)?;
        let mut allowed_origins = Vec::new();
        for raw in env
            .get("DEZKY_ALLOWED_ORIGINS")
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.trim().is_empty())
        {
            let origin = PublicUrl::parse(raw).map_err(|reason| ConfigError {
                var: "DEZKY_ALLOWED_ORIGINS",
                reason: format!("{raw:?} {reason}"),
            })?;
            allowed_origins.push(origin.origin().to_owned());
        }
        Ok(AuthConfig {
            oidc,
            session_idle_minutes,
            session_absolute_hours,
            trust_proxy,
            allowed_origins,
        })
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
        for var in VARIABLES {
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{var}="))),
                ".env.example does not document {var}"
            );
        }
    }
}
