//! The partner's team (`/partner/team`).
use crate::domain::AppError;
use crate::domain::model::PartnerAccess;
use crate::domain::views::{InvitedColleague, PartnerTeamView};
use leptos::prelude::*;

/// The team with access levels and second factors.
#[server(endpoint = "partner_team")]
pub async fn partner_team() -> Result<PartnerTeamView, AppError> {
    use crate::services::{Ctx, partner_team};
    partner_team::team(&Ctx::load()?).await
}

/// Invites a colleague (account at the identity provider, invitation mail).
/// `lang` (`da` or `en`) is the invitation's language.
#[server(endpoint = "invite_colleague")]
pub async fn invite_colleague(
    name: String,
    email: String,
    access: PartnerAccess,
    lang: String,
) -> Result<InvitedColleague, AppError> {
    use crate::i18n::Locale;
    use crate::services::{Ctx, partner_team};
    let lang = if lang == "en" { Locale::en } else { Locale::da };
    partner_team::invite(&Ctx::load()?, &name, &email, access, lang).await
}

/// Gives a colleague another access level.
#[server(endpoint = "set_colleague_access")]
pub async fn set_colleague_access(email: String, access: PartnerAccess) -> Result<(), AppError> {
    use crate::services::{Ctx, partner_team};
    partner_team::set_access(&Ctx::load()?, &email, access).await
}

/// Removes a colleague; Some(error): removed in dezky, the named system not
/// updated.
#[server(endpoint = "remove_colleague")]
pub async fn remove_colleague(email: String) -> Result<Option<AppError>, AppError> {
    use crate::services::{Ctx, partner_team};
    partner_team::remove(&Ctx::load()?, &email).await
}
