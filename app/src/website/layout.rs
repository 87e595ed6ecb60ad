use super::footer::SiteFooter;
use super::nav::SiteNav;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Nav, main content and footer of every public page.
#[component]
pub fn SiteLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, a11y.skip_to_content)}</a>
        <SiteNav />
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter />
    }
}
