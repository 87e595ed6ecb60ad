//! The operator's Pricing page (`domain::repricing`): the catalog, the
//! impact of an edit, the edit itself and the retry of what the provider
//! refused. An edit mints the provider's new price first (a refusal there
//! changes nothing), saves the row over the version the operator read,
//! records the re-pricing with every live subscription on the row and
//! currency, repoints each without proration, refreshes today's MRR and
//! audits the diff. Every subscription's outcome is kept: a refusal is
//! listed and retried, never fatal.
use super::context::{Ctx, Services, Target, fail};
use super::revenue::{billed_tenants, retake_today};
use crate::domain::audit::Outcome;
use crate::domain::authz::{Action, Resource};
use crate::domain::model::Tenant;
use crate::domain::repricing::{Impact, Repoint, Repricing, check_edit, impact, on_row};
use crate::domain::revenue::PriceRow;
use crate::domain::views::PricingView;
use crate::domain::{AppError, System, Unavailable};
use crate::ports::billing::{Interval, NewPrice};
use crate::ports::store::StoreError;

/// How many re-pricings the page lists.
const RECENT: usize = 20;

fn target(plan: &str) -> Target {
    Target {
        resource_type: "price",
        resource_id: plan.to_owned(),
        resource_name: plan.to_owned(),
        ..Target::default()
    }
}

async fn operator(ctx: &Ctx, plan: &str) -> Result<(), AppError> {
    ctx.authorize(Action::Operate, Resource::Platform, || target(plan))
        .await
        .map(|_| ())
}

fn billing_failed(e: impl std::fmt::Display) -> AppError {
    tracing::warn!(error = %e, "payment provider refused");
    fail(AppError::Unavailable {
        system: System::Billing,
        reason: Unavailable::Failed,
    })
}

pub async fn catalog(ctx: &Ctx) -> Result<PricingView, AppError> {
    operator(ctx, "catalog").await?;
    let repo = ctx.repo();
    Ok(PricingView {
        connected: ctx.services.money().is_some(),
        rows: repo.price_rows().await?,
        repricings: repo.repricings(RECENT).await?,
    })
}

async fn row(ctx: &Ctx, plan: &str) -> Result<PriceRow, AppError> {
    ctx.repo()
        .price_row(plan)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))
}

/// What an edit would change, before it is made.
pub async fn edit_impact(
    ctx: &Ctx,
    plan: &str,
    currency: &str,
    amount_minor: i64,
) -> Result<Impact, AppError> {
    operator(ctx, plan).await?;
    let row = row(ctx, plan).await?;
    check_edit(&row, currency, amount_minor)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let tenants = billed_tenants(ctx.repo()).await?;
    Ok(impact(&row, currency, amount_minor, &tenants))
}

/// The provider's name for a plan's per-seat product.
fn product_name(plan: &str) -> String {
    format!("dezky {plan}, per seat")
}

/// The provider's price for a plan and currency: the one the catalog
/// cached, else one minted now at the catalog's amount and cached.
pub async fn provider_price(
    services: &Services,
    plan: &str,
    currency: &str,
) -> Result<String, AppError> {
    let billing = services.money().ok_or(AppError::Unavailable {
        system: System::Billing,
        reason: Unavailable::NotConnected,
    })?;
    loop {
        let mut row = services
            .repo
            .price_row(plan)
            .await?
            .ok_or(AppError::invalid("plan", "not_priced"))?;
        if let Some(id) = row.provider_prices.get(currency) {
            return Ok(id.clone());
        }
        let amount = *row
            .amounts
            .get(currency)
            .ok_or(AppError::invalid("currency", "not_priced"))?;
        let id = billing
            .create_price(&NewPrice {
                product_name: product_name(plan),
                unit_amount_minor: amount,
                currency: currency.to_owned(),
                interval: Interval::Month,
            })
            .await
            .map_err(billing_failed)?;
        row.provider_prices.insert(currency.to_owned(), id.clone());
        row.version += 1;
        match services.repo.save_price_row(&row).await {
            // Edited meanwhile: read again (the price minted stays unused).
            Err(StoreError::VersionConflict) => continue,
            other => other?,
        }
        return Ok(id);
    }
}

/// Makes the edit the operator saw the impact of (over `row_version`).
pub async fn reprice(
    ctx: &Ctx,
    plan: &str,
    currency: &str,
    amount_minor: i64,
    row_version: u64,
) -> Result<Repricing, AppError> {
    operator(ctx, plan).await?;
    let repo = ctx.repo();
    let mut row = row(ctx, plan).await?;
    if row.version != row_version {
        return Err(fail(AppError::Conflict));
    }
    check_edit(&row, currency, amount_minor)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let billing = ctx.services.money();
    // Minted first: a refusal here leaves everything as it was.
    let price_id = match billing {
        Some(b) => Some(
            b.create_price(&NewPrice {
                product_name: product_name(plan),
                unit_amount_minor: amount_minor,
                currency: currency.to_owned(),
                interval: Interval::Month,
            })
            .await
            .map_err(billing_failed)?,
        ),
        None => None,
    };
    let old = row.amounts.insert(currency.to_owned(), amount_minor);
    match &price_id {
        Some(p) => row.provider_prices.insert(currency.to_owned(), p.clone()),
        // A cached price at the old amount must not bill new subscriptions.
        None => row.provider_prices.remove(currency),
    };
    let now = repo.now();
    row.updated_at = now;
    row.version += 1;
    match repo.save_price_row(&row).await {
        Err(StoreError::VersionConflict) => return Err(fail(AppError::Conflict)),
        other => other?,
    }
    let tenants = billed_tenants(repo).await?;
    let mut r = Repricing {
        id: format!("{now:013}-{plan}-{currency}"),
        plan: plan.to_owned(),
        currency: currency.to_owned(),
        old_amount_minor: old,
        new_amount_minor: amount_minor,
        price_id,
        actor: ctx
            .principal()
            .map(|p| p.user.email.clone())
            .unwrap_or_default(),
        created_at: now,
        repoints: tenants
            .iter()
            .filter(|t| on_row(t, plan, currency) && t.billing_account.live())
            .map(|t| Repoint {
                tenant_id: t.id.clone(),
                tenant_slug: t.slug.clone(),
                tenant_name: t.name.clone(),
                subscription_item_id: t
                    .billing_account
                    .subscription_item_id
                    .clone()
                    .unwrap_or_default(),
                error: None,
                attempts: 0,
                at: now,
            })
            .collect(),
        version: 1,
    };
    // Recorded before any subscription is touched: a crash midway leaves
    // the pending ones listed for a retry.
    repo.put_repricing(&r).await?;
    repoint_pending(&ctx.services, &mut r).await?;
    finish(ctx, &mut r, "pricing.updated").await?;
    Ok(r)
}

/// Repoints the subscriptions of a re-pricing not yet repointed.
pub async fn retry(ctx: &Ctx, id: &str, version: u64) -> Result<Repricing, AppError> {
    operator(ctx, id).await?;
    let mut r = ctx
        .repo()
        .repricing(id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    if r.version != version {
        return Err(fail(AppError::Conflict));
    }
    if r.pending().next().is_none() {
        return Ok(r);
    }
    repoint_pending(&ctx.services, &mut r).await?;
    finish(ctx, &mut r, "pricing.repoint_retried").await?;
    Ok(r)
}

async fn repoint_pending(services: &Services, r: &mut Repricing) -> Result<(), AppError> {
    let now = services.repo.now();
    let (price_id, amount) = (r.price_id.clone(), r.new_amount_minor);
    for p in r.repoints.iter_mut().filter(|p| !p.done()) {
        p.attempts += 1;
        p.at = now;
        let result = match (services.money(), price_id.as_deref()) {
            (Some(b), Some(price)) => b
                .repoint(&p.subscription_item_id, price)
                .await
                .map_err(|e| e.to_string()),
            _ => Err("billing: not connected when the price changed".to_owned()),
        };
        p.error = result.err();
        if p.error.is_none() {
            snapshot(services, &p.tenant_id, price_id.as_deref(), amount).await?;
        } else {
            tracing::warn!(tenant = %p.tenant_slug, error = ?p.error, "repointing a subscription failed");
        }
    }
    Ok(())
}

/// The tenant now bills at the new price: its per-seat snapshot follows.
async fn snapshot(
    services: &Services,
    tenant_id: &str,
    price_id: Option<&str>,
    amount_minor: i64,
) -> Result<(), AppError> {
    let change = |t: &mut Tenant| {
        t.billing_account.price_id = price_id.map(str::to_owned);
        t.billing_account.seat_price_minor = Some(amount_minor);
    };
    match super::billing::update_account(services, tenant_id, change).await {
        // A tenant deleted meanwhile has nothing left to bill.
        Ok(_) | Err(AppError::NotFound) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Saves the outcomes, refreshes today's MRR and audits.
async fn finish(ctx: &Ctx, r: &mut Repricing, action: &str) -> Result<(), AppError> {
    let repo = ctx.repo();
    r.version += 1;
    match repo.put_repricing(r).await {
        Err(StoreError::VersionConflict) => return Err(fail(AppError::Conflict)),
        other => other?,
    }
    let affected: Vec<Tenant> = billed_tenants(repo)
        .await?
        .into_iter()
        .filter(|t| on_row(t, &r.plan, &r.currency))
        .collect();
    retake_today(repo, &affected).await?;
    let failed: Vec<&str> = r.failed().map(|p| p.tenant_slug.as_str()).collect();
    let outcome = if failed.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    };
    ctx.record(
        action,
        outcome,
        &target(&r.plan),
        serde_json::json!({
            "repricing": r.id,
            "currency": r.currency,
            "diff": { "amount": { "from": r.old_amount_minor, "to": r.new_amount_minor } },
            "price_id": r.price_id,
            "repointed": r.repoints.iter().filter(|p| p.done()).count(),
            "failed": failed,
        }),
    )
    .await;
    Ok(())
}
