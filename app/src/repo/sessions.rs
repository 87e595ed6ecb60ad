//! Signed-in sessions and sign-ins in progress.
use super::{Repo, to_doc};
use crate::domain::model::{ClientKind, Millis};
use crate::ports::store::{Filter, StoreResult, collections as c};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt;

/// A signed-in browser. The id is the SHA-256 of the cookie's token, so the
/// store never holds a usable session token.
#[derive(Clone, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub client: ClientKind,
    pub groups: Vec<String>,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub access_expires_at: Millis,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    /// The absolute timeout.
    pub expires_at: Millis,
    /// Where and with what the person signed in (shown to them in "My
    /// sessions"; older sessions have neither).
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub user_agent: String,
    pub version: u64,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("client", &self.client)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A sign-in in progress, bound to one browser by a cookie holding its id.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub id: String,
    pub client: ClientKind,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: Millis,
    pub version: u64,
}

impl Repo {
    pub async fn insert_session(&self, session: &Session) -> StoreResult<()> {
        self.store.insert(&c::SESSIONS, to_doc(session)?).await
    }

    pub async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        self.by_id(&c::SESSIONS, id).await
    }

    pub async fn save_session(&self, session: &mut Session) -> StoreResult<()> {
        session.version += 1;
        self.save(&c::SESSIONS, session, session.version).await
    }

    pub async fn delete_session(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::SESSIONS, id).await
    }

    /// A user's sessions (at most 100: a person has a handful).
    pub async fn sessions_of_user(&self, user_id: &str) -> StoreResult<Vec<Session>> {
        self.store
            .find(
                &c::SESSIONS,
                &[Filter::Eq("user_id", json!(user_id))],
                None,
                100,
            )
            .await?
            .into_iter()
            .map(super::from_doc)
            .collect()
    }

    /// Ends every session of a user (deactivation, forced sign-out).
    pub async fn delete_sessions_of_user(&self, user_id: &str) -> StoreResult<u64> {
        self.store
            .delete_where(&c::SESSIONS, &[Filter::Eq("user_id", json!(user_id))])
            .await
    }

    pub async fn insert_login(&self, login: &PendingLogin) -> StoreResult<()> {
        self.store.insert(&c::LOGINS, to_doc(login)?).await
    }

    /// Takes a pending sign-in exactly once: a second take (a replayed callback)
    /// finds nothing.
    pub async fn take_login(&self, id: &str) -> StoreResult<Option<PendingLogin>> {
        let Some(login) = self.by_id::<PendingLogin>(&c::LOGINS, id).await? else {
            return Ok(None);
        };
        Ok(self.store.delete(&c::LOGINS, id).await?.then_some(login))
    }

    /// Deletes the sessions past their absolute timeout at `now`, or idle since
    /// before `idle_cutoff`; returns how many went.
    pub async fn delete_dead_sessions(&self, now: Millis, idle_cutoff: Millis) -> StoreResult<u64> {
        let expired = self
            .store
            .delete_where(&c::SESSIONS, &[Filter::Below("expires_at", now)])
            .await?;
        let idle = self
            .store
            .delete_where(&c::SESSIONS, &[Filter::Below("last_seen_at", idle_cutoff)])
            .await?;
        Ok(expired + idle)
    }

    /// Deletes the sign-ins started before `cutoff` and never completed.
    pub async fn delete_logins_before(&self, cutoff: Millis) -> StoreResult<u64> {
        self.store
            .delete_where(&c::LOGINS, &[Filter::Below("created_at", cutoff)])
            .await
    }
}
