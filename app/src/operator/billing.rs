//! /operator/billing: the payouts ledger. Pick a month, "Generate" its
//! payouts from the month's latest MRR snapshot (idempotent; paid rows are
//! never rewritten), and mark a row paid once the money has gone out (asked
//! first, audited).
use crate::api::operator::payout_ledger;
use crate::api::{GeneratePayouts, MarkPayoutPaid};
use crate::domain::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, PayoutTable};
use leptos::prelude::*;

#[component]
pub fn OperatorBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    // Empty: the current month (the server's clock decides).
    let month = RwSignal::new(String::new());
    let data = Resource::new(move || month.get(), payout_ledger);
    let generate = ServerAction::<GeneratePayouts>::new();
    let mark = ServerAction::<MarkPayoutPaid>::new();
    let error = RwSignal::new(None::<AppError>);
    let confirming = RwSignal::new(false);
    let chosen = RwSignal::new(None::<(String, u64)>);
    for answer in [generate.value(), mark.value()] {
        Effect::new(move |_| match answer.get() {
            Some(Ok(_)) => {
                error.set(None);
                data.refetch();
            }
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        });
    }
    let refusal = move || {
        match error.get() {
        Some(AppError::Invalid { reason, .. }) if reason == "no_snapshot" => Some(
            view! { <p class="notice notice--error" role="alert" data-testid="payouts-no-snapshot">{t!(i18n, payouts.no_snapshot)}</p> }
                .into_any(),
        ),
        Some(e) => Some(view! { <ErrorNotice error=e /> }.into_any()),
        None => None,
    }
    };
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, payouts.title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:ledger>
            {
                let shown = ledger.month.clone();
                let empty = ledger.rows.is_empty();
                view! {
                    <section class="card" aria-labelledby="payouts-title" data-testid="payout-ledger" data-month=shown.clone()>
                        <h2 id="payouts-title">{t!(i18n, payouts.ledger)}</h2>
                        <p class="add-person__note">{t!(i18n, payouts.intro)}</p>
                        <div class="toolbar-row">
                            <label class="field__label" for="payout-month">{t!(i18n, payouts.month)}</label>
                            <input id="payout-month" type="month" class="field__input field__input--narrow" data-testid="payout-month"
                                prop:value=shown.clone()
                                on:change=move |ev| month.set(event_target_value(&ev)) />
                            <button type="button" class="button button--primary button--small" data-testid="payouts-generate"
                                disabled=move || generate.pending().get()
                                on:click={
                                    let shown = shown.clone();
                                    move |_| { generate.dispatch(GeneratePayouts { month: shown.clone() }); }
                                }>
                                {t!(i18n, payouts.generate)}
                            </button>
                        </div>
                        {refusal}
                        {if empty {
                            view! { <EmptyState title=Signal::derive(move || t_string!(i18n, payouts.none).to_string()) /> }.into_any()
                        } else {
                            view! {
                                <PayoutTable rows=ledger.rows
                                    on_mark_paid=Callback::new(move |row: (String, u64)| {
                                        chosen.set(Some(row));
                                        confirming.set(true);
                                    }) />
                            }.into_any()
                        }}
                    </section>
                }
            }
        </Async>
        <ConfirmDialog open=confirming
            title=Signal::derive(move || t_string!(i18n, payouts.confirm_title).to_string())
            body=Signal::derive(move || t_string!(i18n, payouts.confirm_body).to_string())
            confirm=Signal::derive(move || t_string!(i18n, payouts.mark_paid).to_string())
            on_confirm=Callback::new(move |()| {
                if let Some((id, version)) = chosen.get_untracked() {
                    mark.dispatch(MarkPayoutPaid { id, version });
                }
                confirming.set(false);
            })
            test_id="payout-paid-dialog" />
    }
}
