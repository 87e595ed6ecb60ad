//! The daily MRR snapshot and the figures read from it (`domain::revenue`).
//! The job is idempotent per day (a day's rows and its totals are inserted
//! once each; a rerun after a crash completes the day) and fills a missed
//! day on its next run, marked late.
use crate::domain::model::Tenant;
use crate::domain::revenue::PriceRow;
use crate::domain::revenue::{
    DEFAULT_CURRENCY, DayTotals, MrrDay, MrrSeries, TenantMrr, billed, day_label, day_of,
    days_to_take, seat_price, series, tenant_mrr,
};
use crate::ports::store::StoreResult;
use crate::repo::Repo;

/// How many days the dashboards' charts show.
pub const CHART_DAYS: usize = 30;

/// What one run took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TakeReport {
    /// The days taken (`YYYY-MM-DD`), oldest first; empty when today was
    /// taken already.
    pub days: Vec<String>,
    /// Tenant rows written (a rerun writes only what was missing).
    pub rows: u64,
    /// Billed tenants whose plan has no catalog amount: not counted, named.
    pub unpriced: Vec<String>,
}

/// Takes every day not yet taken up to today.
pub async fn take(repo: &Repo) -> StoreResult<TakeReport> {
    let now = repo.now();
    let today = day_of(now);
    let last = repo.mrr_days(1).await?.first().map(|d| d.day_number);
    let days = days_to_take(last, today);
    let mut report = TakeReport::default();
    if days.is_empty() {
        return Ok(report);
    }
    let catalog = repo.price_rows().await?;
    let tenants = billed_tenants(repo).await?;
    for day in days {
        let label = day_label(day);
        for t in &tenants {
            let Some(row) = row_of(&label, t, &catalog) else {
                if !report.unpriced.contains(&t.slug) {
                    report.unpriced.push(t.slug.clone());
                }
                continue;
            };
            if repo.put_tenant_mrr(&row).await? {
                report.rows += 1;
            }
        }
        // The totals of what is stored for the day, so a completed rerun
        // adds up the same rows.
        let mut totals = DayTotals::default();
        for row in repo.tenant_mrr_of_day(&label).await? {
            totals.add(&row);
        }
        repo.put_mrr_day(&MrrDay {
            id: label.clone(),
            day_number: day,
            totals,
            taken_at: now,
            late: day < today,
            version: 1,
        })
        .await?;
        report.days.push(label);
    }
    if !report.unpriced.is_empty() {
        tracing::warn!(tenants = ?report.unpriced, "tenants on a plan without a catalog amount");
    }
    Ok(report)
}

/// Every billed tenant (active ones).
pub async fn billed_tenants(repo: &Repo) -> StoreResult<Vec<Tenant>> {
    let mut tenants = repo.all_tenants(None).await?;
    tenants.retain(|t| billed(t.status));
    Ok(tenants)
}

/// One tenant's row of a day at THE seat price (None: not priced).
fn row_of(label: &str, t: &Tenant, catalog: &[PriceRow]) -> Option<TenantMrr> {
    let price = seat_price(t, catalog)?;
    Some(TenantMrr {
        id: format!("{label}:{}", t.id),
        day: label.to_owned(),
        tenant_id: t.id.clone(),
        partner_id: t.partner_id.clone(),
        plan: t.plan.clone(),
        currency: t.billing_account.currency().to_owned(),
        seats: t.seats,
        seat_price_minor: price,
        mrr_minor: tenant_mrr(t.seats, price),
        version: 1,
    })
}

/// Refreshes today's figures after the prices changed (re-pricing): the
/// day's rows of the tenants given are written again at their seat price
/// now (a tenant without a row today is taken tomorrow), and the day's
/// totals added up again. Nothing happens before today is taken
/// (the next run takes it at the new prices).
pub async fn retake_today(repo: &Repo, tenants: &[Tenant]) -> StoreResult<()> {
    let today = day_label(day_of(repo.now()));
    let Some(mut day) = repo.mrr_day(&today).await? else {
        return Ok(());
    };
    let catalog = repo.price_rows().await?;
    // Only the rows the day has: a tenant added since is taken tomorrow.
    let mut rows = repo.tenant_mrr_of_day(&today).await?;
    for row in rows.iter_mut() {
        let Some(t) = tenants
            .iter()
            .find(|t| t.id == row.tenant_id && billed(t.status))
        else {
            continue;
        };
        if let Some(fresh) = row_of(&today, t, &catalog) {
            repo.replace_tenant_mrr(&fresh).await?;
            *row = fresh;
        }
    }
    let mut totals = DayTotals::default();
    for row in &rows {
        totals.add(row);
    }
    day.totals = totals;
    day.version += 1;
    repo.save_mrr_day(&day).await
}

/// The last `days` days taken (the platform's, or one partner's), in the
/// default currency; None before the first day was taken.
pub async fn mrr_series(
    repo: &Repo,
    partner_id: Option<&str>,
    days: usize,
) -> StoreResult<Option<MrrSeries>> {
    let taken = repo.mrr_days(days).await?;
    if taken.is_empty() {
        return Ok(None);
    }
    Ok(Some(series(&taken, DEFAULT_CURRENCY, partner_id)))
}
