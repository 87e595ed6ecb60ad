//! Uploaded logos. An id names one owner and one content (`{slug}-{hash}`), so
//! a stored logo never changes: it is served with a year-long cache, and a
//! new upload is a new id.
use super::{Repo, to_doc};
use crate::domain::model::Millis;
use crate::ports::store::{StoreError, StoreResult, collections as c};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLogo {
    pub id: String,
    /// `partner:{id}`.
    pub owner: String,
    /// From the bytes (`domain::logo::check`), never from the upload.
    pub content_type: String,
    /// The bytes, standard base64.
    pub data: String,
    pub size: u64,
    pub created_at: Millis,
    pub version: u64,
}

impl Repo {
    /// Stores a logo; the same owner uploading the same bytes again finds
    /// it stored already, which is fine.
    pub async fn put_logo(&self, logo: &StoredLogo) -> StoreResult<()> {
        match self.store.insert(&c::LOGOS, to_doc(logo)?).await {
            Err(StoreError::Duplicate { .. }) => Ok(()),
            other => other,
        }
    }

    pub async fn logo(&self, id: &str) -> StoreResult<Option<StoredLogo>> {
        self.by_id(&c::LOGOS, id).await
    }

    pub async fn delete_logo(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::LOGOS, id).await
    }
}
