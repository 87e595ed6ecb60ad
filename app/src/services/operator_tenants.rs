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
use crate::ports::api_error::ApiError;
use crate::repo::{MembershipChange, PENDING_ISSUER};
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
        purge_after: t.deleted_at.map(|d| d + retention_ms(&ctx.services)),
        deleted_at: t.deleted_at,
        payment_failed: t.billing_account.payment_failed.is_some(),
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
pub(super) async fn works_elsewhere(
    ctx: &Ctx,
    u: &User,
    tenant_id: &str,
) -> Result<bool, AppError> {
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
fn tally(t: &mut CascadeTally, email: &str, result: Result<bool, ApiError>) {
    match result {
        Ok(true) => t.changed += 1,
        Ok(false) => t.skipped += 1,
        Err(e) => {
            tracing::warn!(error = %e, email, "tenant suspension cascade step failed");
            t.failed.push(email.to_owned());
        }
    }
}

/// Saves the tenant at its new status and runs the cascade: `block` signs
/// its people out and blocks them, otherwise unblocks them.
async fn change_status(
    ctx: &Ctx,
    t: &mut Tenant,
    to: TenantStatus,
    block: bool,
) -> Result<TenantCascade, AppError> {
    t.status = to;
    t.deleted_at = (to == TenantStatus::Deleted).then(|| ctx.repo().now());
    ctx.repo().save_tenant(t).await?;
    cascade(ctx, t, block).await
}

/// The cascade of a tenant being closed (`block`) or opened again.
async fn cascade(ctx: &Ctx, t: &Tenant, block: bool) -> Result<TenantCascade, AppError> {
    let domains = domain_names(ctx, t).await?;
    let mut out = TenantCascade {
        status: t.status,
        people: 0,
        sessions_ended: 0,
        identity: CascadeTally::new(ctx.services.identity_admin.is_some()),
        mail: CascadeTally::new(mail_on(ctx)),
    };
    for u in ctx.repo().users_of_tenant(&t.id).await? {
        out.people += 1;
        // Opening again leaves people suspended one by one as they are.
        let individually = u.membership(&t.id).is_some_and(|m| m.suspended);
        if !block && individually {
            out.identity.skipped += 1;
            out.mail.skipped += 1;
            continue;
        }
        if block {
            out.sessions_ended += ctx.repo().delete_sessions_of_user(&u.id).await?;
        }
        // Sign-in at the identity provider.
        if works_elsewhere(ctx, &u, &t.id).await? {
            out.identity.skipped += 1;
        } else if let Some(idp) = &ctx.services.identity_admin {
            let done = async {
                if let Some(account) = idp.find_user_by_email(&u.email).await? {
                    idp.set_active(account.id, !block).await?;
                    if block {
                        idp.end_sessions(account.id).await?;
                    }
                    return Ok(true);
                }
                Ok::<bool, ApiError>(false)
            }
            .await;
            tally(&mut out.identity, &u.email, done);
        }
        // The mailbox, when it is on one of the tenant's domains.
        match &ctx.services.mail_admin {
            Some(mail) if on_domains(&u.email, &domains) && mail.provisioning_enabled() => {
                let done = async {
                    if let Some(mailbox) = mail.find_mailbox(&u.email).await? {
                        mail.set_frozen(&mailbox.id, block).await?;
                        return Ok(true);
                    }
                    Ok::<bool, ApiError>(false)
                }
                .await;
                tally(&mut out.mail, &u.email, done);
            }
            _ => out.mail.skipped += 1,
        }
    }
    Ok(out)
}

fn mail_on(ctx: &Ctx) -> bool {
    ctx.services
        .mail_admin
        .as_ref()
        .is_some_and(|m| m.provisioning_enabled())
}

async fn domain_names(ctx: &Ctx, t: &Tenant) -> Result<Vec<String>, AppError> {
    Ok(ctx
        .repo()
        .mail_domains_of(&t.id)
        .await?
        .into_iter()
        .map(|d| d.name)
        .chain(t.primary_domain.clone())
        .collect())
}

fn on_domains(email: &str, domains: &[String]) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, d)| domains.iter().any(|x| x.eq_ignore_ascii_case(d)))
}

/// The cascade's figures for the audit event.
fn cascade_json(out: &TenantCascade) -> serde_json::Value {
    json!({
        "people": out.people,
        "sessions_ended": out.sessions_ended,
        "identity": { "changed": out.identity.changed, "failed": out.identity.failed, "connected": out.identity.connected },
        "mail": { "changed": out.mail.changed, "failed": out.mail.failed, "connected": out.mail.connected },
    })
}

fn outcome_of(out: &TenantCascade) -> Outcome {
    if out.identity.failed.is_empty() && out.mail.failed.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    }
}

/// Suspends (`suspend`) or resumes a tenant, with the cascade.
pub async fn set_suspended(
    ctx: &Ctx,
    slug: &str,
    suspend: bool,
) -> Result<TenantCascade, AppError> {
    let t = by_slug(ctx, slug).await?;
    suspend_or_resume(ctx, t, suspend).await
}

/// THE suspension (or resumption) of a tenant the caller was authorised
/// for: the operator's, or its partner's for its own customer.
pub async fn suspend_or_resume(
    ctx: &Ctx,
    mut t: Tenant,
    suspend: bool,
) -> Result<TenantCascade, AppError> {
    if t.status == TenantStatus::Deleted {
        return Err(fail(AppError::invalid("status", "deleted")));
    }
    let from = t.status;
    let to = if suspend {
        TenantStatus::Suspended
    } else {
        TenantStatus::Active
    };
    let out = change_status(ctx, &mut t, to, suspend).await?;
    let mut meta = cascade_json(&out);
    meta["from"] = json!(from);
    meta["to"] = json!(to);
    ctx.record(
        if suspend {
            "tenant.suspended"
        } else {
            "tenant.resumed"
        },
        outcome_of(&out),
        &super::tenants::target(&t),
        meta,
    )
    .await;
    Ok(out)
}

/// How long a deleted tenant can be restored, in milliseconds.
fn retention_ms(ctx_services: &super::context::Services) -> i64 {
    i64::from(ctx_services.tenant_retention_days) * 86_400_000
}

/// Deletes a tenant (soft): closed like a suspension, restorable for the
/// retention period, then purged. The operator types the slug to confirm.
pub async fn delete(ctx: &Ctx, slug: &str, confirm: &str) -> Result<TenantCascade, AppError> {
    let mut t = by_slug(ctx, slug).await?;
    if t.status == TenantStatus::Deleted {
        return Err(fail(AppError::invalid("status", "deleted")));
    }
    if confirm.trim() != t.slug {
        return Err(fail(AppError::invalid("confirm", "mismatch")));
    }
    let from = t.status;
    let out = change_status(ctx, &mut t, TenantStatus::Deleted, true).await?;
    let mut meta = cascade_json(&out);
    meta["from"] = json!(from);
    meta["purge_after"] = json!(t.deleted_at.map(|d| d + retention_ms(&ctx.services)));
    ctx.record(
        "tenant.deleted",
        outcome_of(&out),
        &super::tenants::target(&t),
        meta,
    )
    .await;
    Ok(out)
}

/// Restores a deleted tenant before it is purged.
pub async fn restore(ctx: &Ctx, slug: &str) -> Result<TenantCascade, AppError> {
    let mut t = by_slug(ctx, slug).await?;
    if t.status != TenantStatus::Deleted {
        return Err(fail(AppError::invalid("status", "not_deleted")));
    }
    let out = change_status(ctx, &mut t, TenantStatus::Active, false).await?;
    ctx.record(
        "tenant.restored",
        outcome_of(&out),
        &super::tenants::target(&t),
        cascade_json(&out),
    )
    .await;
    Ok(out)
}

/// The purge worker's run: every tenant deleted longer ago than the
/// retention period is removed for good. Its people lose the membership;
/// those with nowhere else to work lose their identity provider account,
/// mailbox and files account; its mail domains leave the mail server; its
/// grants go; then the tenant record. A system that fails keeps the tenant
/// for the next run (what was removed stays removed). Audited as
/// `tenant.purged`, by the system. Returns how many were purged.
pub async fn purge_due(services: &super::context::Services) -> Result<usize, AppError> {
    let repo = &services.repo;
    let cutoff = repo.now() - retention_ms(services);
    let mut due = Vec::new();
    let mut after = None;
    loop {
        let page = repo.tenants(after.as_deref(), 200).await?;
        due.extend(page.items.into_iter().filter(|t| {
            t.status == TenantStatus::Deleted && t.deleted_at.is_some_and(|d| d <= cutoff)
        }));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let ctx = Ctx::new(services.clone(), super::context::Caller::default());
    let mut purged = 0;
    for t in due {
        let (failed, removed) = purge_one(&ctx, &t).await?;
        let done = failed.is_empty();
        if done {
            repo.delete_tenant(&t.id).await?;
            purged += 1;
        }
        services
            .auditor
            .record(crate::domain::audit::AuditRecord {
                actor_type: crate::domain::audit::ActorType::System,
                actor_id: "tenant-purge".into(),
                action: "tenant.purged".into(),
                outcome: if done {
                    Outcome::Success
                } else {
                    Outcome::Failure
                },
                resource_type: "tenant".into(),
                resource_id: t.id.clone(),
                resource_name: t.name.clone(),
                tenant_slug: Some(t.slug.clone()),
                metadata: json!({ "removed": removed, "failed": failed, "deleted_at": t.deleted_at }),
                ..crate::domain::audit::AuditRecord::default()
            })
            .await;
    }
    Ok(purged)
}

/// Removes one deleted tenant's people, domains and grants; answers what
/// failed (by system and address) and what was removed.
async fn purge_one(ctx: &Ctx, t: &Tenant) -> Result<(Vec<String>, serde_json::Value), AppError> {
    let repo = ctx.repo();
    let s = &ctx.services;
    let domains = domain_names(ctx, t).await?;
    let mut failed = Vec::new();
    let (mut accounts, mut mailboxes, mut files, mut memberships) = (0u32, 0u32, 0u32, 0u32);
    for u in repo.users_of_tenant(&t.id).await? {
        let alone = !works_elsewhere(ctx, &u, &t.id).await?;
        let mut ok = true;
        if let Some(idp) = &s.identity_admin {
            let r = async {
                if let Some(a) = idp.find_user_by_email(&u.email).await? {
                    if alone {
                        idp.delete_user(a.id).await?;
                        return Ok(true);
                    }
                    let group = super::provisioning::group_of(t);
                    if a.groups.contains(&group) {
                        idp.remove_from_group(&group, a.id).await?;
                    }
                }
                Ok::<bool, ApiError>(false)
            }
            .await;
            match r {
                Ok(true) => accounts += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "purge: identity provider");
                    failed.push(format!("identity:{}", u.email));
                    ok = false;
                }
            }
        }
        if let Some(mail) = s.mail_admin.as_ref().filter(|m| m.provisioning_enabled())
            && on_domains(&u.email, &domains)
        {
            let r = async {
                if let Some(m) = mail.find_mailbox(&u.email).await? {
                    mail.delete_mailbox(&m.id).await?;
                    return Ok(true);
                }
                Ok::<bool, ApiError>(false)
            }
            .await;
            match r {
                Ok(true) => mailboxes += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "purge: mail server");
                    failed.push(format!("mail:{}", u.email));
                    ok = false;
                }
            }
        }
        if alone && let Some(fs) = &s.files_admin {
            let r = async {
                if let Some(f) = fs.find_user(&u.email).await? {
                    fs.delete_user(&f.id).await?;
                    return Ok(true);
                }
                Ok::<bool, ApiError>(false)
            }
            .await;
            match r {
                Ok(true) => files += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "purge: files server");
                    failed.push(format!("files:{}", u.email));
                    ok = false;
                }
            }
        }
        if ok {
            repo.change_membership(&u.id, &t.id, MembershipChange::Remove)
                .await?;
            memberships += 1;
        }
    }
    let mut removed_domains = 0u32;
    for d in repo.mail_domains_of(&t.id).await? {
        let r = match s.mail_admin.as_ref().filter(|m| m.provisioning_enabled()) {
            Some(mail) => mail.delete_domain(&d.mail_id).await,
            None => Ok(()),
        };
        match r {
            Ok(()) => {
                repo.delete_mail_domain(&d.id).await?;
                removed_domains += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "purge: mail domain");
                failed.push(format!("mail:{}", d.name));
            }
        }
    }
    if failed.is_empty() {
        repo.delete_grants_of_tenant(&t.id).await?;
    }
    Ok((
        failed,
        json!({
            "memberships": memberships, "accounts": accounts, "mailboxes": mailboxes,
            "files": files, "domains": removed_domains,
        }),
    ))
}
