use crate::i18n::{t, use_i18n};
use crate::lang;
use leptos::prelude::*;

/// Switches Danish/English in place; the choice is kept in the `dezky-lang` cookie.
#[component]
pub fn LangToggle(#[prop(optional, into)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="lang-toggle"
            id=id.unwrap_or("lang-toggle")
            data-testid="lang-toggle"
            on:click=move |_| {
                let next = lang::other(i18n.get_locale());
                i18n.set_locale(next);
                #[cfg(feature = "hydrate")]
                lang::remember(next);
            }
        >
            // The visible code ("EN") starts the accessible name; the hidden text explains it.
            {t!(i18n, nav.lang_toggle)}
            <span class="visually-hidden">" " {t!(i18n, a11y.switch_language)}</span>
        </button>
    }
}
