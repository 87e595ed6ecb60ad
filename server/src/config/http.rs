//! The HTTP listener, the public origin, the built site and logging.
use super::{ConfigError, Env};
use std::net::SocketAddr;
use std::path::PathBuf;

pub const VARIABLES: &[&str] = &[
    "DEZKY_LISTEN_ADDR",
    "DEZKY_PUBLIC_URL",
    "DEZKY_SHUTDOWN_GRACE_SECS",
    "DEZKY_SITE_ROOT",
    "DEZKY_MAIL_APP_URL",
    "DEZKY_FILES_APP_URL",
    "DEZKY_LOG_FORMAT",
    "RUST_LOG",
];

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

impl HttpConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let listen_addr = env.parse(
            "DEZKY_LISTEN_ADDR",
            SocketAddr::from(([127, 0, 0, 1], 3000)),
        )?;
        let public_url = PublicUrl::parse(
            env.get("DEZKY_PUBLIC_URL")
                .unwrap_or("http://127.0.0.1:3000"),
        )
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
        Ok(Self {
            listen_addr,
            public_url,
            shutdown_grace_secs,
        })
    }
}

#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// `DEZKY_SITE_ROOT`: the folder `scripts/build-site.sh` builds the site into
    /// (default `target/site`): the wasm/JS/CSS bundle under `pkg/`, plus `public/`.
    pub root: PathBuf,
    /// `DEZKY_MAIL_APP_URL`, `DEZKY_FILES_APP_URL`: where the portal's Mail
    /// and Files tiles open the real apps (unset: the tile says "not connected").
    pub apps: app::services::context::AppLinks,
}

impl SiteConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            root: PathBuf::from(env.get("DEZKY_SITE_ROOT").unwrap_or("target/site")),
            apps: app::services::context::AppLinks {
                mail: app_url(env, "DEZKY_MAIL_APP_URL")?,
                files: app_url(env, "DEZKY_FILES_APP_URL")?,
            },
        })
    }
}

/// An app's address: absolute http(s), or unset.
fn app_url(env: &Env, var: &'static str) -> Result<Option<String>, ConfigError> {
    let Some(raw) = env.get(var).map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(Some(u.to_string()))
        }
        _ => Err(ConfigError {
            var,
            reason: format!("= {raw:?} is not an http(s) URL"),
        }),
    }
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
    /// `RUST_LOG`: tracing filter (default `info`).
    pub filter: String,
}

impl LogConfig {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
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
        Ok(Self {
            format,
            filter: env.get("RUST_LOG").unwrap_or("info").to_owned(),
        })
    }
}

/// An origin (`scheme://host[:port]`, no path), parsed by the `url` crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    https: bool,
}

impl PublicUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let url = url::Url::parse(raw).map_err(|e| format!("= {raw:?} is not a URL: {e}"))?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err("must start with http:// or https://".into()),
        };
        if url.host_str().is_none_or(str::is_empty) {
            return Err("has no host".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not carry credentials".into());
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err("must be an origin only (scheme, host and optional port; no path)".into());
        }
        Ok(Self {
            origin: url.origin().ascii_serialization(),
            https,
        })
    }
    pub fn origin(&self) -> &str {
        &self.origin
    }
    pub fn is_https(&self) -> bool {
        self.https
    }
    /// The audit log's name in its checkpoints (C2SP origin and note key
    /// name): the host without the scheme, `/audit` appended.
    pub fn log_origin(&self) -> String {
        let host = self
            .origin
            .split_once("://")
            .map_or(self.origin.as_str(), |(_, h)| h);
        format!("{host}/audit")
    }
}
