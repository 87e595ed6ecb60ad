use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn FinalCta() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section final-cta" aria-labelledby="final-title">
            <div class="container final-cta__inner">
                <h2 id="final-title">{t!(i18n, home.final_title)}</h2>
                <p class="section__lead">{t!(i18n, home.final_lead)}</p>
                <a class="button button--signal button--large" href="/demo" data-testid="final-demo">{t!(i18n, nav.book_demo)}</a>
            </div>
        </section>
    }
}
