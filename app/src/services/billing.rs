//! A tenant's account at the payment provider: the customer ensured on
//! demand, and the provider's webhook events applied by THE rule
//! (`domain::billing_state::apply`: out-of-order events never overwrite newer
//! state). A failed payment marks the tenant (the partner's alert and the
//! operator's tenant list read it) and is audited.
use super::context::Services;
use crate::domain::audit::{ActorType, AuditRecord, Outcome};
use crate::domain::billing_state::{Applied, apply, customer_of};
use crate::domain::model::Tenant;
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
        audit(services, &t, kind, object, &applied).await;
        return Ok(Some(applied));
    }
}

async fn audit(services: &Services, t: &Tenant, kind: &str, object: &Value, applied: &Applied) {
    let action = match applied {
        Applied::PaymentFailed => "billing.payment_failed",
        Applied::PaymentRecovered => "billing.payment_recovered",
        Applied::SubscriptionEnded => "billing.subscription_ended",
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
