//! The platform's server functions. Each one authorises on its first line
//! (`Ctx::authorize`), calls the repo, and returns a DTO; errors travel as
//! [`AppError`] codes.
use super::AppError;
use super::flags::{Flag, FlagChange, FlagState};
use super::model::{PartnerSummary, TenantRole, TenantStatus, WhoAmI};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::{
    authz::{Action, Resource},
    context::{Ctx, Target, fail},
};

/// A tenant as its people see it on their home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub slug: String,
    pub name: String,
    pub plan: String,
    pub status: TenantStatus,
    pub seats: u32,
    /// The caller's role in THIS tenant (None for partner staff and operators).
    pub role: Option<TenantRole>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub name: String,
    pub email: String,
    pub role: TenantRole,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInfo {
    pub partner: PartnerSummary,
    pub tenants: Vec<TenantInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewCounts {
    pub tenants: u64,
    pub partners: u64,
    pub users: u64,
    pub seats: u64,
    pub audit_failures: u64,
    pub store: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagInput {
    pub key: String,
    pub description: String,
    pub state: FlagState,
    pub note: String,
    /// The version the editor saw; None creates the flag.
    pub version: Option<u64>,
}

#[cfg(feature = "ssr")]
fn tenant_target(t: &super::model::Tenant) -> Target {
    Target {
        resource_type: "tenant",
        resource_id: t.id.clone(),
        resource_name: t.name.clone(),
        tenant_slug: Some(t.slug.clone()),
        partner_slug: None,
    }
}

#[cfg(feature = "ssr")]
fn platform_target() -> Target {
    Target {
        resource_type: "platform",
        resource_id: "operator-console".into(),
        resource_name: "operator console".into(),
        ..Target::default()
    }
}

/// Loads a tenant by slug and checks the caller may do `action` to it. An
/// unknown slug and a refused one answer differently (404 / 403), but neither
/// reveals anything about the tenant.
#[cfg(feature = "ssr")]
async fn tenant_for(
    ctx: &Ctx,
    slug: &str,
    action: Action,
) -> Result<(super::model::Tenant, super::authz::Grant), AppError> {
    let tenant = ctx.repo().tenant_by_slug(slug).await?;
    let Some(tenant) = tenant.filter(|t| t.status != TenantStatus::Deleted) else {
        // Authorise against nothing first: anonymous callers learn only 401.
        if ctx.principal().is_none() {
            return Err(fail(AppError::Unauthenticated));
        }
        return Err(fail(AppError::NotFound));
    };
    let grant = ctx
        .authorize(
            action,
            Resource::Tenant {
                id: &tenant.id,
                partner_id: &tenant.partner_id,
            },
            || tenant_target(&tenant),
        )
        .await?;
    Ok((tenant, grant))
}

/// The signed-in person, their tenants (with the role in each) and partner;
/// `None` when nobody is signed in.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<WhoAmI>, AppError> {
    let ctx = Ctx::load()?;
    let Some(p) = ctx.principal() else {
        return Ok(None);
    };
    ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
        .await?;
    let repo = ctx.repo();
    let mut tenants = Vec::new();
    for m in &p.user.tenant_roles {
        if let Some(t) = repo.tenant(&m.tenant_id).await?
            && t.status != TenantStatus::Deleted
        {
            tenants.push(super::model::TenantAccess {
                slug: t.slug,
                name: t.name,
                role: m.role,
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

#[server(endpoint = "tenant_home")]
pub async fn tenant_home(slug: String) -> Result<TenantInfo, AppError> {
    let ctx = Ctx::load()?;
    let (t, _) = tenant_for(&ctx, &slug, Action::ViewTenant).await?;
    let role = ctx.principal().and_then(|p| p.user.role_for_tenant(&t.id));
    Ok(TenantInfo {
        slug: t.slug,
        name: t.name,
        plan: t.plan,
        status: t.status,
        seats: t.seats,
        role,
    })
}

/// The members of a tenant with their role in it: the admin area.
#[server(endpoint = "tenant_members")]
pub async fn tenant_members(slug: String) -> Result<Vec<MemberRow>, AppError> {
    let ctx = Ctx::load()?;
    let (t, _) = tenant_for(&ctx, &slug, Action::AdministerTenant).await?;
    let mut rows: Vec<MemberRow> = ctx
        .repo()
        .users_of_tenant(&t.id)
        .await?
        .into_iter()
        .filter_map(|u| {
            u.role_for_tenant(&t.id).map(|role| MemberRow {
                name: u.name,
                email: u.email,
                role,
                active: u.active,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

/// The caller's partner and its customers.
#[server(endpoint = "partner_home")]
pub async fn partner_home() -> Result<PartnerInfo, AppError> {
    let ctx = Ctx::load()?;
    let link = ctx.principal().and_then(|p| p.user.partner.clone());
    let partner_id = link
        .as_ref()
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
    let super::authz::Grant::PartnerStaff(access) = grant else {
        return Err(fail(AppError::Forbidden));
    };
    let repo = ctx.repo();
    let partner = repo
        .partner(&partner_id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    let tenants = repo
        .tenants_of_partner(&partner.id, None, 500)
        .await?
        .items
        .into_iter()
        .filter(|t| t.status != TenantStatus::Deleted)
        .map(|t| TenantInfo {
            slug: t.slug,
            name: t.name,
            plan: t.plan,
            status: t.status,
            seats: t.seats,
            role: None,
        })
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

#[server(endpoint = "operator_overview")]
pub async fn operator_overview() -> Result<OverviewCounts, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let repo = ctx.repo();
    let mut seats = 0u64;
    let mut after = None;
    loop {
        let page = repo.tenants(after.as_deref(), 500).await?;
        seats += page
            .items
            .iter()
            .filter(|t| t.status == TenantStatus::Active)
            .map(|t| u64::from(t.seats))
            .sum::<u64>();
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(OverviewCounts {
        tenants: repo.count_tenants().await?,
        partners: repo.count_partners().await?,
        users: repo.count_users().await?,
        seats,
        audit_failures: ctx.services.auditor.failures(),
        store: repo.store().engine().to_owned(),
    })
}

#[server(endpoint = "list_flags")]
pub async fn list_flags() -> Result<Vec<Flag>, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    Ok(ctx.repo().flags().await?)
}

#[server(endpoint = "flag_history")]
pub async fn flag_history(key: String) -> Result<Vec<FlagChange>, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    Ok(ctx.repo().flag_history(&key).await?)
}

/// Creates or changes a flag; turning it off with the note "kill-switch" is
/// recorded as `flag.killed`.
#[server(endpoint = "save_flag", input = server_fn::codec::Json)]
pub async fn save_flag(input: FlagInput) -> Result<Flag, AppError> {
    use super::audit::{Outcome, diff};
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let key = input.key.trim();
    super::flags::validate_key(key).map_err(|r| fail(AppError::invalid("key", r)))?;
    super::flags::validate_state(&input.state).map_err(|r| fail(AppError::invalid("state", r)))?;
    if input.description.chars().count() > 500 {
        return Err(fail(AppError::invalid("description", "too_long")));
    }
    let actor = ctx
        .principal()
        .map(|p| p.user.email.clone())
        .unwrap_or_default();
    let (before, flag, change) = ctx
        .repo()
        .put_flag(
            key,
            input.description.trim(),
            input.state,
            input.note.trim(),
            &actor,
            input.version,
        )
        .await?;
    let as_json = |f: &Flag| serde_json::json!({ "description": f.description, "state": f.state, "note": f.note });
    let changed = diff(
        &before.as_ref().map(as_json).unwrap_or_default(),
        &as_json(&flag),
        &["description", "state", "note"],
    );
    let target = Target {
        resource_type: "flag",
        resource_id: flag.id.clone(),
        resource_name: flag.key.clone(),
        ..Target::default()
    };
    ctx.record(
        change.kind.action(),
        Outcome::Success,
        &target,
        serde_json::json!({ "diff": changed }),
    )
    .await;
    Ok(flag)
}

#[server(endpoint = "remove_flag")]
pub async fn remove_flag(key: String) -> Result<(), AppError> {
    use super::audit::Outcome;
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let actor = ctx
        .principal()
        .map(|p| p.user.email.clone())
        .unwrap_or_default();
    let change = ctx.repo().remove_flag(&key, &actor).await?;
    let target = Target {
        resource_type: "flag",
        resource_id: key.clone(),
        resource_name: key,
        ..Target::default()
    };
    ctx.record(
        change.kind.action(),
        Outcome::Success,
        &target,
        serde_json::json!({ "from": change.from }),
    )
    .await;
    Ok(())
}

/// The full flag map for a tenant: the caller's own tenant by default (from
/// their membership, never from IdP groups); operators may name any tenant.
#[server(endpoint = "evaluate_flags")]
pub async fn evaluate_flags(tenant: Option<String>) -> Result<BTreeMap<String, bool>, AppError> {
    let ctx = Ctx::load()?;
    let slug = match tenant {
        Some(slug) => slug,
        None => {
            ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
                .await?;
            let first = ctx
                .principal()
                .and_then(|p| p.user.tenant_roles.first().cloned());
            let Some(first) = first else {
                return Ok(BTreeMap::new());
            };
            let Some(t) = ctx.repo().tenant(&first.tenant_id).await? else {
                return Ok(BTreeMap::new());
            };
            t.slug
        }
    };
    let (t, _) = tenant_for(&ctx, &slug, Action::ViewTenant).await?;
    let flags = ctx.repo().flags().await?;
    Ok(super::flags::evaluate(&flags, &t.slug))
}

/// The tamper-evidence card's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditState {
    pub head_seq: Option<u64>,
    /// `ed25519 · ed25519-0123abcd…`, or None when checkpoints are off.
    pub signer: Option<String>,
    pub last_checkpoint_seq: Option<u64>,
    pub last_checkpoint_at: Option<super::model::Millis>,
    /// Failed recordings since start-up.
    pub failures: u64,
}

/// The operator's audit list, newest first, filtered; `after` continues a page.
#[server(endpoint = "audit_list", input = server_fn::codec::Json)]
pub async fn audit_list(
    filter: super::audit::AuditFilter,
    after: Option<String>,
) -> Result<super::audit::AuditPage, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    Ok(ctx
        .repo()
        .audit_search(&filter, after.as_deref(), 50)
        .await?
        .into())
}

#[server(endpoint = "audit_status")]
pub async fn audit_status() -> Result<AuditState, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let auditor = &ctx.services.auditor;
    let last = ctx.repo().latest_checkpoint().await?;
    Ok(AuditState {
        head_seq: ctx.repo().audit_head().await?.map(|e| e.seq),
        signer: auditor
            .signer()
            .map(|s| format!("{} · {}", s.alg().as_str(), s.key_id())),
        last_checkpoint_seq: last.as_ref().map(|c| c.head_seq),
        last_checkpoint_at: last.as_ref().map(|c| c.at),
        failures: auditor.failures(),
    })
}

/// Walks the whole hot chain now.
#[server(endpoint = "audit_verify")]
pub async fn audit_verify() -> Result<super::audit::VerifyReport, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let keys = ctx.services.auditor.verify_keys();
    match &ctx.services.archiver {
        // Archived batches are downloaded and checked too.
        Some(archiver) => {
            super::audit::verify::verify_with_archive(ctx.repo(), &keys, archiver.cold().as_ref())
                .await
                .map_err(|e| {
                    tracing::error!(error = %e, "audit verify");
                    fail(match e {
                        super::audit::verify::VerifyError::Cold(_) => AppError::Unavailable {
                            system: super::audit::archive::COLD_SYSTEM.into(),
                        },
                        super::audit::verify::VerifyError::Store(e) => e.into(),
                    })
                })
        }
        None => Ok(super::audit::verify::verify(ctx.repo(), &keys).await?),
    }
}

/// The Cold storage card: where batches go, the schedule, and the batches.
#[server(endpoint = "audit_cold")]
pub async fn audit_cold() -> Result<super::audit::ColdStatus, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let mut batches = ctx.repo().archive_batches().await?;
    batches.reverse();
    let schedule = ctx.services.archive_schedule;
    Ok(super::audit::ColdStatus {
        target: ctx.services.archiver.as_ref().map(|a| a.cold().describe()),
        scheduled: schedule.enabled,
        run_hour_utc: schedule.run_hour_utc,
        retention_days: ctx
            .services
            .archiver
            .as_ref()
            .map_or(0, |a| a.config().retention_days),
        sse: schedule.sse,
        batches,
    })
}

/// "Run archive now": one archive run regardless of the daily schedule. A
/// failed step comes back in `failure` (the run is recorded either way).
#[server(endpoint = "audit_archive_run")]
pub async fn audit_archive_run() -> Result<super::audit::ArchiveRunResult, AppError> {
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    let Some(archiver) = &ctx.services.archiver else {
        return Err(fail(AppError::Unavailable {
            system: super::audit::archive::COLD_SYSTEM.into(),
        }));
    };
    let trigger = format!(
        "manual:{}",
        ctx.principal().map_or("", |p| p.user.email.as_str())
    );
    Ok(match archiver.run(&trigger).await {
        Ok(result) => result,
        Err(e) => super::audit::ArchiveRunResult {
            events_archived: e.completed.iter().map(|b| b.event_count).sum(),
            batches: e.completed.clone(),
            leftovers_deleted: 0,
            failure: Some(super::audit::ArchiveFailure {
                step: e.step.as_str().into(),
                system: e.system.into(),
                message: e.message,
            }),
        },
    })
}

/// Signs the head now (skipped when nothing changed since the last checkpoint).
#[server(endpoint = "audit_checkpoint")]
pub async fn audit_checkpoint() -> Result<Option<u64>, AppError> {
    use super::audit::Outcome;
    let ctx = Ctx::load()?;
    ctx.authorize(Action::Operate, Resource::Platform, platform_target)
        .await?;
    if ctx.services.auditor.signer().is_none() {
        return Err(fail(AppError::Unavailable {
            system: "audit-signing-key".into(),
        }));
    }
    let cp = ctx
        .services
        .auditor
        .checkpoint(super::audit::checkpoint::Reason::Manual)
        .await?;
    let target = Target {
        resource_type: "audit",
        resource_id: "chain".into(),
        resource_name: "audit chain".into(),
        ..Target::default()
    };
    ctx.record(
        "audit.checkpoint_forced",
        Outcome::Success,
        &target,
        serde_json::json!({ "headSeq": cp.as_ref().map(|c| c.head_seq), "skipped": cp.is_none() }),
    )
    .await;
    Ok(cp.map(|c| c.head_seq))
}

/// A tenant admin's audit list: scoped to the tenant on the server, whatever the
/// filter says.
#[server(endpoint = "tenant_audit", input = server_fn::codec::Json)]
pub async fn tenant_audit(
    slug: String,
    filter: super::audit::AuditFilter,
    after: Option<String>,
) -> Result<super::audit::AuditPage, AppError> {
    let ctx = Ctx::load()?;
    let (tenant, _) = tenant_for(&ctx, &slug, Action::AdministerTenant).await?;
    let filter = super::audit::AuditFilter {
        tenant: Some(tenant.slug),
        ..filter
    };
    Ok(ctx
        .repo()
        .audit_search(&filter, after.as_deref(), 50)
        .await?
        .into())
}
