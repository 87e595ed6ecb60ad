//! Payment-provider webhook events, recorded once each: Stripe delivers at
//! least once (and an attacker may replay a capture within the tolerance), so
//! the event id is the record's id and a second delivery changes nothing.
use super::{Repo, to_doc};
use crate::domain::model::Millis;
use crate::ports::store::{StoreError, StoreResult, collections as c};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingEvent {
    /// The provider's event id (`evt_...`).
    pub id: String,
    /// `invoice.paid`, `customer.subscription.updated`, ...
    pub kind: String,
    /// The object the event is about (`in_...`, `sub_...`), when it has an id.
    pub object_id: Option<String>,
    /// Unix seconds, as the provider stamped it.
    pub created: i64,
    pub livemode: bool,
    pub received_at: Millis,
    pub version: u64,
}

impl Repo {
    /// True when the event is new; false when it was recorded before.
    pub async fn record_billing_event(&self, event: &BillingEvent) -> StoreResult<bool> {
        match self.store.insert(&c::BILLING_EVENTS, to_doc(event)?).await {
            Ok(()) => Ok(true),
            Err(StoreError::Duplicate { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Forgets an event that could not be acted on, so the provider's retry
    /// is taken as new.
    pub async fn forget_billing_event(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::BILLING_EVENTS, id).await
    }

    pub async fn billing_event(&self, id: &str) -> StoreResult<Option<BillingEvent>> {
        self.by_id(&c::BILLING_EVENTS, id).await
    }
}
