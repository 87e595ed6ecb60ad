use crate::format;
use crate::i18n::{t, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn ChangelogPage() -> impl IntoView {
    let i18n = use_i18n();
    // Newest first: (ISO date, title, body).
    let entries = [
        (
            "2026-11-29",
            tr!(i18n, changelog.e1_title),
            tr!(i18n, changelog.e1_body),
        ),
        (
            "2026-10-20",
            tr!(i18n, changelog.e2_title),
            tr!(i18n, changelog.e2_body),
        ),
        (
            "2026-09-14",
            tr!(i18n, changelog.e3_title),
            tr!(i18n, changelog.e3_body),
        ),
        (
            "2026-08-25",
            tr!(i18n, changelog.e4_title),
            tr!(i18n, changelog.e4_body),
        ),
    ];
    view! {
        <PageMeta title=tr!(i18n, meta.changelog_title) description=tr!(i18n, meta.changelog_description) />
        <PageHeader eyebrow=tr!(i18n, changelog.eyebrow) title=tr!(i18n, changelog.title) lead=tr!(i18n, changelog.lead) />
        <section class="section section--tight">
            <ol class="container timeline" role="list">
                {entries
                    .into_iter()
                    .map(|(date, title, body)| {
                        view! {
                            <li class="timeline__item">
                                <time datetime=date>{move || format::date(i18n.get_locale(), date)}</time>
                                <h2>{move || title.get()}</h2>
                                <p>{move || body.get()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        <section class="section section--mist">
            <div class="container"><a class="button button--primary" href="/roadmap">{t!(i18n, roadmap.title)}</a></div>
        </section>
    }
}
