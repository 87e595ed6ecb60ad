//! /partner/settings: the partner's profile and billing details, and its
//! white-label Branding (product name, accent colour with THE readable text
//! colour by YIQ contrast, a live preview). Owners and admins save; members
//! read. Status, margin and contract options are the operator's.
use crate::api::partner::partner_settings;
use crate::api::{
    RemovePartnerLogo, SavePartnerBranding, SavePartnerMail, SavePartnerProfile, UploadPartnerLogo,
};
use crate::domain::AppError;
use crate::domain::branding::BrandingForm;
use crate::domain::model::MailTemplate;
use crate::domain::partner_edit::PartnerFields;
use crate::domain::views::PartnerSettingsView;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::settings_field_error as field_error;
use crate::kit::{
    Async, BrandingFields, ConsoleHeader, ErrorNotice, LogoUpload, SaveFooter, TextAreaField,
    TextField, settings_refusal,
};
use leptos::prelude::*;

#[component]
pub fn PartnerSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_settings());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, settings.title)
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
            <ProfileCard fields=view.fields.clone() can_edit=view.can_edit version />
            <BrandingCard form=view.branding.clone() logo=view.logo.clone() customer_branding=view.customer_branding can_edit=view.can_edit version />
            <MailCard template=view.mail product=view.branding.product_name partner=view.fields.name can_edit=view.can_edit version />
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
    after_save(save.value(), error, saved, version);
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
                <SaveFooter saved pending=save.pending() can_edit=can_edit prefix="profile" />
            </form>
        </section>
    }
}

#[component]
fn BrandingCard(
    form: BrandingForm,
    logo: Option<String>,
    customer_branding: bool,
    can_edit: bool,
    version: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let logo = RwSignal::new(logo);
    let (upload, remove) = (
        ServerAction::<UploadPartnerLogo>::new(),
        ServerAction::<RemovePartnerLogo>::new(),
    );
    // The logo's own refusal: a reason found here, or the server's answer.
    let logo_error = RwSignal::new(None::<AppError>);
    for answer in [upload.value(), remove.value()] {
        Effect::new(move |_| match answer.get() {
            Some(Ok(v)) => {
                logo_error.set(None);
                logo.set(v.logo);
                version.set(v.version);
            }
            Some(Err(e)) => logo_error.set(Some(e)),
            None => {}
        });
    }
    let logo_words = Signal::derive(move || match logo_error.get() {
        Some(AppError::Invalid { reason, .. }) => Some(settings_refusal(&reason)),
        _ => None,
    });
    let logo_failure = move || match logo_error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let logo_pending = Signal::derive(move || upload.pending().get() || remove.pending().get());
    let customers = RwSignal::new(customer_branding);
    let product = RwSignal::new(form.product_name.clone());
    let accent = RwSignal::new(form.accent_colour.clone());
    let save = ServerAction::<SavePartnerBranding>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    after_save(save.value(), error, saved, version);
    Effect::new(move |_| {
        product.track();
        accent.track();
        error.set(None);
    });
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let form = BrandingForm {
            product_name: product.get_untracked(),
            accent_colour: accent.get_untracked(),
        };
        if let Err(e) = form.checked(&Default::default()) {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        save.dispatch(SavePartnerBranding {
            form,
            customer_branding: customers.get_untracked(),
            version: version.get_untracked(),
        });
    };
    // The preview: the colour typed when it is one, else dezky's.
    view! {
        <section class="card" data-testid="partner-branding" aria-labelledby="branding-title">
            <h2 id="branding-title">{t!(i18n, settings.branding)}</h2>
            <p class="add-person__note">{t!(i18n, settings.branding_intro)}</p>
            <LogoUpload current=logo can_edit pending=logo_pending error=logo_words
                on_pick=Callback::new(move |data: String| {
                    logo_error.set(None);
                    upload.dispatch(UploadPartnerLogo { data, version: version.get_untracked() });
                })
                on_remove=Callback::new(move |()| {
                    remove.dispatch(RemovePartnerLogo { version: version.get_untracked() });
                })
                on_refuse=Callback::new(move |reason: &'static str| {
                    logo_error.set(Some(AppError::invalid("logo", reason)));
                }) />
            {logo_failure}
            <form on:submit=submit novalidate>
                <BrandingFields product accent disabled=!can_edit logo
                    product_error=field_error(error, "product_name") accent_error=field_error(error, "accent_colour") />
                <label class="check-row">
                    <input type="checkbox" id="brand-customers" data-testid="brand-customers"
                        prop:checked=move || customers.get() disabled=!can_edit
                        on:change=move |ev| customers.set(event_target_checked(&ev)) />
                    " " {t!(i18n, settings.customer_branding)}
                </label>
                {general}
                <SaveFooter saved pending=save.pending() can_edit=can_edit prefix="branding" />
            </form>
        </section>
    }
}

/// The invitation mail's overrides, with the mail as it will read (THE
/// composition the server sends, `mail_text::invitation`).
#[component]
fn MailCard(
    template: MailTemplate,
    product: String,
    partner: String,
    can_edit: bool,
    version: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = RwSignal::new(template.message.unwrap_or_default());
    let signature = RwSignal::new(template.signature.unwrap_or_default());
    let save = ServerAction::<SavePartnerMail>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    after_save(save.value(), error, saved, version);
    Effect::new(move |_| {
        message.track();
        signature.track();
        error.set(None);
    });
    let template = move || MailTemplate {
        message: Some(message.get()),
        signature: Some(signature.get()),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let t = template();
        if let Err(e) = crate::mail_text::checked(&t) {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        save.dispatch(SavePartnerMail {
            template: t,
            version: version.get_untracked(),
        });
    };
    let preview = move || {
        let t = template();
        let c = crate::mail_text::invitation(
            i18n.get_locale(),
            &crate::mail_text::Invitation {
                to: "anna@kunde.example",
                to_name: "Anna",
                inviter_name: &partner,
                tenant_name: t_string!(i18n, settings.mail_sample_customer),
                link: "https://…",
            },
            &crate::mail_text::MailBrand {
                product: (!product.trim().is_empty()).then(|| product.clone()),
                message: t.message,
                signature: t.signature,
            },
        );
        format!("{}\n\n{}", c.subject, c.text)
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card" data-testid="partner-mail" aria-labelledby="mail-title">
            <h2 id="mail-title">{t!(i18n, settings.mail)}</h2>
            <p class="add-person__note">{t!(i18n, settings.mail_intro)}</p>
            <form on:submit=submit novalidate>
                <fieldset class="plain-fieldset" disabled=!can_edit>
                    <TextAreaField id="mail-message" label=crate::i18n::t_signal!(i18n, settings.mail_message)
                        value=message error=field_error(error, "message") />
                    <TextField id="mail-signature" label=crate::i18n::t_signal!(i18n, settings.mail_signature)
                        value=signature error=field_error(error, "signature") autocomplete="off" />
                </fieldset>
                <p class="add-person__note">{t!(i18n, settings.preview)}</p>
                <pre class="mail-preview" data-testid="mail-preview">{preview}</pre>
                {general}
                <SaveFooter saved pending=save.pending() can_edit=can_edit prefix="mail" />
            </form>
        </section>
    }
}

/// What every settings card does with its save's answer: saved (and the
/// partner's new version), or the refusal.
fn after_save(
    answer: MappedSignal<Option<Result<PartnerSettingsView, AppError>>>,
    error: RwSignal<Option<AppError>>,
    saved: RwSignal<bool>,
    version: RwSignal<u64>,
) {
    Effect::new(move |_| match answer.get() {
        Some(Ok(v)) => {
            error.set(None);
            saved.set(true);
            version.set(v.version);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
}
