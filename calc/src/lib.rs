//! The partner-margin calculator of the public `/partners` page, for the browser.
//!
//! The public pages are documents that do not hydrate (docs/ARCHITECTURE.md,
//! "Payload"): their few interactive parts are driven by `frontend/document.js`.
//! The calculator must compute as the visitor types, with no server round trip,
//! from the same rules the server renders with: this module is `rules::pricing`
//! and `rules::format` compiled to wasm, without leptos or the app.
use rules::format::{self, Lang};
use rules::pricing::{self, SeatsError};
use wasm_bindgen::prelude::wasm_bindgen;

/// What the calculator shows for what the visitor typed, in `lang` ("da" or
/// "en"), as tab-separated lines:
/// - `error\t<empty|nan|negative|large>` when the input is not a seat count;
/// - otherwise one `line\t<range>\t<users>\t<rate>\t<kr per month>` per bracket,
///   then `total\t<kr per month>\t<kr per year>\t<effective rate>`.
///
/// `and_up` is the page's word for an open bracket ("and up").
#[wasm_bindgen]
pub fn calculate(input: &str, lang: &str, and_up: &str) -> String {
    let lang = if lang == "en" { Lang::En } else { Lang::Da };
    let seats = match pricing::parse_seats(input) {
        Ok(seats) => seats,
        Err(e) => return format!("error\t{}", error_name(e)),
    };
    let breakdown = pricing::margin_for(seats);
    let mut out = String::new();
    for line in &breakdown.lines {
        out.push_str(&format!(
            "line\t{}\t{}\t{}\t{}\n",
            format::bracket_range(lang, line.bracket.from, line.bracket.to, and_up),
            format::count(lang, line.users),
            format::percent(lang, line.bracket.rate_pct),
            format::kr(lang, line.monthly_ore),
        ));
    }
    out.push_str(&format!(
        "total\t{}\t{}\t{}",
        format::kr(lang, breakdown.monthly_ore),
        format::kr(lang, breakdown.annual_ore),
        format::percent_permille(lang, breakdown.effective_permille()),
    ));
    out
}

/// The name `document.js` looks the translated message up by (`data-err-*`).
pub fn error_name(error: SeatsError) -> &'static str {
    match error {
        SeatsError::Empty => "empty",
        SeatsError::NotANumber => "nan",
        SeatsError::Negative => "negative",
        SeatsError::TooLarge => "large",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_example_in_both_languages() {
        assert_eq!(
            calculate("1.200", "da", "og op"),
            "line\t1–500\t500\t15 %\t3.675,00 kr\n\
             line\t501–1.000\t500\t30 %\t7.350,00 kr\n\
             line\t1.001 og op\t200\t40 %\t3.920,00 kr\n\
             total\t14.945,00 kr\t179.340,00 kr\t25,4 %"
        );
        assert!(
            calculate("1001", "en", "and up")
                .ends_with("total\tDKK 11,044.60\tDKK 132,535.20\t22.5%")
        );
    }

    #[test]
    fn bad_input_names_its_reason() {
        assert_eq!(calculate("", "da", ""), "error\tempty");
        assert_eq!(calculate("abc", "da", ""), "error\tnan");
        assert_eq!(calculate("-3", "en", ""), "error\tnegative");
        assert_eq!(calculate("99999999", "en", ""), "error\tlarge");
    }
}
