mod calculator;
mod tiers;

use crate::i18n::{t, use_i18n};
use crate::kit::{CompareRow, CompareTable, NodeMark, PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

pub use calculator::MarginCalculator;
pub use tiers::PartnerTiers;

/// /partners: benefits, margin calculator, CSP-vs-dezky table, tiers, 3 steps, FAQ.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = vec![
        CompareRow {
            label: tr!(i18n, partners.csp_row1),
            values: vec![
                tr!(i18n, partners.csp_row1_dezky),
                tr!(i18n, partners.csp_row1_csp),
            ],
        },
        CompareRow {
            label: tr!(i18n, partners.csp_row2),
            values: vec![
                tr!(i18n, partners.csp_row2_dezky),
                tr!(i18n, partners.csp_row2_csp),
            ],
        },
        CompareRow {
            label: tr!(i18n, partners.csp_row3),
            values: vec![
                tr!(i18n, partners.csp_row3_dezky),
                tr!(i18n, partners.csp_row3_csp),
            ],
        },
        CompareRow {
            label: tr!(i18n, partners.csp_row4),
            values: vec![
                tr!(i18n, partners.csp_row4_dezky),
                tr!(i18n, partners.csp_row4_csp),
            ],
        },
        CompareRow {
            label: tr!(i18n, partners.csp_row5),
            values: vec![
                tr!(i18n, partners.csp_row5_dezky),
                tr!(i18n, partners.csp_row5_csp),
            ],
        },
    ];
    let columns = vec![
        (
            Some(view! { <NodeMark on_dark=true size=24 /> }.into_any()),
            tr!(i18n, common.dezky),
        ),
        (None, tr!(i18n, partners.csp_col_csp)),
    ];
    view! {
        <PageMeta title=tr!(i18n, meta.partners_title) description=tr!(i18n, meta.partners_description) />
        <PageHeader eyebrow=tr!(i18n, partners.eyebrow) title=tr!(i18n, partners.title) lead=tr!(i18n, partners.lead) />
        <section class="section section--tight" aria-labelledby="benefits-title">
            <div class="container">
                <h2 id="benefits-title">{t!(i18n, partners.benefits_title)}</h2>
                <div class="card-grid card-grid--4">
                    <article class="card"><h3>{t!(i18n, partners.benefit1_title)}</h3><p>{t!(i18n, partners.benefit1_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, partners.benefit2_title)}</h3><p>{t!(i18n, partners.benefit2_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, partners.benefit3_title)}</h3><p>{t!(i18n, partners.benefit3_body)}</p></article>
                    <article class="card"><h3>{t!(i18n, partners.benefit4_title)}</h3><p>{t!(i18n, partners.benefit4_body)}</p></article>
                </div>
            </div>
        </section>
        <MarginCalculator />
        <section class="section" aria-labelledby="csp-title">
            <div class="container">
                <div class="section__header">
                    <h2 id="csp-title">{t!(i18n, partners.csp_title)}</h2>
                    <p class="section__lead">{t!(i18n, partners.csp_lead)}</p>
                </div>
                <CompareTable caption=tr!(i18n, partners.csp_title) corner=tr!(i18n, home.compare_feature) columns rows testid="compare-csp" />
            </div>
        </section>
        <PartnerTiers />
        <section class="section" aria-labelledby="steps-title">
            <div class="container">
                <h2 id="steps-title">{t!(i18n, partners.steps_title)}</h2>
                <ol class="steps" role="list">
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"1"</span><h3>{t!(i18n, partners.step1_title)}</h3><p>{t!(i18n, partners.step1_body)}</p></li>
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"2"</span><h3>{t!(i18n, partners.step2_title)}</h3><p>{t!(i18n, partners.step2_body)}</p></li>
                    <li class="steps__item"><span class="steps__node" aria-hidden="true">"3"</span><h3>{t!(i18n, partners.step3_title)}</h3><p>{t!(i18n, partners.step3_body)}</p></li>
                </ol>
            </div>
        </section>
        <section class="section section--mist" aria-labelledby="faq-title">
            <div class="container prose">
                <h2 id="faq-title">{t!(i18n, partners.faq_title)}</h2>
                <details class="faq"><summary>{t!(i18n, partners.faq1_q)}</summary><p>{t!(i18n, partners.faq1_a)}</p></details>
                <details class="faq"><summary>{t!(i18n, partners.faq2_q)}</summary><p>{t!(i18n, partners.faq2_a)}</p></details>
                <details class="faq"><summary>{t!(i18n, partners.faq3_q)}</summary><p>{t!(i18n, partners.faq3_a)}</p></details>
                <details class="faq"><summary>{t!(i18n, partners.faq4_q)}</summary><p>{t!(i18n, partners.faq4_a)}</p></details>
            </div>
        </section>
        <section class="section final-cta">
            <div class="container final-cta__inner">
                <h2>{t!(i18n, partners.cta_title)}</h2>
                <div class="hero__actions">
                    <a class="button button--signal button--large" href="/#become-partner">{t!(i18n, partners.cta_apply)}</a>
                    <a class="button button--secondary-on-dark button--large" href="/demo">{t!(i18n, nav.book_demo)}</a>
                </div>
            </div>
        </section>
    }
}
