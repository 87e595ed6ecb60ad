//! The messages dezky sends, in the recipient's language: the copy lives in
//! `locales/*.json` (`mail.*`) beside the UI's, composed here.
use crate::i18n::{Locale, td_string};
use crate::ports::mailer::OutgoingMail;

pub use crate::mail_text::{Invitation, MailBrand};

/// THE invitation (`mail_text::invitation`) as a message to send.
pub fn invitation(lang: Locale, i: &Invitation<'_>, brand: &MailBrand) -> OutgoingMail {
    let c = crate::mail_text::invitation(lang, i, brand);
    OutgoingMail {
        to: i.to.to_owned(),
        to_name: i.to_name.to_owned(),
        subject: c.subject,
        text: c.text,
        html: None,
    }
}

/// The invitation overrides of `partner` (its product name, message and
/// signature).
pub fn brand_of(partner: Option<&crate::domain::model::Partner>) -> MailBrand {
    partner.map_or_else(MailBrand::default, |p| MailBrand {
        product: p.branding.product_name.clone(),
        message: p.mail.message.clone(),
        signature: p.mail.signature.clone(),
    })
}

/// The operator's test message (Infrastructure page).
pub fn test_message(lang: Locale, to: &str, to_name: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        to_name: to_name.to_owned(),
        subject: td_string!(lang, mail.test_subject).to_string(),
        text: format!(
            "{} {to_name},\n\n{}\n\n-- \n{}\n",
            td_string!(lang, mail.greeting),
            td_string!(lang, mail.test_body),
            td_string!(lang, mail.signature)
        ),
        html: None,
    }
}

/// Sends the test message to the calling operator, in `lang`; recorded in the
/// audit log either way. The relay's own words stay in the log and on the
/// Infrastructure page's SMTP row.
pub async fn send_test(ctx: &super::Ctx, lang: Locale) -> Result<String, crate::domain::AppError> {
    use crate::domain::audit::Outcome;
    use crate::domain::{AppError, System};
    let mailer = ctx
        .services
        .mailer
        .clone()
        .ok_or_else(|| super::context::fail(AppError::not_connected(System::Smtp)))?;
    let (to, name) = ctx
        .principal()
        .map(|p| (p.user.email.clone(), p.user.name.clone()))
        .ok_or(AppError::Unauthenticated)?;
    let result = mailer.send(&test_message(lang, &to, &name)).await;
    let target = super::overview::platform_target();
    match result {
        Ok(()) => {
            ctx.record(
                "smtp.test_sent",
                Outcome::Success,
                &target,
                serde_json::json!({ "to": to, "relay": mailer.describe() }),
            )
            .await;
            Ok(to)
        }
        Err(e) => {
            tracing::warn!(error = %e, "test mail not sent");
            ctx.record(
                "smtp.test_sent",
                Outcome::Failure,
                &target,
                serde_json::json!({ "to": to, "relay": mailer.describe(), "error": e.to_string() }),
            )
            .await;
            Err(super::context::fail(AppError::failed(System::Smtp)))
        }
    }
}

/// How an invited person gets in: the identity provider's recovery link
/// for a new account (or, without a recovery flow there, a temporary password
/// the inviter hands over), and sign-in for a person who already had one.
pub struct Delivery {
    /// `recovery_link`, `temporary_password` or `sign_in` (audited).
    pub method: &'static str,
    /// Why the invitation is not in their inbox (None: it is).
    pub mail_error: Option<crate::domain::AppError>,
    /// Shown once to the inviter when there is no recovery flow.
    pub temporary_password: Option<String>,
    /// The recovery link, for the inviter to hand over when it was not mailed.
    pub unsent_link: Option<String>,
}

/// THE invitation hand-off (a new customer's first admin, a partner's new
/// colleague): the way in for account `idp_id`, mailed to the person as an
/// invitation into `organisation`, from the caller. Err only when the
/// identity provider fails to make a recovery link; a mail that cannot be
/// sent is reported in the delivery, with the link to hand over instead.
#[allow(clippy::too_many_arguments)]
pub async fn deliver_invitation(
    ctx: &super::Ctx,
    brand: &MailBrand,
    idp_id: Option<i64>,
    new_account: bool,
    to: &str,
    to_name: &str,
    organisation: &str,
    lang: Locale,
) -> Result<Delivery, crate::domain::AppError> {
    use crate::domain::{AppError, System};
    use crate::ports::identity_admin::Recovery;
    let sign_in = format!("{}/sign-in", ctx.services.public_url.trim_end_matches('/'));
    let mut delivery = Delivery {
        method: "sign_in",
        mail_error: None,
        temporary_password: None,
        unsent_link: None,
    };
    let link = match (&ctx.services.identity_admin, idp_id) {
        (Some(idp), Some(id)) if new_account => match idp.recovery(id).await {
            Ok(Recovery::Link(url)) => {
                delivery.method = "recovery_link";
                url
            }
            Ok(Recovery::TemporaryPassword(p)) => {
                delivery.method = "temporary_password";
                delivery.temporary_password = Some(p);
                sign_in
            }
            Err(e) => {
                tracing::warn!(error = %e, "recovery link for an invited person failed");
                return Err(AppError::failed(System::Identity));
            }
        },
        _ => sign_in,
    };
    let inviter = ctx
        .principal()
        .map(|p| p.user.name.clone())
        .unwrap_or_default();
    let mail = invitation(
        lang,
        &Invitation {
            to,
            to_name,
            inviter_name: &inviter,
            tenant_name: organisation,
            link: &link,
        },
        brand,
    );
    delivery.mail_error = match &ctx.services.mailer {
        None => Some(AppError::not_connected(System::Smtp)),
        Some(m) => m.send(&mail).await.err().map(|e| {
            tracing::warn!(error = %e, "invitation not sent");
            AppError::failed(System::Smtp)
        }),
    };
    if delivery.mail_error.is_some() && delivery.method == "recovery_link" {
        // Not in their inbox: the inviter hands the link over.
        delivery.unsent_link = Some(link);
    }
    Ok(delivery)
}
