//! Where each external system's audit feed was read up to, with its health:
//! one record per source (id = the source's wire name), written with
//! compare-and-set so one server instance at a time reads a feed (the lease
//! fields) and a cursor never moves back.
use super::{Repo, to_doc};
use crate::domain::audit::{FeedHealth, Source};
use crate::domain::model::Millis;
use crate::ports::store::{StoreError, StoreResult, collections as c};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestCursor {
    /// The source's wire name (`authentik`).
    pub id: String,
    /// The time of the newest entry consumed, and the ids consumed at that
    /// time (entries of one instant are told apart by id).
    pub at: Millis,
    pub ids: Vec<String>,
    /// The offset of the page the next read starts at (a hint: the ingest
    /// steps back when the log's head was trimmed).
    pub offset: u64,
    /// For a feed ordered by position: the file read (`LogFile::id`).
    #[serde(default)]
    pub log: Option<String>,
    /// Every event of this source appended before this seq is covered by
    /// the cursor; later ones may not be (an ingest stopped between its
    /// append and its save) and are looked up before appending again.
    pub chain_seq: u64,
    /// How the feed is doing (what the Infrastructure page shows).
    pub health: FeedHealth,
    /// The instance reading the feed, until `lease_until`.
    pub holder: String,
    pub lease_until: Millis,
    pub version: u64,
}

impl Repo {
    pub async fn ingest_cursor(&self, source: Source) -> StoreResult<Option<IngestCursor>> {
        self.by_id(&c::AUDIT_INGEST, source.as_str()).await
    }

    pub async fn ingest_cursors(&self) -> StoreResult<Vec<IngestCursor>> {
        let mut out = Vec::new();
        for source in [Source::Authentik, Source::Stalwart, Source::Ocis] {
            out.extend(self.ingest_cursor(source).await?);
        }
        Ok(out)
    }

    /// Writes `cursor` over the version it was read at (`version`, 0 for a
    /// new one); `VersionConflict` when another instance wrote first.
    /// Returns the cursor at its new version.
    pub async fn save_ingest_cursor(&self, cursor: &IngestCursor) -> StoreResult<IngestCursor> {
        let next = IngestCursor {
            version: cursor.version + 1,
            ..cursor.clone()
        };
        if cursor.version == 0 {
            match self.store.insert(&c::AUDIT_INGEST, to_doc(&next)?).await {
                Err(StoreError::Duplicate { .. }) => return Err(StoreError::VersionConflict),
                other => other?,
            }
        } else {
            self.save(&c::AUDIT_INGEST, &next, next.version).await?;
        }
        Ok(next)
    }
}
