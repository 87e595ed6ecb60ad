//! A partner's own Settings (profile and billing details) and Branding
//! (product name, accent colour), changed by its owners and admins. Status,
//! margin and contract options stay the operator's. Saved through THE
//! partner save (`operator_partners::save_changed`): THE partner rule,
//! conflicts refused, audited with the diff.
use super::context::{Ctx, fail};
use super::operator_partners::save_changed;
use super::partners;
use crate::domain::AppError;
use crate::domain::branding::BrandingForm;
use crate::domain::model::{Partner, PartnerAccess};
use crate::domain::partner_edit::{PartnerFields, PartnerPatch, diff};
use crate::domain::views::PartnerSettingsView;

async fn own(ctx: &Ctx) -> Result<(Partner, PartnerAccess), AppError> {
    let (partner_id, access) = partners::authorized_own(ctx).await?;
    let partner = ctx
        .repo()
        .partner(&partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((partner, access))
}

fn view(p: Partner, access: PartnerAccess) -> PartnerSettingsView {
    PartnerSettingsView {
        fields: PartnerFields::of(&p),
        branding: BrandingForm::of(&p.branding),
        logo: p.branding.logo.as_deref().map(crate::domain::logo::url),
        customer_branding: p.customer_branding,
        mail: p.mail.clone(),
        version: p.version,
        can_edit: access != PartnerAccess::Member,
    }
}

/// The caller's partner for a change: owners and admins only, and only
/// from the version they read (a save in between is a conflict).
async fn editable(ctx: &Ctx, version: u64) -> Result<Partner, AppError> {
    let (partner, access) = own(ctx).await?;
    if access == PartnerAccess::Member {
        return Err(fail(AppError::invalid("partner", "partner_admin_only")));
    }
    if partner.version != version {
        return Err(fail(AppError::Conflict));
    }
    Ok(partner)
}

pub async fn settings(ctx: &Ctx) -> Result<PartnerSettingsView, AppError> {
    let (p, access) = own(ctx).await?;
    Ok(view(p, access))
}

/// Profile and billing details: what differs from the stored partner, and
/// nothing of the operator's (status, margin, contract options).
pub async fn save_profile(
    ctx: &Ctx,
    fields: PartnerFields,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    let before = editable(ctx, version).await?;
    let patch = PartnerPatch {
        status: None,
        margin_pct: None,
        progressive: None,
        standing_access: None,
        ..fields.patch_from(&PartnerFields::of(&before))
    };
    let after = patch.apply(&before);
    let changes = diff(&before, &after);
    save_changed(ctx, after, changes).await?;
    settings(ctx).await
}

/// The white-label branding.
pub async fn save_branding(
    ctx: &Ctx,
    form: BrandingForm,
    customer_branding: bool,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    let before = editable(ctx, version).await?;
    let branding = form
        .checked(&before.branding)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let (b, a) = (
        branding_fields(&before.branding, before.customer_branding),
        branding_fields(&branding, customer_branding),
    );
    let changes = crate::domain::audit::diff(
        &b,
        &a,
        &["product_name", "accent_colour", "customer_branding"],
    );
    let mut after = before.clone();
    after.branding = branding;
    after.customer_branding = customer_branding;
    save_changed(ctx, after, changes).await?;
    settings(ctx).await
}

/// The branding fields as the audit diff names them.
fn branding_fields(b: &crate::domain::model::Branding, customers: bool) -> serde_json::Value {
    let mut v = serde_json::to_value(BrandingForm::of(b)).unwrap_or_default();
    v["customer_branding"] = serde_json::Value::Bool(customers);
    v
}

/// The bytes of an upload: a data URL (`data:image/png;base64,...`) or bare
/// base64. Whatever type the browser claimed is ignored; the bytes decide.
fn decode_upload(data: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    let b64 = match data.split_once(',') {
        Some((head, rest)) if head.starts_with("data:") => rest,
        _ => data,
    };
    // Refused before decoding what could only be too large.
    if b64.len() > crate::domain::logo::MAX_BYTES / 3 * 4 + 8 {
        return Err(AppError::invalid("logo", "too_large"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| AppError::invalid("logo", "unsupported_image"))
}

/// A new logo: checked (`domain::logo::check`), stored, and the partner's
/// branding pointed at it; the one it replaces is deleted.
pub async fn upload_logo(
    ctx: &Ctx,
    data: String,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    use sha2::{Digest, Sha256};
    let before = editable(ctx, version).await?;
    let bytes = decode_upload(&data).map_err(fail)?;
    let kind = crate::domain::logo::check(&bytes)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let id = format!("{}-{}", before.slug, &hash[..16]);
    ctx.repo()
        .put_logo(&crate::repo::StoredLogo {
            id: id.clone(),
            owner: format!("partner:{}", before.id),
            content_type: kind.content_type().to_owned(),
            data: {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            },
            size: bytes.len() as u64,
            created_at: ctx.repo().now(),
            version: 1,
        })
        .await
        .map_err(|e| fail(e.into()))?;
    replace_logo(ctx, before, Some(id)).await
}

/// Back to no logo (the initial on the accent).
pub async fn remove_logo(ctx: &Ctx, version: u64) -> Result<PartnerSettingsView, AppError> {
    let before = editable(ctx, version).await?;
    replace_logo(ctx, before, None).await
}

async fn replace_logo(
    ctx: &Ctx,
    before: Partner,
    logo: Option<String>,
) -> Result<PartnerSettingsView, AppError> {
    let old = before.branding.logo.clone();
    let changes = crate::domain::audit::diff(
        &serde_json::json!({ "logo": old }),
        &serde_json::json!({ "logo": logo }),
        &["logo"],
    );
    let mut after = before;
    after.branding.logo = logo.clone();
    save_changed(ctx, after, changes).await?;
    if let Some(old) = old.filter(|o| Some(o) != logo.as_ref()) {
        // Nothing points at it any more; a failure leaves an orphan only.
        if let Err(e) = ctx.repo().delete_logo(&old).await {
            tracing::warn!(logo = %old, error = %e, "old logo not deleted");
        }
    }
    settings(ctx).await
}

/// The invitation mail's overrides (message, signature).
pub async fn save_mail(
    ctx: &Ctx,
    template: crate::domain::model::MailTemplate,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    let before = editable(ctx, version).await?;
    let mail = crate::mail_text::checked(&template)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let fields = |m: &crate::domain::model::MailTemplate| serde_json::json!({ "mail_message": m.message, "mail_signature": m.signature });
    let changes = crate::domain::audit::diff(
        &fields(&before.mail),
        &fields(&mail),
        &["mail_message", "mail_signature"],
    );
    let mut after = before.clone();
    after.mail = mail;
    save_changed(ctx, after, changes).await?;
    settings(ctx).await
}
