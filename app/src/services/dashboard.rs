//! The tenant admin's dashboard: seats, files storage (per tenant and per
//! person, from the files server), what wants their action, and the latest
//! audit events. Nothing is shown as known that was not read: storage is
//! "not connected" or "unavailable" rather than zero.
use super::context::Ctx;
use super::tenants;
use crate::domain::AppError;
use crate::domain::audit::AuditFilter;
use crate::domain::authz::Action;
use crate::domain::mail_domains::DomainStatus;
use crate::domain::model::{MfaMode, Tenant, User};
use crate::domain::provisioning::JobStatus;
use crate::domain::views::{
    AdminDashboard, AttentionItem, MfaOverview, PersonStorage, StorageView,
};
use crate::ports::files_admin::storage_of;

/// The dashboard of the tenant `slug`.
pub async fn of_tenant(ctx: &Ctx, slug: &str) -> Result<AdminDashboard, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let members = ctx.repo().users_of_tenant(&tenant.id).await?;
    let storage = storage(ctx, &members).await;
    let mut attention = Vec::new();
    let suspended: Vec<String> = members
        .iter()
        .filter(|u| u.membership(&tenant.id).is_some_and(|m| m.suspended))
        .map(|u| u.name.clone())
        .collect();
    if !suspended.is_empty() {
        attention.push(AttentionItem::Suspended { names: suspended });
    }
    attention.extend(stopped_jobs(ctx, &tenant).await?);
    if tenant.security.mfa_mode == MfaMode::Required
        && let MfaOverview::Known { rows } = super::security::mfa_of(ctx, &tenant, &members).await
    {
        let names: Vec<String> = rows
            .into_iter()
            .filter(|r| r.has_account && r.factors.is_empty())
            .map(|r| r.name)
            .collect();
        if !names.is_empty() {
            attention.push(AttentionItem::NoMfa { names });
        }
    }
    let domains = ctx.repo().mail_domains_of(&tenant.id).await?;
    let named = |status: DomainStatus| -> Vec<String> {
        domains
            .iter()
            .filter(|d| d.status == status)
            .map(|d| d.display_name.clone())
            .collect()
    };
    let drifted = named(DomainStatus::NeedsAttention);
    if !drifted.is_empty() {
        attention.push(AttentionItem::DomainsNeedAttention { names: drifted });
    }
    let pending = named(DomainStatus::Pending);
    if !pending.is_empty() {
        attention.push(AttentionItem::DomainsPending { names: pending });
    }
    let recent = ctx
        .repo()
        .audit_search(
            &AuditFilter {
                tenant: Some(tenant.slug.clone()),
                ..AuditFilter::default()
            },
            None,
            5,
        )
        .await?
        .items
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(AdminDashboard {
        seats_used: u32::try_from(members.len()).unwrap_or(u32::MAX),
        tenant: tenants::info(ctx, tenant),
        storage,
        attention,
        recent,
    })
}

/// Changes to people that stopped halfway and were not retried since (the
/// latest job per person and kind).
async fn stopped_jobs(ctx: &Ctx, tenant: &Tenant) -> Result<Vec<AttentionItem>, AppError> {
    let jobs = ctx.repo().jobs_of_tenant(&tenant.id, 100).await?;
    let mut seen = std::collections::HashSet::new();
    Ok(jobs
        .into_iter()
        .filter(|j| seen.insert((j.email.clone(), j.kind.clone())))
        .filter(|j| j.status == JobStatus::Failed)
        .map(|j| AttentionItem::StoppedJob {
            job_id: j.id,
            kind: j.kind,
            name: j.name,
        })
        .collect())
}

/// Each member's personal drive and their sum, read from the files server.
async fn storage(ctx: &Ctx, members: &[User]) -> StorageView {
    let Some(files) = &ctx.services.files_admin else {
        return StorageView::NotConnected;
    };
    let unavailable = |e: crate::ports::api_error::ApiError| {
        tracing::warn!(error = %e, "files storage could not be read");
        StorageView::Unavailable
    };
    let drives = match files.drives().await {
        Ok(d) => d,
        Err(e) => return unavailable(e),
    };
    let mut people = Vec::with_capacity(members.len());
    let mut owners = Vec::new();
    for m in members {
        let account = match files.find_user(&m.email).await {
            Ok(a) => a,
            Err(e) => return unavailable(e),
        };
        let quota = account.as_ref().and_then(|a| {
            drives
                .iter()
                .find(|d| d.kind == "personal" && d.owner_id.as_deref() == Some(a.id.as_str()))
                .map(|d| d.quota)
        });
        if let Some(a) = account {
            owners.push(a.id);
        }
        people.push(PersonStorage {
            name: m.name.clone(),
            email: m.email.clone(),
            quota,
        });
    }
    people.sort_by(|a, b| {
        let used = |p: &PersonStorage| p.quota.map_or(0, |q| q.used);
        used(b).cmp(&used(a)).then_with(|| a.name.cmp(&b.name))
    });
    let owners: Vec<&str> = owners.iter().map(String::as_str).collect();
    StorageView::Known {
        tenant: storage_of(&drives, &owners),
        people,
    }
}
