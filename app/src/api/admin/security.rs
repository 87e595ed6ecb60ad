//! The tenant's security policy and its people's second factors.
use crate::domain::AppError;
use crate::domain::model::SecurityPolicy;
use crate::domain::security::PolicyForm;
use crate::domain::views::{MfaOverview, SecurityView};
use leptos::prelude::*;

#[server(endpoint = "tenant_security")]
pub async fn tenant_security(slug: String) -> Result<SecurityView, AppError> {
    use crate::services::{Ctx, security};
    let ctx = Ctx::load()?;
    security::view(&ctx, &slug).await
}

#[server(endpoint = "save_security_policy")]
pub async fn save_security_policy(
    slug: String,
    policy: PolicyForm,
) -> Result<SecurityPolicy, AppError> {
    use crate::services::{Ctx, security};
    let ctx = Ctx::load()?;
    security::save(&ctx, &slug, policy).await
}

#[server(endpoint = "member_factors")]
pub async fn member_factors(slug: String) -> Result<MfaOverview, AppError> {
    use crate::services::{Ctx, security};
    let ctx = Ctx::load()?;
    security::mfa(&ctx, &slug).await
}
