//! A customer's own branding (`/admin/branding`), where its partner lets
//! customers brand themselves; what its people see is THE effective branding
//! (`domain::branding::effective`).
use super::context::{Ctx, fail};
use super::tenants;
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::authz::Action;
use crate::domain::branding::{BrandingForm, effective};
use crate::domain::model::{Partner, Tenant};
use crate::domain::views::TenantBrandingView;

fn view(t: &Tenant, p: Option<&Partner>) -> TenantBrandingView {
    let allowed = p.is_some_and(|p| p.customer_branding);
    let partner_branding = p.map(|p| p.branding.clone()).unwrap_or_default();
    let shown = effective(&t.branding, &partner_branding, allowed);
    TenantBrandingView {
        logo: shown.logo.as_deref().map(crate::domain::logo::url),
        partner_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        allowed,
        own: BrandingForm::of(&t.branding),
        effective: BrandingForm::of(&shown),
    }
}

pub async fn of_tenant(ctx: &Ctx, slug: &str) -> Result<TenantBrandingView, AppError> {
    let (t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let p = ctx.repo().partner(&t.partner_id).await?;
    Ok(view(&t, p.as_ref()))
}

/// Saves the customer's own product name and colour; refused (by name)
/// where the partner manages its customers' branding.
pub async fn save(
    ctx: &Ctx,
    slug: &str,
    form: BrandingForm,
) -> Result<TenantBrandingView, AppError> {
    let (mut t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let p = ctx.repo().partner(&t.partner_id).await?;
    if !p.as_ref().is_some_and(|p| p.customer_branding) {
        return Err(fail(AppError::invalid("branding", "partner_manages")));
    }
    let branding = form
        .checked(&t.branding)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let (before, after) = (
        serde_json::to_value(BrandingForm::of(&t.branding)).unwrap_or_default(),
        serde_json::to_value(BrandingForm::of(&branding)).unwrap_or_default(),
    );
    let diff = crate::domain::audit::diff(&before, &after, &["product_name", "accent_colour"]);
    if diff.as_object().is_some_and(|d| !d.is_empty()) {
        t.branding = branding;
        ctx.repo()
            .save_tenant(&mut t)
            .await
            .map_err(|e| fail(e.into()))?;
        ctx.record(
            "tenant.branding_updated",
            Outcome::Success,
            &tenants::target(&t),
            serde_json::json!({ "diff": diff }),
        )
        .await;
    }
    Ok(view(&t, p.as_ref()))
}
