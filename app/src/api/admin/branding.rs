//! The customer's own branding, where its partner allows it.
use crate::domain::AppError;
use crate::domain::branding::BrandingForm;
use crate::domain::views::TenantBrandingView;
use leptos::prelude::*;

#[server(endpoint = "tenant_branding")]
pub async fn tenant_branding(slug: String) -> Result<TenantBrandingView, AppError> {
    use crate::services::{Ctx, branding};
    branding::of_tenant(&Ctx::load()?, &slug).await
}

#[server(endpoint = "save_tenant_branding")]
pub async fn save_tenant_branding(
    slug: String,
    form: BrandingForm,
) -> Result<TenantBrandingView, AppError> {
    use crate::services::{Ctx, branding};
    branding::save(&Ctx::load()?, &slug, form).await
}
