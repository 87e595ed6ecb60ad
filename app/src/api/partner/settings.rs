//! The partner's own Settings and Branding (`/partner/settings`).
use crate::domain::AppError;
use crate::domain::branding::BrandingForm;
use crate::domain::partner_edit::PartnerFields;
use crate::domain::views::PartnerSettingsView;
use leptos::prelude::*;

#[server(endpoint = "partner_settings")]
pub async fn partner_settings() -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::settings(&Ctx::load()?).await
}

/// Profile and billing details (status and margin stay the operator's).
#[server(endpoint = "save_partner_profile", input = server_fn::codec::Json)]
pub async fn save_partner_profile(
    fields: PartnerFields,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::save_profile(&Ctx::load()?, fields, version).await
}

/// Product name and accent colour.
#[server(endpoint = "save_partner_branding")]
pub async fn save_partner_branding(
    form: BrandingForm,
    customer_branding: bool,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::save_branding(&Ctx::load()?, form, customer_branding, version).await
}

/// The invitation mail's overrides.
#[server(endpoint = "save_partner_mail")]
pub async fn save_partner_mail(
    template: crate::domain::model::MailTemplate,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::save_mail(&Ctx::load()?, template, version).await
}

/// A new logo (PNG, JPEG or WebP up to 256 KB, as a data URL); the bytes
/// decide the type.
#[server(endpoint = "upload_partner_logo", input = server_fn::codec::Json)]
pub async fn upload_partner_logo(
    data: String,
    version: u64,
) -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::upload_logo(&Ctx::load()?, data, version).await
}

/// Back to no logo.
#[server(endpoint = "remove_partner_logo")]
pub async fn remove_partner_logo(version: u64) -> Result<PartnerSettingsView, AppError> {
    use crate::services::{Ctx, partner_settings};
    partner_settings::remove_logo(&Ctx::load()?, version).await
}
