//! The one error type of the platform's server functions. Only a code and its
//! parameters cross the wire (translated in the UI); causes stay in the server log.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every external system dezky talks to, named once: errors, the audit log, the
/// health probes and the Infrastructure page all use these names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum System {
    /// The database (MongoDB, or the embedded SQLite store).
    Store,
    /// The identity provider (Authentik): sign-in and its admin API.
    Identity,
    /// The mail server (Stalwart).
    Mail,
    /// The files server (ownCloud Infinite Scale).
    Files,
    /// Payments (Stripe).
    Billing,
    /// S3-compatible object storage (the audit cold archive).
    ObjectStorage,
    /// DNS lookups (domain verification).
    Dns,
    /// Outgoing mail (invitations, notifications).
    Smtp,
    /// The key that signs audit checkpoints.
    AuditSigningKey,
}

wire_str!(System: Store, Identity, Mail, Files, Billing, ObjectStorage, Dns, Smtp, AuditSigningKey);

impl System {
    pub const ALL: [System; 9] = [
        System::Store,
        System::Identity,
        System::Mail,
        System::Files,
        System::Billing,
        System::ObjectStorage,
        System::Dns,
        System::Smtp,
        System::AuditSigningKey,
    ];

    /// The wire and log name (`object_storage`).
    pub fn as_str(self) -> &'static str {
        match self {
            System::Store => "store",
            System::Identity => "identity",
            System::Mail => "mail",
            System::Files => "files",
            System::Billing => "billing",
            System::ObjectStorage => "object_storage",
            System::Dns => "dns",
            System::Smtp => "smtp",
            System::AuditSigningKey => "audit_signing_key",
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a system could not do its part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Unavailable {
    /// Not configured in this deployment.
    NotConnected,
    /// Configured, but it failed or did not answer (the cause is in the log).
    Failed,
}

impl Unavailable {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Unavailable::NotConnected => "not_connected",
            Unavailable::Failed => "failed",
        }
    }
}

wire_str!(Unavailable: NotConnected, Failed);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "WireError")]
pub enum AppError {
    /// Nobody is signed in, or the session ended.
    Unauthenticated,
    /// Signed in but not allowed; also written as a denied audit event.
    Forbidden,
    NotFound,
    /// Someone else changed the record first; reload and try again.
    Conflict,
    /// A value already taken (slug, key).
    Taken {
        field: String,
    },
    /// Bad input: which field and why (a reason code translated in the UI).
    Invalid {
        field: String,
        reason: String,
    },
    /// An external system failed or is not connected; named so the UI can say
    /// which.
    Unavailable {
        system: System,
        reason: Unavailable,
    },
    /// The request itself was malformed (not a form or JSON the function
    /// reads, missing arguments, invalid UTF-8, nesting too deep).
    Malformed,
    /// The request body is larger than the server accepts.
    TooLarge,
    /// The request body is of a type the server does not read.
    UnsupportedType,
    /// Too many requests from this address; try again after this many seconds.
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// Anything else; the cause is in the server log under the request id.
    Internal,
    /// The call never reached the function (network, encoding).
    Transport,
}

/// An `AppError` as read from JSON: one flat struct. serde's derive for an
/// internally tagged enum first buffers every field in a generic tree (the tag
/// may come last), and that code went into every hydrating page for this one
/// type. The JSON form is the derived `Serialize`'s, unchanged.
#[derive(Deserialize)]
struct WireError {
    code: String,
    field: Option<String>,
    reason: Option<String>,
    system: Option<System>,
    retry_after_secs: Option<u64>,
}

impl TryFrom<WireError> for AppError {
    type Error = String;

    fn try_from(wire: WireError) -> Result<Self, String> {
        use AppError::*;
        let code = wire.code;
        let missing = |name: &str| format!("error `{code}` without `{name}`");
        let units = [
            Unauthenticated,
            Forbidden,
            NotFound,
            Conflict,
            Malformed,
            TooLarge,
            UnsupportedType,
            Internal,
            Transport,
        ];
        if let Some(unit) = units.into_iter().find(|e| e.code() == code) {
            return Ok(unit);
        }
        Ok(match code.as_str() {
            "taken" => Taken {
                field: wire.field.ok_or_else(|| missing("field"))?,
            },
            "invalid" => Invalid {
                field: wire.field.ok_or_else(|| missing("field"))?,
                reason: wire.reason.ok_or_else(|| missing("reason"))?,
            },
            "unavailable" => {
                let reason = wire.reason.ok_or_else(|| missing("reason"))?;
                let reason =
                    serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&reason);
                Unavailable {
                    system: wire.system.ok_or_else(|| missing("system"))?,
                    reason: self::Unavailable::deserialize(reason).map_err(|e| e.to_string())?,
                }
            }
            "too_many_requests" => TooManyRequests {
                retry_after_secs: wire
                    .retry_after_secs
                    .ok_or_else(|| missing("retry_after_secs"))?,
            },
            _ => return Err(format!("unknown error code `{code}`")),
        })
    }
}

impl AppError {
    /// `system` failed or did not answer.
    pub fn failed(system: System) -> Self {
        AppError::Unavailable {
            system,
            reason: Unavailable::Failed,
        }
    }

    /// `system` is not configured in this deployment.
    pub fn not_connected(system: System) -> Self {
        AppError::Unavailable {
            system,
            reason: Unavailable::NotConnected,
        }
    }

    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// The wire code (the `code` field of the JSON form), for tests and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict => "conflict",
            AppError::Taken { .. } => "taken",
            AppError::Invalid { .. } => "invalid",
            AppError::Unavailable { .. } => "unavailable",
            AppError::Malformed => "malformed",
            AppError::TooLarge => "too_large",
            AppError::UnsupportedType => "unsupported_type",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Internal => "internal",
            AppError::Transport => "transport",
        }
    }

    /// THE error-to-status mapping: server functions, the HTTP layers in front
    /// of them and the CSV export all answer with this.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Malformed => 400,
            AppError::TooLarge => 413,
            AppError::UnsupportedType => 415,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::Taken { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::Unavailable { .. } => 503,
            AppError::Internal | AppError::Transport => 500,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Taken { field } => write!(f, "taken: {field}"),
            AppError::Invalid { field, reason } => write!(f, "invalid {field}: {reason}"),
            AppError::Unavailable {
                system,
                reason: Unavailable::NotConnected,
            } => write!(f, "{system} not connected"),
            AppError::Unavailable { system, .. } => write!(f, "{system} unavailable"),
            AppError::TooManyRequests { retry_after_secs } => {
                write!(f, "too_many_requests: retry after {retry_after_secs} s")
            }
            // Its code, not `{:?}`: the release wasm formats no `Debug`.
            other => f.write_str(other.code()),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Malformed,
            // On the server a body that does not decode is the caller's
            // mistake; in the browser it is an answer that did not arrive whole.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::Malformed,
            _ => AppError::Transport,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_error() -> Vec<AppError> {
        vec![
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict,
            AppError::Taken {
                field: "slug".into(),
            },
            AppError::invalid("email", "format"),
            AppError::failed(System::Mail),
            AppError::not_connected(System::Files),
            AppError::Malformed,
            AppError::TooLarge,
            AppError::UnsupportedType,
            AppError::TooManyRequests {
                retry_after_secs: 30,
            },
            AppError::Internal,
            AppError::Transport,
        ]
    }

    #[test]
    fn every_error_reads_back_from_its_json_and_carries_its_code() {
        for error in every_error() {
            let json = serde_json::to_value(&error).expect("serializes");
            assert_eq!(json["code"], error.code(), "{json}");
            let back: AppError = serde_json::from_value(json.clone()).expect("reads back");
            assert_eq!(back, error, "{json}");
        }
    }

    #[test]
    fn the_wire_form_is_flat_with_the_code_anywhere() {
        let read = |s: &str| serde_json::from_str::<AppError>(s);
        assert_eq!(
            read(r#"{"reason":"failed","system":"mail","code":"unavailable"}"#).ok(),
            Some(AppError::failed(System::Mail))
        );
        assert_eq!(
            serde_json::to_string(&AppError::invalid("email", "format"))
                .ok()
                .as_deref(),
            Some(r#"{"code":"invalid","field":"email","reason":"format"}"#)
        );
    }

    #[test]
    fn a_missing_field_or_an_unknown_code_or_reason_is_refused() {
        for bad in [
            r#"{"code":"taken"}"#,
            r#"{"code":"invalid","field":"email"}"#,
            r#"{"code":"unavailable","system":"mail"}"#,
            r#"{"code":"unavailable","system":"mail","reason":"asleep"}"#,
            r#"{"code":"unavailable","reason":"failed"}"#,
            r#"{"code":"too_many_requests"}"#,
            r#"{"code":"no_such_code"}"#,
            r#"{"field":"email"}"#,
        ] {
            assert!(serde_json::from_str::<AppError>(bad).is_err(), "{bad}");
        }
    }
}
