//! The outgoing-mail port against maildev (SMTP with AUTH): what is sent
//! arrives as composed, refusals and outages name SMTP, and the password never
//! shows in what the adapter describes.
use crate::servers::{self, SMTP_PASSWORD};
use app::i18n::Locale;
use app::ports::mailer::{MailError, Mailer, OutgoingMail};
use app::services::mail::{Invitation, invitation};
use server::config::Env;
use server::integrations::smtp::{SmtpConfig, SmtpMailer};
use std::time::{Duration, Instant};

fn mailer(vars: Vec<(&'static str, String)>) -> SmtpMailer {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = SmtpConfig::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .unwrap();
    SmtpMailer::new(&config).unwrap()
}

#[tokio::test]
async fn an_invitation_arrives_as_composed() {
    let catcher = servers::maildev().await;
    let smtp = mailer(catcher.smtp_env());
    assert!(!smtp.describe().contains(SMTP_PASSWORD));
    smtp.check().await.expect("the relay answers");
    let mail = invitation(
        Locale::da,
        &Invitation {
            to: "ole@fjord-tandklinik.example",
            to_name: "Ole Østergård",
            inviter_name: "Anne Admin",
            tenant_name: "Fjord Tandklinik",
            link: "https://app.dezky.test/invite/abc123",
        },
        &Default::default(),
    );
    smtp.send(&mail).await.expect("sent");
    let got = catcher.received().await;
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m["subject"], "Din dezky-arbejdsplads hos Fjord Tandklinik");
    assert_eq!(m["to"][0]["address"], "ole@fjord-tandklinik.example");
    assert_eq!(m["to"][0]["name"], "Ole Østergård");
    assert_eq!(m["from"][0]["address"], "noreply@dezky.test");
    let text = m["text"].as_str().unwrap();
    assert!(
        text.contains("https://app.dezky.test/invite/abc123"),
        "{text}"
    );
    assert!(text.starts_with("Hej Ole Østergård,"), "{text}");
    // HTML alternative, when given, travels too.
    let html = OutgoingMail {
        html: Some("<p>Hej</p>".into()),
        ..mail
    };
    smtp.send(&html).await.expect("sent");
    assert_eq!(catcher.received().await[1]["html"], "<p>Hej</p>");
}

#[tokio::test]
async fn refusals_and_outages_name_smtp() {
    let catcher = servers::maildev().await;
    let mut vars = catcher.smtp_env();
    for v in &mut vars {
        if v.0 == "SMTP_PASSWORD" {
            v.1 = "wrong-password".into();
        }
    }
    let wrong = mailer(vars);
    let mail = OutgoingMail {
        to: "ole@fjord-tandklinik.example".into(),
        to_name: String::new(),
        subject: "s".into(),
        text: "t".into(),
        html: None,
    };
    let err = wrong.send(&mail).await.unwrap_err();
    assert!(matches!(err, MailError::Authentication(_)), "{err:?}");
    assert!(err.to_string().starts_with("smtp: "), "{err}");
    assert!(!err.to_string().contains("wrong-password"));
    assert!(catcher.received().await.is_empty(), "nothing half-sent");
    // Not an address: refused before any connection.
    let good = mailer(catcher.smtp_env());
    let bad = OutgoingMail {
        to: "not an address".into(),
        ..mail.clone()
    };
    assert!(matches!(
        good.send(&bad).await,
        Err(MailError::InvalidAddress(_))
    ));
    // The relay goes away: unavailable, within the timeout.
    drop(catcher);
    let started = Instant::now();
    let err = good.send(&mail).await.unwrap_err();
    assert!(matches!(err, MailError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().starts_with("smtp: "), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(good.check().await.is_err());
}
