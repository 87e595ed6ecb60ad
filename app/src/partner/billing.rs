//! /partner/billing: the partner's payouts, as the operator generated them
//! from its customers' MRR and its margin; paid or pending.
use crate::api::partner::partner_payouts;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, EmptyState, PayoutTable};
use leptos::prelude::*;

#[component]
pub fn PartnerBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_payouts());
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, payouts.partner_title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:rows>
            <section class="card" aria-labelledby="partner-payouts-title" data-testid="partner-payouts">
                <h2 id="partner-payouts-title">{t!(i18n, payouts.ledger)}</h2>
                <p class="add-person__note">{t!(i18n, payouts.partner_intro)}</p>
                {if rows.is_empty() {
                    view! { <EmptyState title=Signal::derive(move || t_string!(i18n, payouts.none).to_string()) /> }.into_any()
                } else {
                    view! { <PayoutTable rows /> }.into_any()
                }}
            </section>
        </Async>
    }
}
