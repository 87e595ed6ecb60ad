//! `Mailer` over lettre's async SMTP transport (tokio, rustls with the ring
//! provider and the webpki roots). One connection per message (no pool: mail
//! is rare), a timeout per command, never a retry.
use super::{Security, SmtpConfig};
use app::ports::mailer::{MailError, Mailer, OutgoingMail};
use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    describe: String,
}

impl SmtpMailer {
    pub fn new(config: &SmtpConfig) -> Result<Self, String> {
        let builder = match config.security {
            Security::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                    .map_err(|e| format!("smtp: {e}"))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                .map_err(|e| format!("smtp: {e}"))?,
            Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
        };
        let mut builder = builder.port(config.port).timeout(Some(config.timeout));
        if let Some((user, password)) = &config.credentials {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("smtp: SMTP_FROM: {e}"))?;
        let user = config
            .credentials
            .as_ref()
            .map_or(String::new(), |(u, _)| format!(" as {u}"));
        Ok(Self {
            transport: builder.build(),
            describe: format!(
                "{}:{} ({}){user}, from {}",
                config.host,
                config.port,
                config.security.as_str(),
                from.email
            ),
            from,
        })
    }
}

fn smtp_error(e: &lettre::transport::smtp::Error) -> MailError {
    let text = e.to_string();
    if let Some(code) = e.status() {
        // 535: authentication failed; 530/534/538: authentication required.
        if matches!(code.detail, lettre::transport::smtp::response::Detail::Five)
            && matches!(
                code.category,
                lettre::transport::smtp::response::Category::Unspecified3
            )
        {
            return MailError::Authentication(text);
        }
        if e.is_permanent() {
            return MailError::Rejected(text);
        }
    }
    MailError::Unavailable(text)
}

#[async_trait]
impl Mailer for SmtpMailer {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn check(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Unavailable(
                "the server did not answer NOOP".into(),
            )),
            Err(e) => Err(smtp_error(&e)),
        }
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let to = Mailbox::new(
            (!mail.to_name.is_empty()).then(|| mail.to_name.clone()),
            mail.to
                .parse()
                .map_err(|_| MailError::InvalidAddress(mail.to.clone()))?,
        );
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        let message = match &mail.html {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                html.clone(),
            )),
        }
        .map_err(|e| MailError::Rejected(format!("message not built: {e}")))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| smtp_error(&e))
    }
}
