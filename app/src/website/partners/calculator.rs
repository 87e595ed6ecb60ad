use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::pricing::{self, SeatsError};
use leptos::prelude::*;

/// The seat count the server renders before the visitor types (the spec's example).
pub const DEFAULT_SEATS: u64 = 1_200;

/// Progressive partner margin, computed in the browser as the visitor types.
#[component]
pub fn MarginCalculator() -> impl IntoView {
    let i18n = use_i18n();
    let input = RwSignal::new(DEFAULT_SEATS.to_string());
    let parsed = Memo::new(move |_| input.with(|v| pricing::parse_seats(v)));
    // The last valid count stays on screen while the input is being corrected.
    let seats = RwSignal::new(DEFAULT_SEATS);
    Effect::new(move |_| {
        if let Ok(n) = parsed.get() {
            seats.set(n);
        }
    });
    let breakdown = Memo::new(move |_| pricing::margin_for(seats.get()));
    let error = move || {
        parsed.get().err().map(|e| match e {
            SeatsError::Empty => t_string!(i18n, partners.calc_err_empty),
            SeatsError::NotANumber => t_string!(i18n, partners.calc_err_nan),
            SeatsError::Negative => t_string!(i18n, partners.calc_err_negative),
            SeatsError::TooLarge => t_string!(i18n, partners.calc_err_large),
        })
    };
    let loc = move || i18n.get_locale();

    view! {
        <section class="section section--mist" id="calculator" aria-labelledby="calc-title">
            <div class="container">
                <div class="section__header">
                    <h2 id="calc-title">{t!(i18n, partners.calc_title)}</h2>
                    <p class="section__lead">{t!(i18n, partners.calc_lead)}</p>
                </div>
                // What `document.js` needs to show the rules module's answer in
                // the page's language (the website's pages do not hydrate).
                <div
                    class="calc"
                    data-testid="calculator"
                    data-and-up=t!(i18n, common.and_up)
                    data-err-empty=t!(i18n, partners.calc_err_empty)
                    data-err-nan=t!(i18n, partners.calc_err_nan)
                    data-err-negative=t!(i18n, partners.calc_err_negative)
                    data-err-large=t!(i18n, partners.calc_err_large)
                >
                    <div class="field calc__input" class:field--invalid=move || error().is_some()>
                        <label class="field__label" for="calc-seats">{t!(i18n, partners.calc_input)}</label>
                        <input
                            class="field__input"
                            id="calc-seats"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            aria-invalid=move || if error().is_some() { "true" } else { "false" }
                            aria-describedby=move || error().map(|_| "calc-error")
                            value=DEFAULT_SEATS.to_string()
                            prop:value=move || input.get()
                            on:input=move |ev| input.set(event_target_value(&ev))
                        />
                        {move || error().map(|e| view! { <p class="field__error" id="calc-error" data-testid="calc-error">{e}</p> })}
                    </div>
                    <div class="table-scroll">
                        <table class="calc__table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, partners.calc_bracket)}</th>
                                    <th scope="col">{t!(i18n, partners.calc_users)}</th>
                                    <th scope="col">{t!(i18n, partners.calc_rate)}</th>
                                    <th scope="col">{t!(i18n, partners.calc_monthly)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || {
                                    breakdown
                                        .get()
                                        .lines
                                        .into_iter()
                                        .map(|line| {
                                            let l = loc();
                                            let range = format::bracket_range(l, line.bracket.from, line.bracket.to, t_string!(i18n, common.and_up));
                                            view! {
                                                <tr data-testid="calc-line">
                                                    <th scope="row" data-label=t_string!(i18n, partners.calc_bracket)>{range}</th>
                                                    <td data-label=t_string!(i18n, partners.calc_users)>{format::count(l, line.users)}</td>
                                                    <td data-label=t_string!(i18n, partners.calc_rate)>{format::percent(l, line.bracket.rate_pct)}</td>
                                                    <td data-label=t_string!(i18n, partners.calc_monthly)>{format::kr(l, line.monthly_ore)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </tbody>
                        </table>
                    </div>
                    <dl class="calc__totals">
                        <div>
                            <dt>{t!(i18n, partners.calc_total_monthly)}</dt>
                            <dd data-testid="calc-monthly">{move || format::kr(loc(), breakdown.get().monthly_ore)}</dd>
                        </div>
                        <div>
                            <dt>{t!(i18n, partners.calc_total_annual)}</dt>
                            <dd data-testid="calc-annual">{move || format::kr(loc(), breakdown.get().annual_ore)}</dd>
                        </div>
                        <div>
                            <dt>{t!(i18n, partners.calc_effective)}</dt>
                            <dd data-testid="calc-effective">{move || format::percent_permille(loc(), breakdown.get().effective_permille())}</dd>
                        </div>
                    </dl>
                </div>
            </div>
        </section>
    }
}
