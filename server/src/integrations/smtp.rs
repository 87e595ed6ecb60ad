//! Outgoing mail through SMTP (lettre over rustls): the adapter of
//! `app::ports::mailer`, and its configuration. Unset `SMTP_HOST`: not
//! connected (nothing is sent, the Infrastructure page says so).
mod adapter;

pub use adapter::SmtpMailer;

use crate::config::{ConfigError, Env};
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_SECURITY",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SMTP_FROM",
    "SMTP_TIMEOUT_MS",
];

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain text: development catchers on 127.0.0.1 only.
    None,
}

impl Security {
    pub fn as_str(self) -> &'static str {
        match self {
            Security::StartTls => "STARTTLS",
            Security::Tls => "TLS",
            Security::None => "plain",
        }
    }
}

/// `SMTP_*`: the relay dezky sends through.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    /// `SMTP_PORT` (default 587, 465 for TLS).
    pub port: u16,
    /// `SMTP_SECURITY`: `starttls` (default), `tls`, or `none` (127.0.0.1 only).
    pub security: Security,
    /// `SMTP_USERNAME` / `SMTP_PASSWORD` (both or neither).
    pub credentials: Option<(String, secrecy::SecretString)>,
    /// `SMTP_FROM` (default `dezky <noreply@dezky.eu>`).
    pub from: String,
    /// `SMTP_TIMEOUT_MS` (default 10000).
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.credentials.as_ref().map(|c| c.0.as_str()))
            .field("password", &self.credentials.as_ref().map(|_| "[redacted]"))
            .field("from", &self.from)
            .finish()
    }
}

impl SmtpConfig {
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
        let Some(host) = env
            .get("SMTP_HOST")
            .map(str::trim)
            .filter(|h| !h.is_empty())
        else {
            return Ok(None);
        };
        let security = match env.get("SMTP_SECURITY").unwrap_or("starttls").trim() {
            "starttls" => Security::StartTls,
            "tls" => Security::Tls,
            "none" => Security::None,
            other => {
                return Err(ConfigError {
                    var: "SMTP_SECURITY",
                    reason: format!("= {other:?} must be starttls, tls or none"),
                });
            }
        };
        let local = matches!(host, "127.0.0.1" | "localhost" | "::1");
        if security == Security::None && !local {
            return Err(ConfigError {
                var: "SMTP_SECURITY",
                reason: "none is allowed for a server on this machine only".into(),
            });
        }
        let default_port = if security == Security::Tls { 465 } else { 587 };
        let port = env.parse("SMTP_PORT", default_port)?;
        let credentials = match (env.get("SMTP_USERNAME"), env.get("SMTP_PASSWORD")) {
            (Some(u), Some(p)) if !u.is_empty() => {
                Some((u.to_owned(), secrecy::SecretString::from(p.to_owned())))
            }
            (None, None) => None,
            _ => {
                return Err(ConfigError {
                    var: "SMTP_PASSWORD",
                    reason: "SMTP_USERNAME and SMTP_PASSWORD go together".into(),
                });
            }
        };
        let from = env
            .get("SMTP_FROM")
            .unwrap_or("dezky <noreply@dezky.eu>")
            .trim()
            .to_owned();
        if from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError {
                var: "SMTP_FROM",
                reason: format!("= {from:?} is not a mailbox (Name <address>)"),
            });
        }
        let ms: u64 = env.parse("SMTP_TIMEOUT_MS", 10_000u64)?;
        Ok(Some(Self {
            host: host.to_owned(),
            port,
            security,
            credentials,
            from,
            timeout: Duration::from_millis(ms.max(1)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_is_validated() {
        assert!(
            SmtpConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .is_none()
        );
        let c = SmtpConfig::from_env(&Env::from_pairs([("SMTP_HOST", "smtp.example")]))
            .unwrap()
            .unwrap();
        assert_eq!((c.port, c.security), (587, Security::StartTls));
        let err = SmtpConfig::from_env(&Env::from_pairs([
            ("SMTP_HOST", "smtp.example"),
            ("SMTP_SECURITY", "none"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "SMTP_SECURITY", "plain text only on this machine");
        let err = SmtpConfig::from_env(&Env::from_pairs([
            ("SMTP_HOST", "smtp.example"),
            ("SMTP_USERNAME", "u"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "SMTP_PASSWORD");
        let c = SmtpConfig::from_env(&Env::from_pairs([
            ("SMTP_HOST", "smtp.example"),
            ("SMTP_USERNAME", "u"),
            ("SMTP_PASSWORD", "hunter2"),
        ]))
        .unwrap()
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
