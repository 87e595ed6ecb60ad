use super::not_found::NotFound;
use super::routes::PENDING_LEGAL_SLUGS;
use crate::i18n::{t, use_i18n};
use crate::kit::PageMeta;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Any path no route matched (the router's fallback; static files are served
/// before the app is asked): legal documents we have but have not published get a
/// "contact us" page; everything else is the 404 page.
#[component]
pub fn CatchAll() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let slug = path.trim_matches('/');
    if PENDING_LEGAL_SLUGS.contains(&slug) {
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
