//! What suspending, resuming, deleting or restoring a tenant changed, per
//! system: the people, the dezky sessions ended, and for sign-in and mail how
//! many accounts changed, or which failed (by address), or that the system is
//! not connected. The operator's tenant page and the partner's customer list
//! both show it after such an action.
use crate::domain::System;
use crate::domain::views::{CascadeTally, TenantCascade};
use crate::i18n::{Locale, t, t_string, use_i18n};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

fn tally_line(i18n: I18n, system: System, t: CascadeTally) -> impl IntoView {
    let name = crate::kit::system_name(system);
    let (class, text) = if !t.connected {
        (
            "notice notice--warn",
            t_string!(i18n, tenants.cascade_not_connected).to_string(),
        )
    } else if !t.failed.is_empty() {
        (
            "notice notice--error",
            format!(
                "{} {}",
                t_string!(i18n, tenants.cascade_failed),
                t.failed.join(", ")
            ),
        )
    } else {
        (
            "notice notice--success",
            format!("{} {}", t.changed, t_string!(i18n, tenants.cascade_changed)),
        )
    };
    view! {
        <p class=class data-testid="cascade-system" data-system=system.as_str() data-failed=t.failed.len()>
            <strong>{move || name.get()}</strong> ": " {text}
        </p>
    }
}

#[component]
pub fn CascadeReport(c: TenantCascade) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="cascade" data-testid="tenant-cascade" role="status">
            <p>{t!(i18n, tenants.cascade_people)} " " {c.people} " · " {t!(i18n, tenants.cascade_sessions)} " " {c.sessions_ended}</p>
            {tally_line(i18n, System::Identity, c.identity)}
            {tally_line(i18n, System::Mail, c.mail)}
        </div>
    }
}
