use crate::i18n::{t, t_string, use_i18n};
use crate::kit::NodeLockup;
use leptos::prelude::*;

/// The site footer: tagline, legal entity and contact addresses.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container site-footer__grid">
                <div class="site-footer__brand">
                    <NodeLockup on_dark=true />
                    <p class="site-footer__tagline">{t!(i18n, footer.tagline)}</p>
                </div>
                <nav class="site-footer__col" aria-label=move || t_string!(i18n, a11y.footer_nav)>
                    <h2 class="site-footer__heading">{t!(i18n, footer.contact)}</h2>
                    <ul>
                        <li><a href="mailto:info@dezky.eu">"info@dezky.eu"</a></li>
                        <li><a href="mailto:legal@dezky.eu">"legal@dezky.eu"</a></li>
                        <li><a href="mailto:privacy@dezky.eu">"privacy@dezky.eu"</a></li>
                    </ul>
                </nav>
            </div>
            <div class="container site-footer__legal">
                <span>{t!(i18n, footer.entity)}</span>
                <span>{t!(i18n, footer.cvr)}</span>
                <span>{t!(i18n, footer.rights)}</span>
            </div>
        </footer>
    }
}
