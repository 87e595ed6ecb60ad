//! The operator team (`/operator/team`).
use crate::domain::AppError;
use crate::domain::views::{InvitedOperator, OperatorRow};
use leptos::prelude::*;

/// Every operator, those who have not signed in yet included.
#[server(endpoint = "operator_team")]
pub async fn operator_team() -> Result<Vec<OperatorRow>, AppError> {
    let ctx = super::operator().await?;
    crate::services::operators::team(&ctx).await
}

/// Invites a colleague: the account at the identity provider in the
/// platform-admin group, and its hand-off (shown once).
#[server(endpoint = "invite_operator")]
pub async fn invite_operator(name: String, email: String) -> Result<InvitedOperator, AppError> {
    let ctx = super::operator().await?;
    crate::services::operators::invite(&ctx, &name, &email).await
}

/// Users whose name or address contains `q`, fifty at a time.
#[server(endpoint = "list_platform_users")]
pub async fn list_platform_users(
    q: String,
    after: Option<String>,
) -> Result<crate::domain::views::PlatformUsers, AppError> {
    let ctx = super::operator().await?;
    crate::services::platform_users::list(&ctx, &q, after).await
}

/// Deactivates (ends every session at once) or reactivates a user.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(
    user_id: String,
    active: bool,
) -> Result<crate::domain::views::UserDeactivation, AppError> {
    let ctx = super::operator().await?;
    crate::services::platform_users::set_active(&ctx, &user_id, active).await
}
