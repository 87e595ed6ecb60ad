//! The one HTTP client shape the JSON-over-HTTP adapters share (Authentik,
//! Stalwart, OCIS): a base URL, a bearer token that is never logged, a
//! timeout per request, one retry for reads only (a GET that met a dropped
//! connection or a 502/503/504), and the vendor's own error words pulled out
//! of its error body.
use app::ports::api_error::ApiErrorKind;
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Why a call failed, before an adapter names it in its own error type.
#[derive(Debug)]
pub enum Failure {
    /// The server answered with this status; `message` is its own words.
    Status { status: StatusCode, message: String },
    /// No answer (connection refused, timeout, TLS).
    Transport(String),
    /// An answer we cannot read as the documented body.
    Malformed(String),
}

impl Failure {
    /// The port-level kind: a 4xx by THE status mapping (with the vendor's
    /// words, or the status when it gave none); anything else unavailable.
    pub fn kind(self) -> ApiErrorKind {
        match self {
            Failure::Status { status, message } if status.is_client_error() => {
                let words = if message.is_empty() {
                    status.to_string()
                } else {
                    message
                };
                ApiErrorKind::from_status(status.as_u16(), words)
            }
            other => ApiErrorKind::Unavailable(other.to_string()),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status { status, message } if message.is_empty() => {
                write!(f, "answered {status}")
            }
            Failure::Status { status, message } => write!(f, "answered {status}: {message}"),
            Failure::Transport(m) => write!(f, "no answer: {m}"),
            Failure::Malformed(m) => write!(f, "unreadable answer: {m}"),
        }
    }
}

/// How the adapter proves who it is.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (Authentik, OCIS).
    Bearer(SecretString),
    /// HTTP Basic (Stalwart's administrator account).
    Basic { user: String, secret: SecretString },
}

#[derive(Clone)]
pub struct JsonApi {
    http: reqwest::Client,
    base: String,
    credential: Credential,
}

impl JsonApi {
    /// `base` ends with a slash; paths are joined to it without one.
    pub fn new(base: &str, token: SecretString, timeout: Duration) -> Result<Self, String> {
        Self::with_credential(base, Credential::Bearer(token), timeout)
    }

    pub fn with_credential(
        base: &str,
        credential: Credential,
        timeout: Duration,
    ) -> Result<Self, String> {
        // Idle connections are dropped after a second: servers close theirs
        // after a few (Node 5 s, gunicorn 2 s), and a write sent on one being
        // closed fails without having been processed, and is not retried.
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(1))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("dezky/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        let base = format!("{}/", base.trim_end_matches('/'));
        Ok(Self {
            http,
            base,
            credential,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn set_token(&mut self, token: SecretString) {
        self.credential = Credential::Bearer(token);
    }

    /// Sends and returns the body of a 2xx answer (empty for 204). Only a
    /// GET is retried.
    pub async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
    ) -> Result<Vec<u8>, Failure> {
        let read = method == Method::GET;
        self.send_once_or_twice(method, path, query, body, read)
            .await
    }

    /// A POST that only reads (a JMAP `/get` or `/query`): retried like a GET.
    pub async fn post_read<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Failure> {
        let bytes = self
            .send_once_or_twice(Method::POST, path, &[], Some(body), true)
            .await?;
        serde_json::from_slice(&bytes).map_err(|e| Failure::Malformed(e.to_string()))
    }

    async fn send_once_or_twice<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
        read: bool,
    ) -> Result<Vec<u8>, Failure> {
        let url = format!("{}{}", self.base, path.trim_start_matches('/'));
        let attempts = if read { 2 } else { 1 };
        let mut last = Failure::Transport("not sent".into());
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let mut req = self
                .http
                .request(method.clone(), &url)
                .header("accept", "application/json")
                .query(query);
            req = match &self.credential {
                Credential::Bearer(token) => req.bearer_auth(token.expose_secret()),
                Credential::Basic { user, secret } => {
                    req.basic_auth(user, Some(secret.expose_secret()))
                }
            };
            if let Some(body) = body {
                req = req.json(body);
            }
            let res = match req.send().await {
                Ok(res) => res,
                Err(e) => {
                    // reqwest's error text names the URL, never the header.
                    last = Failure::Transport(without_url(e));
                    continue;
                }
            };
            let status = res.status();
            let bytes = res
                .bytes()
                .await
                .map_err(|e| Failure::Transport(without_url(e)))?;
            if status.is_success() {
                return Ok(bytes.to_vec());
            }
            last = Failure::Status {
                status,
                message: vendor_message(&bytes),
            };
            if !matches!(
                status,
                StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ) {
                break;
            }
        }
        Err(last)
    }

    /// Sends and reads the answer as `T`.
    pub async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
    ) -> Result<T, Failure> {
        let bytes = self.send(method, path, query, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| Failure::Malformed(e.to_string()))
    }
}

fn without_url(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".into();
    }
    if e.is_connect() {
        return "connection refused or unreachable".into();
    }
    e.without_url().to_string()
}

/// The vendor's words from an error body: `{"detail": ".."}` (Django REST
/// framework, libregraph `{"error": {"message": ..}}`), or field errors
/// `{"email": ["Enter a valid email address."]}` flattened to
/// `email: Enter a valid email address.`. Plain text is kept short.
pub fn vendor_message(body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        let text = String::from_utf8_lossy(body);
        return text.trim().chars().take(200).collect();
    };
    // An API-description validator in front of the server (Prism, in the
    // tests): its list of violations says exactly what is wrong.
    if let Some(violations) = value.get("validation").and_then(|v| v.as_array()) {
        return violations
            .iter()
            .map(|v| {
                let at = v["location"]
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .filter_map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                format!("{at}: {}", v["message"].as_str().unwrap_or_default())
            })
            .collect::<Vec<_>>()
            .join("; ");
    }
    if let Some(detail) = value.get("detail").and_then(|d| d.as_str()) {
        return detail.to_owned();
    }
    if let Some(m) = value.pointer("/error/message").and_then(|m| m.as_str()) {
        return m.to_owned();
    }
    let Some(fields) = value.as_object() else {
        return value.to_string().chars().take(200).collect();
    };
    let mut parts = Vec::new();
    for (field, v) in fields {
        if field == "code" {
            continue;
        }
        let words: Vec<String> = match v {
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect(),
            serde_json::Value::String(s) => vec![s.clone()],
            other => vec![other.to_string()],
        };
        if field == "non_field_errors" {
            parts.push(words.join(" "));
        } else {
            parts.push(format!("{field}: {}", words.join(" ")));
        }
    }
    parts.join("; ")
}

/// An RFC 3339 time (what every vendor API here answers) as Unix millis.
pub fn rfc3339_millis(text: &str) -> Option<i64> {
    let t =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::vendor_message;

    #[test]
    fn vendor_words_are_pulled_out_of_error_bodies() {
        assert_eq!(
            vendor_message(br#"{"detail":"No recovery flow set."}"#),
            "No recovery flow set."
        );
        assert_eq!(
            vendor_message(br#"{"username":["This field must be unique."],"code":"invalid"}"#),
            "username: This field must be unique."
        );
        assert_eq!(
            vendor_message(br#"{"non_field_errors":["Nope."]}"#),
            "Nope."
        );
        assert_eq!(
            vendor_message(br#"{"error":{"code":"x","message":"quota"}}"#),
            "quota"
        );
        assert_eq!(vendor_message(b"Bad Gateway\n"), "Bad Gateway");
    }
}
