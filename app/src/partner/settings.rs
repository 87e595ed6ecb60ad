//! /partner/settings: the partner's profile and billing details, and its
//! white-label Branding (product name, accent colour with THE readable text
//! colour by YIQ contrast, a live preview). Owners and admins save; members
//! read. Status, margin and contract options are the operator's.
use crate::api::partner::partner_settings;
use crate::api::{SavePartnerBranding, SavePartnerProfile};
use crate::domain::AppError;
use crate::domain::branding::{BrandingForm, readable_text, rgb};
use crate::domain::partner_edit::PartnerFields;
use crate::domain::views::PartnerSettingsView;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, ErrorNotice, TextField, paint};
use leptos::prelude::*;

/// dezky's own accent, shown when the partner has none.
const DEZKY_ACCENT: &str = "#34d17f";

fn refusal(reason: &str) -> String {
    let i18n = use_i18n();
    match reason {
        "required" => t_string!(i18n, form.err_required),
        "invalid_email" => t_string!(i18n, form.err_email),
        "invalid_colour" => t_string!(i18n, settings.err_colour),
        "partner_admin_only" => t_string!(i18n, partner_team.err_member),
        _ => t_string!(i18n, form.err_too_long),
    }
    .to_string()
}

fn field_error(error: RwSignal<Option<AppError>>, which: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || match error.get() {
        Some(AppError::Invalid { field, reason }) if field == which => Some(refusal(&reason)),
        _ => None,
    })
}

#[component]
pub fn PartnerSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_settings());
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, settings.title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:view>
            <SettingsBody view />
        </Async>
    }
}

#[component]
fn SettingsBody(view: PartnerSettingsView) -> impl IntoView {
    let version = RwSignal::new(view.version);
    view! {
        {(!view.can_edit).then(|| {
            let i18n = use_i18n();
            view! { <p class="add-person__note" data-testid="settings-read-only">{t!(i18n, partner_team.err_member)}</p> }
        })}
        <div class="settings-grid">
            <ProfileCard fields=view.fields can_edit=view.can_edit version />
            <BrandingCard form=view.branding can_edit=view.can_edit version />
        </div>
    }
}

#[component]
fn ProfileCard(fields: PartnerFields, can_edit: bool, version: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let text = |v: &str| RwSignal::new(v.to_owned());
    let name = text(&fields.name);
    let domain = text(&fields.domain);
    let contact_name = text(&fields.contact_name);
    let contact_email = text(&fields.contact_email);
    let company = text(&fields.billing_company);
    let vat = text(&fields.billing_vat_id);
    let country = text(&fields.billing_country);
    let billing_email = text(&fields.billing_email);
    let save = ServerAction::<SavePartnerProfile>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(v)) => {
            error.set(None);
            saved.set(true);
            version.set(v.version);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Typing again clears a refusal.
    Effect::new(move |_| {
        for s in [
            name,
            domain,
            contact_name,
            contact_email,
            company,
            vat,
            country,
            billing_email,
        ] {
            s.track();
        }
        error.set(None);
    });
    let base = StoredValue::new(fields);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch(SavePartnerProfile {
            fields: PartnerFields {
                name: name.get_untracked(),
                domain: domain.get_untracked(),
                contact_name: contact_name.get_untracked(),
                contact_email: contact_email.get_untracked(),
                billing_company: company.get_untracked(),
                billing_vat_id: vat.get_untracked(),
                billing_country: country.get_untracked(),
                billing_email: billing_email.get_untracked(),
                ..base.get_value()
            },
            version: version.get_untracked(),
        });
    };
    let label = move |f: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> String| {
        Signal::derive(move || f(i18n))
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card" data-testid="partner-profile" aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, settings.profile)}</h2>
            <form on:submit=submit novalidate>
                <fieldset class="plain-fieldset" disabled=!can_edit>
                    <TextField id="profile-name" label=label(|i| t_string!(i, partners_admin.name).to_string()) value=name error=field_error(error, "name") required=true />
                    <TextField id="profile-domain" label=label(|i| t_string!(i, partners_admin.domain).to_string()) value=domain error=field_error(error, "domain") />
                    <TextField id="profile-contact-name" label=label(|i| t_string!(i, partners_admin.contact_name).to_string()) value=contact_name error=field_error(error, "contact_name") />
                    <TextField id="profile-contact-email" kind="email" label=label(|i| t_string!(i, partners_admin.contact_email).to_string()) value=contact_email error=field_error(error, "contact_email") required=true />
                    <h3>{t!(i18n, settings.billing)}</h3>
                    <TextField id="profile-company" label=label(|i| t_string!(i, partners_admin.billing_company).to_string()) value=company error=field_error(error, "billing.company") />
                    <TextField id="profile-vat" label=label(|i| t_string!(i, partners_admin.billing_vat).to_string()) value=vat error=field_error(error, "billing.vat_id") />
                    <TextField id="profile-country" label=label(|i| t_string!(i, partners_admin.billing_country).to_string()) value=country error=field_error(error, "billing.country") />
                    <TextField id="profile-billing-email" kind="email" label=label(|i| t_string!(i, partners_admin.billing_email).to_string()) value=billing_email error=field_error(error, "billing.email") />
                </fieldset>
                {general}
                {move || saved.get().then(|| view! { <p class="notice notice--success" role="status" data-testid="profile-saved">{t!(i18n, settings.saved)}</p> })}
                {can_edit.then(|| view! {
                    <div class="form-actions">
                        <button type="submit" class="button button--primary" data-testid="profile-save" disabled=move || save.pending().get()>
                            {t!(i18n, settings.save)}
                        </button>
                    </div>
                })}
            </form>
        </section>
    }
}

#[component]
fn BrandingCard(form: BrandingForm, can_edit: bool, version: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let product = RwSignal::new(form.product_name.clone());
    let accent = RwSignal::new(form.accent_colour.clone());
    let save = ServerAction::<SavePartnerBranding>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(v)) => {
            error.set(None);
            saved.set(true);
            version.set(v.version);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| {
        product.track();
        accent.track();
        error.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let form = BrandingForm {
            product_name: product.get_untracked(),
            accent_colour: accent.get_untracked(),
        };
        if let Err(e) = form.checked() {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        save.dispatch(SavePartnerBranding {
            form,
            version: version.get_untracked(),
        });
    };
    // The preview: the colour typed when it is one, else dezky's.
    let shown = move || {
        let a = accent.get().trim().to_ascii_lowercase();
        if rgb(&a).is_some() {
            a
        } else {
            DEZKY_ACCENT.to_owned()
        }
    };
    let preview_name = move || {
        let p = product.get();
        if p.trim().is_empty() {
            "dezky".to_owned()
        } else {
            p.trim().to_owned()
        }
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let (badge, button) = (
        NodeRef::<leptos::html::Span>::new(),
        NodeRef::<leptos::html::Span>::new(),
    );
    let colours = move || {
        let bg = shown();
        let fg = readable_text(&bg).to_owned();
        vec![("background", Some(bg)), ("color", Some(fg))]
    };
    paint(badge, colours);
    paint(button, colours);
    view! {
        <section class="card" data-testid="partner-branding" aria-labelledby="branding-title">
            <h2 id="branding-title">{t!(i18n, settings.branding)}</h2>
            <p class="add-person__note">{t!(i18n, settings.branding_intro)}</p>
            <form on:submit=submit novalidate>
                <fieldset class="plain-fieldset" disabled=!can_edit>
                    <TextField id="brand-product" label=Signal::derive(move || t_string!(i18n, settings.product_name).to_string())
                        hint=Signal::derive(move || t_string!(i18n, settings.product_hint).to_string())
                        value=product error=field_error(error, "product_name") />
                    <div class="colour-row">
                        <TextField id="brand-accent" label=Signal::derive(move || t_string!(i18n, settings.accent).to_string())
                            hint=Signal::derive(move || t_string!(i18n, settings.accent_hint).to_string())
                            value=accent error=field_error(error, "accent_colour") autocomplete="off" />
                        <label class="colour-row__picker">
                            <span class="visually-hidden">{t!(i18n, settings.accent_pick)}</span>
                            <input type="color" data-testid="brand-accent-picker" prop:value=shown
                                on:input=move |ev| accent.set(event_target_value(&ev)) />
                        </label>
                    </div>
                </fieldset>
                <div class="brand-preview" data-testid="brand-preview" aria-label=move || t_string!(i18n, settings.preview)>
                    <p class="add-person__note">{t!(i18n, settings.preview)}</p>
                    <div class="workspace-mark">
                        <span class="workspace-mark__badge" data-testid="brand-preview-badge" node_ref=badge>
                            {move || preview_name().chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()}
                        </span>
                        <span class="workspace-mark__text">
                            <strong class="workspace-mark__name" data-testid="brand-preview-name">{preview_name}</strong>
                        </span>
                    </div>
                    <span class="brand-preview__button" data-testid="brand-preview-button" node_ref=button>
                        {t!(i18n, settings.preview_button)}
                    </span>
                </div>
                {general}
                {move || saved.get().then(|| view! { <p class="notice notice--success" role="status" data-testid="branding-saved">{t!(i18n, settings.saved)}</p> })}
                {can_edit.then(|| view! {
                    <div class="form-actions">
                        <button type="submit" class="button button--primary" data-testid="branding-save" disabled=move || save.pending().get()>
                            {t!(i18n, settings.save)}
                        </button>
                    </div>
                })}
            </form>
        </section>
    }
}
