//! What needs attention on a face's sidebar: real counts only, each computed by
//! the area that owns it, after the same authorisation as the face's pages.
use super::context::{Ctx, Target};
use super::{domains, overview, partner_access, partners};
use crate::domain::AppError;
use crate::domain::authz::{Action, Resource};
use crate::domain::model::{TenantRole, TenantStatus};
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
        Face::Portal => {
            ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
                .await?;
            // Domains of the tenants the person administers (the pages
            // that show them authorise each tenant again).
            let administered: Vec<String> = ctx
                .principal()
                .map(|p| {
                    p.user
                        .tenant_roles
                        .iter()
                        .filter(|m| !m.suspended && m.role == TenantRole::Admin)
                        .map(|m| m.tenant_id.clone())
                        .collect()
                })
                .unwrap_or_default();
            out.push((
                Attention::DomainsNeedAttention,
                domains::needing_attention(&ctx.services, &administered).await?,
            ));
            out.push((
                Attention::AccessRequests,
                partner_access::pending_for(ctx, &administered).await?,
            ));
        }
        Face::Website => {
            ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
                .await?;
        }
    }
    out.retain(|(_, n)| *n > 0);
    Ok(out)
}
