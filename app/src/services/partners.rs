//! Partners: the caller's partner and its customers.
use super::context::{Ctx, Target, fail};
use crate::domain::AppError;
use crate::domain::authz::{Action, Grant, Resource};
use crate::domain::model::{PartnerAccess, PartnerSummary, TenantStatus};
use crate::domain::views::PartnerInfo;

/// The caller's partner id (empty when they belong to none) and the check that
/// they may view it: partner staff only.
pub async fn authorized_own(ctx: &Ctx) -> Result<(String, PartnerAccess), AppError> {
    let partner_id = ctx
        .principal()
        .and_then(|p| p.user.partner.as_ref())
        .map(|l| l.partner_id.clone())
        .unwrap_or_default();
    let grant = ctx
        .authorize(
            Action::ViewPartner,
            Resource::Partner { id: &partner_id },
            || Target {
                resource_type: "partner",
                resource_id: partner_id.clone(),
                ..Target::default()
            },
        )
        .await?;
    let Grant::PartnerStaff(access) = grant else {
        return Err(fail(AppError::Forbidden));
    };
    Ok((partner_id, access))
}

/// The partner and its live customers.
pub async fn home(
    ctx: &Ctx,
    partner_id: &str,
    access: PartnerAccess,
) -> Result<PartnerInfo, AppError> {
    let repo = ctx.repo();
    let partner = repo
        .partner(partner_id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    let tenants = repo
        .tenants_of_partner(&partner.id, None, 500)
        .await?
        .items
        .into_iter()
        .filter(|t| t.status != TenantStatus::Deleted)
        .map(|t| super::tenants::view(t, None))
        .collect();
    Ok(PartnerInfo {
        partner: PartnerSummary {
            slug: partner.slug,
            name: partner.name,
            access,
        },
        tenants,
    })
}
