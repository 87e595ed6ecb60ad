//! The one error type of the platform's server functions. Only a code and its
//! parameters cross the wire (translated in the UI); causes stay in the server log.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
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
    /// An external system failed; named so the UI can say which.
    Unavailable {
        system: String,
    },
    /// Anything else; the cause is in the server log under the request id.
    Internal,
    /// The call never reached the function (network, encoding).
    Transport,
}

impl AppError {
    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
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
            AppError::Unavailable { system } => write!(f, "{system} unavailable"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::invalid("request", "malformed")
            }
            _ => AppError::Transport,
        }
    }
}
