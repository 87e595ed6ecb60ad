//! Users: found by their IdP identity, created on first sign-in, or made by
//! an admin before it (provisioning) and linked at that first sign-in by the
//! address the identity provider vouches for (dezky created that account).
use super::{Page, Repo, SignedInIdentity, to_doc};
use crate::domain::model::{PartnerLink, TenantMembership, TenantRole, User};
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde_json::json;

/// The issuer of a user provisioned before their first sign-in; the
/// subject is their address until then.
pub const PENDING_ISSUER: &str = "pending";

impl Repo {
    /// A user not yet stored, active, with these memberships.
    fn fresh_user(
        &self,
        issuer: &str,
        subject: &str,
        email: &str,
        name: &str,
        tenant_roles: Vec<TenantMembership>,
    ) -> User {
        let now = self.now();
        User {
            id: self.new_id(),
            issuer: issuer.to_owned(),
            subject: subject.to_owned(),
            email: email.to_owned(),
            name: name.to_owned(),
            platform_admin: false,
            active: true,
            tenant_roles,
            tenant_ids: vec![],
            partner: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

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
                    // Provisioned by an admin: this is its first sign-in.
                    if let Some(mut pending) = self
                        .user_by_identity(PENDING_ISSUER, &who.email.to_ascii_lowercase())
                        .await?
                    {
                        pending.issuer.clone_from(&who.issuer);
                        pending.subject.clone_from(&who.subject);
                        pending.name.clone_from(&who.name);
                        match self.save_user(&mut pending).await {
                            Err(StoreError::VersionConflict | StoreError::Duplicate { .. }) => {
                                continue;
                            }
                            other => return other.map(|()| pending),
                        }
                    }
                    let mut user =
                        self.fresh_user(&who.issuer, &who.subject, &who.email, &who.name, vec![]);
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

    /// Gives the person with this address `role` in the tenant: an existing
    /// user (signed in before, from any tenant) keeps their identity; a new
    /// one waits for their first sign-in. Idempotent.
    pub async fn add_member_by_email(
        &self,
        tenant_id: &str,
        email: &str,
        name: &str,
        role: TenantRole,
    ) -> StoreResult<User> {
        let email = email.to_ascii_lowercase();
        for _ in 0..3 {
            let existing = self.users_by_email(&email).await?;
            // A signed-in identity first, else the pending record.
            let found = existing
                .iter()
                .find(|u| u.issuer != PENDING_ISSUER)
                .or_else(|| existing.first())
                .cloned();
            match found {
                Some(mut user) => {
                    if user.membership(tenant_id).is_some() {
                        return Ok(user);
                    }
                    user.tenant_roles.push(TenantMembership {
                        tenant_id: tenant_id.to_owned(),
                        role,
                        suspended: false,
                    });
                    match self.save_user(&mut user).await {
                        Err(StoreError::VersionConflict) => continue,
                        other => return other.map(|()| user),
                    }
                }
                None => {
                    let mut user = self.fresh_user(
                        PENDING_ISSUER,
                        &email,
                        &email,
                        name,
                        vec![TenantMembership {
                            tenant_id: tenant_id.to_owned(),
                            role,
                            suspended: false,
                        }],
                    );
                    match self.insert_user(&mut user).await {
                        Err(StoreError::Duplicate { .. }) => continue,
                        other => return other.map(|()| user),
                    }
                }
            }
        }
        Err(StoreError::VersionConflict)
    }

    /// Every platform admin, invited ones included.
    pub async fn operators(&self) -> StoreResult<Vec<User>> {
        self.users_where(Filter::Eq("platform_admin", json!(true)))
            .await
    }

    /// A person invited before their first sign-in (linked to their identity
    /// then, by address): an operator, or partner staff.
    pub async fn insert_pending_user(
        &self,
        email: &str,
        name: &str,
        platform_admin: bool,
        partner: Option<PartnerLink>,
    ) -> StoreResult<User> {
        let email = email.to_ascii_lowercase();
        let mut user = self.fresh_user(PENDING_ISSUER, &email, &email, name, vec![]);
        user.platform_admin = platform_admin;
        user.partner = partner;
        self.insert_user(&mut user).await?;
        Ok(user)
    }

    /// Up to 500 users matching `filter` (teams: operators, a partner's staff).
    async fn users_where(&self, filter: Filter) -> StoreResult<Vec<User>> {
        self.store
            .find(&c::USERS, &[filter], None, 500)
            .await?
            .into_iter()
            .map(super::from_doc)
            .collect()
    }

    /// A partner's staff, invited ones included.
    pub async fn users_of_partner(&self, partner_id: &str) -> StoreResult<Vec<User>> {
        self.users_where(Filter::Eq("partner.partner_id", json!(partner_id)))
            .await
    }

    /// Every record with this address (in lower case): a signed-in identity,
    /// a record waiting for the first sign-in, or both.
    pub async fn users_by_email(&self, email: &str) -> StoreResult<Vec<User>> {
        self.store
            .find(&c::USERS, &[Filter::Eq("email", json!(email))], None, 10)
            .await?
            .into_iter()
            .map(super::from_doc)
            .collect()
    }

    /// The member of `tenant_id` with this address (suspended or not).
    pub async fn member_by_email(&self, tenant_id: &str, email: &str) -> StoreResult<Option<User>> {
        Ok(self
            .users_of_tenant(tenant_id)
            .await?
            .into_iter()
            .find(|u| u.email.eq_ignore_ascii_case(email)))
    }

    /// Changes the membership of `user_id` in `tenant_id` (suspend, resume,
    /// a new role, or removal); a change that is already so is a no-op.
    pub async fn change_membership(
        &self,
        user_id: &str,
        tenant_id: &str,
        change: MembershipChange,
    ) -> StoreResult<User> {
        for _ in 0..3 {
            let mut user = self.user(user_id).await?.ok_or(StoreError::NotFound)?;
            let Some(at) = user
                .tenant_roles
                .iter()
                .position(|m| m.tenant_id == tenant_id)
            else {
                if change == MembershipChange::Remove {
                    return Ok(user);
                }
                return Err(StoreError::NotFound);
            };
            let m = &mut user.tenant_roles[at];
            match change {
                MembershipChange::Suspended(s) if m.suspended != s => m.suspended = s,
                MembershipChange::Role(r) if m.role != r => m.role = r,
                MembershipChange::Remove => {
                    user.tenant_roles.remove(at);
                }
                _ => return Ok(user),
            }
            match self.save_user(&mut user).await {
                Err(StoreError::VersionConflict) => continue,
                other => return other.map(|()| user),
            }
        }
        Err(StoreError::VersionConflict)
    }
}

/// What `change_membership` does to one membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipChange {
    Suspended(bool),
    Role(TenantRole),
    Remove,
}
