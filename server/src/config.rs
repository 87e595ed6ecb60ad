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
        Ok(Self {
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
