//! /admin/billing: the customer's plan at the catalog's price, its
//! subscription and payment state as the payment provider reported them, the
//! invoices read live from the provider (with their PDF), and the billing
//! details its admin edits (THE EU VAT format check as typed and on save).
use crate::api::{SaveTenantBilling, StartSubscription, tenant_billing};
use crate::domain::AppError;
use crate::domain::billing_details::BillingForm;
use crate::domain::billing_state::Card;
use crate::domain::revenue::{day_label, day_of};
use crate::domain::views::TenantBillingView;
use crate::format;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::settings_field_error as field_error;
use crate::kit::{
    Async, ConsoleHeader, EmptyState, ErrorNotice, InvoiceTable, SaveFooter, StatCard, StatCards,
    TextField,
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
            title=crate::i18n::t_signal!(i18n, billing.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {
                let (slug, view) = found;
                view! {
                    <PlanCard view=view.clone() />
                    <PaymentCard slug=slug.clone() view=view.clone() />
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
    let body = if view.invoices_failed {
        view! { <p class="notice notice--error" role="alert" data-testid="invoices-failed">{t!(i18n, billing.invoices_failed)}</p> }.into_any()
    } else if view.invoices.is_empty() {
        view! {
            <EmptyState title=crate::i18n::t_signal!(i18n, billing.no_invoices) />
        }
        .into_any()
    } else {
        let rows = view.invoices.into_iter().map(|i| (None, i)).collect();
        view! { <InvoiceTable rows /> }.into_any()
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

/// "Visa •••• 4242, expires 08/2030".
fn card_words(i18n: I18n, c: &Card) -> String {
    let mut brand = c.brand.replace('_', " ");
    if let Some(first) = brand.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    format!(
        "{brand} •••• {}, {} {:02}/{}",
        c.last4,
        t_string!(i18n, billing.card_expires),
        c.exp_month,
        c.exp_year
    )
}

/// The card invoices are charged to, the next renewal, and the way to add
/// or replace the card (its own page: the only one allowed to load
/// Stripe.js, opened as a full page load so its policy applies).
#[component]
fn PaymentCard(slug: String, view: TenantBillingView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let start = ServerAction::<StartSubscription>::new();
    let error = RwSignal::new(None::<AppError>);
    let started = RwSignal::new(false);
    Effect::new(move |_| match start.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            started.set(true);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let slug = StoredValue::new(slug);
    let can_start = view.money && view.card.is_some() && !view.live;
    view! {
        <section class="card" aria-labelledby="payment-title" data-testid="payment-method">
            <h2 id="payment-title">{t!(i18n, billing.payment_method)}</h2>
            {match &view.card {
                Some(c) => view! { <p data-testid="card-on-file"><strong>{card_words(i18n, c)}</strong></p> }.into_any(),
                None => view! { <p class="muted" data-testid="no-card">{t!(i18n, billing.no_card)}</p> }.into_any(),
            }}
            {view.renews_at.filter(|_| view.live).map(|at| view! {
                <p data-testid="billing-renewal">{t!(i18n, billing.renews)} " " {format::date(lang, &day_label(day_of(at * 1000)))}</p>
            })}
            {if view.money {
                view! {
                    <a href=crate::domain::billing_state::CARD_PAGE rel="external" class="button button--secondary" data-testid="card-add">
                        {if view.card.is_some() { t!(i18n, billing.card_replace).into_any() } else { t!(i18n, billing.card_add).into_any() }}
                    </a>
                }.into_any()
            } else {
                view! { <p class="add-person__note" data-testid="card-money-off">{t!(i18n, billing.money_off)}</p> }.into_any()
            }}
            {can_start.then(|| view! {
                <p class="add-person__note">{t!(i18n, billing.not_started_note)}</p>
                <button type="button" class="button button--primary" data-testid="start-subscription"
                    disabled=move || start.pending().get() || started.get()
                    on:click=move |_| { start.dispatch(StartSubscription { slug: slug.get_value() }); }>
                    {t!(i18n, billing.start_subscription)}
                </button>
            })}
            {move || started.get().then(|| view! { <p class="notice" role="status">{t!(i18n, billing.started)}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

/// /admin/billing/card: Stripe Elements' card field (no postal code) on a
/// SetupIntent, driven by `/card.js`; the only page whose policy allows
/// Stripe.js.
#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = admin_page_data(tenant_billing);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, billing.payment_method)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {
                let (slug, view) = found;
                let form = view.money.then(|| view! {
                    <form id="card-form" class="card-form" novalidate
                        data-tenant=slug.clone()
                        data-stripe-js=crate::domain::billing_state::STRIPE_JS
                        data-msg-setup-failed=t!(i18n, billing.card_setup_failed)
                        data-msg-unreachable=t!(i18n, billing.card_unreachable)
                        data-msg-saving=t!(i18n, billing.card_saving)
                        data-msg-save-failed=t!(i18n, billing.card_save_failed)>
                        <label class="field__label" for="card-element">{t!(i18n, billing.card_label)}</label>
                        <div id="card-element" class="card-element" data-testid="card-element"></div>
                        <p id="card-status" hidden></p>
                        <div class="form-actions">
                            <button type="submit" class="button button--primary" data-testid="card-save">{t!(i18n, billing.card_save)}</button>
                            <a href="/admin/billing" rel="external" class="button button--ghost">{t!(i18n, shell.cancel)}</a>
                        </div>
                    </form>
                    <script src="/card.js" defer></script>
                });
                view! {
                    <section class="card" aria-labelledby="card-title" data-testid="card-page">
                        <h2 id="card-title">{t!(i18n, billing.card_title)}</h2>
                        {match &view.card {
                            Some(c) => view! { <p data-testid="card-on-file">{t!(i18n, billing.card_current)} " " <strong>{card_words(i18n, c)}</strong></p> }.into_any(),
                            None => view! { <p class="muted" data-testid="no-card">{t!(i18n, billing.no_card)}</p> }.into_any(),
                        }}
                        <p class="add-person__note">{t!(i18n, billing.card_note)}</p>
                        {match form {
                            Some(f) => f.into_any(),
                            None => view! { <p class="notice" role="status" data-testid="card-money-off">{t!(i18n, billing.money_off)}</p> }.into_any(),
                        }}
                    </section>
                }
            }
        </Async>
    }
}
