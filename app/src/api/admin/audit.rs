use crate::domain::AppError;
use crate::domain::audit::{AuditEntries, AuditFilter};
use leptos::prelude::*;

/// A tenant admin's audit list: scoped to the tenant on the server, whatever the
/// filter says.
#[server(endpoint = "tenant_audit", input = server_fn::codec::Json)]
pub async fn tenant_audit(
    slug: String,
    filter: AuditFilter,
    after: Option<String>,
) -> Result<AuditEntries, AppError> {
    use crate::domain::authz::Action;
    use crate::services::{Ctx, audit::console, tenants};
    let ctx = Ctx::load()?;
    let (tenant, _) = tenants::authorized(&ctx, &slug, Action::AdministerTenant).await?;
    console::search(
        &ctx,
        &console::scoped_to(&tenant, filter),
        after.as_deref(),
        50,
    )
    .await
    .map(AuditEntries::from)
}
