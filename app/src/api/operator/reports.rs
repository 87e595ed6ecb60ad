//! The operator's revenue summary and Reports page.
use crate::domain::AppError;
use crate::domain::views::{OperatorReportsView, RevenueSummaryView};
use leptos::prelude::*;

#[server(endpoint = "operator_reports")]
pub async fn operator_reports() -> Result<OperatorReportsView, AppError> {
    use crate::services::{Ctx, reports};
    reports::operator_reports(&Ctx::load()?).await
}

/// MRR as of the latest snapshot and the account's latest invoices.
#[server(endpoint = "revenue_summary")]
pub async fn revenue_summary() -> Result<RevenueSummaryView, AppError> {
    use crate::services::{Ctx, reports};
    reports::revenue_summary(&Ctx::load()?).await
}
