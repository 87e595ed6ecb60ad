use crate::domain::AppError;
use crate::domain::views::SystemStatus;
use leptos::prelude::*;

/// Every system with a live probe (configured ones) or "not connected".
#[server(endpoint = "infrastructure_status")]
pub async fn infrastructure_status() -> Result<Vec<SystemStatus>, AppError> {
    let ctx = super::operator().await?;
    Ok(ctx
        .services
        .infrastructure
        .status(ctx.repo().clock().as_ref())
        .await)
}

/// Sends a test message to the calling operator through the configured relay,
/// in `lang` (`da` or `en`); answers the address it went to.
#[server(endpoint = "send_test_mail")]
pub async fn send_test_mail(lang: String) -> Result<String, AppError> {
    use crate::i18n::Locale;
    let ctx = super::operator().await?;
    let lang = if lang == "en" { Locale::en } else { Locale::da };
    crate::services::mail::send_test(&ctx, lang).await
}
