//! Partners: validated on every write; the slug never changes.
use super::{Page, Repo, checked, to_doc};
use crate::domain::model::Partner;
use crate::domain::validate;
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn insert_partner(&self, partner: &Partner) -> StoreResult<()> {
        checked(validate::partner(partner))?;
        self.store.insert(&c::PARTNERS, to_doc(partner)?).await
    }

    pub async fn partner(&self, id: &str) -> StoreResult<Option<Partner>> {
        self.by_id(&c::PARTNERS, id).await
    }

    pub async fn partner_by_slug(&self, slug: &str) -> StoreResult<Option<Partner>> {
        self.one(&c::PARTNERS, &[Filter::Eq("slug", json!(slug))])
            .await
    }

    pub async fn partners(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<Partner>> {
        self.page(&c::PARTNERS, &[], after, limit).await
    }

    pub async fn save_partner(&self, partner: &mut Partner) -> StoreResult<()> {
        checked(validate::partner(partner))?;
        let stored = self
            .partner(&partner.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        checked(validate::slug_unchanged(&stored.slug, &partner.slug))?;
        partner.version += 1;
        partner.updated_at = self.now();
        self.save(&c::PARTNERS, partner, partner.version).await
    }

    pub async fn count_partners(&self) -> StoreResult<u64> {
        self.store.count(&c::PARTNERS, &[]).await
    }
}
