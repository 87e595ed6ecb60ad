use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Hero() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="hero" aria-labelledby="hero-title">
            <div class="container hero__inner">
                <p class="eyebrow">{t!(i18n, home.hero_eyebrow)}</p>
                <h1 id="hero-title" class="hero__title">{t!(i18n, home.hero_title)}</h1>
                <p class="hero__lead">{t!(i18n, home.hero_lead)}</p>
                <div class="hero__actions">
                    <a class="button button--primary button--large" href="/demo" data-testid="hero-demo">
                        {t!(i18n, nav.book_demo)}
                    </a>
                    <a class="button button--secondary button--large" href="/#suite">{t!(i18n, home.hero_secondary)}</a>
                </div>
                <p class="hero__price">{t!(i18n, home.hero_price)}</p>
            </div>
        </section>
    }
}
