//! The customer portal: the personal area (app launcher, profile, organisations)
//! at /portal and the tenant admin area at /admin (fails closed).
mod admin;
mod audit;
mod home;

pub use admin::AdminPage;
pub use audit::TenantAuditPage;
pub use home::PortalHome;

use crate::i18n::{t_string, use_i18n};
use crate::kit::AppShell;
use leptos::prelude::*;

#[component]
pub fn PortalShell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // One flag evaluation per page load, shared by every gated component.
    crate::platform::flag_gate::FlagMap::provide();
    let face = Signal::derive(move || t_string!(i18n, shell.portal).to_string());
    let nav = vec![
        (
            "/portal",
            Signal::derive(move || t_string!(i18n, shell.nav_home).to_string()),
            "nav-portal",
            false,
        ),
        (
            "/admin",
            Signal::derive(move || t_string!(i18n, shell.nav_admin).to_string()),
            "nav-admin",
            true,
        ),
        (
            "/admin/audit",
            Signal::derive(move || t_string!(i18n, audit.nav_audit).to_string()),
            "nav-tenant-audit",
            true,
        ),
    ];
    view! { <AppShell face nav>{children()}</AppShell> }
}
