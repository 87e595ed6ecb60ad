//! Partners in the operator console: the list, one partner, and the
//! in-place edit (only the changed fields arrive; the stored version guards
//! against a colleague's save in between; the audit records the diff).
use super::context::{Ctx, Target, fail};
use super::partners::live_tenants;
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::model::{Partner, Tenant, TenantStatus};
use crate::domain::partner_edit::{PartnerPatch, diff};
use crate::domain::views::{OperatorPartnerRow, PartnerDetailView};

/// A partner with the figures of its live customers.
fn row(p: Partner, live: &[Tenant]) -> OperatorPartnerRow {
    OperatorPartnerRow {
        customers: u32::try_from(live.len()).unwrap_or(u32::MAX),
        seats: live
            .iter()
            .filter(|t| t.status == TenantStatus::Active)
            .map(|t| t.seats)
            .sum(),
        partner: p,
    }
}

/// Every partner with its customers and seats.
pub async fn list(ctx: &Ctx) -> Result<Vec<OperatorPartnerRow>, AppError> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = ctx.repo().partners(after.as_deref(), 200).await?;
        for p in page.items {
            let live = live_tenants(ctx, &p.id).await?;
            rows.push(row(p, &live));
        }
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    rows.sort_by_key(|r| r.partner.name.to_lowercase());
    Ok(rows)
}

async fn by_slug(ctx: &Ctx, slug: &str) -> Result<Partner, AppError> {
    ctx.repo()
        .partner_by_slug(slug)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))
}

/// One partner with its customers.
pub async fn detail(ctx: &Ctx, slug: &str) -> Result<PartnerDetailView, AppError> {
    let p = by_slug(ctx, slug).await?;
    let live = live_tenants(ctx, &p.id).await?;
    Ok(PartnerDetailView {
        customers: live
            .iter()
            .map(|t| super::tenants::view(t.clone(), None))
            .collect(),
        row: row(p, &live),
    })
}

/// Applies the changed fields to the partner saved at `version`.
pub async fn update(
    ctx: &Ctx,
    slug: &str,
    patch: PartnerPatch,
    version: u64,
) -> Result<PartnerDetailView, AppError> {
    let before = by_slug(ctx, slug).await?;
    if before.version != version {
        return Err(fail(AppError::Conflict));
    }
    if patch.margin_pct.is_some_and(|m| m > 100) {
        return Err(fail(AppError::invalid("margin_pct", "out_of_range")));
    }
    let after = patch.apply(&before);
    let changes = diff(&before, &after);
    save_changed(ctx, after, changes).await?;
    detail(ctx, slug).await
}

/// THE save of a change to a partner (the operator's edit, the partner's own
/// settings and branding): nothing when nothing changed; THE partner rule
/// runs in the save; a colleague's save in between is a conflict, never
/// overwritten; audited as `partner.updated` with the diff.
pub async fn save_changed(
    ctx: &Ctx,
    mut after: crate::domain::model::Partner,
    changes: serde_json::Value,
) -> Result<(), AppError> {
    if changes.as_object().is_none_or(|m| m.is_empty()) {
        return Ok(());
    }
    ctx.repo().save_partner(&mut after).await?;
    ctx.record(
        "partner.updated",
        Outcome::Success,
        &Target {
            resource_type: "partner",
            resource_id: after.id.clone(),
            resource_name: after.name.clone(),
            tenant_slug: None,
            partner_slug: Some(after.slug.clone()),
        },
        serde_json::json!({ "diff": changes }),
    )
    .await;
    Ok(())
}
