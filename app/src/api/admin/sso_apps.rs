//! The tenant's own single-sign-on applications (the SSO apps page).
use crate::domain::AppError;
use crate::domain::sso::SsoAppForm;
use crate::domain::sso::{CreatedSsoApp, SsoApp};
use leptos::prelude::*;

/// The tenant's applications at the identity provider.
#[server(endpoint = "sso_apps")]
pub async fn sso_apps(slug: String) -> Result<Vec<SsoApp>, AppError> {
    use crate::services::{Ctx, sso_apps};
    let ctx = Ctx::load()?;
    sso_apps::list(&ctx, &slug).await
}

/// Makes an application; the client secret is in this answer only.
#[server(endpoint = "create_sso_app")]
pub async fn create_sso_app(slug: String, app: SsoAppForm) -> Result<CreatedSsoApp, AppError> {
    use crate::services::{Ctx, sso_apps};
    let ctx = Ctx::load()?;
    sso_apps::create(&ctx, &slug, app).await
}

/// Removes one of the tenant's applications.
#[server(endpoint = "delete_sso_app")]
pub async fn delete_sso_app(slug: String, app_slug: String) -> Result<(), AppError> {
    use crate::services::{Ctx, sso_apps};
    let ctx = Ctx::load()?;
    sso_apps::delete(&ctx, &slug, &app_slug).await
}
