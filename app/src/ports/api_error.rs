//! The error every HTTP-API port returns (identity admin, billing, and the
//! mail and files admin to come): the system, the operation it failed in, and
//! why, in one shape, so each port names failures the same way.
use crate::domain::System;

/// What went wrong, with the operation it went wrong in ("create user").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub system: System,
    pub operation: &'static str,
    pub kind: ApiErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// No such object.
    NotFound,
    /// The system refused the request; its own words, which help a person
    /// fix the input ("This field must be unique.", "Your card was declined.").
    Rejected(String),
    /// Our credentials were refused (401/403): a configuration problem.
    Unauthorised,
    /// No answer, a 5xx, or an answer we cannot read.
    Unavailable(String),
}

impl ApiErrorKind {
    /// THE mapping of an HTTP status and the vendor's words to a kind.
    pub fn from_status(status: u16, message: String) -> Self {
        match status {
            401 | 403 => ApiErrorKind::Unauthorised,
            404 => ApiErrorKind::NotFound,
            400..=499 if message.is_empty() => ApiErrorKind::Rejected(status.to_string()),
            400..=499 => ApiErrorKind::Rejected(message),
            _ => ApiErrorKind::Unavailable(format!("answered {status}: {message}")),
        }
    }
}

impl ApiError {
    pub fn new(system: System, operation: &'static str, kind: ApiErrorKind) -> Self {
        Self {
            system,
            operation,
            kind,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (s, op) = (self.system, self.operation);
        match &self.kind {
            ApiErrorKind::NotFound => write!(f, "{s}: {op}: not found"),
            ApiErrorKind::Rejected(m) => write!(f, "{s}: {op}: refused: {m}"),
            ApiErrorKind::Unauthorised => {
                let credential = match s {
                    System::Identity => "the service-account token",
                    System::Billing => "the API key",
                    System::Mail => "the administrator's password",
                    System::Files => "the service user's token",
                    _ => "our credentials",
                };
                write!(f, "{s}: {op}: {credential} was refused")
            }
            ApiErrorKind::Unavailable(m) => write!(f, "{s}: {op}: {m}"),
        }
    }
}

impl std::error::Error for ApiError {}
