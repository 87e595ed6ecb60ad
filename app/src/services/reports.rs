//! The Billing summaries and Reports of the operator and of a partner
//! (`domain::reports`), read from the latest MRR snapshot day and the
//! tenants as they are; a partner's saved custom reports. Invoices come live
//! from the payment provider; a provider that does not answer is named, and
//! the rest of the page still shows.
use super::context::{Ctx, Target, fail};
use super::partners::{authorized_own, customer_row};
use super::tenant_billing::invoice_row;
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::authz::{Action, Resource};
use crate::domain::health::HealthLevel;
use crate::domain::model::{PartnerAccess, Tenant, TenantStatus};
use crate::domain::reports::{
    CustomerFacts, GroupBy, MAX_SAVED, Metric, SavedReport, by_plan, check_name, cohorts, growth,
    last_months, month_label, run, top,
};
use crate::domain::revenue::{DEFAULT_CURRENCY, MrrDay, TenantMrr, series};
use crate::domain::views::{
    OperatorReportsView, PartnerInvoicesView, PartnerReportsView, RevenueSummaryView,
    SavedReportRun, TenantInvoiceRow, TopTenantRow,
};
use crate::ports::billing::Invoice;
use crate::repo::Repo;
use std::collections::HashMap;

/// Days of snapshots the reports read (the MRR chart and growth).
pub const REPORT_DAYS: usize = 90;
/// Months of signup and churn cohorts.
pub const COHORT_MONTHS: usize = 12;
/// Rows of the top tenants.
pub const TOP: usize = 10;
/// Invoices listed.
const INVOICES: u8 = 50;
/// A partner's customers whose invoices are read (each is one call).
const INVOICE_CUSTOMERS: usize = 50;

fn platform() -> Target {
    Target {
        resource_type: "platform",
        resource_id: "reports".into(),
        ..Target::default()
    }
}

async fn operator(ctx: &Ctx) -> Result<(), AppError> {
    ctx.authorize(Action::Operate, Resource::Platform, platform)
        .await
        .map(|_| ())
}

/// The newest snapshot day and its rows (None before the first).
async fn latest(repo: &Repo) -> Result<Option<(MrrDay, Vec<TenantMrr>)>, AppError> {
    let Some(day) = repo.mrr_days(1).await?.into_iter().next() else {
        return Ok(None);
    };
    let rows = repo.tenant_mrr_of_day(&day.id).await?;
    Ok(Some((day, rows)))
}

/// The top rows with their tenant's and partner's names.
async fn named_top(repo: &Repo, rows: &[TenantMrr]) -> Result<Vec<TopTenantRow>, AppError> {
    let mut out = Vec::new();
    let mut partners: HashMap<String, String> = HashMap::new();
    for r in top(rows, TOP) {
        let Some(t) = repo.tenant(&r.tenant_id).await? else {
            continue;
        };
        if !partners.contains_key(&r.partner_id) {
            let name = repo
                .partner(&r.partner_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            partners.insert(r.partner_id.clone(), name);
        }
        out.push(TopTenantRow {
            slug: t.slug,
            name: t.name,
            partner_name: partners.get(&r.partner_id).cloned().unwrap_or_default(),
            plan: r.plan,
            seats: r.seats,
            mrr_minor: r.mrr_minor,
            currency: r.currency,
        });
    }
    Ok(out)
}

pub async fn operator_reports(ctx: &Ctx) -> Result<OperatorReportsView, AppError> {
    operator(ctx).await?;
    let repo = ctx.repo();
    let days = repo.mrr_days(REPORT_DAYS).await?;
    let latest = latest(repo).await?;
    let tenants = repo.all_tenants(None).await?;
    let months = last_months(repo.now(), COHORT_MONTHS);
    Ok(OperatorReportsView {
        as_of: latest.as_ref().map(|(d, _)| d.id.clone()),
        series: (!days.is_empty()).then(|| series(&days, DEFAULT_CURRENCY, None)),
        by_plan: latest.as_ref().map(|(_, r)| by_plan(r)).unwrap_or_default(),
        top: match &latest {
            Some((_, rows)) => named_top(repo, rows).await?,
            None => Vec::new(),
        },
        growth: growth(&days, DEFAULT_CURRENCY, None),
        cohorts: cohorts(&tenants, &months),
    })
}

/// Invoices with the tenant each bills (looked up once per customer).
async fn with_tenants(repo: &Repo, list: Vec<Invoice>) -> Result<Vec<TenantInvoiceRow>, AppError> {
    let mut names: HashMap<String, Option<(String, String)>> = HashMap::new();
    let mut out = Vec::new();
    for i in list {
        let who = match i.customer_id.clone() {
            None => None,
            Some(c) => {
                if !names.contains_key(&c) {
                    let t = repo.tenant_by_customer(&c).await?;
                    names.insert(c.clone(), t.map(|t| (t.slug, t.name)));
                }
                names.get(&c).cloned().flatten()
            }
        };
        out.push(TenantInvoiceRow {
            tenant_slug: who.as_ref().map(|w| w.0.clone()),
            tenant_name: who.map(|w| w.1),
            invoice: invoice_row(i),
        });
    }
    Ok(out)
}

pub async fn revenue_summary(ctx: &Ctx) -> Result<RevenueSummaryView, AppError> {
    operator(ctx).await?;
    let repo = ctx.repo();
    let latest = repo.mrr_days(1).await?.into_iter().next();
    let billing = ctx.services.billing.as_ref();
    let (mut invoices, mut invoices_failed) = (Vec::new(), false);
    if let Some(b) = billing {
        match b.recent_invoices(INVOICES).await {
            Ok(list) => invoices = with_tenants(repo, list).await?,
            Err(e) => {
                tracing::warn!(error = %e, "the latest invoices at the payment provider failed");
                invoices_failed = true;
            }
        }
    }
    Ok(RevenueSummaryView {
        as_of: latest.as_ref().map(|d| d.id.clone()),
        mrr: latest
            .as_ref()
            .map(|d| d.totals.total.clone())
            .unwrap_or_default(),
        tenants: latest.as_ref().map(|d| d.totals.tenants).unwrap_or(0),
        seats: latest.as_ref().map(|d| d.totals.seats).unwrap_or(0),
        connected: billing.is_some(),
        invoices,
        invoices_failed,
    })
}

/// A partner's customers' invoices, newest first.
pub async fn partner_invoices(ctx: &Ctx) -> Result<PartnerInvoicesView, AppError> {
    let (partner_id, _) = authorized_own(ctx).await?;
    let repo = ctx.repo();
    let billing = ctx.services.billing.as_ref();
    let mut view = PartnerInvoicesView {
        connected: billing.is_some(),
        invoices: Vec::new(),
        failed: Vec::new(),
        not_read: 0,
    };
    let Some(b) = billing else {
        return Ok(view);
    };
    let customers: Vec<Tenant> = repo
        .all_tenants(Some(&partner_id))
        .await?
        .into_iter()
        .filter(|t| t.billing_account.customer_id.is_some())
        .collect();
    view.not_read = customers.len().saturating_sub(INVOICE_CUSTOMERS) as u64;
    for t in customers.iter().take(INVOICE_CUSTOMERS) {
        let Some(c) = t.billing_account.customer_id.as_deref() else {
            continue;
        };
        match b.invoices(c, 12).await {
            Ok(list) => view
                .invoices
                .extend(list.into_iter().map(|i| TenantInvoiceRow {
                    tenant_slug: Some(t.slug.clone()),
                    tenant_name: Some(t.name.clone()),
                    invoice: invoice_row(i),
                })),
            Err(e) => {
                tracing::warn!(error = %e, tenant = %t.slug, "invoices at the payment provider failed");
                view.failed.push(t.name.clone());
            }
        }
    }
    view.invoices
        .sort_by_key(|r| std::cmp::Reverse(r.invoice.created));
    view.invoices.truncate(usize::from(INVOICES));
    Ok(view)
}

pub async fn partner_reports(ctx: &Ctx) -> Result<PartnerReportsView, AppError> {
    let (partner_id, access) = authorized_own(ctx).await?;
    let repo = ctx.repo();
    let tenants = repo.all_tenants(Some(&partner_id)).await?;
    let latest = latest(repo).await?;
    let rows: Vec<TenantMrr> = latest
        .as_ref()
        .map(|(_, rows)| {
            rows.iter()
                .filter(|r| r.partner_id == partner_id)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    // THE health rule per live customer, and the facts custom reports read.
    let mut facts = Vec::new();
    let mut levels: std::collections::BTreeMap<HealthLevel, u64> = Default::default();
    for t in tenants.iter().filter(|t| t.status != TenantStatus::Deleted) {
        let row = customer_row(ctx, t.clone()).await?;
        *levels.entry(row.health.level).or_default() += 1;
        facts.push(CustomerFacts {
            plan: t.plan.clone(),
            status: t.status,
            health: row.health.level,
            signup_month: month_label(t.created_at),
            seats: t.seats,
            mrr_minor: rows
                .iter()
                .find(|r| r.tenant_id == t.id)
                .map(|r| r.mrr_minor),
        });
    }
    let mut health: Vec<(HealthLevel, u64)> = levels.into_iter().collect();
    health.sort_by_key(|h| std::cmp::Reverse(h.0));
    let saved = repo
        .saved_reports_of(&partner_id)
        .await?
        .into_iter()
        .map(|report| SavedReportRun {
            rows: run(report.metric, report.group_by, &facts),
            report,
        })
        .collect();
    let months = last_months(repo.now(), COHORT_MONTHS);
    Ok(PartnerReportsView {
        as_of: latest.as_ref().map(|(d, _)| d.id.clone()),
        currency: DEFAULT_CURRENCY.to_owned(),
        health,
        by_plan: by_plan(&rows),
        top: named_top(repo, &rows).await?,
        cohorts: cohorts(&tenants, &months),
        saved,
        can_edit: access != PartnerAccess::Member,
    })
}

fn report_target(r: &SavedReport) -> Target {
    Target {
        resource_type: "report",
        resource_id: r.id.clone(),
        resource_name: r.name.clone(),
        ..Target::default()
    }
}

/// Saves a custom report (partner owners and admins).
pub async fn save_report(
    ctx: &Ctx,
    name: &str,
    metric: Metric,
    group_by: GroupBy,
) -> Result<PartnerReportsView, AppError> {
    let (partner_id, access) = authorized_own(ctx).await?;
    if access == PartnerAccess::Member {
        return Err(fail(AppError::invalid("name", "partner_admin_only")));
    }
    let name = check_name(name).map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let repo = ctx.repo();
    if repo.saved_reports_of(&partner_id).await?.len() >= MAX_SAVED {
        return Err(fail(AppError::invalid("name", "too_many")));
    }
    let report = SavedReport {
        id: repo.new_id(),
        partner_id,
        name,
        metric,
        group_by,
        created_by: ctx
            .principal()
            .map(|p| p.user.email.clone())
            .unwrap_or_default(),
        created_at: repo.now(),
        version: 1,
    };
    repo.insert_saved_report(&report).await?;
    ctx.record(
        "report.saved",
        Outcome::Success,
        &report_target(&report),
        serde_json::json!({ "metric": metric, "group_by": group_by }),
    )
    .await;
    partner_reports(ctx).await
}

/// Deletes one of the partner's own reports.
pub async fn delete_report(ctx: &Ctx, id: &str) -> Result<PartnerReportsView, AppError> {
    let (partner_id, access) = authorized_own(ctx).await?;
    let repo = ctx.repo();
    let report = repo
        .saved_report(id)
        .await?
        .filter(|r| r.partner_id == partner_id)
        .ok_or_else(|| fail(AppError::NotFound))?;
    if access == PartnerAccess::Member {
        return Err(fail(AppError::Forbidden));
    }
    repo.delete_saved_report(&report.id).await?;
    ctx.record(
        "report.deleted",
        Outcome::Success,
        &report_target(&report),
        serde_json::json!({}),
    )
    .await;
    partner_reports(ctx).await
}
