//! /partner/billing: the partner's payouts, as the operator generated them
//! from its customers' MRR and its margin; paid or pending.
use crate::api::partner::{partner_invoices, partner_payouts};
use crate::i18n::{t, use_i18n};
use crate::kit::{Async, ConsoleHeader, EmptyState, InvoiceTable, PayoutTable};
use leptos::prelude::*;

#[component]
pub fn PartnerBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_payouts());
    let invoices = Resource::new(|| (), |_| partner_invoices());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, payouts.partner_title)
            on_refresh=Callback::new(move |()| {
                invoices.refetch();
                data.refetch();
            })
        />
        <Async data let:rows>
            <section class="card" aria-labelledby="partner-payouts-title" data-testid="partner-payouts">
                <h2 id="partner-payouts-title">{t!(i18n, payouts.ledger)}</h2>
                <p class="add-person__note">{t!(i18n, payouts.partner_intro)}</p>
                {if rows.is_empty() {
                    view! { <EmptyState title=crate::i18n::t_signal!(i18n, payouts.none) /> }.into_any()
                } else {
                    view! { <PayoutTable rows /> }.into_any()
                }}
            </section>
        </Async>
        <Async data=invoices let:v>
            <section class="card" aria-labelledby="partner-invoices-title" data-testid="partner-invoices">
                <h2 id="partner-invoices-title">{t!(i18n, reports.customer_invoices)}</h2>
                {(!v.connected).then(|| view! {
                    <p class="notice" role="status" data-testid="billing-not-connected">{t!(i18n, reports.not_connected)}</p>
                })}
                {(!v.failed.is_empty()).then(|| view! {
                    <p class="notice notice--error" role="alert" data-testid="invoices-failed">
                        {t!(i18n, reports.invoices_failed_for)} " " {v.failed.join(", ")}
                    </p>
                })}
                {(v.not_read > 0).then(|| view! {
                    <p class="add-person__note">{t!(i18n, reports.not_read)} " " {v.not_read}</p>
                })}
                {if v.invoices.is_empty() {
                    view! { <EmptyState title=crate::i18n::t_signal!(i18n, billing.no_invoices) /> }.into_any()
                } else {
                    let rows = v.invoices.into_iter().map(|r| (r.tenant_name, r.invoice)).collect();
                    view! { <InvoiceTable rows by_customer=true /> }.into_any()
                }}
            </section>
        </Async>
    }
}
