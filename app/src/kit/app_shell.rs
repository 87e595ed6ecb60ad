use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{LangToggle, NodeLockup};
use crate::platform::AppError;
use crate::platform::model::{PartnerAccess, TenantRole};
use leptos::prelude::*;

/// The frame of the three signed-in faces: logo, the face's name, its navigation,
/// the "who am I" panel and sign-out. `nav` is (href, label, test id, only for
/// tenant admins): a link the person can't use is not shown.
#[component]
pub fn AppShell(
    face: Signal<String>,
    nav: Vec<(&'static str, Signal<String>, &'static str, bool)>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| crate::platform::api::whoami());
    view! {
        <leptos_meta::Title text=move || format!("{} · dezky", face.get()) />
        <leptos_meta::Meta name="robots" content="noindex, nofollow" />
        <div class="app-shell">
            <header class="app-header">
                <div class="app-header__inner">
                    // A full page load: the public site is another face.
                    <a class="app-header__logo" href="/" rel="external" aria-label=move || t_string!(i18n, a11y.home_link)>
                        <NodeLockup on_dark=true />
                    </a>
                    <span class="app-header__face" data-testid="shell-face">{face}</span>
                    <nav class="app-nav" aria-label=move || face.get()>
                        <Suspense fallback=|| ()>
                            {
                                let nav = nav.clone();
                                move || {
                                    let nav = nav.clone();
                                    Suspend::new(async move {
                                        let admin = me
                                            .await
                                            .ok()
                                            .flatten()
                                            .is_some_and(|w| w.tenants.iter().any(|t| t.role == TenantRole::Admin));
                                        nav.into_iter()
                                            .filter(|(_, _, _, admin_only)| admin || !admin_only)
                                            .map(|(href, label, id, _)| view! { <a href=href data-testid=id>{label}</a> })
                                            .collect_view()
                                    })
                                }
                            }
                        </Suspense>
                    </nav>
                    <div class="app-header__end">
                        <LangToggle />
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                me.await.ok().flatten().map(|w| {
                                    view! {
                                        <div class="whoami" data-testid="whoami">
                                            <span class="whoami__label">{t!(i18n, shell.signed_in_as)}</span>
                                            <strong data-testid="whoami-name">{w.name}</strong>
                                            <span class="whoami__email" data-testid="whoami-email">{w.email}</span>
                                        </div>
                                    }
                                })
                            })}
                        </Suspense>
                        <form method="post" action="/auth/logout" class="sign-out">
                            <button type="submit" class="button button--ghost" data-testid="sign-out">
                                {t!(i18n, auth.sign_out)}
                            </button>
                        </form>
                    </div>
                </div>
            </header>
            <main id="main" class="app-main container" tabindex="-1">{children()}</main>
        </div>
    }
}

/// A translated tenant role.
pub fn role_label(role: TenantRole) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match role {
        TenantRole::Admin => t_string!(i18n, shell.role_admin).to_string(),
        TenantRole::Member => t_string!(i18n, shell.role_member).to_string(),
    })
}

pub fn access_label(access: PartnerAccess) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match access {
        PartnerAccess::Owner => t_string!(i18n, shell.access_owner).to_string(),
        PartnerAccess::Admin => t_string!(i18n, shell.access_admin).to_string(),
        PartnerAccess::Member => t_string!(i18n, shell.access_member).to_string(),
    })
}

/// An error from a server function, translated; never the raw cause.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let code = match &error {
        AppError::Unauthenticated => "unauthenticated",
        AppError::Forbidden => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Conflict => "conflict",
        AppError::Taken { .. } => "taken",
        AppError::Invalid { .. } => "invalid",
        AppError::Unavailable { .. } => "unavailable",
        AppError::Internal => "internal",
        AppError::Transport => "transport",
    };
    let field = match &error {
        AppError::Invalid { field, .. } | AppError::Taken { field } => Some(field.clone()),
        _ => None,
    };
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
            ("description", "too_long") => {
                t_string!(i18n, errors.invalid_description_too_long).to_string()
            }
            // Always name the field, even without a dedicated message.
            _ => format!(
                "{} {field} ({reason})",
                t_string!(i18n, errors.invalid_field)
            ),
        },
        AppError::Unavailable { .. } => t_string!(i18n, errors.unavailable).to_string(),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
        AppError::Transport => t_string!(i18n, errors.transport).to_string(),
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="error-notice" data-error=code data-field=field>
            {message}
        </div>
    }
}
