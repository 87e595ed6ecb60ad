use crate::domain::AppError;
use crate::domain::audit::{ArchiveRunResult, AuditEntries, AuditFilter, ColdStatus, VerifyReport};
use crate::domain::views::AuditState;
use leptos::prelude::*;

/// The operator's audit list, newest first, filtered; `after` continues a page.
#[server(endpoint = "audit_list", input = server_fn::codec::Json)]
pub async fn audit_list(
    filter: AuditFilter,
    after: Option<String>,
) -> Result<AuditEntries, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::search(&ctx, &filter, after.as_deref(), 50)
        .await
        .map(AuditEntries::from)
}

/// The tamper-evidence card.
#[server(endpoint = "audit_status")]
pub async fn audit_status() -> Result<AuditState, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::state(&ctx).await
}

/// Walks the whole chain now.
#[server(endpoint = "audit_verify")]
pub async fn audit_verify() -> Result<VerifyReport, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::verify(&ctx).await
}

/// The Cold storage card: where batches go, the schedule, and the batches.
#[server(endpoint = "audit_cold")]
pub async fn audit_cold() -> Result<ColdStatus, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::cold(&ctx).await
}

/// "Run archive now": one archive run regardless of the daily schedule.
#[server(endpoint = "audit_archive_run")]
pub async fn audit_archive_run() -> Result<ArchiveRunResult, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::run_archive(&ctx).await
}

/// Signs the head now (skipped when nothing changed since the last checkpoint).
#[server(endpoint = "audit_checkpoint")]
pub async fn audit_checkpoint() -> Result<Option<u64>, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::force_checkpoint(&ctx).await
}

/// Event `seq`'s inclusion proof file (JSON text): the event, its leaf index,
/// the path and the signed checkpoint. With `tenant`, that tenant's admins
/// prove its events; without, operators prove any.
#[server(endpoint = "audit_event_proof", input = server_fn::codec::Json)]
pub async fn audit_event_proof(tenant: Option<String>, seq: u64) -> Result<String, AppError> {
    use crate::services::audit::console;
    let ctx = crate::services::Ctx::load()?;
    let tenant = console::proof_scope(&ctx, tenant.as_deref()).await?;
    console::event_proof(&ctx, tenant.as_ref(), seq).await
}

/// The consistency proof file (JSON text) between the kept checkpoints of
/// `from` and `to` events; tenant admins (with `tenant`) and operators.
#[server(endpoint = "audit_consistency_proof", input = server_fn::codec::Json)]
pub async fn audit_consistency_proof(
    tenant: Option<String>,
    from: u64,
    to: u64,
) -> Result<String, AppError> {
    use crate::services::audit::console;
    let ctx = crate::services::Ctx::load()?;
    console::proof_scope(&ctx, tenant.as_deref()).await?;
    console::consistency_proof(&ctx, from, to).await
}
