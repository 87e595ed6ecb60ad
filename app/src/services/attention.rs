//! What needs attention on a face's sidebar: real counts only, each computed by
//! the area that owns it, after the same authorisation as the face's pages.
use super::context::{Ctx, Target};
use super::{overview, partners};
use crate::domain::AppError;
use crate::domain::authz::{Action, Resource};
use crate::domain::model::TenantStatus;
use crate::domain::views::Attention;
use crate::faces::Face;

/// The non-zero counts of `face`'s attention kinds.
pub async fn counts(ctx: &Ctx, face: Face) -> Result<Vec<(Attention, u64)>, AppError> {
    let mut out = Vec::new();
    match face {
        Face::Operator => {
            ctx.authorize(
                Action::Operate,
                Resource::Platform,
                overview::platform_target,
            )
            .await?;
            out.push((Attention::AuditFailures, ctx.services.auditor.failures()));
        }
        Face::Partner => {
            let (partner_id, _) = partners::authorized_own(ctx).await?;
            let suspended = ctx
                .repo()
                .tenants_of_partner(&partner_id, None, 500)
                .await?
                .items
                .iter()
                .filter(|t| t.status == TenantStatus::Suspended)
                .count() as u64;
            out.push((Attention::SuspendedCustomers, suspended));
        }
        Face::Portal | Face::Website => {
            ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
                .await?;
        }
    }
    out.retain(|(_, n)| *n > 0);
    Ok(out)
}
