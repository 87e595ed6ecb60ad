//! A tenant's account at the payment provider: the customer ensured on
//! demand, and the provider's webhook events applied by THE rule
//! (`domain::billing_state::apply`: out-of-order events never overwrite newer
//! state). A failed payment marks the tenant (the partner's alert and the
//! operator's tenant list read it) and is audited.
use super::context::{Ctx, Services, fail};
use super::tenants;
use crate::domain::audit::{ActorType, AuditRecord, Outcome};
use crate::domain::authz::Action;
use crate::domain::billing_state::{
    Applied, apply, check_setup, customer_of, seats_after_removal, seats_for_one_more,
};
use crate::domain::model::Tenant;
use crate::domain::views::{CardSetupView, TenantBillingView};
use crate::domain::{AppError, System, Unavailable};
use crate::ports::billing::NewCustomer;
use crate::ports::store::StoreError;
use serde_json::{Value, json};

/// The tenant's customer at the provider: the stored one while the provider
/// still has it, else a new one (stored at once).
pub async fn ensure_customer(services: &Services, tenant: &Tenant) -> Result<String, AppError> {
    let billing = services.billing.as_ref().ok_or(AppError::Unavailable {
        system: System::Billing,
        reason: Unavailable::NotConnected,
    })?;
    let existing = tenant.billing_account.customer_id.clone();
    let name = if tenant.billing.company.trim().is_empty() {
        tenant.name.clone()
    } else {
        tenant.billing.company.clone()
    };
    let id = billing
        .ensure_customer(
            existing.as_deref(),
            &NewCustomer {
                tenant_slug: tenant.slug.clone(),
                name,
                email: tenant.billing.email.clone(),
            },
        )
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, tenant = %tenant.slug, "ensure customer failed");
            AppError::Unavailable {
                system: System::Billing,
                reason: Unavailable::Failed,
            }
        })?;
    if existing.as_deref() != Some(id.as_str()) {
        let mut t = tenant.clone();
        t.billing_account.customer_id = Some(id.clone());
        services.repo.save_tenant(&mut t).await?;
    }
    Ok(id)
}

/// Applies one verified event. None when it is about no tenant of ours.
pub async fn apply_event(
    services: &Services,
    kind: &str,
    object: &Value,
    created: i64,
) -> Result<Option<Applied>, AppError> {
    let Some(customer) = customer_of(kind, object) else {
        return Ok(None);
    };
    // Compare-and-set: a concurrent change to the tenant is read again.
    loop {
        let Some(mut t) = services.repo.tenant_by_customer(&customer).await? else {
            tracing::info!(%customer, kind, "billing event for no tenant of ours");
            return Ok(None);
        };
        let (next, applied) = apply(&t.billing_account, kind, object, created);
        if next != t.billing_account {
            t.billing_account = next;
            match services.repo.save_tenant(&mut t).await {
                Err(StoreError::VersionConflict) => continue,
                other => other?,
            }
        }
        if let (Applied::CardChanged(Some(_)), Some(billing)) = (&applied, &services.billing) {
            // The event names the card; its brand and last four are read.
            match billing.default_card(&customer).await {
                Ok(card) => {
                    update_account(services, &t.id, |t| t.billing_account.card = card.clone())
                        .await?;
                }
                Err(e) => {
                    tracing::warn!(error = %e, tenant = %t.slug, "reading the new default card failed");
                    return Err(AppError::Unavailable {
                        system: System::Billing,
                        reason: Unavailable::Failed,
                    });
                }
            }
        }
        audit(services, &t, kind, object, &applied).await;
        return Ok(Some(applied));
    }
}

async fn audit(services: &Services, t: &Tenant, kind: &str, object: &Value, applied: &Applied) {
    let action = match applied {
        Applied::PaymentFailed => "billing.payment_failed",
        Applied::PaymentRecovered => "billing.payment_recovered",
        Applied::SubscriptionEnded => "billing.subscription_ended",
        Applied::CardChanged(_) => "billing.card_updated",
        _ => return,
    };
    services
        .auditor
        .record(AuditRecord {
            actor_type: ActorType::System,
            actor_id: "stripe-webhook".into(),
            action: action.into(),
            outcome: Outcome::Success,
            resource_type: "tenant".into(),
            resource_id: t.id.clone(),
            resource_name: t.name.clone(),
            tenant_slug: Some(t.slug.clone()),
            metadata: json!({
                "event": kind,
                "object": object["id"],
                "amount_due": object["amount_due"],
                "currency": object["currency"],
            }),
            ..AuditRecord::default()
        })
        .await;
}

fn not_connected() -> AppError {
    fail(AppError::Unavailable {
        system: System::Billing,
        reason: Unavailable::NotConnected,
    })
}

fn refused(tenant: &Tenant, what: &str, e: impl std::fmt::Display) -> AppError {
    tracing::warn!(error = %e, tenant = %tenant.slug, "{what} at the payment provider failed");
    fail(AppError::Unavailable {
        system: System::Billing,
        reason: Unavailable::Failed,
    })
}

/// Changes a tenant's stored account by `change`, re-reading it on a
/// concurrent change; the tenant as saved.
pub(super) async fn update_account(
    services: &Services,
    tenant_id: &str,
    change: impl Fn(&mut Tenant),
) -> Result<Tenant, AppError> {
    loop {
        let mut t = services
            .repo
            .tenant(tenant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        change(&mut t);
        match services.repo.save_tenant(&mut t).await {
            Err(StoreError::VersionConflict) => continue,
            other => other?,
        }
        return Ok(t);
    }
}

/// What the card form needs: the customer ensured, a SetupIntent started.
pub async fn start_card_setup(ctx: &Ctx, slug: &str) -> Result<CardSetupView, AppError> {
    let (t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let (Some(money), Some(key)) = (
        ctx.services.money(),
        ctx.services.stripe_publishable_key.clone(),
    ) else {
        return Err(not_connected());
    };
    let customer = ensure_customer(&ctx.services, &t).await.map_err(fail)?;
    let setup = money
        .card_setup(&customer)
        .await
        .map_err(|e| refused(&t, "card setup", e))?;
    Ok(CardSetupView {
        publishable_key: key,
        client_secret: setup.client_secret,
    })
}

/// The card the browser confirmed becomes the tenant's default, read back
/// from the provider (the browser's word is not taken); the first card
/// starts the subscription.
pub async fn save_card(
    ctx: &Ctx,
    slug: &str,
    setup_intent_id: &str,
) -> Result<TenantBillingView, AppError> {
    let (t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let money = ctx.services.money().ok_or_else(not_connected)?;
    let id = setup_intent_id.trim();
    if !id.starts_with("seti_")
        || id.len() > 255
        || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(fail(AppError::invalid("setup_intent_id", "invalid")));
    }
    let customer = t
        .billing_account
        .customer_id
        .clone()
        .ok_or_else(|| fail(AppError::invalid("setup_intent_id", "not_yours")))?;
    let outcome = money
        .setup_outcome(id)
        .await
        .map_err(|e| refused(&t, "reading the card setup", e))?;
    check_setup(
        &customer,
        outcome.customer_id.as_deref(),
        &outcome.status,
        outcome.card.as_ref(),
    )
    .map_err(|reason| fail(AppError::invalid("setup_intent_id", reason)))?;
    let Some(card) = outcome.card else {
        return Err(fail(AppError::invalid("setup_intent_id", "not_a_card")));
    };
    money
        .set_default_payment_method(&customer, &card.payment_method_id)
        .await
        .map_err(|e| refused(&t, "setting the default card", e))?;
    let stored = card.clone();
    let t = update_account(&ctx.services, &t.id, |t| {
        t.billing_account.card = Some(stored.clone());
    })
    .await?;
    ctx.record(
        "billing.card_updated",
        Outcome::Success,
        &tenants::target(&t),
        json!({ "brand": card.brand, "last4": card.last4 }),
    )
    .await;
    let t = if t.billing_account.live() {
        t
    } else {
        subscribe(ctx, t).await?
    };
    super::tenant_billing::view(ctx, t).await
}

/// Starts the subscription of a tenant with a card and none live (the
/// page's retry when starting it failed after the card was saved).
pub async fn start_subscription(ctx: &Ctx, slug: &str) -> Result<TenantBillingView, AppError> {
    let (t, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    if t.billing_account.live() {
        return Err(fail(AppError::Conflict));
    }
    if t.billing_account.card.is_none() {
        return Err(fail(AppError::invalid("card", "required")));
    }
    let t = subscribe(ctx, t).await?;
    super::tenant_billing::view(ctx, t).await
}

/// One subscription item at the plan's provider price, a quantity of the
/// tenant's seats.
async fn subscribe(ctx: &Ctx, t: Tenant) -> Result<Tenant, AppError> {
    let money = ctx.services.money().ok_or_else(not_connected)?;
    let customer = ensure_customer(&ctx.services, &t).await.map_err(fail)?;
    let currency = t.billing_account.currency().to_owned();
    let price = super::repricing::provider_price(&ctx.services, &t.plan, &currency)
        .await
        .map_err(fail)?;
    let catalog = ctx.repo().price_rows().await?;
    let seat_price = crate::domain::revenue::seat_price(&t, &catalog);
    let sub = money
        .create_subscription(&customer, &price, u64::from(t.seats.max(1)))
        .await
        .map_err(|e| refused(&t, "starting the subscription", e))?;
    let item = sub.items.first().cloned();
    let t = update_account(&ctx.services, &t.id, |t| {
        let a = &mut t.billing_account;
        a.subscription_id = Some(sub.id.clone());
        a.subscription_status = Some(sub.status.clone());
        a.subscription_item_id = item.as_ref().map(|i| i.id.clone());
        a.price_id = Some(price.clone());
        a.seat_price_minor = seat_price;
        a.renews_at = sub.current_period_end;
        t.seats = t.seats.max(1);
    })
    .await?;
    ctx.record(
        "billing.subscription_started",
        Outcome::Success,
        &tenants::target(&t),
        json!({ "subscription": sub.id, "price": price, "seats": t.seats, "currency": currency }),
    )
    .await;
    Ok(t)
}

/// Before a person is added: a seat for them. Spare seats are used first;
/// with a live subscription a full tenant buys one more at the provider
/// first (a refusal adds nobody); without one the seats are the limit.
pub async fn seat_for_new_person(ctx: &Ctx, t: &Tenant, people: u32) -> Result<(), AppError> {
    if people < t.seats {
        return Ok(());
    }
    let (Some(money), Some(item)) = (
        ctx.services.money().filter(|_| t.billing_account.live()),
        t.billing_account.subscription_item_id.as_deref(),
    ) else {
        return Err(AppError::invalid("seats", "seat_limit"));
    };
    let want = seats_for_one_more(t.seats, people);
    if let Err(e) = money.set_quantity(item, u64::from(want)).await {
        ctx.record(
            "billing.seats_changed",
            Outcome::Failure,
            &tenants::target(t),
            json!({ "from": t.seats, "to": want, "reason": "person_added", "error": e.to_string() }),
        )
        .await;
        return Err(refused(t, "adding a seat", e));
    }
    let from = t.seats;
    let saved = update_account(&ctx.services, &t.id, |t| t.seats = t.seats.max(want)).await?;
    ctx.record(
        "billing.seats_changed",
        Outcome::Success,
        &tenants::target(&saved),
        json!({ "from": from, "to": saved.seats, "reason": "person_added" }),
    )
    .await;
    Ok(())
}

/// After a person was removed: one seat released at the provider. A
/// refusal is audited and logged; the removal stands.
pub async fn release_seat(ctx: &Ctx, tenant_id: &str) -> Result<(), AppError> {
    let Some(t) = ctx.repo().tenant(tenant_id).await? else {
        return Ok(());
    };
    let (Some(money), Some(item)) = (
        ctx.services.money().filter(|_| t.billing_account.live()),
        t.billing_account.subscription_item_id.as_deref(),
    ) else {
        return Ok(());
    };
    let people = ctx.repo().users_of_tenant(&t.id).await?.len();
    let want = seats_after_removal(t.seats, u32::try_from(people).unwrap_or(u32::MAX));
    if want == t.seats {
        return Ok(());
    }
    let result = money.set_quantity(item, u64::from(want)).await;
    let (outcome, error) = match &result {
        Ok(()) => (Outcome::Success, None),
        Err(e) => {
            tracing::warn!(error = %e, tenant = %t.slug, "releasing a seat failed");
            (Outcome::Failure, Some(e.to_string()))
        }
    };
    let t = if result.is_ok() {
        update_account(&ctx.services, &t.id, |t| t.seats = want).await?
    } else {
        t
    };
    ctx.record(
        "billing.seats_changed",
        outcome,
        &tenants::target(&t),
        json!({ "to": want, "reason": "person_removed", "error": error }),
    )
    .await;
    Ok(())
}
