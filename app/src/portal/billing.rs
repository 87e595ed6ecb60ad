//! /admin/billing: the customer's plan at the catalog's price, its
//! subscription and payment state as the payment provider reported them, the
//! invoices read live from the provider (with their PDF), and the billing
//! details its admin edits (THE EU VAT format check as typed and on save).
use crate::api::{SaveTenantBilling, tenant_billing};
use crate::domain::AppError;
use crate::domain::billing_details::BillingForm;
use crate::domain::revenue::{day_label, day_of};
use crate::domain::views::{InvoiceRow, TenantBillingView};
use crate::format;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::settings_field_error as field_error;
use crate::kit::{
    Async, ConsoleHeader, EmptyState, ErrorNotice, SaveFooter, StatCard, StatCards, TextField,
};
use crate::shell::admin_page_data;
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = admin_page_data(tenant_billing);
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, billing.title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {
                let (slug, view) = found;
                view! {
                    <PlanCard view=view.clone() />
                    <InvoicesCard view=view.clone() />
                    <DetailsCard slug view />
                }
            }
        </Async>
    }
}

fn subscription_words(i18n: I18n, status: Option<&str>) -> String {
    match status {
        None => t_string!(i18n, billing.sub_none).to_string(),
        Some("active") => t_string!(i18n, billing.sub_active).to_string(),
        Some("trialing") => t_string!(i18n, billing.sub_trialing).to_string(),
        Some("past_due") => t_string!(i18n, billing.sub_past_due).to_string(),
        Some("canceled") => t_string!(i18n, billing.sub_canceled).to_string(),
        Some(other) => other.replace('_', " "),
    }
}

fn invoice_status(i18n: I18n, status: &str) -> (&'static str, String) {
    match status {
        "paid" => (
            "status-pill status-pill--ok",
            t_string!(i18n, billing.inv_paid).to_string(),
        ),
        "open" => (
            "status-pill status-pill--warn",
            t_string!(i18n, billing.inv_open).to_string(),
        ),
        "draft" => (
            "status-pill",
            t_string!(i18n, billing.inv_draft).to_string(),
        ),
        "void" => ("status-pill", t_string!(i18n, billing.inv_void).to_string()),
        "uncollectible" => (
            "status-pill status-pill--down",
            t_string!(i18n, billing.inv_uncollectible).to_string(),
        ),
        other => ("status-pill", other.to_owned()),
    }
}

#[component]
fn PlanCard(view: TenantBillingView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let monthly = view
        .seat_price_minor
        .map(|p| crate::domain::revenue::tenant_mrr(view.seats, p));
    let label = move |f: fn(I18n) -> String| Signal::derive(move || f(i18n));
    let sub = subscription_words(i18n, view.subscription_status.as_deref());
    view! {
        {(!view.connected).then(|| view! {
            <p class="notice" role="status" data-testid="billing-not-connected">{t!(i18n, billing.not_connected)}</p>
        })}
        {view.payment_failed.clone().map(|f| view! {
            <p class="notice notice--error" role="alert" data-testid="billing-payment-failed">
                {t!(i18n, billing.payment_failed)} " " {format::money(lang, f.amount_due, &f.currency)} " · "
                {format::date(lang, &day_label(day_of(f.at * 1000)))}
            </p>
        })}
        <StatCards test_id="billing-plan">
            <StatCard label=label(|i| t_string!(i, billing.plan).to_string()) value=view.plan.clone() test_id="billing-plan-name" />
            <StatCard label=label(|i| t_string!(i, billing.seats).to_string())
                value=format!("{} / {}", format::count(lang, u64::from(view.people)), format::count(lang, u64::from(view.seats)))
                test_id="billing-seats" />
            <StatCard label=label(|i| t_string!(i, billing.per_seat).to_string())
                value=view.seat_price_minor.map(|p| format::money(lang, p, &view.currency)).unwrap_or_else(|| "–".into())
                test_id="billing-per-seat" />
            <StatCard label=label(|i| t_string!(i, billing.monthly).to_string())
                value=monthly.map(|m| format::money(lang, m, &view.currency)).unwrap_or_else(|| "–".into())
                test_id="billing-monthly" />
        </StatCards>
        <p class="add-person__note">
            {t!(i18n, billing.subscription)} ": " <strong data-testid="billing-subscription">{sub}</strong> ". "
            {t!(i18n, billing.plan_note)}
        </p>
    }
}

#[component]
fn InvoicesCard(view: TenantBillingView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let body = if view.invoices_failed {
        view! { <p class="notice notice--error" role="alert" data-testid="invoices-failed">{t!(i18n, billing.invoices_failed)}</p> }.into_any()
    } else if view.invoices.is_empty() {
        view! {
            <EmptyState title=Signal::derive(move || t_string!(i18n, billing.no_invoices).to_string()) />
        }
        .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data-table" data-testid="invoices">
                    <thead><tr>
                        <th scope="col">{t!(i18n, billing.col_number)}</th>
                        <th scope="col">{t!(i18n, billing.col_date)}</th>
                        <th scope="col">{t!(i18n, billing.col_amount)}</th>
                        <th scope="col">{t!(i18n, billing.col_status)}</th>
                        <th scope="col">{t!(i18n, billing.col_pdf)}</th>
                    </tr></thead>
                    <tbody>
                        {view.invoices.into_iter().map(|i: InvoiceRow| {
                            let (class, status) = invoice_status(i18n, &i.status);
                            view! {
                                <tr data-testid="invoice" data-status=i.status.clone()>
                                    <td data-label=move || t_string!(i18n, billing.col_number)>{i.number.clone().unwrap_or_else(|| i.id.clone())}</td>
                                    <td data-label=move || t_string!(i18n, billing.col_date)>{format::date(lang, &day_label(day_of(i.created * 1000)))}</td>
                                    <td data-label=move || t_string!(i18n, billing.col_amount)>{format::money(lang, i.amount_minor, &i.currency)}</td>
                                    <td data-label=move || t_string!(i18n, billing.col_status)><span class=class>{status}</span></td>
                                    <td data-label=move || t_string!(i18n, billing.col_pdf)>
                                        {i.pdf_url.clone().map(|u| view! {
                                            <a href=u rel="noopener noreferrer" target="_blank" data-testid="invoice-pdf">{t!(i18n, billing.download_pdf)}</a>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="invoices-title" data-testid="invoices-card">
            <h2 id="invoices-title">{t!(i18n, billing.invoices)}</h2>
            {body}
        </section>
    }
}

#[component]
fn DetailsCard(slug: String, view: TenantBillingView) -> impl IntoView {
    let i18n = use_i18n();
    let d = view.details.clone();
    let company = RwSignal::new(d.company);
    let vat = RwSignal::new(d.vat_id);
    let country = RwSignal::new(d.country);
    let email = RwSignal::new(d.email);
    let version = RwSignal::new(view.version);
    let save = ServerAction::<SaveTenantBilling>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(v)) => {
            error.set(None);
            saved.set(true);
            version.set(v.version);
            // Shown as stored (the VAT number normalised).
            vat.set(v.details.vat_id.clone());
            country.set(v.details.country.clone());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| {
        for s in [company, vat, country, email] {
            s.track();
        }
        error.set(None);
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let form = BillingForm {
            company: company.get_untracked(),
            vat_id: vat.get_untracked(),
            country: country.get_untracked(),
            email: email.get_untracked(),
        };
        // The same check as the server's, before anything travels.
        if let Err(e) = form.checked() {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        save.dispatch(SaveTenantBilling {
            slug: slug.get_value(),
            form,
            version: version.get_untracked(),
        });
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let label = move |f: fn(I18n) -> String| Signal::derive(move || f(i18n));
    view! {
        <section class="card" aria-labelledby="billing-details-title" data-testid="billing-details">
            <h2 id="billing-details-title">{t!(i18n, billing.details)}</h2>
            <form on:submit=submit novalidate>
                <TextField id="billing-company" label=label(|i| t_string!(i, partners_admin.billing_company).to_string()) value=company error=field_error(error, "company") required=true />
                <TextField id="billing-country" label=label(|i| t_string!(i, partners_admin.billing_country).to_string()) value=country error=field_error(error, "country") required=true />
                <TextField id="billing-vat" label=label(|i| t_string!(i, partners_admin.billing_vat).to_string())
                    hint=label(|i| t_string!(i, billing.vat_hint).to_string()) value=vat error=field_error(error, "vat_id") />
                <TextField id="billing-email" kind="email" label=label(|i| t_string!(i, partners_admin.billing_email).to_string()) value=email error=field_error(error, "email") required=true />
                {general}
                <SaveFooter saved pending=save.pending() can_edit=true prefix="billing-details" />
            </form>
        </section>
    }
}
