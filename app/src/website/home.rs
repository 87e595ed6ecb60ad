use crate::i18n::{t, t_string, use_i18n};
use crate::kit::PageMeta;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, meta.home_title).to_string())
            description=Signal::derive(move || t_string!(i18n, meta.home_description).to_string())
        />
        <section class="hero" aria-labelledby="hero-title">
            <div class="container hero__inner">
                <p class="eyebrow">{t!(i18n, home.hero_eyebrow)}</p>
                <h1 id="hero-title" class="hero__title">{t!(i18n, home.hero_title)}</h1>
                <p class="hero__lead">{t!(i18n, home.hero_lead)}</p>
                <div class="hero__actions">
                    <a class="button button--primary button--large" href="/demo" data-testid="hero-demo">
                        {t!(i18n, nav.book_demo)}
                    </a>
                </div>
                <p class="hero__price">{t!(i18n, home.hero_price)}</p>
            </div>
        </section>
    }
}
