//! The customer's Billing page: plan, subscription, invoices, details.
use crate::domain::AppError;
use crate::domain::billing_details::BillingForm;
use crate::domain::views::TenantBillingView;
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
