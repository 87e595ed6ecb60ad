//! The operator's Pricing page: the catalog, an edit's impact, the edit
//! (a new provider price, subscriptions repointed) and the retry.
use crate::domain::AppError;
use crate::domain::repricing::{Impact, Repricing};
use crate::domain::views::PricingView;
use leptos::prelude::*;

#[server(endpoint = "price_catalog")]
pub async fn price_catalog() -> Result<PricingView, AppError> {
    use crate::services::{Ctx, repricing};
    repricing::catalog(&Ctx::load()?).await
}

/// What changing one amount would affect, shown before it is made.
#[server(endpoint = "price_impact")]
pub async fn price_impact(
    plan: String,
    currency: String,
    amount_minor: i64,
) -> Result<Impact, AppError> {
    use crate::services::{Ctx, repricing};
    repricing::edit_impact(&Ctx::load()?, &plan, &currency, amount_minor).await
}

#[server(endpoint = "reprice")]
pub async fn reprice(
    plan: String,
    currency: String,
    amount_minor: i64,
    row_version: u64,
) -> Result<Repricing, AppError> {
    use crate::services::{Ctx, repricing};
    repricing::reprice(&Ctx::load()?, &plan, &currency, amount_minor, row_version).await
}

/// Repoints the subscriptions a re-pricing has not repointed yet.
#[server(endpoint = "retry_repricing")]
pub async fn retry_repricing(id: String, version: u64) -> Result<Repricing, AppError> {
    use crate::services::{Ctx, repricing};
    repricing::retry(&Ctx::load()?, &id, version).await
}
