//! Partners: the caller's partner and its customers.
use super::context::{Ctx, Target, fail};
use crate::domain::AppError;
use crate::domain::access::GrantState;
use crate::domain::authz::{Action, Grant, Resource};
use crate::domain::model::{PartnerAccess, PartnerSummary, TenantStatus};
use crate::domain::views::{OpenGrant, PartnerInfo};

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

/// THE list of a partner's customers: its tenants that are not deleted.
pub async fn live_tenants(
    ctx: &Ctx,
    partner_id: &str,
) -> Result<Vec<crate::domain::model::Tenant>, AppError> {
    // Every page: one store page holds at most 500.
    let mut tenants = ctx.repo().all_tenants(Some(partner_id)).await?;
    tenants.retain(|t| t.status != TenantStatus::Deleted);
    Ok(tenants)
}

/// A customer with the facts THE health rule reads.
pub(crate) async fn customer_row(
    ctx: &Ctx,
    t: crate::domain::model::Tenant,
) -> Result<crate::domain::views::CustomerRow, AppError> {
    use crate::domain::health::{HealthFacts, health};
    use crate::domain::mail_domains::DomainStatus;
    use crate::domain::provisioning::JobStatus;
    let repo = ctx.repo();
    let domains = repo.mail_domains_of(&t.id).await?;
    let count = |s: DomainStatus| {
        u32::try_from(domains.iter().filter(|d| d.status == s).count()).unwrap_or(u32::MAX)
    };
    let failed_jobs = repo
        .jobs_of_tenant(&t.id, 50)
        .await?
        .iter()
        .filter(|j| j.status == JobStatus::Failed)
        .count();
    let members = repo.users_of_tenant(&t.id).await?;
    let people = u32::try_from(members.len()).unwrap_or(u32::MAX);
    // The second factors are read only where the policy requires them.
    let without_required_mfa = if t.security.mfa_mode == crate::domain::model::MfaMode::Required {
        match super::security::mfa_of(ctx, &t, &members).await {
            crate::domain::views::MfaOverview::Known { rows } => {
                u32::try_from(rows.iter().filter(|r| r.factors.is_empty()).count())
                    .unwrap_or(u32::MAX)
            }
            _ => 0,
        }
    } else {
        0
    };
    let facts = HealthFacts {
        suspended: t.status == TenantStatus::Suspended,
        domains_verified: count(DomainStatus::Verified),
        domains_drifted: count(DomainStatus::NeedsAttention),
        failed_jobs: u32::try_from(failed_jobs).unwrap_or(u32::MAX),
        people,
        seats: t.seats,
        without_required_mfa,
        payment_failed: t.billing_account.payment_failed.is_some(),
    };
    Ok(crate::domain::views::CustomerRow {
        health: health(&facts),
        people,
        tenant: super::tenants::view(t, None),
    })
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
    let mut tenants = Vec::new();
    let mut slugs = Vec::new();
    for t in live_tenants(ctx, &partner.id).await? {
        slugs.push((t.id.clone(), t.slug.clone()));
        tenants.push(customer_row(ctx, t).await?);
    }
    let now = repo.now();
    let mut grants: Vec<OpenGrant> = Vec::new();
    for g in repo.grants_of_partner(&partner.id).await? {
        let state = g.state(now);
        if !matches!(state, GrantState::Pending | GrantState::Active) {
            continue;
        }
        let Some((_, slug)) = slugs.iter().find(|(id, _)| *id == g.tenant_id) else {
            continue;
        };
        if grants.iter().all(|a| a.tenant_slug != *slug) {
            grants.push(OpenGrant {
                tenant_slug: slug.clone(),
                grant_id: g.id,
                scope: g.scope,
                state,
            });
        }
    }
    let standing = partner.standing_access
        && partner.status == crate::domain::model::PartnerStatus::Active
        && access != PartnerAccess::Member;
    Ok(PartnerInfo {
        mrr: super::revenue::mrr_series(ctx.repo(), Some(&partner.id), super::revenue::CHART_DAYS)
            .await?,
        standing,
        partner: PartnerSummary {
            slug: partner.slug,
            name: partner.name,
            access,
            accent: partner.branding.accent_colour.clone(),
            logo: partner
                .branding
                .logo
                .as_deref()
                .map(crate::domain::logo::url),
        },
        tenants,
        grants,
    })
}
