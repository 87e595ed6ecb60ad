use crate::domain::AppError;
use crate::domain::views::SystemStatus;
use leptos::prelude::*;

/// Every system with a live probe (configured ones) or "not connected".
#[server(endpoint = "infrastructure_status")]
pub async fn infrastructure_status() -> Result<Vec<SystemStatus>, AppError> {
    let ctx = super::operator().await?;
    Ok(ctx
        .services
        .infrastructure
        .status(ctx.repo().clock().as_ref())
        .await)
}
