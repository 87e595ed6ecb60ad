//! Slug rules for tenants and partners: lowercase `[a-z0-9-]`, 3–40 characters,
//! no leading, trailing or doubled hyphen. Shared by the browser (live feedback)
//! and the server (the rule that counts).
use serde::{Deserialize, Serialize};

pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 40;

/// Why a slug was refused; each one has its own translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum SlugError {
    TooShort,
    TooLong,
    /// Only lowercase letters, digits and hyphens.
    InvalidCharacters,
    /// No hyphen at either end and no two in a row.
    BadHyphen,
}

impl SlugError {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            SlugError::TooShort => "too_short",
            SlugError::TooLong => "too_long",
            SlugError::InvalidCharacters => "invalid_characters",
            SlugError::BadHyphen => "bad_hyphen",
        }
    }
}

wire_str!(SlugError: TooShort, TooLong, InvalidCharacters, BadHyphen);

impl SlugError {
    pub fn code(self) -> &'static str {
        match self {
            SlugError::TooShort => "too_short",
            SlugError::TooLong => "too_long",
            SlugError::InvalidCharacters => "invalid_characters",
            SlugError::BadHyphen => "bad_hyphen",
        }
    }
}

pub fn validate(slug: &str) -> Result<(), SlugError> {
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(SlugError::InvalidCharacters);
    }
    if slug.len() < MIN_LEN {
        return Err(SlugError::TooShort);
    }
    if slug.len() > MAX_LEN {
        return Err(SlugError::TooLong);
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err(SlugError::BadHyphen);
    }
    Ok(())
}

/// A slug suggested from a display name ("Nordlys Tandlæger ApS" ->
/// "nordlys-tandlaeger-aps"); the result still goes through [`validate`].
pub fn derive(name: &str) -> String {
    let mut out = String::new();
    for ch in name.to_lowercase().chars() {
        let piece: &str = match ch {
            'æ' => "ae",
            'ø' => "oe",
            'å' => "aa",
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' => "e",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(piece);
    }
    let mut slug = String::with_capacity(out.len());
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug.truncate(MAX_LEN);
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_rule() {
        for ok in ["abc", "nordlys-tand", "a1b2", &"a".repeat(40)] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_with_the_reason() {
        let cases = [
            ("ab", SlugError::TooShort),
            ("", SlugError::TooShort),
            (&*"a".repeat(41), SlugError::TooLong),
            ("Nordlys", SlugError::InvalidCharacters),
            ("nord lys", SlugError::InvalidCharacters),
            ("nord_lys", SlugError::InvalidCharacters),
            ("blå", SlugError::InvalidCharacters),
            ("-abc", SlugError::BadHyphen),
            ("abc-", SlugError::BadHyphen),
            ("ab--c", SlugError::BadHyphen),
        ];
        for (slug, want) in cases {
            assert_eq!(validate(slug), Err(want), "{slug:?}");
        }
    }

    #[test]
    fn derives_a_valid_slug_from_a_name() {
        assert_eq!(derive("Nordlys Tandlæger ApS"), "nordlys-tandlaeger-aps");
        assert_eq!(derive("  Café -- Øst  "), "cafe-oest");
        assert_eq!(validate(&derive(&"Lang ".repeat(20))), Ok(()));
    }
}
