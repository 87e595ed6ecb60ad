//! The audit log: the checkpoint signer and the cold archive.
use super::{ConfigError, Env};
use crate::integrations::s3::S3Config;

pub const VARIABLES: &[&str] = &[
    "AUDIT_SIGNING_KEY",
    "AUDIT_ED25519_SECRET_KEY",
    "AUDIT_CHECKPOINT_ALG",
    "AUDIT_HOT_RETENTION_DAYS",
    "ARCHIVE_ENABLED",
    "ARCHIVE_RUN_HOUR_UTC",
    "AUDIT_INGEST_INTERVAL_SECS",
];

#[derive(Clone, Debug, Default)]
pub struct AuditConfig {
    /// The checkpoint signer: `AUDIT_CHECKPOINT_ALG` (`hmac-sha256` or
    /// `ed25519`; default: ed25519 when its key is set) with `AUDIT_SIGNING_KEY`
    /// (HMAC secret, at least 32 characters) or `AUDIT_ED25519_SECRET_KEY`
    /// (64 hex characters). None: checkpoints are off (said at start-up and in
    /// the console).
    pub signer: Option<std::sync::Arc<app::services::audit::checkpoint::SigningKeyConfig>>,
    /// The Ed25519 public key, published at `/.well-known/dezky-audit-keys.json`.
    pub ed25519_public: Option<ed25519_dalek::VerifyingKey>,
    /// `AUDIT_COLD_ENDPOINT` and friends; None: no cold archive.
    pub cold: Option<S3Config>,
    /// `AUDIT_HOT_RETENTION_DAYS` (default 90): older events are archived.
    pub hot_retention_days: u32,
    /// `ARCHIVE_ENABLED=true`: the daily archive run is on (default off;
    /// operators can always run it from the console).
    pub archive_enabled: bool,
    /// `ARCHIVE_RUN_HOUR_UTC` (default 3): the hour of the daily run.
    pub archive_run_hour_utc: u8,
    /// `AUDIT_INGEST_INTERVAL_SECS` (default 60, 10 to 86400; 0 = off): how
    /// often the identity, mail and files servers' logs are read into the
    /// audit log (a failing one is retried at the next run).
    pub ingest_interval_secs: u64,
}

impl AuditConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        use app::services::audit::checkpoint::SigningKeyConfig;
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
        let ingest_interval_secs = env.parse("AUDIT_INGEST_INTERVAL_SECS", 60u64)?;
        if ingest_interval_secs != 0 && !(10..=86_400).contains(&ingest_interval_secs) {
            return Err(ConfigError {
                var: "AUDIT_INGEST_INTERVAL_SECS",
                reason: "must be 0 (off) or from 10 to 86400 seconds".into(),
            });
        }
        let archive_enabled = env.parse("ARCHIVE_ENABLED", false)?;
        let cold = S3Config::from_env(env)?;
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
        Ok(Self {
            signer: signer.map(std::sync::Arc::new),
            ed25519_public,
            cold,
            hot_retention_days,
            archive_enabled,
            archive_run_hour_utc,
            ingest_interval_secs,
        })
    }
}
