use crate::i18n::{t, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn RoadmapPage() -> impl IntoView {
    let i18n = use_i18n();
    let columns = [
        (
            tr!(i18n, roadmap.col_now),
            "now",
            [
                tr!(i18n, roadmap.now1),
                tr!(i18n, roadmap.now2),
                tr!(i18n, roadmap.now3),
                tr!(i18n, roadmap.now4),
                tr!(i18n, roadmap.now5),
            ],
        ),
        (
            tr!(i18n, roadmap.col_next),
            "next",
            [
                tr!(i18n, roadmap.next1),
                tr!(i18n, roadmap.next2),
                tr!(i18n, roadmap.next3),
                tr!(i18n, roadmap.next4),
                tr!(i18n, roadmap.next5),
            ],
        ),
        (
            tr!(i18n, roadmap.col_later),
            "later",
            [
                tr!(i18n, roadmap.later1),
                tr!(i18n, roadmap.later2),
                tr!(i18n, roadmap.later3),
                tr!(i18n, roadmap.later4),
                tr!(i18n, roadmap.later5),
            ],
        ),
    ];
    view! {
        <PageMeta title=tr!(i18n, meta.roadmap_title) description=tr!(i18n, meta.roadmap_description) />
        <PageHeader eyebrow=tr!(i18n, roadmap.eyebrow) title=tr!(i18n, roadmap.title) lead=tr!(i18n, roadmap.lead) />
        <section class="section section--tight">
            <div class="container">
                <p class="note" role="note">{t!(i18n, roadmap.note)}</p>
                <div class="board" data-testid="roadmap-board">
                    {columns
                        .into_iter()
                        .map(|(title, key, items)| {
                            view! {
                                <section class=format!("board__col board__col--{key}")>
                                    <h2>{move || title.get()}</h2>
                                    <ul role="list">
                                        {items.into_iter().map(|item| view! { <li class="board__item">{move || item.get()}</li> }).collect_view()}
                                    </ul>
                                </section>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </section>
        <section class="section section--mist">
            <div class="container">
                <h2>{t!(i18n, roadmap.themes_title)}</h2>
                <div class="card-grid card-grid--4">
                    <article class="card"><h3>{t!(i18n, roadmap.theme1_title)}</h3><p>{t!(i18n, roadmap.theme1_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, roadmap.theme2_title)}</h3><p>{t!(i18n, roadmap.theme2_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, roadmap.theme3_title)}</h3><p>{t!(i18n, roadmap.theme3_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, roadmap.theme4_title)}</h3><p>{t!(i18n, roadmap.theme4_body)}</p></article>
                </div>
                <div class="cta-card cta-card--inline">
                    <div>
                        <h2>{t!(i18n, roadmap.suggest_title)}</h2>
                        <p>{t!(i18n, roadmap.suggest_body)}</p>
                    </div>
                    <a class="button button--primary" href="mailto:info@dezky.eu?subject=Feature">{t!(i18n, roadmap.suggest_cta)}</a>
                </div>
            </div>
        </section>
    }
}
