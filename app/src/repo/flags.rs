//! Feature flags and their change history.
use super::{Repo, to_doc};
use crate::domain::flags::{Flag, FlagChange, FlagState, change_kind};
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};
use serde_json::json;

impl Repo {
    pub async fn flags(&self) -> StoreResult<Vec<Flag>> {
        let mut flags: Vec<Flag> = self.page(&c::FLAGS, &[], None, 500).await?.items;
        flags.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(flags)
    }

    pub async fn flag(&self, key: &str) -> StoreResult<Option<Flag>> {
        self.one(&c::FLAGS, &[Filter::Eq("key", json!(key))]).await
    }

    /// Creates or changes a flag and appends its history entry. `expected_version`
    /// is the version the editor saw (None to create).
    pub async fn put_flag(
        &self,
        key: &str,
        description: &str,
        state: FlagState,
        note: &str,
        actor: &str,
        expected_version: Option<u64>,
    ) -> StoreResult<(Option<Flag>, Flag, FlagChange)> {
        let now = self.now();
        let before = self.flag(key).await?;
        let flag = match (&before, expected_version) {
            (None, None) => {
                let flag = Flag {
                    id: self.new_id(),
                    key: key.to_owned(),
                    description: description.to_owned(),
                    state,
                    note: note.to_owned(),
                    updated_at: now,
                    updated_by: actor.to_owned(),
                    version: 1,
                };
                self.store.insert(&c::FLAGS, to_doc(&flag)?).await?;
                flag
            }
            (Some(old), Some(v)) if old.version == v => {
                let mut flag = old.clone();
                flag.description = description.to_owned();
                flag.state = state;
                flag.note = note.to_owned();
                flag.updated_at = now;
                flag.updated_by = actor.to_owned();
                flag.version = v + 1;
                self.save(&c::FLAGS, &flag, flag.version).await?;
                flag
            }
            (Some(_), None) => {
                return Err(StoreError::Duplicate {
                    field: "key".into(),
                });
            }
            (None, Some(_)) => return Err(StoreError::NotFound),
            (Some(_), Some(_)) => return Err(StoreError::VersionConflict),
        };
        let change = FlagChange {
            id: self.new_id(),
            flag_key: key.to_owned(),
            kind: change_kind(before.as_ref().map(|f| &f.state), Some(&flag.state), note),
            from: before.as_ref().map(|f| f.state.clone()),
            to: Some(flag.state.clone()),
            note: note.to_owned(),
            actor: actor.to_owned(),
            at: now,
        };
        self.store
            .insert(&c::FLAG_HISTORY, to_doc(&change)?)
            .await?;
        Ok((before, flag, change))
    }

    pub async fn remove_flag(&self, key: &str, actor: &str) -> StoreResult<FlagChange> {
        let flag = self.flag(key).await?.ok_or(StoreError::NotFound)?;
        if !self.store.delete(&c::FLAGS, &flag.id).await? {
            return Err(StoreError::NotFound);
        }
        let change = FlagChange {
            id: self.new_id(),
            flag_key: key.to_owned(),
            kind: change_kind(Some(&flag.state), None, ""),
            from: Some(flag.state),
            to: None,
            note: String::new(),
            actor: actor.to_owned(),
            at: self.now(),
        };
        self.store
            .insert(&c::FLAG_HISTORY, to_doc(&change)?)
            .await?;
        Ok(change)
    }

    /// Newest first.
    pub async fn flag_history(&self, key: &str) -> StoreResult<Vec<FlagChange>> {
        Ok(self
            .page(
                &c::FLAG_HISTORY,
                &[Filter::Eq("flag_key", json!(key))],
                None,
                500,
            )
            .await?
            .items)
    }
}
