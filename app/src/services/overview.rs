//! The operator console's figures across the platform.
use super::context::{Ctx, Target};
use crate::domain::AppError;
use crate::domain::model::TenantStatus;
use crate::domain::views::OverviewCounts;

/// What a denied attempt on the operator console was aimed at.
pub fn platform_target() -> Target {
    Target {
        resource_type: "platform",
        resource_id: "operator-console".into(),
        resource_name: "operator console".into(),
        ..Target::default()
    }
}

/// Audit events on the overview.
const RECENT: usize = 8;

/// Counts of tenants, partners and users; seats of active tenants; the
/// newest audit events.
pub async fn counts(ctx: &Ctx) -> Result<OverviewCounts, AppError> {
    let repo = ctx.repo();
    let mut seats = 0u64;
    let mut after = None;
    loop {
        let page = repo.tenants(after.as_deref(), 500).await?;
        seats += page
            .items
            .iter()
            .filter(|t| t.status == TenantStatus::Active)
            .map(|t| u64::from(t.seats))
            .sum::<u64>();
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(OverviewCounts {
        tenants: repo.count_tenants().await?,
        partners: repo.count_partners().await?,
        users: repo.count_users().await?,
        seats,
        audit_failures: ctx.services.auditor.failures(),
        store: repo.store().engine().to_owned(),
        recent: repo
            .audit_search(&Default::default(), None, RECENT)
            .await?
            .items
            .into_iter()
            .map(Into::into)
            .collect(),
        mrr: super::revenue::mrr_series(repo, None, super::revenue::CHART_DAYS).await?,
    })
}
