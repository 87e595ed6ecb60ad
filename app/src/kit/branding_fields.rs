//! The branding fields (product name, accent colour with a picker) and their
//! live preview: THE readable text colour on the accent by YIQ contrast
//! (`domain::branding::readable_text`). A partner's Branding card and a
//! customer's Branding page use it.
use super::{TextField, paint};
use crate::domain::AppError;
use crate::domain::branding::{readable_text, rgb};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// dezky's own accent, shown when none is set.
pub const DEZKY_ACCENT: &str = "#34d17f";

/// A refusal on a settings form in words.
pub fn settings_refusal(reason: &str) -> String {
    let i18n = use_i18n();
    match reason {
        "required" => t_string!(i18n, form.err_required),
        "invalid_email" => t_string!(i18n, form.err_email),
        "invalid_colour" => t_string!(i18n, settings.err_colour),
        "partner_admin_only" => t_string!(i18n, partner_team.err_member),
        "partner_manages" => t_string!(i18n, settings.err_partner_manages),
        "too_large" => t_string!(i18n, settings.err_logo_large),
        "invalid_country" => t_string!(i18n, settings.err_country),
        "vat_format" => t_string!(i18n, settings.err_vat_format),
        "vat_country" => t_string!(i18n, settings.err_vat_country),
        "svg" => t_string!(i18n, settings.err_logo_svg),
        "unsupported_image" => t_string!(i18n, settings.err_logo_type),
        "invalid_amount" => t_string!(i18n, pricing.err_amount),
        "not_positive" => t_string!(i18n, pricing.err_not_positive),
        "above_max" => t_string!(i18n, pricing.err_above_max),
        "unchanged" => t_string!(i18n, pricing.err_unchanged),
        "unsupported" => t_string!(i18n, pricing.err_currency),
        _ => t_string!(i18n, form.err_too_long),
    }
    .to_string()
}

/// The words for a refusal of `which`, if the error is one.
pub fn settings_field_error(
    error: RwSignal<Option<AppError>>,
    which: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || match error.get() {
        Some(AppError::Invalid { field, reason }) if field == which => {
            Some(settings_refusal(&reason))
        }
        _ => None,
    })
}

#[component]
pub fn BrandingFields(
    product: RwSignal<String>,
    accent: RwSignal<String>,
    disabled: bool,
    product_error: Signal<Option<String>>,
    accent_error: Signal<Option<String>>,
    /// Shown when the fields are empty (the partner's, or dezky's).
    #[prop(optional)]
    fallback_name: Option<String>,
    #[prop(optional)] fallback_accent: Option<String>,
    /// The logo's address, shown in the preview's badge.
    #[prop(optional, into)]
    logo: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fallback_accent = fallback_accent
        .filter(|a| rgb(a).is_some())
        .unwrap_or_else(|| DEZKY_ACCENT.to_owned());
    let fallback_name = fallback_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "dezky".to_owned());
    let (name_hint, accent_hint) = (fallback_name.clone(), fallback_accent.clone());
    // The preview: the colour typed when it is one, else the fallback.
    let shown = {
        let fallback = fallback_accent.clone();
        move || {
            let a = accent.get().trim().to_ascii_lowercase();
            if rgb(&a).is_some() {
                a
            } else {
                fallback.clone()
            }
        }
    };
    let preview_name = move || {
        let p = product.get();
        if p.trim().is_empty() {
            fallback_name.clone()
        } else {
            p.trim().to_owned()
        }
    };
    let (badge, button) = (
        NodeRef::<leptos::html::Span>::new(),
        NodeRef::<leptos::html::Span>::new(),
    );
    let colours = {
        let shown = shown.clone();
        move || {
            let bg = shown();
            let fg = readable_text(&bg).to_owned();
            vec![("background", Some(bg)), ("color", Some(fg))]
        }
    };
    paint(badge, colours.clone());
    paint(button, colours);
    let initial = {
        let preview_name = preview_name.clone();
        move || {
            preview_name()
                .chars()
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default()
        }
    };
    view! {
        <fieldset class="plain-fieldset" disabled=disabled>
            <TextField id="brand-product" label=crate::i18n::t_signal!(i18n, settings.product_name)
                hint=Signal::derive(move || format!("{} {name_hint}", t_string!(i18n, settings.product_hint)))
                value=product error=product_error />
            <div class="colour-row">
                <TextField id="brand-accent" label=crate::i18n::t_signal!(i18n, settings.accent)
                    hint=Signal::derive(move || format!("{} {accent_hint}", t_string!(i18n, settings.accent_hint)))
                    value=accent error=accent_error autocomplete="off" />
                <label class="colour-row__picker">
                    <span class="visually-hidden">{t!(i18n, settings.accent_pick)}</span>
                    <input type="color" data-testid="brand-accent-picker" prop:value=shown
                        on:input=move |ev| accent.set(event_target_value(&ev)) />
                </label>
            </div>
        </fieldset>
        <div class="brand-preview" data-testid="brand-preview">
            <p class="add-person__note">{t!(i18n, settings.preview)}</p>
            <div class="workspace-mark">
                <span class="workspace-mark__badge" data-testid="brand-preview-badge" node_ref=badge>
                    <MarkContent initial logo />
                </span>
                <span class="workspace-mark__text">
                    <strong class="workspace-mark__name" data-testid="brand-preview-name">{preview_name}</strong>
                </span>
            </div>
            <span class="brand-preview__button" data-testid="brand-preview-button" node_ref=button>
                {t!(i18n, settings.preview_button)}
            </span>
        </div>
    }
}

/// Inside a workspace mark's badge: the logo where there is one, else the
/// initial on the accent.
#[component]
pub fn MarkContent(
    #[prop(into)] initial: Signal<String>,
    #[prop(into)] logo: Signal<Option<String>>,
) -> impl IntoView {
    move || match logo.get() {
        Some(src) => {
            view! { <img class="workspace-mark__logo" src=src alt="" data-testid="mark-logo" /> }
                .into_any()
        }
        None => initial.get().into_any(),
    }
}

/// The foot of a settings form: "Saved." after a save, and Save where the
/// caller may change the form (`{prefix}-saved`, `{prefix}-save`).
#[component]
pub fn SaveFooter(
    saved: RwSignal<bool>,
    #[prop(into)] pending: Signal<bool>,
    can_edit: bool,
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || saved.get().then(|| view! {
            <p class="notice notice--success" role="status" data-testid=format!("{prefix}-saved")>{t!(i18n, settings.saved)}</p>
        })}
        {can_edit.then(|| view! {
            <div class="form-actions">
                <button type="submit" class="button button--primary" data-testid=format!("{prefix}-save") disabled=move || pending.get()>
                    {t!(i18n, settings.save)}
                </button>
            </div>
        })}
    }
}
