use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn HowItWorks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section section--mist" id="how" aria-labelledby="how-title">
            <div class="container">
                <div class="section__header">
                    <p class="eyebrow">{t!(i18n, home.how_eyebrow)}</p>
                    <h2 id="how-title">{t!(i18n, home.how_title)}</h2>
                </div>
                <ol class="steps" role="list">
                    <li class="steps__item">
                        <span class="steps__node" aria-hidden="true">"1"</span>
                        <h3>{t!(i18n, home.how_step1_title)}</h3>
                        <p>{t!(i18n, home.how_step1_body)}</p>
                    </li>
                    <li class="steps__item">
                        <span class="steps__node" aria-hidden="true">"2"</span>
                        <h3>{t!(i18n, home.how_step2_title)}</h3>
                        <p>{t!(i18n, home.how_step2_body)}</p>
                    </li>
                    <li class="steps__item">
                        <span class="steps__node" aria-hidden="true">"3"</span>
                        <h3>{t!(i18n, home.how_step3_title)}</h3>
                        <p>{t!(i18n, home.how_step3_body)}</p>
                    </li>
                </ol>
            </div>
        </section>
    }
}
