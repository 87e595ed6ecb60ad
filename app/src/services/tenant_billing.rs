//! A customer's Billing page: the plan at the catalog's price, the
//! subscription and payment state the provider's events recorded, the
//! invoices read live from the provider, and the billing details its admin
//! edits (audited with the diff).
use super::context::{Ctx, fail};
use super::tenants;
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::authz::Action;
use crate::domain::billing_details::BillingForm;
use crate::domain::model::Tenant;
use crate::domain::revenue::seat_price;
use crate::domain::views::{InvoiceRow, TenantBillingView};

/// THE row of an invoice: what was paid, or (unpaid) what is due.
pub fn invoice_row(i: crate::ports::billing::Invoice) -> InvoiceRow {
    InvoiceRow {
        amount_minor: if i.status == "paid" {
            i.amount_paid_minor
        } else {
            i.amount_due_minor
        },
        id: i.id,
        number: i.number,
        status: i.status,
        currency: i.currency,
        created: i.created,
        pdf_url: i.pdf_url,
    }
}

/// How many invoices the page lists.
const INVOICES: u8 = 24;

pub(super) async fn view(ctx: &Ctx, t: Tenant) -> Result<TenantBillingView, AppError> {
    let repo = ctx.repo();
    let people = repo.users_of_tenant(&t.id).await?.len();
    let seat_price_minor = seat_price(&t, &repo.price_rows().await?);
    let billing = ctx.services.billing.as_ref();
    let (mut invoices, mut invoices_failed) = (Vec::new(), false);
    if let (Some(b), Some(customer)) = (billing, t.billing_account.customer_id.as_deref()) {
        match b.invoices(customer, INVOICES).await {
            Ok(list) => {
                invoices = list.into_iter().map(invoice_row).collect();
            }
            Err(e) => {
                tracing::warn!(error = %e, tenant = %t.slug, "invoices at the payment provider failed");
                invoices_failed = true;
            }
        }
    }
    let (money, live) = (ctx.services.money().is_some(), t.billing_account.live());
    Ok(TenantBillingView {
        connected: billing.is_some(),
        details: BillingForm::of(&t.billing),
        plan: t.plan,
        seats: t.seats,
        people: u32::try_from(people).unwrap_or(u32::MAX),
        seat_price_minor,
        currency: t.billing_account.currency().to_owned(),
        subscription_status: t.billing_account.subscription_status,
        payment_failed: t.billing_account.payment_failed,
        invoices,
        invoices_failed,
        money,
        live,
        card: t.billing_account.card.clone(),
        renews_at: t.billing_account.renews_at,
        version: t.version,
    })
}

pub async fn overview(ctx: &Ctx, slug: &str) -> Result<TenantBillingView, AppError> {
    let (t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    view(ctx, t).await
}

/// Saves the billing details from the version the admin read.
pub async fn save_details(
    ctx: &Ctx,
    slug: &str,
    form: BillingForm,
    version: u64,
) -> Result<TenantBillingView, AppError> {
    let (mut t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    if t.version != version {
        return Err(fail(AppError::Conflict));
    }
    let details = form
        .checked()
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let fields = ["company", "vat_id", "country", "email"];
    let diff = crate::domain::audit::diff(
        &serde_json::to_value(BillingForm::of(&t.billing)).unwrap_or_default(),
        &serde_json::to_value(BillingForm::of(&details)).unwrap_or_default(),
        &fields,
    );
    if diff.as_object().is_some_and(|d| !d.is_empty()) {
        t.billing = details;
        ctx.repo()
            .save_tenant(&mut t)
            .await
            .map_err(|e| fail(e.into()))?;
        ctx.record(
            "tenant.billing_updated",
            Outcome::Success,
            &tenants::target(&t),
            serde_json::json!({ "diff": diff }),
        )
        .await;
    }
    view(ctx, t).await
}
