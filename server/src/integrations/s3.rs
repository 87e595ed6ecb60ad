//! S3-compatible object storage (MinIO or s3s-fs in development, Hetzner Object
//! Storage in production): the adapter of `app::ports::object_storage`, its
//! configuration, and nothing else. The audit cold archive is its first user.
mod adapter;

pub use adapter::S3Storage;

use crate::config::{ConfigError, Env};

pub const VARIABLES: &[&str] = &[
    "AUDIT_COLD_ENDPOINT",
    "AUDIT_COLD_REGION",
    "AUDIT_COLD_BUCKET",
    "AUDIT_COLD_ACCESS_KEY",
    "AUDIT_COLD_SECRET_KEY",
    "AUDIT_COLD_SSE",
];

/// `AUDIT_COLD_*`: the bucket archived audit batches go to.
#[derive(Clone, Debug)]
pub struct S3Config {
    /// `AUDIT_COLD_ENDPOINT`, e.g. `https://fsn1.your-objectstorage.com`.
    pub endpoint: String,
    /// `AUDIT_COLD_REGION` (default `eu-central-1`; S3 stand-ins ignore it).
    pub region: String,
    /// `AUDIT_COLD_BUCKET` (default `dezky-audit`).
    pub bucket: String,
    /// `AUDIT_COLD_ACCESS_KEY` / `AUDIT_COLD_SECRET_KEY`.
    pub access_key: String,
    pub secret_key: secrecy::SecretString,
    /// `AUDIT_COLD_SSE=true`: ask for SSE-S3 (AES256) on every upload.
    pub sse: bool,
}

impl S3Config {
    /// The bucket, when `AUDIT_COLD_ENDPOINT` is set.
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
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
        Ok(Some(Self {
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
}
