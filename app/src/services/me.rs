//! The signed-in person: their tenants (with the role in each) and partner.
use super::context::Ctx;
use crate::domain::AppError;
use crate::domain::model::{PartnerSummary, TenantAccess, TenantStatus, WhoAmI};

/// `None` when nobody is signed in.
pub async fn who_am_i(ctx: &Ctx) -> Result<Option<WhoAmI>, AppError> {
    let Some(p) = ctx.principal() else {
        return Ok(None);
    };
    let repo = ctx.repo();
    let mut tenants = Vec::new();
    for m in p.user.tenant_roles.iter().filter(|m| !m.suspended) {
        if let Some(t) = repo.tenant(&m.tenant_id).await?
            && t.status != TenantStatus::Deleted
        {
            tenants.push(TenantAccess {
                slug: t.slug,
                name: t.name,
                role: m.role,
                plan: t.plan,
                seats: t.seats,
            });
        }
    }
    let partner = match &p.user.partner {
        Some(link) => repo
            .partner(&link.partner_id)
            .await?
            .map(|partner| PartnerSummary {
                slug: partner.slug,
                name: partner.name,
                access: link.access,
            }),
        None => None,
    };
    Ok(Some(WhoAmI {
        name: p.user.name.clone(),
        email: p.user.email.clone(),
        client: p.client,
        operator: p.is_operator(),
        partner,
        tenants,
    }))
}
