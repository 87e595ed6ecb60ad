use crate::i18n::{t, use_i18n};
use crate::kit::PageMeta;
use leptos::prelude::*;

/// The real not-found page; answers HTTP 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageMeta
            title=crate::i18n::t_signal!(i18n, meta.not_found_title)
            description=crate::i18n::t_signal!(i18n, meta.not_found_description)
        />
        <section class="container page-narrow not-found" data-testid="not-found">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <a class="button button--primary" href="/">{t!(i18n, not_found.home)}</a>
        </section>
    }
}
