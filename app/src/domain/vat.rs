//! EU VAT identification numbers: THE format check per member state (the
//! shapes the EU's VIES service documents), so a typo is caught where it is
//! typed. The check is of the format only; whether the number is registered
//! is VIES's to say. Used by the customer's Billing page and by every stored
//! partner and tenant (`validate`).
//!
//! Pattern letters: `9` a digit, `A` a letter, `*` a digit or letter, `+` a
//! digit, letter, `+` or `*` (Ireland); anything else is itself.

/// The VAT prefix of each member state (Greece writes EL), and the shapes
/// of the number after it.
const FORMATS: &[(&str, &str, &[&str])] = &[
    ("AT", "AT", &["U99999999"]),
    ("BE", "BE", &["9999999999"]),
    ("BG", "BG", &["999999999", "9999999999"]),
    ("CY", "CY", &["99999999A"]),
    ("CZ", "CZ", &["99999999", "999999999", "9999999999"]),
    ("DE", "DE", &["999999999"]),
    ("DK", "DK", &["99999999"]),
    ("EE", "EE", &["999999999"]),
    ("GR", "EL", &["999999999"]),
    ("ES", "ES", &["*9999999*"]),
    ("FI", "FI", &["99999999"]),
    ("FR", "FR", &["**999999999"]),
    ("HR", "HR", &["99999999999"]),
    ("HU", "HU", &["99999999"]),
    ("IE", "IE", &["9+99999A", "9999999AA", "9999999A"]),
    ("IT", "IT", &["99999999999"]),
    ("LT", "LT", &["999999999", "999999999999"]),
    ("LU", "LU", &["99999999"]),
    ("LV", "LV", &["99999999999"]),
    ("MT", "MT", &["99999999"]),
    ("NL", "NL", &["999999999B99"]),
    ("PL", "PL", &["9999999999"]),
    ("PT", "PT", &["999999999"]),
    (
        "RO",
        "RO",
        &[
            "99",
            "999",
            "9999",
            "99999",
            "999999",
            "9999999",
            "99999999",
            "999999999",
            "9999999999",
        ],
    ),
    ("SE", "SE", &["999999999901"]),
    ("SI", "SI", &["99999999"]),
    ("SK", "SK", &["9999999999"]),
];

fn fits(pattern: &str, number: &str) -> bool {
    pattern.len() == number.len()
        && pattern.bytes().zip(number.bytes()).all(|(p, c)| match p {
            b'9' => c.is_ascii_digit(),
            b'A' => c.is_ascii_uppercase(),
            b'*' => c.is_ascii_digit() || c.is_ascii_uppercase(),
            b'+' => c.is_ascii_alphanumeric() || c == b'+' || c == b'*',
            other => other == c,
        })
}

/// Whether the country (ISO 3166-1 alpha-2) is an EU member state.
pub fn is_eu(country: &str) -> bool {
    FORMATS.iter().any(|(c, _, _)| *c == country)
}

/// THE check: the number as it is stored (upper case, the prefix first, no
/// spaces, dots or dashes), or why not: `vat_format` (not a number of that
/// country's shape, or an unknown prefix) or `vat_country` (a valid number
/// of another member state than `country`). An empty number is no number
/// (Ok("")). Outside the EU (`country` set and not a member), any 2-20
/// letters and digits.
pub fn normalise(country: &str, input: &str) -> Result<String, &'static str> {
    let cleaned: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    if cleaned.is_empty() {
        return Ok(cleaned);
    }
    let country = country.trim().to_ascii_uppercase();
    if !country.is_empty() && !is_eu(&country) {
        let ok =
            (2..=20).contains(&cleaned.len()) && cleaned.bytes().all(|b| b.is_ascii_alphanumeric());
        return if ok { Ok(cleaned) } else { Err("vat_format") };
    }
    let own = FORMATS.iter().find(|(c, _, _)| *c == country);
    // With its prefix, or (for the country given) without.
    let (entry, number) = match FORMATS
        .iter()
        .find(|(_, prefix, _)| cleaned.starts_with(prefix))
    {
        Some(e) => (e, &cleaned[2..]),
        None => match own {
            Some(e) => (e, cleaned.as_str()),
            None => return Err("vat_format"),
        },
    };
    if !entry.2.iter().any(|p| fits(p, number)) {
        return Err("vat_format");
    }
    if own.is_some_and(|o| o.0 != entry.0) {
        return Err("vat_country");
    }
    Ok(format!("{}{number}", entry.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stored_with_their_prefix_and_without_separators() {
        assert_eq!(normalise("DK", "12345678"), Ok("DK12345678".into()));
        assert_eq!(normalise("DK", "dk 12 34 56 78"), Ok("DK12345678".into()));
        assert_eq!(normalise("", "DK12345678"), Ok("DK12345678".into()));
        assert_eq!(normalise("GR", "123456789"), Ok("EL123456789".into()));
        assert_eq!(normalise("AT", "ATU12345678"), Ok("ATU12345678".into()));
        assert_eq!(
            normalise("NL", "NL123456789B01"),
            Ok("NL123456789B01".into())
        );
        assert_eq!(normalise("ES", "ESX1234567X"), Ok("ESX1234567X".into()));
        assert_eq!(
            normalise("FR", "FR 40 303 265 045"),
            Ok("FR40303265045".into())
        );
        assert_eq!(normalise("IE", "IE1234567WA"), Ok("IE1234567WA".into()));
        assert_eq!(
            normalise("SE", "SE123456789001"),
            Ok("SE123456789001".into())
        );
        assert_eq!(normalise("DK", ""), Ok(String::new()));
    }

    #[test]
    fn a_wrong_shape_or_another_country_is_named() {
        for (country, vat) in [
            ("DK", "1234567"),
            ("DK", "DK123456789"),
            ("DE", "DE12345678"),
            ("AT", "AT12345678"),
            ("NL", "NL123456789A01"),
            ("SE", "SE123456789000"),
            ("", "XX12345678"),
            ("DK", "DK1234567O"),
        ] {
            assert_eq!(
                normalise(country, vat),
                Err("vat_format"),
                "{country} {vat}"
            );
        }
        assert_eq!(normalise("DK", "DE123456789"), Err("vat_country"));
        assert_eq!(normalise("DE", "DK12345678"), Err("vat_country"));
    }

    #[test]
    fn outside_the_eu_any_plain_number() {
        assert_eq!(
            normalise("NO", "NO 123 456 789 MVA"),
            Ok("NO123456789MVA".into())
        );
        assert_eq!(
            normalise("CH", "CHE-123.456.789"),
            Ok("CHE123456789".into())
        );
        assert_eq!(normalise("NO", "1"), Err("vat_format"));
        assert!(is_eu("DK") && is_eu("GR") && !is_eu("EL") && !is_eu("NO"));
    }
}
