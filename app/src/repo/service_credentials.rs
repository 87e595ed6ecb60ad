//! Credentials dezky obtained for a system that offers no service-account
//! grant: the files server (OCIS) trusts only its identity provider's tokens,
//! so one sign-in of a service user yields a refresh token, and every use
//! rotates it. Tokens are stored sealed (the server seals and opens them; the
//! repository never sees them in clear). Every server instance reads the
//! same record: a refresh is taken under a lease (a record of its own,
//! created by an insert, which every backend makes atomic on the id), so two
//! instances never spend one refresh token twice (a provider that rotates
//! revokes the grant on a replay).
use super::{Repo, to_doc};
use crate::domain::model::Millis;
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCredential {
    /// The system (`files`).
    pub id: String,
    /// Whom the tokens belong to (the provider's `sub`), for operators.
    pub subject: String,
    /// Sealed refresh token.
    pub refresh_token: String,
    /// Sealed access token, shared by the instances until it expires.
    pub access_token: Option<String>,
    pub access_expires_at: Millis,
    /// When the bootstrap sign-in happened.
    pub obtained_at: Millis,
    /// When the refresh token was last rotated.
    pub rotated_at: Millis,
    pub version: u64,
}

impl Repo {
    pub async fn service_credential(&self, id: &str) -> StoreResult<Option<ServiceCredential>> {
        self.by_id(&c::SERVICE_CREDENTIALS, id).await
    }

    /// Stores a freshly bootstrapped credential, replacing any older one.
    pub async fn put_service_credential(
        &self,
        mut credential: ServiceCredential,
    ) -> StoreResult<()> {
        loop {
            match self.service_credential(&credential.id).await? {
                None => {
                    credential.version = 1;
                    match self
                        .store
                        .insert(&c::SERVICE_CREDENTIALS, to_doc(&credential)?)
                        .await
                    {
                        Err(StoreError::Duplicate { .. }) => continue,
                        other => return other,
                    }
                }
                Some(old) => {
                    credential.version = old.version + 1;
                    match self
                        .save(&c::SERVICE_CREDENTIALS, &credential, credential.version)
                        .await
                    {
                        Err(StoreError::VersionConflict) => continue,
                        other => return other,
                    }
                }
            }
        }
    }

    /// Writes `credential` over the version it was read at (its `version`
    /// field is that version); `VersionConflict` when another instance wrote
    /// first. Returns the new version.
    pub async fn update_service_credential(
        &self,
        credential: &ServiceCredential,
    ) -> StoreResult<ServiceCredential> {
        let next = ServiceCredential {
            version: credential.version + 1,
            ..credential.clone()
        };
        self.save(&c::SERVICE_CREDENTIALS, &next, next.version)
            .await?;
        Ok(next)
    }

    /// Takes the refresh lease of credential `id` until `until` (ms); false
    /// while another holder's lease runs. A lapsed lease (its holder died)
    /// is removed and taken.
    pub async fn take_credential_lease(&self, id: &str, until: Millis) -> StoreResult<bool> {
        let lease_id = format!("{id}.lease");
        for _ in 0..3 {
            let doc = serde_json::json!({ "id": lease_id, "until": until, "version": 1 });
            match self.store.insert(&c::SERVICE_CREDENTIALS, doc).await {
                Ok(()) => return Ok(true),
                Err(StoreError::Duplicate { .. }) => {}
                Err(e) => return Err(e),
            }
            let Some(held) = self.store.get(&c::SERVICE_CREDENTIALS, &lease_id).await? else {
                continue;
            };
            let held_until = held
                .get("until")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0);
            if held_until > self.now() {
                return Ok(false);
            }
            // Lapsed: remove exactly that lease (not a newer one) and retry.
            self.store
                .delete_where(
                    &c::SERVICE_CREDENTIALS,
                    &[
                        Filter::Eq("id", serde_json::Value::String(lease_id.clone())),
                        Filter::Eq("until", serde_json::Value::from(held_until)),
                    ],
                )
                .await?;
        }
        Ok(false)
    }

    pub async fn release_credential_lease(&self, id: &str) -> StoreResult<()> {
        self.store
            .delete(&c::SERVICE_CREDENTIALS, &format!("{id}.lease"))
            .await
            .map(|_| ())
    }
}
