use crate::i18n::{t, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.about_title) description=tr!(i18n, meta.about_description) />
        <PageHeader eyebrow=tr!(i18n, about.eyebrow) title=tr!(i18n, about.title) lead=tr!(i18n, about.lead) />
        <section class="section section--tight">
            <div class="container prose">
                <h2>{t!(i18n, about.story_title)}</h2>
                <p>{t!(i18n, about.story_p1)}</p>
                <p>{t!(i18n, about.story_p2)}</p>
            </div>
        </section>
        <section class="section section--mist" aria-labelledby="problem-title">
            <div class="container">
                <h2 id="problem-title">{t!(i18n, about.problem_title)}</h2>
                <div class="pain-grid" data-testid="pain-grid">
                    <article class="card"><h3>{t!(i18n, about.pain1_title)}</h3><p>{t!(i18n, about.pain1_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, about.pain2_title)}</h3><p>{t!(i18n, about.pain2_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, about.pain3_title)}</h3><p>{t!(i18n, about.pain3_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, about.pain4_title)}</h3><p>{t!(i18n, about.pain4_body)}</p></article>
                </div>
            </div>
        </section>
        <section class="section" aria-labelledby="founders-title">
            <div class="container prose">
                <h2 id="founders-title">{t!(i18n, about.founders_title)}</h2>
                <p>{t!(i18n, about.founders_body)}</p>
                <a class="button button--primary" href="/demo">{t!(i18n, nav.book_demo)}</a>
            </div>
        </section>
    }
}
