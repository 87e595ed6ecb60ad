//! The payouts ledger (`domain::payouts`): generated per partner, month and
//! currency from the month's latest MRR snapshot; idempotent (a rerun
//! rewrites pending rows with the latest figures and never touches a paid
//! one); a daily worker generates the current month (`PAYOUTS_AUTOGEN`).
//! Operators generate and mark rows paid (audited); a partner's staff read
//! their own.
use super::context::{Ctx, Target, fail};
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::authz::{Action, Resource};
use crate::domain::payouts::{
    MarginBasis, Payout, PayoutStatus, is_month, month_of, payout_for, payout_id,
};
use crate::domain::views::{PayoutLedgerView, PayoutRow};
use crate::ports::store::{StoreError, StoreResult};
use crate::repo::Repo;

/// How many taken days back a month's snapshot is looked for.
const DAYS_BACK: usize = 400;

/// What one generation did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// The snapshot day used; None when the month has none.
    pub as_of: Option<String>,
    pub written: u64,
    pub kept_paid: u64,
}

/// Generates (or refreshes) the month's pending payouts.
pub async fn generate(repo: &Repo, month: &str) -> StoreResult<Generated> {
    let mut out = Generated::default();
    let Some(day) = repo
        .mrr_days(DAYS_BACK)
        .await?
        .into_iter()
        .find(|d| month_of(&d.id) == month)
    else {
        return Ok(out);
    };
    let now = repo.now();
    let mut after: Option<String> = None;
    loop {
        let page = repo.partners(after.as_deref(), 200).await?;
        for p in &page.items {
            let Some(gross) = day.totals.by_partner.get(&p.id) else {
                continue;
            };
            let seats = day.totals.seats_by_partner.get(&p.id).copied().unwrap_or(0);
            let basis = match (p.progressive, p.margin_pct) {
                (true, _) => MarginBasis::Progressive,
                // No margin, nothing to pay (dezky's own direct sales).
                (false, 0) => continue,
                (false, pct) => MarginBasis::Contracted { pct },
            };
            for (currency, gross) in gross {
                let id = payout_id(&p.id, month, currency);
                let existing = repo.payout(&id).await?;
                if existing
                    .as_ref()
                    .is_some_and(|e| e.status == PayoutStatus::Paid)
                {
                    out.kept_paid += 1;
                    continue;
                }
                let (payout_minor, margin_permille) = payout_for(*gross, seats, basis);
                let row = Payout {
                    id,
                    partner_id: p.id.clone(),
                    month: month.to_owned(),
                    currency: currency.clone(),
                    as_of: day.id.clone(),
                    seats,
                    gross_minor: *gross,
                    basis,
                    margin_permille,
                    payout_minor,
                    status: PayoutStatus::Pending,
                    generated_at: now,
                    paid_at: None,
                    paid_by: None,
                    version: existing.as_ref().map_or(1, |e| e.version + 1),
                };
                // A rerun with the same figures writes nothing.
                if existing.is_none_or(|e| figures(&e) != figures(&row)) {
                    repo.put_payout(&row).await?;
                    out.written += 1;
                }
            }
        }
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    out.as_of = Some(day.id);
    Ok(out)
}

/// What a payout's amount follows; a row with the same is not rewritten.
fn figures(p: &Payout) -> (&str, u64, i64, MarginBasis, i64) {
    (
        p.as_of.as_str(),
        p.seats,
        p.gross_minor,
        p.basis,
        p.payout_minor,
    )
}

fn ledger_target(month: &str) -> Target {
    Target {
        resource_type: "payouts",
        resource_id: month.to_owned(),
        ..Target::default()
    }
}

async fn operator(ctx: &Ctx, month: &str) -> Result<(), AppError> {
    ctx.authorize(Action::Operate, Resource::Platform, || ledger_target(month))
        .await?;
    if !is_month(month) {
        return Err(fail(AppError::invalid("month", "invalid_month")));
    }
    Ok(())
}

async fn rows(ctx: &Ctx, list: Vec<Payout>) -> Result<Vec<PayoutRow>, AppError> {
    let mut out = Vec::new();
    for p in list {
        let partner_name = ctx
            .repo()
            .partner(&p.partner_id)
            .await?
            .map(|x| x.name)
            .unwrap_or_default();
        out.push(PayoutRow {
            partner_name,
            payout: p,
        });
    }
    out.sort_by(|a, b| {
        b.payout.month.cmp(&a.payout.month).then_with(|| {
            a.partner_name
                .to_lowercase()
                .cmp(&b.partner_name.to_lowercase())
        })
    });
    Ok(out)
}

/// The month asked for, or (empty) the current one.
fn month_or_current(repo: &Repo, month: &str) -> String {
    if month.trim().is_empty() {
        let today = crate::domain::revenue::day_label(crate::domain::revenue::day_of(repo.now()));
        month_of(&today).to_owned()
    } else {
        month.trim().to_owned()
    }
}

/// The operator's ledger of one month (empty: the current one).
pub async fn ledger(ctx: &Ctx, month: &str) -> Result<PayoutLedgerView, AppError> {
    let month = month_or_current(ctx.repo(), month);
    operator(ctx, &month).await?;
    let list = ctx.repo().payouts(Some(&month), None).await?;
    Ok(PayoutLedgerView {
        rows: rows(ctx, list).await?,
        month,
    })
}

/// "Generate": the month's payouts from its latest snapshot, audited.
pub async fn generate_now(ctx: &Ctx, month: &str) -> Result<PayoutLedgerView, AppError> {
    let month = month_or_current(ctx.repo(), month);
    let month = month.as_str();
    operator(ctx, month).await?;
    let g = generate(ctx.repo(), month).await?;
    ctx.record(
        "payouts.generated",
        Outcome::Success,
        &ledger_target(month),
        serde_json::json!({ "as_of": g.as_of, "written": g.written, "kept_paid": g.kept_paid }),
    )
    .await;
    if g.as_of.is_none() {
        return Err(fail(AppError::invalid("month", "no_snapshot")));
    }
    ledger(ctx, month).await
}

/// Marks one row paid (from the version read), audited.
pub async fn mark_paid(ctx: &Ctx, id: &str, version: u64) -> Result<PayoutLedgerView, AppError> {
    let month = id.split(':').nth(1).unwrap_or_default().to_owned();
    operator(ctx, &month).await?;
    let mut p = ctx
        .repo()
        .payout(id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    if p.version != version || p.status == PayoutStatus::Paid {
        return Err(fail(AppError::Conflict));
    }
    p.status = PayoutStatus::Paid;
    p.paid_at = Some(ctx.repo().now());
    p.paid_by = ctx.principal().map(|x| x.user.email.clone());
    p.version += 1;
    match ctx.repo().put_payout(&p).await {
        Err(StoreError::VersionConflict) => return Err(fail(AppError::Conflict)),
        other => other?,
    }
    ctx.record(
        "payout.marked_paid",
        Outcome::Success,
        &Target {
            resource_type: "payout",
            resource_id: p.id.clone(),
            resource_name: format!("{} {}", p.month, p.currency.to_uppercase()),
            ..Target::default()
        },
        serde_json::json!({ "payout_minor": p.payout_minor, "currency": p.currency, "partner_id": p.partner_id }),
    )
    .await;
    ledger(ctx, &month).await
}

/// A partner's own payouts, newest month first.
pub async fn of_partner(ctx: &Ctx) -> Result<Vec<PayoutRow>, AppError> {
    let (partner_id, _) = super::partners::authorized_own(ctx).await?;
    let list = ctx.repo().payouts(None, Some(&partner_id)).await?;
    rows(ctx, list).await
}
