use crate::i18n::{t, use_i18n};
use crate::kit::{CompareRow, CompareTable, NodeMark};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn Compare() -> impl IntoView {
    let i18n = use_i18n();
    let rows = vec![
        CompareRow {
            label: tr!(i18n, home.compare_row1),
            values: vec![
                tr!(i18n, home.compare_row1_dezky),
                tr!(i18n, home.compare_row1_other),
            ],
        },
        CompareRow {
            label: tr!(i18n, home.compare_row2),
            values: vec![
                tr!(i18n, home.compare_row2_dezky),
                tr!(i18n, home.compare_row2_other),
            ],
        },
        CompareRow {
            label: tr!(i18n, home.compare_row3),
            values: vec![
                tr!(i18n, home.compare_row3_dezky),
                tr!(i18n, home.compare_row3_other),
            ],
        },
        CompareRow {
            label: tr!(i18n, home.compare_row4),
            values: vec![
                tr!(i18n, home.compare_row4_dezky),
                tr!(i18n, home.compare_row4_other),
            ],
        },
        CompareRow {
            label: tr!(i18n, home.compare_row5),
            values: vec![
                tr!(i18n, home.compare_row5_dezky),
                tr!(i18n, home.compare_row5_other),
            ],
        },
        CompareRow {
            label: tr!(i18n, home.compare_row6),
            values: vec![
                tr!(i18n, home.compare_row6_dezky),
                tr!(i18n, home.compare_row6_other),
            ],
        },
    ];
    // The header logo uses the on-dark treatment: signal-green squircle, carbon "d".
    let columns = vec![
        (
            Some(view! { <NodeMark on_dark=true size=24 /> }.into_any()),
            tr!(i18n, common.dezky),
        ),
        (None, tr!(i18n, common.hyperscaler)),
    ];
    view! {
        <section class="section section--mist" id="compare" aria-labelledby="compare-title">
            <div class="container">
                <div class="section__header">
                    <p class="eyebrow">{t!(i18n, home.compare_eyebrow)}</p>
                    <h2 id="compare-title">{t!(i18n, home.compare_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.compare_lead)}</p>
                </div>
                <CompareTable
                    caption=tr!(i18n, home.compare_title)
                    corner=tr!(i18n, home.compare_feature)
                    columns
                    rows
                    testid="compare-home"
                />
            </div>
        </section>
    }
}
