use crate::i18n::{t, use_i18n};
use crate::tr;
use leptos::prelude::*;

/// Section 06: white-label and partners, with example partner cards whose names and
/// subtitles come from the locale files (so they switch language too).
#[component]
pub fn WhiteLabel() -> impl IntoView {
    let i18n = use_i18n();
    let cards = [
        (
            tr!(i18n, home.wl_card1_name),
            tr!(i18n, home.wl_card1_subtitle),
            "accent-a",
        ),
        (
            tr!(i18n, home.wl_card2_name),
            tr!(i18n, home.wl_card2_subtitle),
            "accent-b",
        ),
        (
            tr!(i18n, home.wl_card3_name),
            tr!(i18n, home.wl_card3_subtitle),
            "accent-c",
        ),
    ];
    view! {
        <section class="section section--dark" id="whitelabel" aria-labelledby="wl-title">
            <div class="container split">
                <div>
                    <p class="eyebrow eyebrow--on-dark">{t!(i18n, home.wl_eyebrow)}</p>
                    <h2 id="wl-title">{t!(i18n, home.wl_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.wl_lead)}</p>
                    <ul class="checklist checklist--on-dark">
                        <li data-testid="wl-margin">{t!(i18n, home.wl_bullet1)}</li>
                        <li>{t!(i18n, home.wl_bullet2)}</li>
                        <li>{t!(i18n, home.wl_bullet3)}</li>
                    </ul>
                    <a class="button button--signal" href="/partners" data-testid="wl-partners">{t!(i18n, home.wl_cta)}</a>
                </div>
                <div class="partner-cards" aria-label=move || crate::i18n::t_string!(i18n, home.wl_card_note)>
                    {cards
                        .into_iter()
                        .map(|(name, subtitle, accent)| {
                            view! {
                                <div class=format!("partner-card partner-card--{accent}") data-testid="partner-card">
                                    <span class="partner-card__avatar" aria-hidden="true">
                                        {move || name.get().chars().next().map(String::from).unwrap_or_default()}
                                    </span>
                                    <span>
                                        <strong class="partner-card__name">{move || name.get()}</strong>
                                        <span class="partner-card__sub">{move || subtitle.get()}</span>
                                    </span>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p class="partner-cards__note">{t!(i18n, home.wl_card_note)}</p>
                </div>
            </div>
        </section>
    }
}
