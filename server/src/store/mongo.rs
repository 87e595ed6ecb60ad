//! The production store: MongoDB through the official driver. Kept within what
//! FerretDB (our CI stand-in) also supports: single-document atomic operations
//! (compare-and-set is a filtered replace / findOneAndUpdate), plain indexes.
use super::{doc_id, doc_version, duplicate_field, index_name};
use app::ports::store::{Collection, Filter, Store, StoreError, StoreResult, collections::ALL};
use async_trait::async_trait;
use mongodb::bson::{self, Bson, Document, doc};
use mongodb::options::IndexOptions;
use mongodb::{Client, Database, IndexModel};
use serde_json::Value;

pub struct MongoStore {
    db: Database,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn is_duplicate(e: &mongodb::error::Error) -> bool {
    use mongodb::error::{ErrorKind, WriteFailure};
    match e.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(w)) => w.code == 11000,
        ErrorKind::Command(c) => c.code == 11000,
        _ => e.to_string().contains("E11000"),
    }
}

impl MongoStore {
    /// Maps a write error; for a duplicate key names the field. MongoDB names the
    /// index in its message, FerretDB does not: then the unique keys are probed
    /// with the rejected document's values.
    async fn write_error(
        &self,
        c: &Collection,
        doc: &Document,
        e: mongodb::error::Error,
    ) -> StoreError {
        if !is_duplicate(&e) {
            return backend(e);
        }
        let message = e.to_string();
        if c.unique
            .iter()
            .any(|key| message.contains(&index_name(c, key)))
        {
            return StoreError::Duplicate {
                field: duplicate_field(c, &message),
            };
        }
        let id = doc.get("_id").cloned().unwrap_or(Bson::Null);
        for key in c.unique {
            let mut probe: Document = key
                .iter()
                .map(|f| ((*f).to_owned(), doc.get(*f).cloned().unwrap_or(Bson::Null)))
                .collect();
            probe.insert("_id", doc! { "$ne": id.clone() });
            if let Ok(Some(_)) = self.col(c).find_one(probe).await {
                return StoreError::Duplicate {
                    field: key.first().map_or("id", |f| *f).to_owned(),
                };
            }
        }
        StoreError::Duplicate { field: "id".into() }
    }
}

/// JSON document -> BSON with `id` stored as `_id`.
fn to_bson(doc: Value) -> StoreResult<Document> {
    let mut d = bson::to_document(&doc).map_err(backend)?;
    if let Some(id) = d.remove("id") {
        d.insert("_id", id);
    }
    Ok(d)
}

fn from_bson(mut d: Document) -> StoreResult<Value> {
    if let Some(id) = d.remove("_id") {
        d.insert("id", id);
    }
    let value: Value = bson::from_document(d).map_err(backend)?;
    Ok(value)
}

/// Every document of a cursor, as JSON.
async fn collect(cursor: &mut mongodb::Cursor<Document>) -> StoreResult<Vec<Value>> {
    let mut out = Vec::new();
    while cursor.advance().await.map_err(backend)? {
        out.push(from_bson(cursor.deserialize_current().map_err(backend)?)?);
    }
    Ok(out)
}

/// Documents whose id sorts after `after` (all without one).
fn ids_after(after: Option<&str>) -> Document {
    match after {
        Some(after) => doc! { "_id": { "$gt": after } },
        None => Document::new(),
    }
}

fn filter_doc(filters: &[Filter]) -> StoreResult<Document> {
    let mut d = Document::new();
    for f in filters {
        // Array-contains is plain equality in MongoDB.
        match f {
            Filter::Eq(field, v) | Filter::Contains(field, v) => {
                let key = if *field == "id" { "_id" } else { field };
                d.insert(key, bson::to_bson(v).map_err(backend)?);
            }
            Filter::Below(field, n) => {
                let key = if *field == "id" { "_id" } else { field };
                d.insert(key, doc! { "$lt": n });
            }
        }
    }
    Ok(d)
}

impl MongoStore {
    /// Connects and creates the indexes every collection declares.
    pub async fn connect(uri: &str) -> StoreResult<Self> {
        let client = Client::with_uri_str(uri).await.map_err(backend)?;
        let db = client
            .default_database()
            .unwrap_or_else(|| client.database("dezky"));
        let store = Self { db };
        store.ping().await?;
        store.ensure_indexes().await?;
        Ok(store)
    }

    async fn ensure_indexes(&self) -> StoreResult<()> {
        for c in ALL {
            let col = self.db.collection::<Document>(c.name);
            for key in c.unique {
                let keys: Document = key
                    .iter()
                    .map(|f| ((*f).to_owned(), Bson::Int32(1)))
                    .collect();
                let model = IndexModel::builder()
                    .keys(keys)
                    .options(
                        IndexOptions::builder()
                            .unique(true)
                            .name(index_name(c, key))
                            .build(),
                    )
                    .build();
                col.create_index(model).await.map_err(backend)?;
            }
            for field in c.indexed {
                let model = IndexModel::builder()
                    .keys(doc! { *field: 1 })
                    .options(
                        IndexOptions::builder()
                            .name(index_name(c, &[field]))
                            .build(),
                    )
                    .build();
                col.create_index(model).await.map_err(backend)?;
            }
        }
        Ok(())
    }

    fn col(&self, c: &Collection) -> mongodb::Collection<Document> {
        self.db.collection(c.name)
    }

    /// Drops every collection: for tests that need an empty database.
    pub async fn drop_all(&self) -> StoreResult<()> {
        self.db.drop().await.map_err(backend)?;
        self.ensure_indexes().await
    }
}

#[async_trait]
impl Store for MongoStore {
    fn engine(&self) -> &'static str {
        "mongodb"
    }

    async fn ping(&self) -> StoreResult<()> {
        self.db
            .run_command(doc! { "ping": 1 })
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn insert(&self, c: &Collection, doc: Value) -> StoreResult<()> {
        let doc = to_bson(doc)?;
        match self.col(c).insert_one(&doc).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.write_error(c, &doc, e).await),
        }
    }

    async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>> {
        self.col(c)
            .find_one(doc! { "_id": id })
            .await
            .map_err(backend)?
            .map(from_bson)
            .transpose()
    }

    async fn find(
        &self,
        c: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        let mut filter = filter_doc(filters)?;
        if let Some(after) = after {
            filter.insert("_id", doc! { "$lt": after });
        }
        let mut cursor = self
            .col(c)
            .find(filter)
            .sort(doc! { "_id": -1 })
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .await
            .map_err(backend)?;
        collect(&mut cursor).await
    }

    async fn find_ascending(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        let mut cursor = self
            .col(c)
            .find(ids_after(after))
            .sort(doc! { "_id": 1 })
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .await
            .map_err(backend)?;
        collect(&mut cursor).await
    }

    async fn scan_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        batch: usize,
        sink: &mut (dyn FnMut(Vec<String>) -> bool + Send),
    ) -> StoreResult<()> {
        // One query in _id order; the server hands the cursor's batches over
        // as they are read (a page per query re-sorts the collection each
        // time).
        let mut cursor = self
            .col(c)
            .find(ids_after(after))
            .sort(doc! { "_id": 1 })
            .batch_size(u32::try_from(batch).unwrap_or(u32::MAX))
            .await
            .map_err(backend)?;
        let mut texts = Vec::with_capacity(batch);
        while cursor.advance().await.map_err(backend)? {
            let doc = from_bson(cursor.deserialize_current().map_err(backend)?)?;
            texts.push(doc.to_string());
            if texts.len() == batch && !sink(std::mem::take(&mut texts)) {
                return Ok(());
            }
        }
        if !texts.is_empty() {
            sink(texts);
        }
        Ok(())
    }

    async fn count(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.col(c)
            .count_documents(filter_doc(filters)?)
            .await
            .map_err(backend)
    }

    async fn replace(&self, c: &Collection, doc: Value, expected_version: u64) -> StoreResult<()> {
        let id = doc_id(&doc)?;
        doc_version(&doc)?;
        let expected = i64::try_from(expected_version).map_err(backend)?;
        let doc = to_bson(doc)?;
        let result = match self
            .col(c)
            .replace_one(doc! { "_id": &id, "version": expected }, &doc)
            .await
        {
            Ok(result) => result,
            Err(e) => return Err(self.write_error(c, &doc, e).await),
        };
        if result.matched_count == 1 {
            return Ok(());
        }
        let exists = self
            .col(c)
            .find_one(doc! { "_id": &id })
            .await
            .map_err(backend)?;
        Err(if exists.is_some() {
            StoreError::VersionConflict
        } else {
            StoreError::NotFound
        })
    }

    async fn delete(&self, c: &Collection, id: &str) -> StoreResult<bool> {
        self.col(c)
            .delete_one(doc! { "_id": id })
            .await
            .map(|r| r.deleted_count == 1)
            .map_err(backend)
    }

    async fn delete_where(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.col(c)
            .delete_many(filter_doc(filters)?)
            .await
            .map(|r| r.deleted_count)
            .map_err(backend)
    }

    async fn delete_id_range(&self, c: &Collection, from: &str, to: &str) -> StoreResult<u64> {
        self.col(c)
            .delete_many(doc! { "_id": { "$gte": from, "$lte": to } })
            .await
            .map(|r| r.deleted_count)
            .map_err(backend)
    }

    /// Gap-free and atomic on both MongoDB and FerretDB. FerretDB's
    /// findAndModify `$inc` is NOT atomic under concurrency (the conformance suite
    /// caught duplicates), so the atomic step is an insert under the unique `_id`
    /// of a claim document `name:n`; the `counters` document is only a hint of
    /// the highest claimed value, so a retry starts near the top.
    async fn next_value(&self, counter: &str) -> StoreResult<u64> {
        let hints = self.db.collection::<Document>("counters");
        let claims = self.db.collection::<Document>("counter_claims");
        let hint = hints
            .find_one(doc! { "_id": counter })
            .await
            .map_err(backend)?;
        let mut next = match hint.as_ref().and_then(|d| d.get("value")) {
            Some(Bson::Int64(n)) => n.unsigned_abs() + 1,
            Some(Bson::Int32(n)) => u64::from(n.unsigned_abs()) + 1,
            _ => 1,
        };
        loop {
            let value = i64::try_from(next).map_err(backend)?;
            match claims
                .insert_one(doc! { "_id": format!("{counter}:{next}") })
                .await
            {
                Ok(_) => {
                    // Only a hint: two first upserts may race (duplicate _id); the
                    // loser then updates the document the winner created.
                    let filter = doc! { "_id": counter };
                    let update = doc! { "$max": { "value": value } };
                    match hints
                        .update_one(filter.clone(), update.clone())
                        .upsert(true)
                        .await
                    {
                        Err(e) if is_duplicate(&e) => {
                            hints.update_one(filter, update).await.map_err(backend)?;
                        }
                        other => {
                            other.map_err(backend)?;
                        }
                    }
                    return Ok(next);
                }
                Err(e) if is_duplicate(&e) => next += 1,
                Err(e) => return Err(backend(e)),
            }
        }
    }
}
