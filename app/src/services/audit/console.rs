//! What the audit pages and the CSV export ask of the audit log: filtered
//! search, the chain's state, verification, the cold archive and forced
//! checkpoints. Callers authorise first.
use super::checkpoint::Reason;
use super::verify::{self, VerifyError};
use super::{
    ArchiveFailure, ArchiveRunResult, AuditFilter, AuditPage, ColdStatus, Outcome, VerifyReport,
};
use crate::domain::model::Tenant;
use crate::domain::views::AuditState;
use crate::domain::{AppError, System};
use crate::services::context::{Ctx, Target, fail};

/// One page of the filtered list, newest first; `after` continues a page.
pub async fn search(
    ctx: &Ctx,
    filter: &AuditFilter,
    after: Option<&str>,
    limit: usize,
) -> Result<AuditPage, AppError> {
    Ok(ctx.repo().audit_search(filter, after, limit).await?.into())
}

/// A tenant's slice: the scope is the authorised tenant, whatever the filter
/// says.
pub fn scoped_to(tenant: &Tenant, filter: AuditFilter) -> AuditFilter {
    AuditFilter {
        tenant: Some(tenant.slug.clone()),
        ..filter
    }
}

pub async fn state(ctx: &Ctx) -> Result<AuditState, AppError> {
    let auditor = &ctx.services.auditor;
    let last = ctx.repo().latest_checkpoint().await?;
    Ok(AuditState {
        head_seq: ctx.repo().audit_head().await?.map(|e| e.seq),
        signer: auditor
            .signer()
            .map(|s| format!("{} · {}", s.alg().as_str(), s.key_id())),
        note_key: auditor.note_key(),
        last_checkpoint_seq: last.as_ref().map(|c| c.head_seq),
        last_checkpoint_at: last.as_ref().map(|c| c.at),
        failures: auditor.failures(),
    })
}

/// Walks the whole chain now: the hot store, and the archived batches when the
/// cold archive is configured.
pub async fn verify(ctx: &Ctx) -> Result<VerifyReport, AppError> {
    let keys = ctx.services.auditor.verify_keys();
    match &ctx.services.archiver {
        Some(archiver) => verify::verify_with_archive(ctx.repo(), &keys, archiver.cold().as_ref())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "audit verify");
                fail(match e {
                    VerifyError::Cold(_) => AppError::failed(System::ObjectStorage),
                    VerifyError::Store(e) => e.into(),
                })
            }),
        None => Ok(verify::verify(ctx.repo(), &keys).await?),
    }
}

/// The Cold storage card: where batches go, the schedule, and the batches.
pub async fn cold(ctx: &Ctx) -> Result<ColdStatus, AppError> {
    let mut batches = ctx.repo().archive_batches().await?;
    batches.reverse();
    let schedule = ctx.services.archive_schedule;
    Ok(ColdStatus {
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

/// One archive run regardless of the daily schedule. A failed step comes back
/// in `failure` (the run is recorded either way).
pub async fn run_archive(ctx: &Ctx) -> Result<ArchiveRunResult, AppError> {
    let Some(archiver) = &ctx.services.archiver else {
        return Err(fail(AppError::not_connected(System::ObjectStorage)));
    };
    let trigger = format!(
        "manual:{}",
        ctx.principal().map_or("", |p| p.user.email.as_str())
    );
    Ok(match archiver.run(&trigger).await {
        Ok(result) => result,
        Err(e) => ArchiveRunResult {
            events_archived: e.completed.iter().map(|b| b.event_count).sum(),
            batches: e.completed.clone(),
            leftovers_deleted: 0,
            failure: Some(ArchiveFailure {
                step: e.step.as_str().into(),
                system: e.system,
                message: e.message,
            }),
        },
    })
}

/// Signs the head now (skipped when nothing changed since the last
/// checkpoint); recorded as `audit.checkpoint_forced`.
pub async fn force_checkpoint(ctx: &Ctx) -> Result<Option<u64>, AppError> {
    let auditor = &ctx.services.auditor;
    if auditor.signer().is_none() {
        return Err(fail(AppError::not_connected(System::AuditSigningKey)));
    }
    let cp = auditor.checkpoint(Reason::Manual).await?;
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

/// Who may prove which events: with `tenant`, its admins, that tenant's
/// events; without, operators, any event. The download links and the server
/// functions both ask here.
pub async fn proof_scope(ctx: &Ctx, tenant: Option<&str>) -> Result<Option<Tenant>, AppError> {
    use crate::domain::authz::{Action, Resource};
    match tenant.filter(|t| !t.is_empty()) {
        Some(slug) => Ok(Some(
            crate::services::tenants::authorized(ctx, slug, Action::AdministerTenant)
                .await?
                .0,
        )),
        None => {
            ctx.authorize(
                Action::Operate,
                Resource::Platform,
                crate::services::overview::platform_target,
            )
            .await?;
            Ok(None)
        }
    }
}

/// Event `seq`'s inclusion proof file (JSON), for download; `tenant`: the
/// authorised tenant whose events alone the caller may prove.
pub async fn event_proof(ctx: &Ctx, tenant: Option<&Tenant>, seq: u64) -> Result<String, AppError> {
    if seq == 0 {
        return Err(AppError::NotFound);
    }
    let services = &ctx.services;
    let file = super::proof::inclusion_file(
        &services.repo,
        &services.auditor,
        services.archiver.as_ref().map(|a| a.cold().as_ref()),
        seq,
        tenant.map(|t| t.slug.as_str()),
    )
    .await?;
    serde_json::to_string_pretty(&file).map_err(|_| AppError::Internal)
}

/// The consistency proof file (JSON) between the kept checkpoints of `from`
/// and `to` events.
pub async fn consistency_proof(ctx: &Ctx, from: u64, to: u64) -> Result<String, AppError> {
    let file = super::proof::consistency_file(ctx.repo(), from, to).await?;
    serde_json::to_string_pretty(&file).map_err(|_| AppError::Internal)
}
