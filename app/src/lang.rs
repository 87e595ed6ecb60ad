//! The visitor's language preference: one cookie, read while rendering on the
//! server and written by the language toggle in the browser.
use crate::i18n::Locale;
use leptos_i18n::context::CookieOptions;
use leptos_use::{SameSite, UseLocalesOptions};

/// Name of the first-party cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "dezky-lang";

/// The cookie lives for 12 months (leptos-use takes milliseconds).
pub const LANG_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

/// `dezky-lang` cookie attributes: 12 months, `SameSite=Lax`, `Path=/`. The
/// server writes the cookie with these on every render that read it
/// (leptos_i18n's `cookie` feature, server-only); the browser writes it with
/// [`cookie_value`] when the visitor switches language, so the hydrate bundle
/// carries no cookie parser or date formatting.
pub fn cookie_options() -> CookieOptions<Locale> {
    let options = CookieOptions::default()
        .max_age(LANG_COOKIE_MAX_AGE_MS)
        .same_site(SameSite::Lax)
        .path("/");
    #[cfg(feature = "ssr")]
    let options = options.ssr_cookies_header_getter(request_cookies_with_lang_override);
    options
}

/// The `dezky-lang` cookie as the browser writes it: the attributes of
/// [`cookie_options`].
pub fn cookie_value(locale: Locale) -> String {
    format!(
        "{LANG_COOKIE}={}; SameSite=Lax; Path=/; Max-Age={}",
        leptos_i18n::Locale::as_str(locale),
        LANG_COOKIE_MAX_AGE_MS / 1000
    )
}

/// Keeps the visitor's choice for the next page load (in the browser).
#[cfg(feature = "hydrate")]
pub fn remember(locale: Locale) {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>();
    if let Ok(document) = document {
        // Only a document without a browsing context refuses a cookie.
        let _ = document.set_cookie(&cookie_value(locale));
    }
}

/// The request's `Cookie` header as the server renders it, with `?lang=da|en`
/// (the `hreflang` alternate URLs) taking precedence over the stored preference.
/// The browser then keeps the language it was served as the preference.
#[cfg(feature = "ssr")]
fn request_cookies_with_lang_override() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let cookies = parts
        .headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let lang = parts
        .uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .filter(|l| matches!(*l, "da" | "en"));
    Some(match lang {
        None => cookies.to_owned(),
        Some(lang) => override_cookie(cookies, lang),
    })
}

/// Replaces (or adds) the `dezky-lang` pair in a `Cookie` header value.
pub fn override_cookie(cookies: &str, lang: &str) -> String {
    std::iter::once(format!("{LANG_COOKIE}={lang}"))
        .chain(
            cookies
                .split(';')
                .map(str::trim)
                .filter(|kv| !kv.is_empty() && !kv.starts_with(&format!("{LANG_COOKIE}=")))
                .map(str::to_owned),
        )
        .collect::<Vec<_>>()
        .join("; ")
}

/// Danish is the default for everyone without the cookie: the browser's
/// `Accept-Language` header is deliberately not consulted, so the first byte of a
/// page depends only on the cookie.
pub fn ignore_accept_language() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| None)
}

/// The language the toggle switches to.
pub fn other(locale: Locale) -> Locale {
    match locale {
        Locale::da => Locale::en,
        Locale::en => Locale::da,
    }
}

/// The current language's text of a plain translation key, following the
/// language: what `t!(i18n, key)` gives (`crate::i18n::t`). Every key's text
/// is one function of the locale, and every call returns the same closure type,
/// so the renderer's code for a reactive text (build, hydrate, rebuild, its
/// effect) is compiled once, where leptos_i18n's `t!` gives each call a closure
/// type of its own and the renderer's code with it, 832 times.
pub fn tr(
    i18n: leptos_i18n::I18nContext<Locale>,
    text: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || text(i18n.get_locale())
}

/// [`tr`] as a `Signal<String>`, for the props that take one.
pub fn tr_signal(
    i18n: leptos_i18n::I18nContext<Locale>,
    text: fn(Locale) -> &'static str,
) -> leptos::prelude::Signal<String> {
    leptos::prelude::Signal::derive(move || text(i18n.get_locale()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn keys(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    keys(&path, v, out);
                }
            }
            _ => {
                out.insert(prefix.to_owned());
            }
        }
    }

    fn locale_keys(file: &str) -> BTreeSet<String> {
        let path = format!("{}/../locales/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut out = BTreeSet::new();
        keys("", &json, &mut out);
        out
    }

    #[test]
    fn both_locales_have_exactly_the_same_keys() {
        let da = locale_keys("da.json");
        let en = locale_keys("en.json");
        let only_da: Vec<_> = da.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&da).collect();
        assert!(
            only_da.is_empty() && only_en.is_empty(),
            "keys only in da.json: {only_da:?}; keys only in en.json: {only_en:?}"
        );
        assert!(da.len() > 10, "locale files look empty");
    }

    #[test]
    fn no_locale_value_is_empty() {
        for file in ["da.json", "en.json"] {
            let path = format!("{}/../locales/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let mut stack = vec![(String::new(), &json)];
            while let Some((path, v)) = stack.pop() {
                match v {
                    Value::Object(map) => {
                        stack.extend(map.iter().map(|(k, v)| (format!("{path}.{k}"), v)))
                    }
                    Value::String(s) => assert!(!s.trim().is_empty(), "{file}: {path} is empty"),
                    other => panic!("{file}: {path} is not a string: {other}"),
                }
            }
        }
    }

    #[test]
    fn lang_query_overrides_the_cookie_for_one_render() {
        assert_eq!(override_cookie("", "en"), "dezky-lang=en");
        assert_eq!(
            override_cookie("a=1; dezky-lang=da; b=2", "en"),
            "dezky-lang=en; a=1; b=2"
        );
    }

    #[test]
    fn toggle_alternates_between_the_two_languages() {
        assert_eq!(other(Locale::da), Locale::en);
        assert_eq!(other(Locale::en), Locale::da);
    }

    #[test]
    fn the_browser_writes_the_cookie_with_the_servers_attributes() {
        assert_eq!(
            cookie_value(Locale::en),
            "dezky-lang=en; SameSite=Lax; Path=/; Max-Age=31536000"
        );
        assert_eq!(
            cookie_value(Locale::da),
            "dezky-lang=da; SameSite=Lax; Path=/; Max-Age=31536000"
        );
    }
}
