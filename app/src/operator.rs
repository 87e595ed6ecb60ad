//! The operator console (dezky's platform admins). The server's guard lets only
//! operators reach these routes, and every server function checks the operator
//! audience and platformAdmin again, per request.
mod audit;
mod flags;
mod overview;

pub use audit::{AuditFilterControls, AuditPage, AuditRow};
pub use flags::FlagsPage;
pub use overview::OverviewPage;

use crate::i18n::{t_string, use_i18n};
use crate::kit::AppShell;
use leptos::prelude::*;

#[component]
pub fn OperatorShell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let face = Signal::derive(move || t_string!(i18n, shell.operator).to_string());
    let nav = vec![
        (
            "/operator",
            Signal::derive(move || t_string!(i18n, shell.nav_overview).to_string()),
            "nav-overview",
            false,
        ),
        (
            "/operator/audit",
            Signal::derive(move || t_string!(i18n, audit.nav_audit).to_string()),
            "nav-audit",
            false,
        ),
        (
            "/operator/flags",
            Signal::derive(move || t_string!(i18n, shell.nav_flags).to_string()),
            "nav-flags",
            false,
        ),
    ];
    view! { <AppShell face nav>{children()}</AppShell> }
}
