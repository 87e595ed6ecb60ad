//! /operator/tenants: the list, one tenant, suspend / resume.
use crate::domain::AppError;
use crate::domain::model::TenantStatus;
use crate::domain::views::{OperatorTenantDetail, TenantCascade, TenantListPage};
use leptos::prelude::*;

/// Tenants matching `q` (name, slug or primary domain) and `status`, a page
/// at a time (`after`: the previous page's `next`).
#[server(endpoint = "operator_tenants", input = server_fn::codec::Json)]
pub async fn operator_tenants(
    q: String,
    status: Option<TenantStatus>,
    after: Option<String>,
) -> Result<TenantListPage, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_tenants::list(&ctx, &q, status, after).await
}

/// One tenant's detail.
#[server(endpoint = "operator_tenant")]
pub async fn operator_tenant(slug: String) -> Result<OperatorTenantDetail, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_tenants::detail(&ctx, &slug).await
}

/// Suspends (`suspend`) or resumes a tenant, with the cascade.
#[server(endpoint = "set_tenant_suspended")]
pub async fn set_tenant_suspended(slug: String, suspend: bool) -> Result<TenantCascade, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_tenants::set_suspended(&ctx, &slug, suspend).await
}

/// Deletes a tenant (restorable for the retention period); `confirm` is the
/// slug typed again.
#[server(endpoint = "delete_tenant")]
pub async fn delete_tenant(slug: String, confirm: String) -> Result<TenantCascade, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_tenants::delete(&ctx, &slug, &confirm).await
}

/// Restores a deleted tenant before its purge.
#[server(endpoint = "restore_tenant")]
pub async fn restore_tenant(slug: String) -> Result<TenantCascade, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_tenants::restore(&ctx, &slug).await
}
