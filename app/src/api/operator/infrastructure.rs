use crate::domain::views::{Health, SystemStatus};
use crate::domain::{AppError, System};
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

/// Each system's health alone, from the same probes: the overview's list,
/// which shows nothing else of them (the Infrastructure page reads the rest).
#[server(endpoint = "service_health")]
pub async fn service_health() -> Result<Vec<(System, Health)>, AppError> {
    Ok(infrastructure_status()
        .await?
        .into_iter()
        .map(|s| (s.system, s.health))
        .collect())
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

/// The identity, mail and files servers' audit feeds: what was read, up to
/// when, and a failure while one is failing.
#[server(endpoint = "audit_feeds")]
pub async fn audit_feeds() -> Result<Vec<crate::domain::audit::FeedStatus>, AppError> {
    let ctx = super::operator().await?;
    Ok(ctx.services.ingest.status().await?)
}

/// Reads every audit feed now (the schedule does the same every interval);
/// answers the feeds' figures afterwards. A failing feed is reported on its
/// row, not as an error: the others were still read.
#[server(endpoint = "read_audit_feeds")]
pub async fn read_audit_feeds() -> Result<Vec<crate::domain::audit::FeedStatus>, AppError> {
    let ctx = super::operator().await?;
    ctx.services.ingest.run_all().await;
    Ok(ctx.services.ingest.status().await?)
}
