//! The words of the invitation mail, on both targets: the server sends them
//! (`services::mail`), the partner's settings page previews them with the
//! partner's overrides. The copy lives in `locales/*.json` (`mail.*`);
//! `%product%` there is the product name (the partner's white label, else
//! dezky).
use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// An invitation into a workplace, with the link to accept it.
pub struct Invitation<'a> {
    pub to: &'a str,
    pub to_name: &'a str,
    pub inviter_name: &'a str,
    pub tenant_name: &'a str,
    pub link: &'a str,
}

/// A partner's overrides of the invitation: its product name, a message of
/// its own above the link, its signature. None: dezky's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailBrand {
    pub product: Option<String>,
    pub message: Option<String>,
    pub signature: Option<String>,
}

/// The longest message and signature a partner may set.
pub const MESSAGE_MAX: usize = 1000;
pub const SIGNATURE_MAX: usize = 200;

/// THE check of a partner's overrides: trimmed, blank is none, at most
/// [`MESSAGE_MAX`] / [`SIGNATURE_MAX`] characters.
pub fn checked(
    t: &crate::domain::model::MailTemplate,
) -> Result<crate::domain::model::MailTemplate, crate::domain::validate::FieldError> {
    let field = |v: &Option<String>, name: &'static str, max: usize| {
        let v = v.as_deref().map(str::trim).unwrap_or_default();
        if v.chars().count() > max {
            return Err(crate::domain::validate::FieldError {
                field: name,
                reason: "too_long",
            });
        }
        Ok((!v.is_empty()).then(|| v.to_owned()))
    };
    Ok(crate::domain::model::MailTemplate {
        message: field(&t.message, "message", MESSAGE_MAX)?,
        signature: field(&t.signature, "signature", SIGNATURE_MAX)?,
    })
}

/// The subject and plain text of an invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
}

/// THE invitation, in `lang`, with `brand`'s overrides.
pub fn invitation(lang: Locale, i: &Invitation<'_>, brand: &MailBrand) -> Composed {
    let product = brand.product.as_deref().unwrap_or("dezky");
    let words = |s: &str| s.replace("%product%", product);
    let message = brand
        .message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .map(|m| format!("{}\n\n", m.trim()))
        .unwrap_or_default();
    let signature = brand
        .signature
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map_or_else(
            || words(td_string!(lang, mail.signature)),
            |s| s.trim().to_owned(),
        );
    let text = format!(
        "{greeting} {name},\n\n{inviter} {invited_by} {tenant}.\n\n{message}{action}\n{link}\n\n{expiry}\n\n-- \n{signature}\n",
        greeting = td_string!(lang, mail.greeting),
        name = i.to_name,
        inviter = i.inviter_name,
        invited_by = words(td_string!(lang, mail.invite_invited_by)),
        tenant = i.tenant_name,
        action = td_string!(lang, mail.invite_action),
        link = i.link,
        expiry = td_string!(lang, mail.invite_expiry),
    );
    Composed {
        subject: format!(
            "{} {}",
            words(td_string!(lang, mail.invite_subject)),
            i.tenant_name
        ),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i() -> Invitation<'static> {
        Invitation {
            to: "ole@fjord-tandklinik.example",
            to_name: "Ole",
            inviter_name: "Anne Admin",
            tenant_name: "Fjord Tandklinik",
            link: "https://app.dezky.eu/invite/abc",
        }
    }

    #[test]
    fn invitations_speak_the_recipients_language() {
        let da = invitation(Locale::da, &i(), &MailBrand::default());
        assert_eq!(da.subject, "Din dezky-arbejdsplads hos Fjord Tandklinik");
        assert!(da.text.starts_with("Hej Ole,"));
        assert!(
            da.text
                .contains("Anne Admin har inviteret dig til dezky-arbejdspladsen")
        );
        assert!(da.text.contains("https://app.dezky.eu/invite/abc"));
        assert!(
            da.text
                .ends_with("-- \ndezky, den europæiske digitale arbejdsplads\n")
        );
        let en = invitation(Locale::en, &i(), &MailBrand::default());
        assert_eq!(en.subject, "Your dezky workplace at Fjord Tandklinik");
        assert!(en.text.contains("Anne Admin has invited you"));
    }

    #[test]
    fn overrides_are_trimmed_blank_is_none_and_long_is_refused() {
        use crate::domain::model::MailTemplate;
        let t = |m: &str, s: &str| MailTemplate {
            message: Some(m.into()),
            signature: Some(s.into()),
        };
        assert_eq!(
            checked(&t("  Hej  ", " ")),
            Ok(MailTemplate {
                message: Some("Hej".into()),
                signature: None
            })
        );
        assert_eq!(
            checked(&t(&"x".repeat(MESSAGE_MAX + 1), ""))
                .unwrap_err()
                .field,
            "message"
        );
        assert_eq!(
            checked(&t("", &"x".repeat(SIGNATURE_MAX + 1)))
                .unwrap_err()
                .field,
            "signature"
        );
    }

    #[test]
    fn a_partner_brands_its_invitations() {
        let brand = MailBrand {
            product: Some("Nordlys Workplace".into()),
            message: Some("  Ring til os på 70 20 30 40, hvis noget driller.  ".into()),
            signature: Some("Nordlys IT · support@nordlys-it.example".into()),
        };
        let da = invitation(Locale::da, &i(), &brand);
        assert_eq!(
            da.subject,
            "Din Nordlys Workplace-arbejdsplads hos Fjord Tandklinik"
        );
        assert!(
            da.text
                .contains("\n\nRing til os på 70 20 30 40, hvis noget driller.\n\nTag imod")
        );
        assert!(
            da.text
                .ends_with("-- \nNordlys IT · support@nordlys-it.example\n")
        );
        // dezky's name is left only in the link.
        assert_eq!(da.text.matches("dezky").count(), 1, "{}", da.text);
        // Blank overrides are no overrides.
        let blank = MailBrand {
            message: Some(" ".into()),
            signature: Some(String::new()),
            ..MailBrand::default()
        };
        assert_eq!(
            invitation(Locale::en, &i(), &blank),
            invitation(Locale::en, &i(), &MailBrand::default())
        );
    }
}
