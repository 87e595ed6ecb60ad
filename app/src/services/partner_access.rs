//! Partner access to a customer, approved by the customer (beyond Microsoft's
//! standing delegated admin): the partner asks with a reason, a scope and a
//! duration; the customer's admin approves or denies; either side ends it;
//! it expires on its own. `tenants::authorized` enforces it on every request
//! and every event recorded inside carries the grant's id.
use super::context::{Ctx, Target, fail};
use super::partners::authorized_own;
use super::tenants;
use crate::domain::AppError;
use crate::domain::access::{AccessGrant, AccessRequestForm, AccessScope, GrantState, GrantStatus};
use crate::domain::audit::{AuditFilter, Outcome};
use crate::domain::authz::{Action, Grant, Resource};
use crate::domain::model::{PartnerAccess, PartnerStatus, Tenant, TenantStatus};
use crate::domain::views::{GrantRow, InsideView, TenantAccessView};
use serde_json::json;

/// A partner counts as inside a customer while its last event there is this
/// recent.
pub const INSIDE_WINDOW_MS: i64 = 15 * 60 * 1000;

fn target(tenant: &Tenant, g: &AccessGrant) -> Target {
    Target {
        resource_type: "access_grant",
        resource_id: g.id.clone(),
        resource_name: g.requested_by_name.clone(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    }
}

async fn live_tenant(ctx: &Ctx, slug: &str) -> Result<Tenant, AppError> {
    ctx.repo()
        .tenant_by_slug(slug)
        .await?
        .filter(|t| t.status != TenantStatus::Deleted)
        .ok_or_else(|| fail(AppError::NotFound))
}

/// A partner asks for access to one of its customers.
pub async fn request(
    ctx: &Ctx,
    slug: &str,
    form: AccessRequestForm,
) -> Result<AccessGrant, AppError> {
    let (partner_id, access) = authorized_own(ctx).await?;
    let tenant = live_tenant(ctx, slug).await?;
    if tenant.partner_id != partner_id {
        // Not this partner's customer: the same answer as an unknown one.
        ctx.record(
            "partner_access.requested",
            Outcome::Denied,
            &tenants::target(&tenant),
            json!({ "reason": "not_a_customer" }),
        )
        .await;
        return Err(fail(AppError::Forbidden));
    }
    if form.scope == AccessScope::Admin && access == PartnerAccess::Member {
        return Err(fail(AppError::invalid("scope", "partner_admin_only")));
    }
    form.checked()
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let now = ctx.repo().now();
    let existing = ctx.repo().grants_of_tenant(&tenant.id).await?;
    if existing
        .iter()
        .any(|g| g.partner_id == partner_id && g.status == GrantStatus::Pending)
    {
        return Err(fail(AppError::invalid("reason", "already_pending")));
    }
    let user = ctx
        .principal()
        .map(|p| p.user.clone())
        .ok_or_else(|| fail(AppError::Unauthenticated))?;
    let grant = AccessGrant {
        id: ctx.repo().new_id(),
        partner_id,
        tenant_id: tenant.id.clone(),
        requested_by: user.id,
        requested_by_name: user.name,
        requested_by_email: user.email,
        reason: form.reason.trim().to_owned(),
        scope: form.scope,
        hours: form.hours,
        status: GrantStatus::Pending,
        requested_at: now,
        decided_by: None,
        decided_at: None,
        expires_at: None,
        ended_by: None,
        ended_at: None,
        setup: false,
        version: 1,
    };
    ctx.repo().insert_grant(&grant).await?;
    ctx.record(
        "partner_access.requested",
        Outcome::Success,
        &target(&tenant, &grant),
        json!({ "grant": grant.id, "scope": grant.scope.as_str(), "hours": grant.hours, "reason": grant.reason }),
    )
    .await;
    Ok(grant)
}

/// The customer's own admin (never the partner) answers on its behalf.
async fn customer_admin(ctx: &Ctx, slug: &str) -> Result<Tenant, AppError> {
    let (tenant, grant) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    if !matches!(grant, Grant::Tenant(_)) {
        ctx.record(
            "tenant.access_denied",
            Outcome::Denied,
            &tenants::target(&tenant),
            json!({ "reason": "customer_decides" }),
        )
        .await;
        return Err(fail(AppError::Forbidden));
    }
    Ok(tenant)
}

async fn grant_of(ctx: &Ctx, tenant: &Tenant, id: &str) -> Result<AccessGrant, AppError> {
    ctx.repo()
        .grant(id)
        .await?
        .filter(|g| g.tenant_id == tenant.id)
        .ok_or_else(|| fail(AppError::NotFound))
}

/// Approves or denies a pending request.
pub async fn decide(
    ctx: &Ctx,
    slug: &str,
    grant_id: &str,
    approve: bool,
) -> Result<AccessGrant, AppError> {
    let tenant = customer_admin(ctx, slug).await?;
    let mut g = grant_of(ctx, &tenant, grant_id).await?;
    if g.status != GrantStatus::Pending {
        return Err(fail(AppError::Conflict));
    }
    let now = ctx.repo().now();
    g.status = if approve {
        GrantStatus::Approved
    } else {
        GrantStatus::Denied
    };
    g.decided_by = ctx.principal().map(|p| p.user.name.clone());
    g.decided_at = Some(now);
    if approve {
        g.expires_at = Some(now + i64::from(g.hours) * 3_600_000);
    }
    ctx.repo().save_grant(&mut g).await?;
    ctx.record(
        if approve {
            "partner_access.approved"
        } else {
            "partner_access.denied"
        },
        Outcome::Success,
        &target(&tenant, &g),
        json!({ "grant": g.id, "scope": g.scope.as_str(), "expires_at": g.expires_at }),
    )
    .await;
    Ok(g)
}

/// Ends a pending or active grant: the customer's admin revokes it, or the
/// partner ends its own access early.
pub async fn end(ctx: &Ctx, slug: &str, grant_id: &str) -> Result<AccessGrant, AppError> {
    let is_partner_side = ctx
        .principal()
        .and_then(|p| p.user.partner.as_ref())
        .is_some();
    let tenant = if is_partner_side {
        let (partner_id, _) = authorized_own(ctx).await?;
        let tenant = live_tenant(ctx, slug).await?;
        if tenant.partner_id != partner_id {
            return Err(fail(AppError::Forbidden));
        }
        tenant
    } else {
        customer_admin(ctx, slug).await?
    };
    let mut g = grant_of(ctx, &tenant, grant_id).await?;
    let now = ctx.repo().now();
    if !matches!(g.state(now), GrantState::Pending | GrantState::Active) {
        return Err(fail(AppError::Conflict));
    }
    g.status = GrantStatus::Revoked;
    g.ended_by = ctx.principal().map(|p| p.user.name.clone());
    g.ended_at = Some(now);
    ctx.repo().save_grant(&mut g).await?;
    ctx.record(
        "partner_access.ended",
        Outcome::Success,
        &target(&tenant, &g),
        json!({ "grant": g.id, "by": if is_partner_side { "partner" } else { "customer" } }),
    )
    .await;
    Ok(g)
}

fn row(
    g: AccessGrant,
    tenant: &Tenant,
    partner_name: String,
    last_seen: Option<i64>,
    now: i64,
) -> GrantRow {
    let state = g.state(now);
    GrantRow {
        inside_now: state == GrantState::Active
            && last_seen.is_some_and(|at| now - at < INSIDE_WINDOW_MS),
        state,
        tenant_slug: tenant.slug.clone(),
        tenant_name: tenant.name.clone(),
        partner_name,
        grant: g,
    }
}

/// The customer's view: every request and grant, who is inside now, and what
/// the partner did under each grant.
pub async fn of_tenant(ctx: &Ctx, slug: &str) -> Result<TenantAccessView, AppError> {
    let tenant = customer_admin(ctx, slug).await?;
    let now = ctx.repo().now();
    let grants = ctx.repo().grants_of_tenant(&tenant.id).await?;
    let partner = ctx.repo().partner(&tenant.partner_id).await?;
    let standing = partner
        .as_ref()
        .is_some_and(|p| p.standing_access && p.status == PartnerStatus::Active);
    let partner_name = partner.map(|p| p.name).unwrap_or_default();
    let events = ctx
        .repo()
        .audit_search(
            &AuditFilter {
                tenant: Some(tenant.slug.clone()),
                ..AuditFilter::default()
            },
            None,
            200,
        )
        .await?
        .items;
    let ids: Vec<&str> = grants
        .iter()
        .map(|g| g.id.as_str())
        .chain(std::iter::once(STANDING))
        .collect();
    let activity: Vec<_> = events
        .into_iter()
        .filter(|e| {
            e.metadata
                .get("access_grant")
                .and_then(|v| v.as_str())
                .is_some_and(|id| ids.contains(&id))
        })
        .collect();
    let rows = grants
        .into_iter()
        .map(|g| {
            let last = activity
                .iter()
                .filter(|e| {
                    e.metadata.get("access_grant").and_then(|v| v.as_str()) == Some(g.id.as_str())
                })
                .map(|e| e.at)
                .max();
            row(g, &tenant, partner_name.clone(), last, now)
        })
        .collect();
    Ok(TenantAccessView {
        tenant: tenant.slug.clone(),
        partner_name,
        standing,
        rows,
        activity: crate::domain::audit::entries(activity),
    })
}

/// For the banner: the customer a partner is inside, under which grant and
/// until when; None for anyone else (asked on every portal page, so it
/// records nothing for callers it does not concern).
pub async fn inside(ctx: &Ctx, slug: &str) -> Result<Option<InsideView>, AppError> {
    let principal = ctx
        .principal()
        .ok_or_else(|| fail(AppError::Unauthenticated))?;
    let Some(partner_id) = Some(principal)
        .filter(|p| p.user.active)
        .and_then(|p| p.user.partner.as_ref())
        .map(|l| l.partner_id.clone())
    else {
        return Ok(None);
    };
    let Some(tenant) = ctx
        .repo()
        .tenant_by_slug(slug)
        .await?
        .filter(|t| t.partner_id == partner_id && t.status != TenantStatus::Deleted)
    else {
        return Ok(None);
    };
    // Someone who is also a member sees their own tenant, not a banner.
    if ctx
        .principal()
        .is_some_and(|p| p.user.role_for_tenant(&tenant.id).is_some())
    {
        return Ok(None);
    }
    ctx.authorize(
        Action::ViewPartner,
        Resource::Partner { id: &partner_id },
        || tenants::target(&tenant),
    )
    .await?;
    let now = ctx.repo().now();
    let grants = ctx.repo().grants_of_tenant(&tenant.id).await?;
    if let Some(g) = grants
        .into_iter()
        .find(|g| g.partner_id == partner_id && g.active(now))
    {
        return Ok(Some(InsideView {
            tenant_slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            grant_id: g.id,
            scope: g.scope,
            expires_at: Some(g.expires_at.unwrap_or(now)),
        }));
    }
    let staff = principal.user.partner.as_ref().map(|l| l.access);
    Ok(match staff {
        Some(access) if standing(ctx, &tenant, access).await? => Some(InsideView {
            tenant_slug: tenant.slug.clone(),
            tenant_name: tenant.name.clone(),
            grant_id: STANDING.into(),
            scope: AccessScope::Admin,
            expires_at: None,
        }),
        _ => None,
    })
}

/// The grant id actions under standing access carry.
pub const STANDING: &str = "standing";

/// Whether THE contract option gives this staff member standing access to
/// the tenant: the tenant's partner is active and its contract allows it,
/// and they are an owner or admin there.
pub async fn standing(ctx: &Ctx, tenant: &Tenant, staff: PartnerAccess) -> Result<bool, AppError> {
    if staff == PartnerAccess::Member {
        return Ok(false);
    }
    Ok(ctx
        .repo()
        .partner(&tenant.partner_id)
        .await?
        .is_some_and(|p| p.standing_access && p.status == PartnerStatus::Active))
}

/// How many requests wait for the customer admin's answer (the badge).
pub async fn pending_for(ctx: &Ctx, tenant_ids: &[String]) -> Result<u64, AppError> {
    let mut n = 0;
    for id in tenant_ids {
        n += ctx
            .repo()
            .grants_of_tenant(id)
            .await?
            .iter()
            .filter(|g| g.status == GrantStatus::Pending)
            .count() as u64;
    }
    Ok(n)
}
