use crate::domain::AppError;
use crate::domain::views::TenantInfo;
use leptos::prelude::*;

/// A tenant as its people see it, with the caller's role in it.
#[server(endpoint = "tenant_home")]
pub async fn tenant_home(slug: String) -> Result<TenantInfo, AppError> {
    use crate::domain::authz::Action;
    use crate::services::{Ctx, tenants};
    let ctx = Ctx::load()?;
    let (t, _) = tenants::authorized(&ctx, &slug, Action::ViewTenant).await?;
    Ok(tenants::info(&ctx, t))
}
