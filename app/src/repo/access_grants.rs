//! Partners' access grants to customers, saved with optimistic versions (an
//! approval and a revocation never overwrite each other).
use super::{Repo, from_doc, to_doc};
use crate::domain::access::AccessGrant;
use crate::ports::store::{Filter, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn insert_grant(&self, g: &AccessGrant) -> StoreResult<()> {
        self.store.insert(&c::ACCESS_GRANTS, to_doc(g)?).await
    }

    /// Saves `g` over the version it was read at, bumping it.
    pub async fn save_grant(&self, g: &mut AccessGrant) -> StoreResult<()> {
        g.version += 1;
        let saved = self.save(&c::ACCESS_GRANTS, g, g.version).await;
        if saved.is_err() {
            g.version -= 1;
        }
        saved
    }

    pub async fn grant(&self, id: &str) -> StoreResult<Option<AccessGrant>> {
        self.by_id(&c::ACCESS_GRANTS, id).await
    }

    /// A customer's grants, newest first (at most 200).
    pub async fn grants_of_tenant(&self, tenant_id: &str) -> StoreResult<Vec<AccessGrant>> {
        self.grants_where(Filter::Eq("tenant_id", json!(tenant_id)))
            .await
    }

    /// Removes a purged customer's grants.
    pub async fn delete_grants_of_tenant(&self, tenant_id: &str) -> StoreResult<u64> {
        self.store
            .delete_where(
                &c::ACCESS_GRANTS,
                &[Filter::Eq("tenant_id", json!(tenant_id))],
            )
            .await
    }

    /// A partner's grants across its customers, newest first (at most 200).
    pub async fn grants_of_partner(&self, partner_id: &str) -> StoreResult<Vec<AccessGrant>> {
        self.grants_where(Filter::Eq("partner_id", json!(partner_id)))
            .await
    }

    async fn grants_where(&self, filter: Filter) -> StoreResult<Vec<AccessGrant>> {
        let mut out: Vec<AccessGrant> = self
            .store
            .find(&c::ACCESS_GRANTS, &[filter], None, 200)
            .await?
            .into_iter()
            .map(from_doc)
            .collect::<StoreResult<_>>()?;
        out.sort_by_key(|g| std::cmp::Reverse(g.requested_at));
        Ok(out)
    }
}
