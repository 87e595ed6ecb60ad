//! A tenant's own single-sign-on applications at the identity provider: an
//! OIDC provider and the application that exposes it, usable only by the
//! tenant's group. The client secret is returned once, when the app is
//! made, and kept nowhere; the adapter removes what it made when a later
//! part of the creation fails.
use super::context::{Ctx, Target};
use super::provisioning::group_of;
use super::tenants;
use crate::domain::audit::Outcome;
use crate::domain::authz::Action;
use crate::domain::model::Tenant;
use crate::domain::sso::{SsoAppForm, app_slug};
use crate::domain::{AppError, System, Unavailable};
use crate::ports::api_error::ApiError;
use crate::ports::identity_admin::{CreatedSsoApp, IdentityAdmin, NewSsoApp, SsoApp};
use serde_json::json;
use std::sync::Arc;

fn provider(ctx: &Ctx) -> Result<&Arc<dyn IdentityAdmin>, AppError> {
    ctx.services
        .identity_admin
        .as_ref()
        .ok_or(AppError::Unavailable {
            system: System::Identity,
            reason: Unavailable::NotConnected,
        })
}

/// The identity provider failed: logged with its words, named to the admin.
fn failed(e: ApiError) -> AppError {
    tracing::warn!(error = %e, "SSO apps at the identity provider failed");
    AppError::Unavailable {
        system: System::Identity,
        reason: Unavailable::Failed,
    }
}

fn target(tenant: &Tenant, slug: &str, name: &str) -> Target {
    Target {
        resource_type: "sso_app",
        resource_id: slug.to_owned(),
        resource_name: name.to_owned(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    }
}

/// The tenant's applications.
pub async fn list(ctx: &Ctx, slug: &str) -> Result<Vec<SsoApp>, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let idp = provider(ctx)?;
    let mut apps = idp.sso_apps(&group_of(&tenant)).await.map_err(failed)?;
    apps.sort_by_key(|a| a.name.to_lowercase());
    Ok(apps)
}

/// Makes an application for the tenant's people; the secret is in the
/// answer and nowhere else.
pub async fn create(ctx: &Ctx, slug: &str, form: SsoAppForm) -> Result<CreatedSsoApp, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let app = form.checked().map_err(|e| AppError::Invalid {
        field: e.field.into(),
        reason: e.reason.into(),
    })?;
    let idp = provider(ctx)?;
    let group = group_of(&tenant);
    let app_slug = app_slug(&tenant.slug, &app.name);
    let existing = idp.sso_apps(&group).await.map_err(failed)?;
    if existing.iter().any(|a| a.slug == app_slug) {
        return Err(AppError::Taken {
            field: "name".into(),
        });
    }
    // The tenant's group exists before anything is bound to it.
    idp.ensure_group(&group).await.map_err(failed)?;
    let new = NewSsoApp {
        slug: app_slug.clone(),
        name: app.name.clone(),
        redirect_uris: app.redirect_uris.clone(),
        launch_url: app.launch_url.clone(),
        group,
    };
    let target = target(&tenant, &app_slug, &app.name);
    match idp.create_sso_app(&new).await {
        Ok(created) => {
            ctx.record(
                "sso_app.created",
                Outcome::Success,
                &target,
                json!({
                    "client_id": created.app.client_id,
                    "redirect_uris": created.app.redirect_uris,
                    "launch_url": created.app.launch_url,
                }),
            )
            .await;
            Ok(created)
        }
        Err(e) => {
            ctx.record(
                "sso_app.created",
                Outcome::Failure,
                &target,
                json!({ "error": e.to_string() }),
            )
            .await;
            Err(failed(e))
        }
    }
}

/// Removes one of the tenant's applications (never another tenant's: it
/// must be bound to this tenant's group).
pub async fn delete(ctx: &Ctx, slug: &str, app_slug: &str) -> Result<(), AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let idp = provider(ctx)?;
    let apps = idp.sso_apps(&group_of(&tenant)).await.map_err(failed)?;
    let app = apps
        .into_iter()
        .find(|a| a.slug == app_slug)
        .ok_or(AppError::NotFound)?;
    idp.delete_sso_app(&app.slug).await.map_err(failed)?;
    ctx.record(
        "sso_app.deleted",
        Outcome::Success,
        &target(&tenant, &app.slug, &app.name),
        json!({ "client_id": app.client_id }),
    )
    .await;
    Ok(())
}
