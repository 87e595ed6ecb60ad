//! /operator/partners: every partner; /operator/partners/:slug: one partner,
//! read-only until Edit, then editable in place (text fields, a four-way
//! status control, the margin slider and the progressive option). Save sends
//! only the changed fields; Cancel with unsaved changes asks first.
use crate::api::operator::{UpdatePartner, operator_partner, operator_partners};
use crate::domain::AppError;
use crate::domain::model::PartnerStatus;
use crate::domain::partner_edit::PartnerFields;
use crate::domain::views::{OperatorPartnerRow, PartnerDetailView};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::{Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, TextField};
use crate::partner::status_label;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

const STATUSES: [PartnerStatus; 4] = [
    PartnerStatus::Prospect,
    PartnerStatus::Active,
    PartnerStatus::Suspended,
    PartnerStatus::Terminated,
];

fn status_key(s: PartnerStatus) -> &'static str {
    match s {
        PartnerStatus::Prospect => "prospect",
        PartnerStatus::Active => "active",
        PartnerStatus::Suspended => "suspended",
        PartnerStatus::Terminated => "terminated",
    }
}

fn status_text(i18n: I18n, s: PartnerStatus) -> String {
    match s {
        PartnerStatus::Prospect => t_string!(i18n, partners_admin.status_prospect),
        PartnerStatus::Active => t_string!(i18n, partners_admin.status_active),
        PartnerStatus::Suspended => t_string!(i18n, partners_admin.status_suspended),
        PartnerStatus::Terminated => t_string!(i18n, partners_admin.status_terminated),
    }
    .to_string()
}

fn margin_text(i18n: I18n, pct: u8, progressive: bool) -> String {
    if progressive {
        t_string!(i18n, partners_admin.progressive).to_string()
    } else {
        format!("{pct} %")
    }
}

#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| operator_partners());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, partners_admin.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:rows>
            <PartnerList rows />
        </Async>
    }
}

#[component]
fn PartnerList(rows: Vec<OperatorPartnerRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <EmptyState title=crate::i18n::t_signal!(i18n, partners_admin.none) /> }
            .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="operator-partners">
                <thead><tr>
                    <th scope="col">{t!(i18n, partners_admin.col_partner)}</th>
                    <th scope="col">{t!(i18n, partners_admin.col_status)}</th>
                    <th scope="col">{t!(i18n, partners_admin.col_margin)}</th>
                    <th scope="col">{t!(i18n, partners_admin.col_customers)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let p = r.partner;
                        view! {
                            <tr data-testid="operator-partner" data-partner=p.slug.clone()>
                                <td data-label=t!(i18n, partners_admin.col_partner)>
                                    <a href=format!("/operator/partners/{}", p.slug) data-testid="partner-open"><strong>{p.name.clone()}</strong></a>
                                    <br /><span class="add-person__note">{p.domain.clone()}</span>
                                </td>
                                <td data-label=t!(i18n, partners_admin.col_status)>{status_text(i18n, p.status)}</td>
                                <td data-label=t!(i18n, partners_admin.col_margin)>{margin_text(i18n, p.margin_pct, p.progressive)}</td>
                                <td data-label=t!(i18n, partners_admin.col_customers)>{r.customers} " · " {r.seats} " " {t!(i18n, tenants.seats)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn PartnerDetailPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || (slug.get(), version.get()),
        |(s, _)| operator_partner(s),
    );
    view! {
        <Async data let:d>
            <PartnerDetail d on_saved=Callback::new(move |()| version.update(|v| *v += 1)) />
        </Async>
    }
}

#[component]
fn PartnerDetail(d: PartnerDetailView, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let p = d.row.partner.clone();
    let stored = PartnerFields::of(&p);
    let saved = StoredValue::new(stored.clone());
    let editing = RwSignal::new(false);
    let fields = RwSignal::new(stored);
    let ask_discard = RwSignal::new(false);
    let save = ServerAction::<UpdatePartner>::new();
    let slug = StoredValue::new(p.slug.clone());
    let version = p.version;
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            editing.set(false);
            on_saved.run(());
        }
    });
    let dirty = move || fields.get() != saved.get_value();
    let cancel = move |_| {
        if dirty() {
            ask_discard.set(true);
        } else {
            editing.set(false);
        }
    };
    let submit = move |_| {
        let patch = fields.get_untracked().patch_from(&saved.get_value());
        if patch.is_empty() {
            editing.set(false);
            return;
        }
        save.dispatch(UpdatePartner {
            slug: slug.get_value(),
            patch,
            version,
        });
    };
    // One text field bound to one member of the fields.
    let text = move |get: fn(&PartnerFields) -> String, put: fn(&mut PartnerFields, String)| {
        let value = RwSignal::new(get(&fields.get_untracked()));
        Effect::new(move |_| {
            let v = value.get();
            fields.update(|f| put(f, v));
        });
        value
    };
    let error_of = move |which: &'static str| {
        Signal::derive(move || match save.value().get() {
            Some(Err(AppError::Invalid { field, reason })) if field.ends_with(which) => Some(
                match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required),
                    "invalid_email" => t_string!(i18n, form.err_email),
                    _ => t_string!(i18n, form.err_too_long),
                }
                .to_string(),
            ),
            _ => None,
        })
    };
    let general = move || {
        match save.value().get() {
        Some(Err(AppError::Conflict)) => Some(view! { <p class="notice notice--error" role="alert" data-testid="partner-conflict">{t!(i18n, partners_admin.conflict)}</p> }.into_any()),
        Some(Err(AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(e)) => Some(view! { <ErrorNotice error=e /> }.into_any()),
    }
    };
    let customers = d.customers.clone();
    view! {
        <ConsoleHeader title=Signal::derive(move || fields.get().name)>
            {move || if editing.get() {
                view! {
                    <button type="button" class="button button--ghost button--small" data-testid="partner-cancel" on:click=cancel>{t!(i18n, partners_admin.cancel)}</button>
                    <button type="button" class="button button--primary button--small" data-testid="partner-save" disabled=move || save.pending().get() on:click=submit>{t!(i18n, partners_admin.save)}</button>
                }.into_any()
            } else {
                view! {
                    <a class="button button--ghost button--small" href="/operator/partners">{t!(i18n, partners_admin.back)}</a>
                    <button type="button" class="button button--primary button--small" data-testid="partner-edit" on:click=move |_| editing.set(true)>{t!(i18n, partners_admin.edit)}</button>
                }.into_any()
            }}
        </ConsoleHeader>
        {general}
        <div class="partner-cards" data-testid="partner-detail" data-editing=move || editing.get().to_string()>
            <section class="card" aria-labelledby="partner-profile-title">
                <h2 id="partner-profile-title">{t!(i18n, partners_admin.profile)}</h2>
                <Show when=move || editing.get() fallback=move || view! {
                    <dl class="summary-list" data-testid="partner-profile">
                        <dt>{t!(i18n, partners_admin.name)}</dt><dd data-testid="partner-name-value">{move || fields.get().name}</dd>
                        <dt>{t!(i18n, partners_admin.domain)}</dt><dd>{move || fields.get().domain}</dd>
                        <dt>{t!(i18n, partners_admin.contact_name)}</dt><dd>{move || fields.get().contact_name}</dd>
                        <dt>{t!(i18n, partners_admin.contact_email)}</dt><dd>{move || fields.get().contact_email}</dd>
                        <dt>{t!(i18n, partners_admin.billing_company)}</dt><dd>{move || fields.get().billing_company}</dd>
                        <dt>{t!(i18n, partners_admin.billing_vat)}</dt><dd>{move || fields.get().billing_vat_id}</dd>
                        <dt>{t!(i18n, partners_admin.billing_country)}</dt><dd>{move || fields.get().billing_country}</dd>
                        <dt>{t!(i18n, partners_admin.billing_email)}</dt><dd>{move || fields.get().billing_email}</dd>
                    </dl>
                }>
                    <TextField id="partner-name" label=crate::i18n::t_signal!(i18n, partners_admin.name) value=text(|f| f.name.clone(), |f, v| f.name = v) error=error_of("name") required=true />
                    <TextField id="partner-domain" label=crate::i18n::t_signal!(i18n, partners_admin.domain) value=text(|f| f.domain.clone(), |f, v| f.domain = v) error=error_of("domain") />
                    <TextField id="partner-contact-name" label=crate::i18n::t_signal!(i18n, partners_admin.contact_name) value=text(|f| f.contact_name.clone(), |f, v| f.contact_name = v) error=error_of("contact_name") />
                    <TextField id="partner-contact-email" kind="email" label=crate::i18n::t_signal!(i18n, partners_admin.contact_email) value=text(|f| f.contact_email.clone(), |f, v| f.contact_email = v) error=error_of("contact_email") />
                    <TextField id="partner-billing-company" label=crate::i18n::t_signal!(i18n, partners_admin.billing_company) value=text(|f| f.billing_company.clone(), |f, v| f.billing_company = v) error=error_of("company") />
                    <TextField id="partner-billing-vat" label=crate::i18n::t_signal!(i18n, partners_admin.billing_vat) value=text(|f| f.billing_vat_id.clone(), |f, v| f.billing_vat_id = v) error=error_of("vat_id") />
                    <TextField id="partner-billing-country" label=crate::i18n::t_signal!(i18n, partners_admin.billing_country) value=text(|f| f.billing_country.clone(), |f, v| f.billing_country = v) error=error_of("country") />
                    <TextField id="partner-billing-email" kind="email" label=crate::i18n::t_signal!(i18n, partners_admin.billing_email) value=text(|f| f.billing_email.clone(), |f, v| f.billing_email = v) error=error_of("billing.email") />
                </Show>
            </section>
            <section class="card" aria-labelledby="partner-contract-title">
                <h2 id="partner-contract-title">{t!(i18n, partners_admin.contract)}</h2>
                <p class="field__label" id="partner-status-label">{t!(i18n, partners_admin.col_status)}</p>
                <div class="segmented" role="radiogroup" aria-labelledby="partner-status-label" data-testid="partner-status">
                    {STATUSES.into_iter().map(|s| view! {
                        <button type="button" role="radio" class="segmented__option" data-status=status_key(s)
                            aria-checked=move || if fields.get().status == Some(s) { "true" } else { "false" }
                            disabled=move || !editing.get()
                            title=move || status_text(i18n, s)
                            on:click=move |_| fields.update(|f| f.status = Some(s))>
                            <span class="segmented__label">{move || status_text(i18n, s)}</span>
                        </button>
                    }).collect_view()}
                </div>
                <label class="field__label" for="partner-margin">
                    {t!(i18n, partners_admin.col_margin)} ": " <output data-testid="partner-margin-value">{move || margin_text(i18n, fields.get().margin_pct, fields.get().progressive)}</output>
                </label>
                <input type="range" id="partner-margin" class="margin-slider" min="0" max="100" step="1"
                    prop:value=move || fields.get().margin_pct.to_string()
                    disabled=move || !editing.get() || fields.get().progressive
                    on:input=move |ev| {
                        let v: u8 = event_target_value(&ev).parse().unwrap_or(0);
                        fields.update(|f| f.margin_pct = v.min(100));
                    } />
                <label class="check-row">
                    <input type="checkbox" id="partner-progressive" data-testid="partner-progressive"
                        prop:checked=move || fields.get().progressive
                        disabled=move || !editing.get()
                        on:change=move |ev| { let on = event_target_checked(&ev); fields.update(|f| f.progressive = on); } />
                    " " {t!(i18n, partners_admin.progressive_option)}
                </label>
                <label class="check-row">
                    <input type="checkbox" id="partner-standing" data-testid="partner-standing"
                        prop:checked=move || fields.get().standing_access
                        disabled=move || !editing.get()
                        on:change=move |ev| { let on = event_target_checked(&ev); fields.update(|f| f.standing_access = on); } />
                    " " {t!(i18n, partners_admin.standing_option)}
                </label>
                <p class="add-person__note">{t!(i18n, partners_admin.standing_note)}</p>
            </section>
            <section class="card" aria-labelledby="partner-customers-title">
                <h2 id="partner-customers-title">{t!(i18n, partners_admin.col_customers)}</h2>
                <ul class="plain-list" data-testid="partner-customers">
                    {customers.into_iter().map(|c| view! {
                        <li><a href=format!("/operator/tenants/{}", c.slug)>{c.name}</a> " · " {status_label(c.status)}</li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        <ConfirmDialog
            open=ask_discard
            title=crate::i18n::t_signal!(i18n, partners_admin.discard_title)
            body=crate::i18n::t_signal!(i18n, partners_admin.discard_body)
            confirm=crate::i18n::t_signal!(i18n, partners_admin.discard)
            on_confirm=Callback::new(move |()| {
                ask_discard.set(false);
                fields.set(saved.get_value());
                editing.set(false);
            })
            test_id="partner-discard-dialog"
        />
    }
}
