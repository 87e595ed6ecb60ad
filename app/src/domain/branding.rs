//! A partner's white-label branding: product name and accent colour, and THE
//! readable text colour on that accent by YIQ contrast (the W3C's
//! brightness formula: (299 R + 587 G + 114 B) / 1000, dark text from 128).
//! The settings page's preview and the signed-in shell's workspace mark use
//! the same function.
use super::model::Branding;
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// The longest product name.
pub const PRODUCT_NAME_MAX: usize = 60;

/// The red, green and blue of `#rrggbb` (None for anything else).
pub fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// YIQ brightness, 0 (black) to 255 (white).
pub fn yiq(hex: &str) -> Option<u32> {
    let (r, g, b) = rgb(hex)?;
    Some((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000)
}

/// THE text colour readable on `accent`: near-black on light accents,
/// white on dark ones.
pub fn readable_text(accent: &str) -> &'static str {
    match yiq(accent) {
        Some(y) if y >= 128 => "#111418",
        _ => "#ffffff",
    }
}

/// THE branding a customer's people see: the customer's own where its
/// partner lets customers brand themselves, field by field, else the
/// partner's (white label), else dezky's (None).
pub fn effective(customer: &Branding, partner: &Branding, customers_may_brand: bool) -> Branding {
    let own = |c: &Option<String>, p: &Option<String>| {
        if customers_may_brand && c.is_some() {
            c.clone()
        } else {
            p.clone()
        }
    };
    Branding {
        product_name: own(&customer.product_name, &partner.product_name),
        accent_colour: own(&customer.accent_colour, &partner.accent_colour),
        logo: own(&customer.logo, &partner.logo),
    }
}

/// What the partner typed on the Branding card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandingForm {
    /// Empty: dezky's own name.
    pub product_name: String,
    /// Empty: dezky's own colour; else `#rrggbb`.
    pub accent_colour: String,
}

impl BrandingForm {
    pub fn of(b: &Branding) -> Self {
        Self {
            product_name: b.product_name.clone().unwrap_or_default(),
            accent_colour: b.accent_colour.clone().unwrap_or_default(),
        }
    }

    /// Checked and normalised (the colour in lower case); the logo is
    /// uploaded on its own and kept from `current`.
    pub fn checked(&self, current: &Branding) -> Result<Branding, FieldError> {
        let name = self.product_name.trim();
        if name.chars().count() > PRODUCT_NAME_MAX {
            return Err(FieldError {
                field: "product_name",
                reason: "too_long",
            });
        }
        let colour = self.accent_colour.trim().to_ascii_lowercase();
        if !colour.is_empty() && rgb(&colour).is_none() {
            return Err(FieldError {
                field: "accent_colour",
                reason: "invalid_colour",
            });
        }
        Ok(Branding {
            product_name: (!name.is_empty()).then(|| name.to_owned()),
            accent_colour: (!colour.is_empty()).then_some(colour),
            logo: current.logo.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yiq_picks_the_readable_text() {
        assert_eq!(yiq("#ffffff"), Some(255));
        assert_eq!(yiq("#000000"), Some(0));
        // dezky's signal green is light: dark text.
        assert_eq!(readable_text("#34d17f"), "#111418");
        // Yellow is light, blue and red are dark.
        assert_eq!(readable_text("#ffd500"), "#111418");
        assert_eq!(readable_text("#1d4ed8"), "#ffffff");
        assert_eq!(readable_text("#c0392b"), "#ffffff");
        // The boundary: 128 is light, 127 dark.
        assert_eq!(yiq("#808080"), Some(128));
        assert_eq!(readable_text("#808080"), "#111418");
        assert_eq!(readable_text("#7f7f7f"), "#ffffff");
        for bad in ["", "red", "#fff", "#gggggg", "34d17f", "#34d17f0"] {
            assert_eq!(yiq(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_customer_wears_its_own_branding_only_where_its_partner_allows() {
        let b = |name: Option<&str>, colour: Option<&str>| Branding {
            product_name: name.map(str::to_owned),
            accent_colour: colour.map(str::to_owned),
            logo: None,
        };
        let partner = Branding {
            logo: Some("nordlys-it-0a1b".into()),
            ..b(Some("Nordlys Workplace"), Some("#1d4ed8"))
        };
        let own = b(None, Some("#c0392b"));
        assert_eq!(effective(&own, &partner, false), partner);
        // The partner's logo stays where the customer has none of its own.
        assert_eq!(
            effective(&own, &partner, true),
            Branding {
                logo: Some("nordlys-it-0a1b".into()),
                ..b(Some("Nordlys Workplace"), Some("#c0392b"))
            }
        );
        assert_eq!(
            effective(&b(None, None), &b(None, None), true),
            b(None, None)
        );
    }

    #[test]
    fn the_form_is_checked_and_normalised() {
        let form = |name: &str, colour: &str| BrandingForm {
            product_name: name.into(),
            accent_colour: colour.into(),
        };
        // The logo is not on the form: it is kept.
        let current = Branding {
            logo: Some("nordlys-it-0a1b".into()),
            ..Branding::default()
        };
        assert_eq!(
            form(" Nordlys Workplace ", " #1D4ED8 ").checked(&current),
            Ok(Branding {
                product_name: Some("Nordlys Workplace".into()),
                accent_colour: Some("#1d4ed8".into()),
                logo: Some("nordlys-it-0a1b".into()),
            })
        );
        assert_eq!(
            form("", "").checked(&Branding::default()),
            Ok(Branding::default())
        );
        assert_eq!(
            form(&"x".repeat(PRODUCT_NAME_MAX + 1), "")
                .checked(&current)
                .unwrap_err()
                .field,
            "product_name"
        );
        assert_eq!(
            form("A", "blue").checked(&current).unwrap_err().reason,
            "invalid_colour"
        );
    }
}
