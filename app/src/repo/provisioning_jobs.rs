//! Provisioning jobs, saved after every step (optimistic versions: one
//! runner at a time; a second "Retry" of the same job gets a conflict).
use super::{Repo, to_doc};
use crate::domain::provisioning::ProvisioningJob;
use crate::ports::store::{Filter, StoreResult, collections as c};

impl Repo {
    pub async fn insert_job(&self, job: &ProvisioningJob) -> StoreResult<()> {
        self.store.insert(&c::PROVISIONING_JOBS, to_doc(job)?).await
    }

    /// Saves `job` over the version it was read at, bumping it.
    pub async fn save_job(&self, job: &mut ProvisioningJob) -> StoreResult<()> {
        job.version += 1;
        job.updated_at = self.now();
        let saved = self.save(&c::PROVISIONING_JOBS, job, job.version).await;
        if saved.is_err() {
            job.version -= 1;
        }
        saved
    }

    pub async fn job(&self, id: &str) -> StoreResult<Option<ProvisioningJob>> {
        self.by_id(&c::PROVISIONING_JOBS, id).await
    }

    /// Jobs still marked running whose last step finished before `cutoff`.
    pub async fn running_jobs_before(&self, cutoff: i64) -> StoreResult<Vec<ProvisioningJob>> {
        self.store
            .find(
                &c::PROVISIONING_JOBS,
                &[
                    Filter::Eq("status", "running".into()),
                    Filter::Below("updated_at", cutoff),
                ],
                None,
                200,
            )
            .await?
            .into_iter()
            .map(super::from_doc)
            .collect()
    }

    /// A tenant's jobs, newest first (at most `limit`).
    pub async fn jobs_of_tenant(
        &self,
        tenant_id: &str,
        limit: usize,
    ) -> StoreResult<Vec<ProvisioningJob>> {
        let mut jobs: Vec<ProvisioningJob> = self
            .store
            .find(
                &c::PROVISIONING_JOBS,
                &[Filter::Eq("tenant_id", tenant_id.into())],
                None,
                500,
            )
            .await?
            .into_iter()
            .map(super::from_doc)
            .collect::<StoreResult<_>>()?;
        jobs.sort_by_key(|j| std::cmp::Reverse(j.created_at));
        jobs.truncate(limit);
        Ok(jobs)
    }
}
