//! The storage adapters behind `app::ports::store::Store`: SQLite (embedded
//! default, a file in the data directory) and MongoDB (production). The store is
//! picked at run time from `DATABASE_URL`.
pub mod mongo;
pub mod sqlite;

use app::ports::store::{Collection, Store, StoreError};
use std::sync::Arc;

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreUrl {
    /// `sqlite://PATH` (relative to the working directory) or `sqlite::memory:`.
    Sqlite(String),
    /// `mongodb://…` or `mongodb+srv://…`; the database is the URL's path
    /// (default `dezky`).
    Mongo(String),
}

impl StoreUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.starts_with("mongodb://") || raw.starts_with("mongodb+srv://") {
            Ok(StoreUrl::Mongo(raw.to_owned()))
        } else if let Some(path) = raw
            .strip_prefix("sqlite://")
            .or(raw.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("has no file path (sqlite://data/dezky.db)".into());
            }
            Ok(StoreUrl::Sqlite(path.to_owned()))
        } else {
            Err("must start with sqlite:// or mongodb://".into())
        }
    }

    pub fn is_embedded(&self) -> bool {
        matches!(self, StoreUrl::Sqlite(_))
    }
}

/// Opens the configured store, creating tables / indexes as needed.
pub async fn open(url: &StoreUrl) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match url {
        StoreUrl::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(path).await?),
        StoreUrl::Mongo(uri) => Arc::new(mongo::MongoStore::connect(uri).await?),
    })
}

/// The name both backends give the unique index over `fields`.
fn index_name(c: &Collection, fields: &[&str]) -> String {
    let parts: Vec<String> = fields.iter().map(|f| f.replace('.', "_")).collect();
    format!("{}__{}", c.name, parts.join("__"))
}

/// The field a duplicate-key error is about, from the index name in the backend's
/// message.
fn duplicate_field(c: &Collection, message: &str) -> String {
    c.unique
        .iter()
        .find(|fields| message.contains(&index_name(c, fields)))
        .and_then(|fields| fields.first())
        .map_or_else(|| "id".to_owned(), |f| (*f).to_owned())
}

fn doc_version(doc: &serde_json::Value) -> Result<u64, StoreError> {
    doc.get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| StoreError::Backend("document without a version".into()))
}

fn doc_id(doc: &serde_json::Value) -> Result<String, StoreError> {
    doc.get("id")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| StoreError::Backend("document without an id".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_picks_the_store() {
        assert_eq!(
            StoreUrl::parse("sqlite://data/dezky.db"),
            Ok(StoreUrl::Sqlite("data/dezky.db".into()))
        );
        assert_eq!(
            StoreUrl::parse("sqlite::memory:"),
            Ok(StoreUrl::Sqlite(":memory:".into()))
        );
        assert!(matches!(
            StoreUrl::parse("mongodb://127.0.0.1:27017/dezky"),
            Ok(StoreUrl::Mongo(_))
        ));
        assert!(StoreUrl::parse("postgres://x").is_err());
        assert!(StoreUrl::parse("sqlite://").is_err());
    }
}
