use crate::domain::AppError;
use crate::domain::views::PartnerInfo;
use leptos::prelude::*;

/// The caller's partner and its customers.
#[server(endpoint = "partner_home")]
pub async fn partner_home() -> Result<PartnerInfo, AppError> {
    use crate::services::{Ctx, partners};
    let ctx = Ctx::load()?;
    let (partner_id, access) = partners::authorized_own(&ctx).await?;
    partners::home(&ctx, &partner_id, access).await
}
