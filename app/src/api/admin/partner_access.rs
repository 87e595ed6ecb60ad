//! Partner access to the customer: the customer admin's answers.
use crate::domain::AppError;
use crate::domain::access::AccessGrant;
use crate::domain::views::TenantAccessView;
use leptos::prelude::*;

/// Every request and grant of the tenant's partner, and what it did inside.
#[server(endpoint = "tenant_partner_access")]
pub async fn tenant_partner_access(slug: String) -> Result<TenantAccessView, AppError> {
    use crate::services::{Ctx, partner_access};
    let ctx = Ctx::load()?;
    partner_access::of_tenant(&ctx, &slug).await
}

/// Approves (or denies) a pending request.
#[server(endpoint = "decide_partner_access")]
pub async fn decide_partner_access(
    slug: String,
    grant_id: String,
    approve: bool,
) -> Result<AccessGrant, AppError> {
    use crate::services::{Ctx, partner_access};
    let ctx = Ctx::load()?;
    partner_access::decide(&ctx, &slug, &grant_id, approve).await
}

/// Ends a pending or active grant (the customer revokes, the partner leaves).
/// Both pages then read the grants again, so the answer is only whether.
#[server(endpoint = "end_partner_access")]
pub async fn end_partner_access(slug: String, grant_id: String) -> Result<(), AppError> {
    use crate::services::{Ctx, partner_access};
    let ctx = Ctx::load()?;
    partner_access::end(&ctx, &slug, &grant_id).await.map(drop)
}
