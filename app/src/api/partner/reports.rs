//! The partner's Reports page and its saved custom reports.
use crate::domain::AppError;
use crate::domain::reports::{GroupBy, Metric};
use crate::domain::views::PartnerReportsView;
use leptos::prelude::*;

#[server(endpoint = "partner_reports")]
pub async fn partner_reports() -> Result<PartnerReportsView, AppError> {
    use crate::services::{Ctx, reports};
    reports::partner_reports(&Ctx::load()?).await
}

#[server(endpoint = "save_report")]
pub async fn save_report(
    name: String,
    metric: Metric,
    group_by: GroupBy,
) -> Result<PartnerReportsView, AppError> {
    use crate::services::{Ctx, reports};
    reports::save_report(&Ctx::load()?, &name, metric, group_by).await
}

#[server(endpoint = "delete_report")]
pub async fn delete_report(id: String) -> Result<PartnerReportsView, AppError> {
    use crate::services::{Ctx, reports};
    reports::delete_report(&Ctx::load()?, &id).await
}
