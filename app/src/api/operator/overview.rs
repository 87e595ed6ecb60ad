use crate::domain::AppError;
use crate::domain::views::OverviewCounts;
use leptos::prelude::*;

#[server(endpoint = "operator_overview")]
pub async fn operator_overview() -> Result<OverviewCounts, AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, overview};
    let ctx = Ctx::load()?;
    ctx.authorize(
        Action::Operate,
        Resource::Platform,
        overview::platform_target,
    )
    .await?;
    overview::counts(&ctx).await
}
