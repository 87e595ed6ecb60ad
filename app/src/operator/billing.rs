//! /operator/billing: the payouts ledger. Pick a month, "Generate" its
//! payouts from the month's latest MRR snapshot (idempotent; paid rows are
//! never rewritten), and mark a row paid once the money has gone out (asked
//! first, audited).
use crate::api::operator::{payout_ledger, revenue_summary};
use crate::api::{GeneratePayouts, MarkPayoutPaid};
use crate::domain::AppError;
use crate::domain::views::RevenueSummaryView;
use crate::format;
use crate::i18n::{t, use_i18n};
use crate::kit::{
    Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, InvoiceTable, PayoutTable,
    StatCard, StatCards,
};
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
    let summary = Resource::new(|| (), |()| revenue_summary());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, payouts.title)
            on_refresh=Callback::new(move |()| {
                summary.refetch();
                data.refetch();
            })
        />
        <Async data=summary let:s>
            <RevenueSummary view=s />
        </Async>
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
                            view! { <EmptyState title=crate::i18n::t_signal!(i18n, payouts.none) /> }.into_any()
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
            title=crate::i18n::t_signal!(i18n, payouts.confirm_title)
            body=crate::i18n::t_signal!(i18n, payouts.confirm_body)
            confirm=crate::i18n::t_signal!(i18n, payouts.mark_paid)
            on_confirm=Callback::new(move |()| {
                if let Some((id, version)) = chosen.get_untracked() {
                    mark.dispatch(MarkPayoutPaid { id, version });
                }
                confirming.set(false);
            })
            test_id="payout-paid-dialog" />
    }
}

/// The platform's revenue as of the latest snapshot, and the account's
/// latest invoices across customers.
#[component]
fn RevenueSummary(view: RevenueSummaryView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let money = |m: &std::collections::BTreeMap<String, i64>, times: i64| {
        if m.is_empty() {
            "–".to_owned()
        } else {
            m.iter()
                .map(|(c, v)| format::money(lang, v * times, c))
                .collect::<Vec<_>>()
                .join(" · ")
        }
    };
    let mrr = money(&view.mrr, 1);
    let arr = money(&view.mrr, 12);
    let invoices = if view.invoices_failed {
        view! { <p class="notice notice--error" role="alert" data-testid="invoices-failed">{t!(i18n, billing.invoices_failed)}</p> }.into_any()
    } else if !view.connected {
        view! { <p class="notice" role="status" data-testid="billing-not-connected">{t!(i18n, reports.not_connected)}</p> }.into_any()
    } else if view.invoices.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, billing.no_invoices) /> }.into_any()
    } else {
        let rows = view
            .invoices
            .into_iter()
            .map(|r| (r.tenant_name, r.invoice))
            .collect();
        view! { <InvoiceTable rows by_customer=true /> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="summary-title" data-testid="revenue-summary">
            <h2 id="summary-title">{t!(i18n, reports.summary)}</h2>
            {match view.as_of.clone() {
                Some(day) => view! {
                    <p class="add-person__note" data-testid="summary-as-of">{t!(i18n, reports.as_of)} " " {format::date(lang, &day)}</p>
                }.into_any(),
                None => view! { <p class="add-person__note" data-testid="summary-none">{t!(i18n, revenue.none_yet)}</p> }.into_any(),
            }}
            <StatCards test_id="summary-figures">
                <StatCard label=crate::i18n::t_signal!(i18n, revenue.mrr) value=mrr test_id="summary-mrr" />
                <StatCard label=crate::i18n::t_signal!(i18n, reports.arr) value=arr test_id="summary-arr" />
                <StatCard label=crate::i18n::t_signal!(i18n, reports.customers) value=format::count(lang, view.tenants) test_id="summary-tenants" />
                <StatCard label=crate::i18n::t_signal!(i18n, reports.seats) value=format::count(lang, view.seats) test_id="summary-seats" />
            </StatCards>
        </section>
        <section class="card" aria-labelledby="all-invoices-title" data-testid="all-invoices">
            <h2 id="all-invoices-title">{t!(i18n, reports.latest_invoices)}</h2>
            {invoices}
        </section>
    }
}
