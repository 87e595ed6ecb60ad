use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::pricing::MARGIN_BRACKETS;
use leptos::prelude::*;

/// Partner tier cards, drawn from the same brackets as the calculator, so the two
/// can never disagree.
#[component]
pub fn PartnerTiers() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section section--mist" aria-labelledby="tiers-title">
            <div class="container">
                <h2 id="tiers-title">{t!(i18n, partners.tiers_title)}</h2>
                <div class="tiers">
                    {MARGIN_BRACKETS
                        .iter()
                        .enumerate()
                        .map(|(i, bracket)| {
                            let bracket = *bracket;
                            let name = move || match i {
                                0 => t_string!(i18n, partners.tier1_name),
                                1 => t_string!(i18n, partners.tier2_name),
                                _ => t_string!(i18n, partners.tier3_name),
                            };
                            let body = move || match i {
                                0 => t_string!(i18n, partners.tier1_body),
                                1 => t_string!(i18n, partners.tier2_body),
                                _ => t_string!(i18n, partners.tier3_body),
                            };
                            let range = move || {
                                let l = i18n.get_locale();
                                match bracket.to {
                                    Some(to) => format!("{}–{} {}", format::count(l, bracket.from), format::count(l, to), t_string!(i18n, common.users)),
                                    None => format!("{} {} {}", format::count(l, bracket.from), t_string!(i18n, common.users), t_string!(i18n, common.and_up)),
                                }
                            };
                            view! {
                                <article class="tier" data-testid="partner-tier">
                                    <h3>{name}</h3>
                                    <p class="tier__price"><strong>{move || format::percent(i18n.get_locale(), bracket.rate_pct)}</strong></p>
                                    <p class="tier__range" data-testid="tier-range">{range}</p>
                                    <p>{body}</p>
                                </article>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </section>
    }
}
