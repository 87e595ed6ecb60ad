use super::not_found::NotFound;
use super::routes::PENDING_LEGAL_SLUGS;
use crate::i18n::{t, use_i18n};
use crate::kit::PageMeta;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/:slug` that matched no page: legal documents we have but have not published
/// get a "contact us" page; everything else is the 404 page.
#[component]
pub fn CatchAll() -> impl IntoView {
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    if PENDING_LEGAL_SLUGS.contains(&slug.as_str()) {
        view! { <LegalPending /> }.into_any()
    } else {
        view! { <NotFound /> }.into_any()
    }
}

#[component]
fn LegalPending() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.legal_pending_title) description=tr!(i18n, meta.legal_pending_description) />
        <section class="container page-narrow" data-testid="legal-pending">
            <h1>{t!(i18n, legal_pending.title)}</h1>
            <p>{t!(i18n, legal_pending.body)}</p>
            <a class="button button--primary" href="mailto:legal@dezky.eu">{t!(i18n, legal_pending.cta)}</a>
        </section>
    }
}
