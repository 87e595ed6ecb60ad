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
