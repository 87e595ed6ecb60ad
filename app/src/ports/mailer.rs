//! The outgoing-mail port: invitations and notifications through the
//! configured SMTP server. The adapter is `server/src/integrations/smtp/`
//! (lettre over rustls); tests send to maildev and read the mail back.
use crate::domain::System;
use async_trait::async_trait;

/// One message to one person: a plain-text body always, HTML optionally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// "smtp.example:587 (STARTTLS) as noreply@dezky.eu", never a password.
    fn describe(&self) -> String;
    /// The server answers and (when configured) accepts our credentials.
    async fn check(&self) -> Result<(), MailError>;
    /// Sends once (never retried: a second attempt could deliver twice).
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// Why a message was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailError {
    /// The recipient or sender is not a mailbox address.
    InvalidAddress(String),
    /// The server refused our credentials.
    Authentication(String),
    /// The server refused the message (the server's own words).
    Rejected(String),
    /// The server could not be reached, or the connection failed.
    Unavailable(String),
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = System::Smtp;
        match self {
            MailError::InvalidAddress(a) => write!(f, "{s}: {a:?} is not a mailbox address"),
            MailError::Authentication(m) => {
                write!(f, "{s}: the server refused our credentials: {m}")
            }
            MailError::Rejected(m) => write!(f, "{s}: the server refused the message: {m}"),
            MailError::Unavailable(m) => write!(f, "{s}: {m}"),
        }
    }
}
