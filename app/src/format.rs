//! Number and money formatting per language: the rules live in `rules::format`
//! (shared with the website's calculator module); a page passes its `Locale`.
use crate::i18n::Locale;
pub use rules::format::*;

impl From<Locale> for Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::da => Lang::Da,
            Locale::en => Lang::En,
        }
    }
}

/// An SVG length or coordinate given in tenths, as "12.3" (no float
/// formatting, which would bring the float printer into the browser's bundle).
pub fn svg_tenths(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `num / den` in tenths, rounded half up (0 for a zero denominator).
pub fn tenths_of(num: u128, den: u128) -> u64 {
    if den == 0 {
        return 0;
    }
    u64::try_from((num * 10 + den / 2) / den).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_round_half_up_and_print_without_floats() {
        assert_eq!(tenths_of(1, 3), 3);
        assert_eq!(tenths_of(2, 3), 7);
        assert_eq!(tenths_of(1, 20), 1);
        assert_eq!(tenths_of(5, 0), 0);
        assert_eq!(svg_tenths(0), "0.0");
        assert_eq!(svg_tenths(3200), "320.0");
        assert_eq!(svg_tenths(1234), "123.4");
    }
}
