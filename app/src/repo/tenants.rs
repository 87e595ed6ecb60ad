//! Tenants: validated on every write; the slug never changes.
use super::{Page, Repo, checked, to_doc};
use crate::domain::model::Tenant;
use crate::domain::validate;
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn insert_tenant(&self, tenant: &Tenant) -> StoreResult<()> {
        checked(validate::tenant(tenant))?;
        self.store.insert(&c::TENANTS, to_doc(tenant)?).await
    }

    pub async fn tenant(&self, id: &str) -> StoreResult<Option<Tenant>> {
        self.by_id(&c::TENANTS, id).await
    }

    pub async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
        self.one(&c::TENANTS, &[Filter::Eq("slug", json!(slug))])
            .await
    }

    /// The tenant whose primary (mail) domain this is, if any.
    pub async fn tenant_by_domain(&self, domain: &str) -> StoreResult<Option<Tenant>> {
        self.one(
            &c::TENANTS,
            &[Filter::Eq(
                "primary_domain",
                json!(domain.to_ascii_lowercase()),
            )],
        )
        .await
    }

    /// The tenant whose payment-provider customer this is, if any.
    pub async fn tenant_by_customer(&self, customer_id: &str) -> StoreResult<Option<Tenant>> {
        self.one(
            &c::TENANTS,
            &[Filter::Eq(
                "billing_account.customer_id",
                json!(customer_id),
            )],
        )
        .await
    }

    pub async fn tenants(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<Tenant>> {
        self.page(&c::TENANTS, &[], after, limit).await
    }

    /// Every tenant (of `partner_id` when given), read page by page.
    pub async fn all_tenants(&self, partner_id: Option<&str>) -> StoreResult<Vec<Tenant>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = match partner_id {
                None => self.tenants(after.as_deref(), 500).await?,
                Some(p) => self.tenants_of_partner(p, after.as_deref(), 500).await?,
            };
            out.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => return Ok(out),
            }
        }
    }

    pub async fn tenants_of_partner(
        &self,
        partner_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Page<Tenant>> {
        self.page(
            &c::TENANTS,
            &[Filter::Eq("partner_id", json!(partner_id))],
            after,
            limit,
        )
        .await
    }

    pub async fn save_tenant(&self, tenant: &mut Tenant) -> StoreResult<()> {
        checked(validate::tenant(tenant))?;
        let stored = self.tenant(&tenant.id).await?.ok_or(StoreError::NotFound)?;
        checked(validate::slug_unchanged(&stored.slug, &tenant.slug))?;
        tenant.version += 1;
        tenant.updated_at = self.now();
        self.save(&c::TENANTS, tenant, tenant.version).await
    }

    /// Removes a purged tenant's record for good (its slug is free again).
    pub async fn delete_tenant(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::TENANTS, id).await
    }

    pub async fn count_tenants(&self) -> StoreResult<u64> {
        self.store.count(&c::TENANTS, &[]).await
    }
}
