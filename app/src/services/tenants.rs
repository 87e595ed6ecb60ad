//! Tenants: lookup by slug with authorisation, and the tenant as its people see it.
use super::context::{Ctx, Target, fail};
use crate::domain::AppError;
use crate::domain::authz::{Action, Grant, Resource};
use crate::domain::model::{Tenant, TenantRole, TenantStatus};
use crate::domain::views::TenantInfo;

/// What a denied attempt on a tenant was aimed at.
pub fn target(t: &Tenant) -> Target {
    Target {
        resource_type: "tenant",
        resource_id: t.id.clone(),
        resource_name: t.name.clone(),
        tenant_slug: Some(t.slug.clone()),
        partner_slug: None,
    }
}

/// What a denied attempt on a slug that names no tenant the caller may see
/// was aimed at (cut to 64 characters: it is the caller's input).
pub fn unknown_target(slug: &str) -> Target {
    Target {
        resource_type: "tenant",
        resource_name: slug.chars().take(64).collect(),
        tenant_slug: Some(slug.chars().take(64).collect()),
        ..Target::default()
    }
}

/// Loads a tenant by slug and checks the caller may do `action` to it. An
/// unknown slug and a foreign one answer the same (403, and the same denied
/// event), so slugs cannot be enumerated; only operators, who may see every
/// tenant, learn that a slug does not exist (404). A deleted tenant is unknown.
pub async fn authorized(
    ctx: &Ctx,
    slug: &str,
    action: Action,
) -> Result<(Tenant, Grant), AppError> {
    let tenant = ctx.repo().tenant_by_slug(slug).await?;
    let Some(tenant) = tenant.filter(|t| t.status != TenantStatus::Deleted) else {
        // Authorise against a tenant nobody belongs to: anonymous callers
        // learn 401, everyone else but operators a recorded 403.
        ctx.authorize(
            action,
            Resource::Tenant {
                id: "",
                partner_id: "",
            },
            || unknown_target(slug),
        )
        .await?;
        return Err(fail(AppError::NotFound));
    };
    let grant = ctx
        .authorize(
            action,
            Resource::Tenant {
                id: &tenant.id,
                partner_id: &tenant.partner_id,
            },
            || target(&tenant),
        )
        .await?;
    // The tenant's own people reach it only from its allowed addresses
    // (partner staff and operators act from their own networks).
    if matches!(grant, Grant::Tenant(_))
        && !crate::domain::security::ip_allowed(&tenant.security.ip_allow_list, &ctx.caller.ip)
    {
        ctx.record(
            "tenant.access_denied",
            crate::domain::audit::Outcome::Denied,
            &target(&tenant),
            serde_json::json!({ "attempted": format!("{action:?}"), "reason": "ip_not_allowed" }),
        )
        .await;
        return Err(fail(AppError::Forbidden));
    }
    // A suspended tenant is closed to its own people (operators see it;
    // its partner may look, not change).
    if tenant.status == TenantStatus::Suspended
        && (matches!(grant, Grant::Tenant(_))
            || (matches!(grant, Grant::PartnerStaff(_)) && action != Action::ViewTenant))
    {
        ctx.record(
            "tenant.access_denied",
            crate::domain::audit::Outcome::Denied,
            &target(&tenant),
            serde_json::json!({ "attempted": format!("{action:?}"), "reason": "tenant_suspended" }),
        )
        .await;
        return Err(fail(AppError::Forbidden));
    }
    // Partner staff reach a customer only under an access grant the
    // customer's admin approved, of a scope that covers the action, until it
    // expires or is ended (checked on every request).
    if let Grant::PartnerStaff(staff) = grant {
        let now = ctx.repo().now();
        let grants = ctx.repo().grants_of_tenant(&tenant.id).await?;
        match grants
            .iter()
            .find(|g| g.partner_id == tenant.partner_id && g.allows(action, now))
        {
            Some(g) => ctx.act_under(&g.id),
            // The contract's standing access (shown to the customer).
            None if super::partner_access::standing(ctx, &tenant, staff).await? => {
                ctx.act_under(super::partner_access::STANDING);
            }
            None => {
                ctx.record(
                    "tenant.access_denied",
                    crate::domain::audit::Outcome::Denied,
                    &target(&tenant),
                    serde_json::json!({ "attempted": format!("{action:?}"), "reason": "no_partner_access" }),
                )
                .await;
                return Err(fail(AppError::Forbidden));
            }
        }
    }
    Ok((tenant, grant))
}

/// The tenant as shown on its home page, with the caller's role in it.
pub fn info(ctx: &Ctx, t: Tenant) -> TenantInfo {
    let role = ctx.principal().and_then(|p| p.user.role_for_tenant(&t.id));
    view(t, role)
}

/// The tenant as a page shows it, with the viewer's role (None for partner staff
/// and operators).
pub fn view(t: Tenant, role: Option<TenantRole>) -> TenantInfo {
    TenantInfo {
        slug: t.slug,
        name: t.name,
        plan: t.plan,
        status: t.status,
        seats: t.seats,
        role,
    }
}

/// The slug of the caller's first tenant (by membership, never by IdP group).
pub async fn first_of_caller(ctx: &Ctx) -> Result<Option<String>, AppError> {
    let first = ctx
        .principal()
        .and_then(|p| p.user.tenant_roles.iter().find(|m| !m.suspended).cloned());
    let Some(first) = first else {
        return Ok(None);
    };
    Ok(ctx.repo().tenant(&first.tenant_id).await?.map(|t| t.slug))
}
