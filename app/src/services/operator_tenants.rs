//! Tenants as the operator console sees them: every tenant, searched and
//! filtered a page at a time; one tenant's detail; suspend and resume.
//!
//! Suspending a tenant cascades: its people's dezky sessions end, their
//! sign-in is blocked at the identity provider (unless they still work for
//! another live tenant, a partner or dezky), and their mailboxes on the
//! tenant's domains are frozen (mail still arrives). dezky itself refuses the
//! tenant's people while it is suspended (`tenants::authorized`). Resuming
//! undoes it, except for people the tenant's admin suspended one by one. A
//! system that is not connected or fails is reported by name, per person; the
//! tenant's status is saved regardless, and suspending again retries.
use super::context::{Ctx, fail};
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::model::{Tenant, TenantStatus, User};
use crate::domain::views::{
    CascadeTally, OperatorTenantDetail, OperatorTenantRow, TenantCascade, TenantListPage,
    TenantMemberRow,
};
use crate::repo::PENDING_ISSUER;
use serde_json::json;

/// Rows per page.
pub const PAGE: usize = 25;

async fn row(ctx: &Ctx, t: Tenant) -> Result<OperatorTenantRow, AppError> {
    let partner = ctx
        .repo()
        .partner(&t.partner_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let members = ctx.repo().users_of_tenant(&t.id).await?.len();
    Ok(OperatorTenantRow {
        slug: t.slug,
        name: t.name,
        partner,
        plan: t.plan,
        seats: t.seats,
        members: u32::try_from(members).unwrap_or(u32::MAX),
        status: t.status,
        primary_domain: t.primary_domain,
        created_at: t.created_at,
    })
}

fn matches(t: &Tenant, needle: &str, status: Option<TenantStatus>) -> bool {
    status.is_none_or(|s| t.status == s)
        && (needle.is_empty()
            || t.name.to_lowercase().contains(needle)
            || t.slug.contains(needle)
            || t.primary_domain
                .as_deref()
                .is_some_and(|d| d.contains(needle)))
}

/// Tenants whose name, slug or primary domain contains `q`, of `status`
/// when given, [`PAGE`] at a time after the cursor `after`.
pub async fn list(
    ctx: &Ctx,
    q: &str,
    status: Option<TenantStatus>,
    after: Option<String>,
) -> Result<TenantListPage, AppError> {
    let needle = q.trim().to_lowercase();
    let mut rows = Vec::new();
    let mut cursor = after;
    loop {
        let page = ctx.repo().tenants(cursor.as_deref(), 200).await?;
        let last = page.next.is_none();
        for t in page.items {
            cursor = Some(t.id.clone());
            if matches(&t, &needle, status) {
                rows.push(row(ctx, t).await?);
                if rows.len() == PAGE {
                    // Only a further match makes a next page.
                    let next = cursor.clone();
                    return Ok(TenantListPage { rows, next });
                }
            }
        }
        if last {
            return Ok(TenantListPage { rows, next: None });
        }
    }
}

async fn by_slug(ctx: &Ctx, slug: &str) -> Result<Tenant, AppError> {
    ctx.repo()
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))
}

/// One tenant: its figures, its people with their role in it, billing
/// details and mail domains.
pub async fn detail(ctx: &Ctx, slug: &str) -> Result<OperatorTenantDetail, AppError> {
    let t = by_slug(ctx, slug).await?;
    let mut members: Vec<TenantMemberRow> = ctx
        .repo()
        .users_of_tenant(&t.id)
        .await?
        .into_iter()
        .filter_map(|u| {
            let m = u.membership(&t.id)?.clone();
            Some(TenantMemberRow {
                signed_in: u.issuer != PENDING_ISSUER,
                name: u.name,
                email: u.email,
                role: m.role,
                suspended: m.suspended,
                active: u.active,
            })
        })
        .collect();
    members.sort_by_key(|m| m.name.to_lowercase());
    let domains = ctx
        .repo()
        .mail_domains_of(&t.id)
        .await?
        .into_iter()
        .map(|d| d.display_name)
        .collect();
    let billing = t.billing.clone();
    Ok(OperatorTenantDetail {
        row: row(ctx, t).await?,
        billing,
        members,
        domains,
    })
}

/// Whether the person still has somewhere else to sign in to: another
/// membership that is not suspended in a tenant that is not, partner staff,
/// or an operator. Their identity provider account then stays active.
async fn works_elsewhere(ctx: &Ctx, u: &User, tenant_id: &str) -> Result<bool, AppError> {
    if u.partner.is_some() || u.platform_admin {
        return Ok(true);
    }
    for m in u
        .tenant_roles
        .iter()
        .filter(|m| m.tenant_id != tenant_id && !m.suspended)
    {
        if ctx
            .repo()
            .tenant(&m.tenant_id)
            .await?
            .is_some_and(|t| t.status == TenantStatus::Active)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Counts one person's change in one system (a failure by address, its
/// words in the log).
fn tally(
    t: &mut CascadeTally,
    email: &str,
    result: Result<bool, crate::ports::api_error::ApiError>,
) {
    match result {
        Ok(true) => t.changed += 1,
        Ok(false) => t.skipped += 1,
        Err(e) => {
            tracing::warn!(error = %e, email, "tenant suspension cascade step failed");
            t.failed.push(email.to_owned());
        }
    }
}

/// Suspends (`suspend`) or resumes a tenant, with the cascade.
pub async fn set_suspended(
    ctx: &Ctx,
    slug: &str,
    suspend: bool,
) -> Result<TenantCascade, AppError> {
    let mut t = by_slug(ctx, slug).await?;
    if t.status == TenantStatus::Deleted {
        return Err(fail(AppError::invalid("status", "deleted")));
    }
    let from = t.status;
    t.status = if suspend {
        TenantStatus::Suspended
    } else {
        TenantStatus::Active
    };
    t.updated_at = ctx.repo().now();
    ctx.repo().save_tenant(&mut t).await?;

    let domains: Vec<String> = ctx
        .repo()
        .mail_domains_of(&t.id)
        .await?
        .into_iter()
        .map(|d| d.name)
        .chain(t.primary_domain.clone())
        .collect();
    let mut out = TenantCascade {
        status: t.status,
        people: 0,
        sessions_ended: 0,
        identity: CascadeTally::new(ctx.services.identity_admin.is_some()),
        mail: CascadeTally::new(
            ctx.services
                .mail_admin
                .as_ref()
                .is_some_and(|m| m.provisioning_enabled()),
        ),
    };
    for u in ctx.repo().users_of_tenant(&t.id).await? {
        out.people += 1;
        // Resuming leaves people suspended one by one as they are.
        let individually = u.membership(&t.id).is_some_and(|m| m.suspended);
        if !suspend && individually {
            out.identity.skipped += 1;
            out.mail.skipped += 1;
            continue;
        }
        if suspend {
            out.sessions_ended += ctx.repo().delete_sessions_of_user(&u.id).await?;
        }
        // Sign-in at the identity provider.
        if works_elsewhere(ctx, &u, &t.id).await? {
            out.identity.skipped += 1;
        } else if let Some(idp) = &ctx.services.identity_admin {
            let done = async {
                if let Some(account) = idp.find_user_by_email(&u.email).await? {
                    idp.set_active(account.id, !suspend).await?;
                    if suspend {
                        idp.end_sessions(account.id).await?;
                    }
                    return Ok(true);
                }
                Ok::<bool, crate::ports::api_error::ApiError>(false)
            }
            .await;
            tally(&mut out.identity, &u.email, done);
        }
        // The mailbox, when it is on one of the tenant's domains.
        let on_domain = u
            .email
            .rsplit_once('@')
            .is_some_and(|(_, d)| domains.iter().any(|x| x.eq_ignore_ascii_case(d)));
        match &ctx.services.mail_admin {
            Some(mail) if on_domain && mail.provisioning_enabled() => {
                let done = async {
                    if let Some(mailbox) = mail.find_mailbox(&u.email).await? {
                        mail.set_frozen(&mailbox.id, suspend).await?;
                        return Ok(true);
                    }
                    Ok::<bool, crate::ports::api_error::ApiError>(false)
                }
                .await;
                tally(&mut out.mail, &u.email, done);
            }
            _ => out.mail.skipped += 1,
        }
    }
    ctx.record(
        if suspend {
            "tenant.suspended"
        } else {
            "tenant.resumed"
        },
        if out.identity.failed.is_empty() && out.mail.failed.is_empty() {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        &super::tenants::target(&t),
        json!({
            "from": from, "to": t.status, "people": out.people,
            "sessions_ended": out.sessions_ended,
            "identity": { "changed": out.identity.changed, "failed": out.identity.failed, "connected": out.identity.connected },
            "mail": { "changed": out.mail.changed, "failed": out.mail.failed, "connected": out.mail.connected },
        }),
    )
    .await;
    Ok(out)
}
