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
        Ok(Self {
            oidc,
            session_idle_minutes,
            session_absolute_hours,
            trust_proxy,
            allowed_origins,
        })
    }
}
