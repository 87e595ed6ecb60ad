//! The customer portal: the personal area (app launcher, profile, organisations)
//! at /portal and the tenant admin area at /admin (fails closed).
mod admin;
mod audit;
mod billing;
mod branding;
mod dashboard;
mod domains;
mod home;
mod partner_access;
mod people;
mod security;
mod sso_apps;

pub use admin::UsersPage;
pub use audit::TenantAuditPage;
pub use billing::{BillingPage, CardPage};
pub use branding::BrandingPage;
pub use dashboard::DashboardPage;
pub use domains::{DomainsPage, domain_refusal};
pub use home::PortalHome;
pub use partner_access::{
    PartnerAccessPage, hours_label as grant_hours_label, scope_label as grant_scope_label,
    state_pill as grant_state_pill,
};
pub use security::{FactorPill, SecurityPage, factor_state};
pub use sso_apps::SsoAppsPage;

use crate::faces::Face;
use crate::shell::AppShell;
use leptos::prelude::*;

#[component]
pub fn PortalShell(children: Children) -> impl IntoView {
    // The shell evaluates the flags once per page load, for every gated
    // component (`flag_gate`).
    view! { <AppShell face=Face::Portal>{children()}</AppShell> }
}

/// What an admin page shows to someone who administers no tenant.
#[component]
fn NoAdminTenant() -> impl IntoView {
    use crate::i18n::{t, use_i18n};
    let i18n = use_i18n();
    view! {
        <crate::kit::EmptyState
            title=crate::i18n::t_signal!(i18n, admin.no_admin_tenant)
            test_id="no-admin-tenant"
        >
            <a href="/portal">{t!(i18n, shell.nav_home)}</a>
        </crate::kit::EmptyState>
    }
}
