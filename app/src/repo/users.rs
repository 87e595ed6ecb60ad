//! Users: found by their IdP identity, created on first sign-in.
use super::{Page, Repo, SignedInIdentity, to_doc};
use crate::domain::model::User;
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        self.by_id(&c::USERS, id).await
    }

    pub async fn user_by_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<User>> {
        self.one(
            &c::USERS,
            &[
                Filter::Eq("issuer", json!(issuer)),
                Filter::Eq("subject", json!(subject)),
            ],
        )
        .await
    }

    pub async fn insert_user(&self, user: &mut User) -> StoreResult<()> {
        user.sync_tenant_ids();
        self.store.insert(&c::USERS, to_doc(user)?).await
    }

    /// Saves a changed user (optimistic: fails with `VersionConflict` if someone
    /// saved first). Bumps the version and the updated time.
    pub async fn save_user(&self, user: &mut User) -> StoreResult<()> {
        user.sync_tenant_ids();
        user.version += 1;
        user.updated_at = self.now();
        self.save(&c::USERS, user, user.version).await
    }

    /// The user of a verified sign-in: found by (issuer, subject), created on
    /// first sign-in, with email and name refreshed from the IdP.
    pub async fn upsert_signed_in_user(&self, who: &SignedInIdentity) -> StoreResult<User> {
        for _ in 0..3 {
            match self.user_by_identity(&who.issuer, &who.subject).await? {
                Some(mut user) => {
                    if user.email == who.email && user.name == who.name {
                        return Ok(user);
                    }
                    user.email.clone_from(&who.email);
                    user.name.clone_from(&who.name);
                    match self.save_user(&mut user).await {
                        Err(StoreError::VersionConflict) => continue,
                        other => return other.map(|()| user),
                    }
                }
                None => {
                    let now = self.now();
                    let mut user = User {
                        id: self.new_id(),
                        issuer: who.issuer.clone(),
                        subject: who.subject.clone(),
                        email: who.email.clone(),
                        name: who.name.clone(),
                        platform_admin: false,
                        active: true,
                        tenant_roles: vec![],
                        tenant_ids: vec![],
                        partner: None,
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    };
                    match self.insert_user(&mut user).await {
                        Err(StoreError::Duplicate { .. }) => continue,
                        other => return other.map(|()| user),
                    }
                }
            }
        }
        Err(StoreError::VersionConflict)
    }

    pub async fn users(&self, after: Option<&str>, limit: usize) -> StoreResult<Page<User>> {
        self.page(&c::USERS, &[], after, limit).await
    }

    pub async fn users_of_tenant(&self, tenant_id: &str) -> StoreResult<Vec<User>> {
        Ok(self
            .page(
                &c::USERS,
                &[Filter::Contains("tenant_ids", json!(tenant_id))],
                None,
                500,
            )
            .await?
            .items)
    }

    pub async fn count_users(&self) -> StoreResult<u64> {
        self.store.count(&c::USERS, &[]).await
    }
}
