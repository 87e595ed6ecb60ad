use crate::i18n::{t, use_i18n};
use crate::kit::NodeLockup;
use leptos::prelude::*;

/// The site footer: tagline, every page as a real route, legal entity and contacts.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <nav class="container site-footer__grid" aria-label=t!(i18n, a11y.footer_nav)>
                <div class="site-footer__brand">
                    <NodeLockup on_dark=true />
                    <p class="site-footer__tagline">{t!(i18n, footer.tagline)}</p>
                </div>
                <div class="site-footer__col">
                    <h2 class="site-footer__heading">{t!(i18n, footer.product)}</h2>
                    <ul>
                        <li><a href="/#suite">{t!(i18n, footer.link_suite)}</a></li>
                        <li><a href="/#how">{t!(i18n, footer.link_how)}</a></li>
                        <li><a href="/#compare">{t!(i18n, footer.link_compare)}</a></li>
                        <li><a href="/#pricing">{t!(i18n, footer.link_pricing)}</a></li>
                        <li><a href="/migration">{t!(i18n, footer.link_migration)}</a></li>
                    </ul>
                </div>
                <div class="site-footer__col">
                    <h2 class="site-footer__heading">{t!(i18n, footer.company)}</h2>
                    <ul>
                        <li><a href="/about">{t!(i18n, footer.link_about)}</a></li>
                        <li><a href="/partners">{t!(i18n, footer.link_partners)}</a></li>
                        <li><a href="/contact">{t!(i18n, footer.link_contact)}</a></li>
                        <li><a href="/demo">{t!(i18n, footer.link_demo)}</a></li>
                        <li><a href="/brand">{t!(i18n, footer.link_brand)}</a></li>
                    </ul>
                </div>
                <div class="site-footer__col">
                    <h2 class="site-footer__heading">{t!(i18n, footer.resources)}</h2>
                    <ul>
                        <li><a href="/status">{t!(i18n, footer.link_status)}</a></li>
                        <li><a href="/roadmap">{t!(i18n, footer.link_roadmap)}</a></li>
                        <li><a href="/changelog">{t!(i18n, footer.link_changelog)}</a></li>
                        <li><a href="/sla">{t!(i18n, footer.link_sla)}</a></li>
                    </ul>
                </div>
                <div class="site-footer__col">
                    <h2 class="site-footer__heading">{t!(i18n, footer.legal)}</h2>
                    <ul>
                        <li><a href="/terms">{t!(i18n, footer.link_terms)}</a></li>
                        <li><a href="/privacy">{t!(i18n, footer.link_privacy)}</a></li>
                        <li><a href="/dpa">{t!(i18n, footer.link_dpa)}</a></li>
                        <li><a href="/cookies">{t!(i18n, footer.link_cookies)}</a></li>
                    </ul>
                </div>
            </nav>
            <div class="container site-footer__legal">
                <span>{t!(i18n, footer.entity)}</span>
                <span>{t!(i18n, footer.cvr)}</span>
                <a href="mailto:info@dezky.eu">"info@dezky.eu"</a>
                <a href="mailto:legal@dezky.eu">"legal@dezky.eu"</a>
                <a href="mailto:privacy@dezky.eu">"privacy@dezky.eu"</a>
                <span>{t!(i18n, footer.rights)}</span>
            </div>
        </footer>
    }
}
