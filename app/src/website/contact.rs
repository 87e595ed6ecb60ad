use crate::i18n::{t, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.contact_title) description=tr!(i18n, meta.contact_description) />
        <PageHeader eyebrow=tr!(i18n, contact.eyebrow) title=tr!(i18n, contact.title) lead=tr!(i18n, contact.lead) />
        <section class="section section--tight">
            <div class="container">
                <ul class="card-grid card-grid--3" role="list">
                    <li class="card">
                        <h2 class="card__title">{t!(i18n, contact.info_title)}</h2>
                        <p>{t!(i18n, contact.info_body)}</p>
                        <a class="text-link" href="mailto:info@dezky.eu">"info@dezky.eu"</a>
                    </li>
                    <li class="card">
                        <h2 class="card__title">{t!(i18n, contact.legal_title)}</h2>
                        <p>{t!(i18n, contact.legal_body)}</p>
                        <a class="text-link" href="mailto:legal@dezky.eu">"legal@dezky.eu"</a>
                    </li>
                    <li class="card">
                        <h2 class="card__title">{t!(i18n, contact.privacy_title)}</h2>
                        <p>{t!(i18n, contact.privacy_body)}</p>
                        <a class="text-link" href="mailto:privacy@dezky.eu">"privacy@dezky.eu"</a>
                    </li>
                </ul>
                <div class="split split--even contact-details">
                    <div>
                        <h2>{t!(i18n, contact.response_title)}</h2>
                        <p>{t!(i18n, contact.response_body)}</p>
                        <h2>{t!(i18n, contact.company_title)}</h2>
                        <p>{t!(i18n, contact.company_body)}</p>
                    </div>
                    <div class="cta-card">
                        <h2>{t!(i18n, contact.demo_title)}</h2>
                        <p>{t!(i18n, contact.demo_body)}</p>
                        <a class="button button--signal" href="/demo">{t!(i18n, nav.book_demo)}</a>
                    </div>
                </div>
            </div>
        </section>
    }
}
