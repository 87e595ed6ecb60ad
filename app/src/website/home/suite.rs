use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Suite() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section" id="suite" aria-labelledby="suite-title">
            <div class="container">
                <div class="section__header">
                    <p class="eyebrow">{t!(i18n, home.suite_eyebrow)}</p>
                    <h2 id="suite-title">{t!(i18n, home.suite_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.suite_lead)}</p>
                </div>
                <ul class="card-grid" role="list">
                    <li class="card">
                        <span class="card__icon" aria-hidden="true">"@"</span>
                        <h3>{t!(i18n, home.suite_mail_title)}</h3>
                        <p>{t!(i18n, home.suite_mail_body)}</p>
                    </li>
                    <li class="card">
                        <span class="card__icon" aria-hidden="true">"▤"</span>
                        <h3>{t!(i18n, home.suite_files_title)}</h3>
                        <p>{t!(i18n, home.suite_files_body)}</p>
                    </li>
                    <li class="card">
                        <span class="card__icon" aria-hidden="true">"ID"</span>
                        <h3>{t!(i18n, home.suite_sso_title)}</h3>
                        <p>{t!(i18n, home.suite_sso_body)}</p>
                    </li>
                    <li class="card card--muted">
                        <span class="badge">{t!(i18n, common.coming_soon)}</span>
                        <h3>{t!(i18n, home.suite_video_title)}</h3>
                        <p>{t!(i18n, home.suite_video_body)}</p>
                        <a class="card__link" href="/demo">{t!(i18n, nav.book_demo)}</a>
                    </li>
                    <li class="card card--muted">
                        <span class="badge">{t!(i18n, common.coming_soon)}</span>
                        <h3>{t!(i18n, home.suite_chat_title)}</h3>
                        <p>{t!(i18n, home.suite_chat_body)}</p>
                        <a class="card__link" href="/demo">{t!(i18n, nav.book_demo)}</a>
                    </li>
                </ul>
            </div>
        </section>
    }
}
