use crate::domain::AppError;
use crate::domain::views::{AdminDashboard, TenantWithMembers};
use leptos::prelude::*;

/// A tenant and its members with their role in it.
#[server(endpoint = "tenant_members")]
pub async fn tenant_members(slug: String) -> Result<TenantWithMembers, AppError> {
    use crate::domain::authz::Action;
    use crate::services::{Ctx, members, tenants};
    let ctx = Ctx::load()?;
    let (t, _) = tenants::authorized(&ctx, &slug, Action::AdministerTenant).await?;
    let members = members::of_tenant(&ctx, &t).await?;
    Ok(TenantWithMembers {
        tenant: tenants::info(&ctx, t),
        members,
    })
}

/// The tenant admin's dashboard: seats, storage, attention items, recent events.
#[server(endpoint = "tenant_dashboard")]
pub async fn tenant_dashboard(slug: String) -> Result<AdminDashboard, AppError> {
    use crate::services::{Ctx, dashboard};
    let ctx = Ctx::load()?;
    dashboard::of_tenant(&ctx, &slug).await
}
