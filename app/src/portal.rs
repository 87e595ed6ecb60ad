//! The customer portal: the personal area (app launcher, profile, organisations)
//! at /portal and the tenant admin area at /admin (fails closed).
mod admin;
mod audit;
mod dashboard;
mod home;
mod people;
mod security;
mod sso_apps;

pub use admin::UsersPage;
pub use audit::TenantAuditPage;
pub use dashboard::DashboardPage;
pub use home::PortalHome;
pub use security::SecurityPage;
pub use sso_apps::SsoAppsPage;

use crate::faces::Face;
use crate::shell::AppShell;
use leptos::prelude::*;

#[component]
pub fn PortalShell(children: Children) -> impl IntoView {
    // One flag evaluation per page load, shared by every gated component.
    crate::shell::flag_gate::FlagMap::provide();
    view! { <AppShell face=Face::Portal>{children()}</AppShell> }
}
