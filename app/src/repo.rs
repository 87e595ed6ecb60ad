//! The repository: typed operations over the storage port, written once for
//! every backend, one file per aggregate (users, partners, tenants, sessions,
//! flags, audit). Only services call it; server functions never do.
//!
//! Rules that span records (who may be added, what a change means) belong to the
//! services; the repository keeps what the stored shape requires: validation on
//! write, optimistic versions, and cursor pagination.
mod access_grants;
mod audit;
mod audit_ingest;
mod billing_events;
mod flags;
mod logos;
mod mail_domains;
mod partners;
mod provisioning_jobs;
mod request_cache;
mod revenue;
mod service_credentials;
mod sessions;
mod tenants;
mod users;

pub use crate::ports::clock::Clock;
pub use audit::{AuditChainState, audit_id};
pub use audit_ingest::IngestCursor;
pub use billing_events::BillingEvent;
pub use logos::StoredLogo;
pub use request_cache::RequestCache;
pub use service_credentials::ServiceCredential;
pub use sessions::{PendingLogin, Session};
pub use users::{MembershipChange, PENDING_ISSUER};

use crate::domain::model::Millis;
use crate::ports::store::{Collection, Filter, Store, StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// Identity claims from a verified ID token.
#[derive(Clone, Debug)]
pub struct SignedInIdentity {
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub name: String,
}

/// One page of a cursor-paginated list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

fn checked(rule: Result<(), crate::domain::validate::FieldError>) -> StoreResult<()> {
    rule.map_err(|e| StoreError::Invalid {
        field: e.field.to_owned(),
        reason: e.reason.to_owned(),
    })
}

fn to_doc<T: Serialize>(value: &T) -> StoreResult<Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Backend(format!("encode: {e}")))
}

fn from_doc<T: DeserializeOwned>(value: Value) -> StoreResult<T> {
    serde_json::from_value(value).map_err(|e| StoreError::Backend(format!("decode: {e}")))
}

#[derive(Clone)]
pub struct Repo {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// This process's view of the audit chain head (see `services::audit::chain`).
    audit_chain: Arc<AuditChainState>,
}

impl Repo {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            audit_chain: Arc::default(),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    pub fn new_id(&self) -> String {
        self.clock.new_id()
    }

    pub fn audit_chain(&self) -> &AuditChainState {
        &self.audit_chain
    }

    async fn one<T: DeserializeOwned>(
        &self,
        col: &Collection,
        filters: &[Filter],
    ) -> StoreResult<Option<T>> {
        let mut found = self.store.find(col, filters, None, 1).await?;
        found.pop().map(from_doc).transpose()
    }

    async fn by_id<T: DeserializeOwned>(
        &self,
        col: &Collection,
        id: &str,
    ) -> StoreResult<Option<T>> {
        self.store.get(col, id).await?.map(from_doc).transpose()
    }

    async fn page<T: DeserializeOwned>(
        &self,
        col: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<T>> {
        let limit = limit.clamp(1, 500);
        let mut docs = self.store.find(col, filters, after, limit + 1).await?;
        let more = docs.len() > limit;
        docs.truncate(limit);
        let next = if more {
            docs.last()
                .and_then(|d| d.get("id"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        } else {
            None
        };
        let items = docs
            .into_iter()
            .map(from_doc)
            .collect::<StoreResult<Vec<T>>>()?;
        Ok(Page { items, next })
    }

    /// Writes `doc` over the stored version `doc.version - 1`.
    async fn save<T: Serialize>(
        &self,
        col: &Collection,
        record: &T,
        version: u64,
    ) -> StoreResult<()> {
        self.store
            .replace(col, to_doc(record)?, version.saturating_sub(1))
            .await
    }
}
