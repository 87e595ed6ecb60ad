//! The New customer wizard.
use crate::domain::AppError;
use crate::domain::customers::{NewCustomer, SlugCheck};
use crate::domain::views::CreatedCustomer;
use leptos::prelude::*;

/// Whether a slug is free (the wizard asks as the partner types).
#[server(endpoint = "customer_slug_check")]
pub async fn customer_slug_check(slug: String) -> Result<SlugCheck, AppError> {
    use crate::services::{Ctx, customers};
    let ctx = Ctx::load()?;
    customers::slug_check(&ctx, &slug).await
}

/// Creates the customer: tenant, first admin invited by mail, optional mail
/// domain. `lang` (`da` or `en`) is the invitation's language.
#[server(endpoint = "create_customer")]
pub async fn create_customer(form: NewCustomer, lang: String) -> Result<CreatedCustomer, AppError> {
    use crate::i18n::Locale;
    use crate::services::{Ctx, customers};
    let ctx = Ctx::load()?;
    let lang = if lang == "en" { Locale::en } else { Locale::da };
    customers::create(&ctx, form, lang).await
}

/// Suspends (`suspend`) or resumes one of the partner's own customers.
#[server(endpoint = "partner_set_customer_suspended")]
pub async fn partner_set_customer_suspended(
    slug: String,
    suspend: bool,
) -> Result<crate::domain::views::TenantCascade, AppError> {
    use crate::services::{Ctx, customers};
    let ctx = Ctx::load()?;
    customers::set_suspended(&ctx, &slug, suspend).await
}

/// Changes one of the partner's customers: name, plan, seats.
#[server(endpoint = "update_customer")]
pub async fn update_customer(
    slug: String,
    edit: crate::domain::customers::CustomerEdit,
) -> Result<crate::domain::views::TenantInfo, AppError> {
    use crate::services::{Ctx, customers};
    let ctx = Ctx::load()?;
    customers::update(&ctx, &slug, &edit).await
}
