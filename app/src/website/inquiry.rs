//! The website's two intake forms (become a partner, book a demo): validation and
//! submission. Submission is behind ONE function, [`submission_url`], which today
//! composes a prefilled `mailto:info@dezky.eu`; a real intake endpoint replaces it
//! there and nowhere else.

/// Where inquiries go until an intake/CRM endpoint exists.
pub const INTAKE_ADDRESS: &str = "info@dezky.eu";
/// Longest accepted free text.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Why a field was rejected. Each has a translated message in `form.err_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    Required,
    Email,
    Website,
    Choose,
    TooLong,
}

pub fn required(value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        Ok(())
    }
}

pub fn email(value: &str) -> Result<(), FieldError> {
    let v = value.trim();
    required(v)?;
    let Some((local, domain)) = v.split_once('@') else {
        return Err(FieldError::Email);
    };
    let ok = !local.is_empty()
        && v.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    if ok { Ok(()) } else { Err(FieldError::Email) }
}

/// An optional website: empty is fine; otherwise a host with a dot, with or without
/// `http(s)://`.
pub fn website(value: &str) -> Result<(), FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(());
    }
    let host = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .unwrap_or(v);
    let host = host.split('/').next().unwrap_or_default();
    let ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && v.len() <= 200;
    if ok { Ok(()) } else { Err(FieldError::Website) }
}

pub fn choice(value: &str, allowed: &[&str]) -> Result<(), FieldError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(FieldError::Choose)
    }
}

pub fn message(value: &str) -> Result<(), FieldError> {
    if value.chars().count() > MAX_MESSAGE_CHARS {
        Err(FieldError::TooLong)
    } else {
        Ok(())
    }
}

/// A validated inquiry: a subject and labelled lines, already in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inquiry {
    pub subject: String,
    pub fields: Vec<(String, String)>,
}

/// THE submission: today a prefilled email to [`INTAKE_ADDRESS`].
pub fn submission_url(inquiry: &Inquiry) -> String {
    let body = inquiry
        .fields
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(label, value)| format!("{label}: {}", value.trim()))
        .collect::<Vec<_>>()
        .join("\r\n");
    format!(
        "mailto:{INTAKE_ADDRESS}?subject={}&body={}",
        crate::format::url_encode(&inquiry.subject),
        crate::format::url_encode(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        assert_eq!(email("anna@firma.dk"), Ok(()));
        assert_eq!(email("  anna.b+x@sub.firma.eu "), Ok(()));
        assert_eq!(email(""), Err(FieldError::Required));
        for bad in [
            "anna",
            "anna@",
            "@firma.dk",
            "anna@firma",
            "an na@firma.dk",
            "a@b@c.dk",
            "anna@firma..dk",
            "a@.dk",
        ] {
            assert_eq!(email(bad), Err(FieldError::Email), "{bad}");
        }
    }

    #[test]
    fn website_is_optional_but_must_look_like_a_host() {
        assert_eq!(website(""), Ok(()));
        assert_eq!(website("firma.dk"), Ok(()));
        assert_eq!(website("https://www.firma.dk/om"), Ok(()));
        assert_eq!(website("firma"), Err(FieldError::Website));
        assert_eq!(website("not a site"), Err(FieldError::Website));
    }

    #[test]
    fn choices_and_lengths() {
        assert_eq!(choice("reseller", &["reseller", "whitelabel"]), Ok(()));
        assert_eq!(choice("", &["reseller"]), Err(FieldError::Choose));
        assert_eq!(message(&"x".repeat(MAX_MESSAGE_CHARS)), Ok(()));
        assert_eq!(
            message(&"x".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(FieldError::TooLong)
        );
    }

    #[test]
    fn submission_is_a_prefilled_mailto() {
        let url = submission_url(&Inquiry {
            subject: "Partneransøgning: Nordlys IT".into(),
            fields: vec![
                ("Navn".into(), "Anna Æbelø".into()),
                ("Besked".into(), "Hej & tak\nfor nu".into()),
                ("Hjemmeside".into(), "  ".into()),
            ],
        });
        assert_eq!(
            url,
            "mailto:info@dezky.eu?subject=Partnerans%C3%B8gning%3A%20Nordlys%20IT&body=Navn%3A%20Anna%20%C3%86bel%C3%B8%0D%0ABesked%3A%20Hej%20%26%20tak%0Afor%20nu"
        );
    }
}
