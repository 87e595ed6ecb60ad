//! The customer's Billing page: plan, subscription, invoices, details.
use crate::domain::AppError;
use crate::domain::billing_details::BillingForm;
use crate::domain::views::{CardSetupView, TenantBillingView};
use leptos::prelude::*;

#[server(endpoint = "tenant_billing")]
pub async fn tenant_billing(slug: String) -> Result<TenantBillingView, AppError> {
    use crate::services::{Ctx, tenant_billing};
    tenant_billing::overview(&Ctx::load()?, &slug).await
}

#[server(endpoint = "save_tenant_billing")]
pub async fn save_tenant_billing(
    slug: String,
    form: BillingForm,
    version: u64,
) -> Result<TenantBillingView, AppError> {
    use crate::services::{Ctx, tenant_billing};
    tenant_billing::save_details(&Ctx::load()?, &slug, form, version).await
}

/// Starts collecting a card (the card page's Stripe.js form).
#[server(endpoint = "start_card_setup")]
pub async fn start_card_setup(slug: String) -> Result<CardSetupView, AppError> {
    use crate::services::{Ctx, billing};
    billing::start_card_setup(&Ctx::load()?, &slug).await
}

/// The card confirmed in the browser becomes the default (read back from
/// the provider); the first card starts the subscription.
#[server(endpoint = "save_card")]
pub async fn save_card(
    slug: String,
    setup_intent_id: String,
) -> Result<TenantBillingView, AppError> {
    use crate::services::{Ctx, billing};
    billing::save_card(&Ctx::load()?, &slug, &setup_intent_id).await
}

/// Starts the subscription when a card is saved and none bills.
#[server(endpoint = "start_subscription")]
pub async fn start_subscription(slug: String) -> Result<TenantBillingView, AppError> {
    use crate::services::{Ctx, billing};
    billing::start_subscription(&Ctx::load()?, &slug).await
}
