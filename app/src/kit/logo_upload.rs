//! The logo picker of a Branding card: the current logo (or none), a file
//! input for PNG, JPEG or WebP, and Remove. The file is read in the browser
//! as a data URL and handed to `on_pick`; the size is checked here first so
//! a too-large file never travels, and the server checks everything again
//! (`domain::logo::check`: the bytes decide the type, SVG is refused).
use crate::domain::logo;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Reads the chosen file as a data URL; refuses a too-large one by reason.
#[cfg(feature = "hydrate")]
fn read_chosen(
    input: &web_sys::HtmlInputElement,
    on_pick: Callback<String>,
    on_refuse: Callback<&'static str>,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    if file.size() > logo::MAX_BYTES as f64 {
        on_refuse.run("too_large");
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let done = reader.clone();
    let onload = Closure::once_into_js(move || {
        if let Some(data) = done.result().ok().and_then(|r| r.as_string()) {
            on_pick.run(data);
        }
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    if reader.read_as_data_url(&file).is_err() {
        on_refuse.run("unsupported_image");
    }
}

#[component]
pub fn LogoUpload(
    /// Where the current logo is served.
    #[prop(into)]
    current: Signal<Option<String>>,
    can_edit: bool,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    on_pick: Callback<String>,
    on_remove: Callback<()>,
    on_refuse: Callback<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let changed = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = input.get_untracked() {
            read_chosen(&el, on_pick, on_refuse);
            // The same file can be chosen again after a refusal.
            el.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, on_pick, on_refuse);
    };
    view! {
        <div class="logo-upload" data-testid="logo-upload">
            <div class="logo-upload__current">
                {move || match current.get() {
                    Some(src) => view! {
                        <img class="logo-upload__image" src=src alt=move || t_alt(i18n) data-testid="logo-current" />
                    }.into_any(),
                    None => view! {
                        <span class="logo-upload__none" data-testid="logo-none">{t!(i18n, settings.logo_none)}</span>
                    }.into_any(),
                }}
            </div>
            <div class="logo-upload__controls">
                <label class="field__label" for="brand-logo">{t!(i18n, settings.logo)}</label>
                <p class="field__hint" id="brand-logo-hint">{t!(i18n, settings.logo_hint)}</p>
                {can_edit.then(|| view! {
                    <input type="file" id="brand-logo" data-testid="logo-input" accept=logo::ACCEPT
                        aria-describedby="brand-logo-hint" node_ref=input
                        disabled=move || pending.get() on:change=changed />
                    {move || current.get().is_some().then(|| view! {
                        <button type="button" class="button button--small" data-testid="logo-remove"
                            disabled=move || pending.get() on:click=move |_| on_remove.run(())>
                            {t!(i18n, settings.logo_remove)}
                        </button>
                    })}
                })}
                {move || error.get().map(|e| view! {
                    <p class="field__error" role="alert" data-testid="logo-error">{e}</p>
                })}
            </div>
        </div>
    }
}

fn t_alt(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    crate::i18n::t_string!(i18n, settings.logo_alt).to_string()
}
