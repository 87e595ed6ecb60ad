//! The operator's payouts ledger.
use crate::domain::AppError;
use crate::domain::views::PayoutLedgerView;
use leptos::prelude::*;

#[server(endpoint = "payout_ledger")]
pub async fn payout_ledger(month: String) -> Result<PayoutLedgerView, AppError> {
    use crate::services::{Ctx, payouts};
    payouts::ledger(&Ctx::load()?, &month).await
}

/// "Generate": the month's payouts from its latest MRR snapshot.
#[server(endpoint = "generate_payouts")]
pub async fn generate_payouts(month: String) -> Result<PayoutLedgerView, AppError> {
    use crate::services::{Ctx, payouts};
    payouts::generate_now(&Ctx::load()?, &month).await
}

#[server(endpoint = "mark_payout_paid")]
pub async fn mark_payout_paid(id: String, version: u64) -> Result<PayoutLedgerView, AppError> {
    use crate::services::{Ctx, payouts};
    payouts::mark_paid(&Ctx::load()?, &id, version).await
}
