//! /operator/partners: the list, one partner, the in-place edit.
use crate::domain::AppError;
use crate::domain::partner_edit::PartnerPatch;
use crate::domain::views::{OperatorPartnerRow, PartnerDetailView};
use leptos::prelude::*;

/// Every partner.
#[server(endpoint = "operator_partners")]
pub async fn operator_partners() -> Result<Vec<OperatorPartnerRow>, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_partners::list(&ctx).await
}

/// One partner and its customers.
#[server(endpoint = "operator_partner")]
pub async fn operator_partner(slug: String) -> Result<PartnerDetailView, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_partners::detail(&ctx, &slug).await
}

/// Saves the changed fields of the partner last read at `version`.
#[server(endpoint = "update_partner", input = server_fn::codec::Json)]
pub async fn update_partner(
    slug: String,
    patch: PartnerPatch,
    version: u64,
) -> Result<PartnerDetailView, AppError> {
    let ctx = super::operator().await?;
    crate::services::operator_partners::update(&ctx, &slug, patch, version).await
}
