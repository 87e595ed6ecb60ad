use crate::domain::AppError;
use crate::domain::audit::{ArchiveRunResult, AuditFilter, AuditPage, ColdStatus, VerifyReport};
use crate::domain::views::AuditState;
use leptos::prelude::*;

/// The operator's audit list, newest first, filtered; `after` continues a page.
#[server(endpoint = "audit_list", input = server_fn::codec::Json)]
pub async fn audit_list(filter: AuditFilter, after: Option<String>) -> Result<AuditPage, AppError> {
    let ctx = super::operator().await?;
    crate::services::audit::console::search(&ctx, &filter, after.as_deref(), 50).await
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
