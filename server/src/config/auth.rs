//! Sign-in (OIDC) and sessions.
use super::http::PublicUrl;
use super::{ConfigError, Env};

pub const VARIABLES: &[&str] = &[
    "OIDC_ISSUER_URL",
    "OIDC_PORTAL_CLIENT_SECRET",
    "OIDC_OPERATOR_CLIENT_SECRET",
    "DEZKY_SESSION_IDLE_MINUTES",
    "DEZKY_SESSION_ABSOLUTE_HOURS",
    "DEZKY_TRUST_PROXY",
    "DEZKY_ALLOWED_ORIGINS",
    "DEZKY_RATE_SIGN_IN_PER_MINUTE",
    "DEZKY_RATE_API_PER_MINUTE",
    "DEZKY_FAILURE_WINDOW_SECONDS",
    "DEZKY_TOKEN_KEYS",
    "OIDC_ID_TOKEN_ALGS",
];

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
    /// `DEZKY_RATE_SIGN_IN_PER_MINUTE` (default 30) and
    /// `DEZKY_RATE_API_PER_MINUTE` (default 600): requests per client address.
    pub rate_limits: crate::http::rate_limit::RateLimits,
    /// `DEZKY_FAILURE_WINDOW_SECONDS` (default 300): repeated identical sign-in
    /// failures from one address within this window make one audit event.
    pub failure_window_secs: u32,
    /// `DEZKY_TOKEN_KEYS` (`id:base64key,...`, the first seals): the key the
    /// IdP's tokens are sealed with at rest. Required over https; a
    /// development server without it seals with a per-process key.
    pub token_keys: Option<std::sync::Arc<crate::auth::sealed::TokenKeys>>,
}

impl AuthConfig {
    /// The idle timeout in milliseconds.
    pub fn idle_ms(&self) -> i64 {
        i64::from(self.session_idle_minutes) * 60_000
    }

    /// The absolute timeout in milliseconds.
    pub fn absolute_ms(&self) -> i64 {
        i64::from(self.session_absolute_hours) * 3_600_000
    }

    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
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
                let parsed = url::Url::parse(issuer.trim()).ok();
                if !parsed
                    .is_some_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
                {
                    return Err(ConfigError {
                        var: "OIDC_ISSUER_URL",
                        reason: format!("= {issuer:?} must be an http(s) URL"),
                    });
                }
                let algs = env.get("OIDC_ID_TOKEN_ALGS").unwrap_or("RS256");
                let id_token_algs =
                    crate::auth::oidc::parse_algs(algs).map_err(|reason| ConfigError {
                        var: "OIDC_ID_TOKEN_ALGS",
                        reason,
                    })?;
                let hours: u32 = env.parse("DEZKY_SESSION_ABSOLUTE_HOURS", 12u32)?;
                Some(crate::auth::oidc::OidcConfig {
                    id_token_algs,
                    max_age: std::time::Duration::from_secs(u64::from(hours) * 3600),
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
        let per_minute = |var: &'static str, default: u32| {
            std::num::NonZeroU32::new(env.parse(var, default)?).ok_or(ConfigError {
                var,
                reason: "must be at least 1".into(),
            })
        };
        let rate_limits = crate::http::rate_limit::RateLimits {
            sign_in_per_minute: per_minute("DEZKY_RATE_SIGN_IN_PER_MINUTE", 30)?,
            api_per_minute: per_minute("DEZKY_RATE_API_PER_MINUTE", 600)?,
        };
        let failure_window_secs = env.parse("DEZKY_FAILURE_WINDOW_SECONDS", 300u32)?;
        let token_keys = match env.get("DEZKY_TOKEN_KEYS") {
            None => None,
            Some(spec) => Some(std::sync::Arc::new(
                crate::auth::sealed::TokenKeys::parse(spec).map_err(|reason| ConfigError {
                    var: "DEZKY_TOKEN_KEYS",
                    reason,
                })?,
            )),
        };
        Ok(Self {
            oidc,
            token_keys,
            rate_limits,
            failure_window_secs,
            session_idle_minutes,
            session_absolute_hours,
            trust_proxy,
            allowed_origins,
        })
    }
}
