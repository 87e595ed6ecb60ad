//! A partner's own payouts.
use crate::domain::AppError;
use crate::domain::views::PayoutRow;
use leptos::prelude::*;

#[server(endpoint = "partner_payouts")]
pub async fn partner_payouts() -> Result<Vec<PayoutRow>, AppError> {
    use crate::services::{Ctx, payouts};
    payouts::of_partner(&Ctx::load()?).await
}

/// The invoices of the partner's customers.
#[server(endpoint = "partner_invoices")]
pub async fn partner_invoices() -> Result<crate::domain::views::PartnerInvoicesView, AppError> {
    use crate::services::{Ctx, reports};
    reports::partner_invoices(&Ctx::load()?).await
}
