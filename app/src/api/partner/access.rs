//! The partner's side of customer-approved access.
use crate::domain::AppError;
use crate::domain::access::{AccessGrant, AccessRequestForm};
use crate::domain::views::InsideView;
use leptos::prelude::*;

/// Asks a customer for access (reason, scope, duration).
#[server(endpoint = "request_partner_access")]
pub async fn request_partner_access(
    slug: String,
    form: AccessRequestForm,
) -> Result<AccessGrant, AppError> {
    use crate::services::{Ctx, partner_access};
    let ctx = Ctx::load()?;
    partner_access::request(&ctx, &slug, form).await
}

/// The banner: the customer a partner is inside, if any.
#[server(endpoint = "partner_inside")]
pub async fn partner_inside(slug: String) -> Result<Option<InsideView>, AppError> {
    use crate::services::{Ctx, partner_access};
    let ctx = Ctx::load()?;
    partner_access::inside(&ctx, &slug).await
}
