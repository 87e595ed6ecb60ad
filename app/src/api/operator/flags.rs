use crate::domain::AppError;
use crate::domain::flags::{Flag, FlagChange};
use crate::domain::views::FlagInput;
use leptos::prelude::*;

#[server(endpoint = "list_flags")]
pub async fn list_flags() -> Result<Vec<Flag>, AppError> {
    let ctx = super::operator().await?;
    crate::services::flags::list(&ctx).await
}

#[server(endpoint = "flag_history")]
pub async fn flag_history(key: String) -> Result<Vec<FlagChange>, AppError> {
    let ctx = super::operator().await?;
    crate::services::flags::history(&ctx, &key).await
}

/// Creates or changes a flag; turning it off with the note "kill-switch" is
/// recorded as `flag.killed`.
#[server(endpoint = "save_flag", input = server_fn::codec::Json)]
pub async fn save_flag(input: FlagInput) -> Result<Flag, AppError> {
    let ctx = super::operator().await?;
    crate::services::flags::save(&ctx, input).await
}

#[server(endpoint = "remove_flag")]
pub async fn remove_flag(key: String) -> Result<(), AppError> {
    let ctx = super::operator().await?;
    crate::services::flags::remove(&ctx, &key).await
}
