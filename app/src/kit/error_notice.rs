use crate::domain::{AppError, Unavailable};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// An error from a server function, translated; never the raw cause.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.code();
    let field = match &error {
        AppError::Invalid { field, .. } | AppError::Taken { field } => Some(field.clone()),
        _ => None,
    };
    let system = match &error {
        AppError::Unavailable { system, .. } => Some(system.as_str()),
        _ => None,
    };
    let signed_out = matches!(error, AppError::Unauthenticated);
    let message = move || match &error {
        AppError::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Conflict => t_string!(i18n, errors.conflict).to_string(),
        AppError::Taken { .. } => t_string!(i18n, errors.taken).to_string(),
        AppError::Invalid { field, reason } => match (field.as_str(), reason.as_str()) {
            ("key", "length") => t_string!(i18n, errors.invalid_key_length).to_string(),
            ("key", "characters") => t_string!(i18n, errors.invalid_key_characters).to_string(),
            ("state", "percentage") => t_string!(i18n, errors.invalid_state_percentage).to_string(),
            (_, "last_admin") => t_string!(i18n, errors.invalid_last_admin).to_string(),
            (_, "self") => t_string!(i18n, errors.invalid_self).to_string(),
            ("description", "too_long") => {
                t_string!(i18n, errors.invalid_description_too_long).to_string()
            }
            // Always name the field, even without a dedicated message.
            _ => format!(
                "{} {field} ({reason})",
                t_string!(i18n, errors.invalid_field)
            ),
        },
        AppError::Unavailable { system, reason } => {
            let name = super::system_title(*system).get();
            let what = match reason {
                Unavailable::NotConnected => t_string!(i18n, errors.not_connected_system),
                Unavailable::Failed => t_string!(i18n, errors.unavailable_system),
            };
            format!("{name} {what}")
        }
        AppError::Malformed => t_string!(i18n, errors.malformed).to_string(),
        AppError::TooLarge => t_string!(i18n, errors.too_large).to_string(),
        AppError::UnsupportedType => t_string!(i18n, errors.unsupported_type).to_string(),
        AppError::TooManyRequests { retry_after_secs } => format!(
            "{} {retry_after_secs} s.",
            t_string!(i18n, errors.too_many_requests)
        ),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
        AppError::Transport => t_string!(i18n, errors.transport).to_string(),
    };
    // A session that ended (timeout, sign-out elsewhere): one click signs in
    // again and comes back here; the identity provider's own session usually
    // makes that a redirect without a prompt. (Token expiry never gets here:
    // the server refreshes the tokens within the request.)
    let again = signed_out.then(|| {
        let location = leptos_router::hooks::use_location();
        let href = move || {
            let path = location.pathname.get();
            let client = match crate::faces::face_of(&path).client {
                Some(crate::domain::model::ClientKind::Operator) => "operator",
                _ => "portal",
            };
            let here = format!("{path}{}", location.search.get());
            format!(
                "/auth/login?client={client}&next={}",
                crate::format::url_encode(&here)
            )
        };
        view! {
            " " <a href=href rel="external" data-testid="sign-in-again">{t!(i18n, errors.sign_in_again)}</a>
        }
    });
    view! {
        <div class="notice notice--error" role="alert" data-testid="error-notice" data-error=code data-field=field data-system=system>
            {message}
            {again}
        </div>
    }
}
