//! Tenants' mail domains (unique by name across tenants), saved with
//! optimistic versions: a recheck and a DMARC change never overwrite each
//! other.
use super::{Repo, from_doc, to_doc};
use crate::domain::mail_domains::{DomainStatus, MailDomainRecord};
use crate::domain::model::Millis;
use crate::ports::store::{Filter, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn insert_mail_domain(&self, d: &MailDomainRecord) -> StoreResult<()> {
        self.store.insert(&c::MAIL_DOMAINS, to_doc(d)?).await
    }

    /// Saves `d` over the version it was read at, bumping it.
    pub async fn save_mail_domain(&self, d: &mut MailDomainRecord) -> StoreResult<()> {
        d.version += 1;
        d.updated_at = self.now();
        let saved = self.save(&c::MAIL_DOMAINS, d, d.version).await;
        if saved.is_err() {
            d.version -= 1;
        }
        saved
    }

    pub async fn mail_domain(&self, id: &str) -> StoreResult<Option<MailDomainRecord>> {
        self.by_id(&c::MAIL_DOMAINS, id).await
    }

    pub async fn mail_domain_by_name(&self, name: &str) -> StoreResult<Option<MailDomainRecord>> {
        self.one(
            &c::MAIL_DOMAINS,
            &[Filter::Eq("name", json!(name.to_ascii_lowercase()))],
        )
        .await
    }

    /// A tenant's domains, by name.
    pub async fn mail_domains_of(&self, tenant_id: &str) -> StoreResult<Vec<MailDomainRecord>> {
        let mut out: Vec<MailDomainRecord> = self
            .store
            .find(
                &c::MAIL_DOMAINS,
                &[Filter::Eq("tenant_id", json!(tenant_id))],
                None,
                500,
            )
            .await?
            .into_iter()
            .map(from_doc)
            .collect::<StoreResult<_>>()?;
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// How many of a tenant's domains need attention (the sidebar badge).
    pub async fn mail_domains_needing_attention(&self, tenant_id: &str) -> StoreResult<u64> {
        self.store
            .count(
                &c::MAIL_DOMAINS,
                &[
                    Filter::Eq("tenant_id", json!(tenant_id)),
                    Filter::Eq("status", json!(DomainStatus::NeedsAttention.as_str())),
                ],
            )
            .await
    }

    /// Domains whose scheduled check is due at `now` (at most `limit`).
    pub async fn mail_domains_due(
        &self,
        now: Millis,
        limit: usize,
    ) -> StoreResult<Vec<MailDomainRecord>> {
        self.store
            .find(
                &c::MAIL_DOMAINS,
                &[Filter::Below("next_check_at", now.saturating_add(1))],
                None,
                limit,
            )
            .await?
            .into_iter()
            .map(from_doc)
            .collect()
    }

    pub async fn delete_mail_domain(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::MAIL_DOMAINS, id).await
    }
}
