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
