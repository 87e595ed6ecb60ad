use crate::i18n::{t, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn MigrationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.migration_title) description=tr!(i18n, meta.migration_description) />
        <PageHeader eyebrow=tr!(i18n, migration.eyebrow) title=tr!(i18n, migration.title) lead=tr!(i18n, migration.lead) />
        <section class="section section--tight">
            <div class="container">
                <h2>{t!(i18n, migration.steps_title)}</h2>
                <ol class="steps steps--4" role="list">
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"1"</span><h3>{t!(i18n, migration.step1_title)}</h3><p>{t!(i18n, migration.step1_body)}</p></li>
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"2"</span><h3>{t!(i18n, migration.step2_title)}</h3><p>{t!(i18n, migration.step2_body)}</p></li>
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"3"</span><h3>{t!(i18n, migration.step3_title)}</h3><p>{t!(i18n, migration.step3_body)}</p></li>
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"4"</span><h3>{t!(i18n, migration.step4_title)}</h3><p>{t!(i18n, migration.step4_body)}</p></li>
                </ol>
            </div>
        </section>
        <section class="section section--mist">
            <div class="container split split--even">
                <div>
                    <h2>{t!(i18n, migration.moves_title)}</h2>
                    <ul class="checklist">
                        <li>{t!(i18n, migration.move1)}</li>
                        <li>{t!(i18n, migration.move2)}</li>
                        <li>{t!(i18n, migration.move3)}</li>
                        <li>{t!(i18n, migration.move4)}</li>
                        <li>{t!(i18n, migration.move5)}</li>
                    </ul>
                </div>
                <div class="cta-card">
                    <h2>{t!(i18n, migration.cta_title)}</h2>
                    <p>{t!(i18n, migration.cta_body)}</p>
                    <a class="button button--signal" href="/demo">{t!(i18n, nav.book_demo)}</a>
                </div>
            </div>
        </section>
    }
}
