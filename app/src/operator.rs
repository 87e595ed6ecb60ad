//! The operator console (dezky's platform admins). The server's guard lets only
//! operators reach these routes, and every server function checks the operator
//! audience and platformAdmin again, per request.
mod audit;
mod billing;
mod flags;
mod infrastructure;
mod overview;
mod partners;
mod pricing;
mod reports;
mod team;
mod tenants;
mod users;

pub use audit::AuditPage;
pub use billing::OperatorBillingPage;
pub use flags::FlagsPage;
pub use infrastructure::InfrastructurePage;
pub use overview::OverviewPage;
pub use partners::{PartnerDetailPage, PartnersPage as OperatorPartnersPage};
pub use pricing::PricingPage;
pub use reports::OperatorReportsPage;
pub use team::TeamPage;
pub use tenants::{TenantDetailPage, TenantsPage};
pub use users::UsersPage as PlatformUsersPage;

use crate::faces::Face;
use crate::shell::AppShell;
use leptos::prelude::*;

#[component]
pub fn OperatorShell(children: Children) -> impl IntoView {
    view! { <AppShell face=Face::Operator>{children()}</AppShell> }
}
