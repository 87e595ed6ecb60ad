use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{LangToggle, NodeLockup};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The site header: logo, section links, language toggle and "Book a demo".
/// At <= 768 px everything but the logo moves into a hamburger menu (opened by
/// the app, or by `document.js` on the website's document pages).
#[component]
pub fn SiteNav() -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    // Close the menu whenever the route changes.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        location.hash.track();
        set_open.set(false);
    });
    view! {
        <header class="site-header" class:menu-open=open>
            <div class="site-header__inner container">
                <a class="site-header__logo" href="/" aria-label=t!(i18n, a11y.home_link)>
                    <NodeLockup />
                </a>
                <button
                    type="button"
                    class="menu-button"
                    id="menu-button"
                    aria-controls="site-menu"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    // For `document.js`, which opens the menu where the app does not run.
                    data-label-open=t!(i18n, a11y.open_menu)
                    data-label-close=t!(i18n, a11y.close_menu)
                    aria-label=move || {
                        if open.get() { t_string!(i18n, a11y.close_menu) } else { t_string!(i18n, a11y.open_menu) }
                    }
                    on:click=move |_| set_open.update(|o| *o = !*o)
                >
                    <span class="menu-button__bar" />
                    <span class="menu-button__bar" />
                    <span class="menu-button__bar" />
                </button>
                <nav class="site-menu" id="site-menu" aria-label=t!(i18n, a11y.main_nav)>
                    <ul class="site-menu__links" role="list">
                        <li><a href="/#suite">{t!(i18n, nav.suite)}</a></li>
                        <li><a href="/#pricing">{t!(i18n, nav.pricing)}</a></li>
                        <li><a href="/partners">{t!(i18n, nav.partners)}</a></li>
                        <li><a href="/about">{t!(i18n, nav.about)}</a></li>
                    </ul>
                    <div class="site-menu__actions">
                        <LangToggle />
                        <a class="site-menu__login" href="/sign-in" data-testid="nav-login">{t!(i18n, nav.login)}</a>
                        <a class="button button--primary" href="/demo" data-testid="nav-demo">
                            {t!(i18n, nav.book_demo)}
                        </a>
                    </div>
                </nav>
            </div>
        </header>
    }
}
