//! The embedded store: one SQLite file, one table per collection holding JSON
//! documents, expression indexes over the fields the collections declare.
//! Schema changes are versioned migrations recorded in `schema_migrations`.
use super::{doc_id, doc_version, duplicate_field};
use app::ports::store::{Collection, Filter, Store, StoreError, StoreResult};
use async_trait::async_trait;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params_from_iter, types::Value as Sql};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Applied in order, once each; never edit a shipped migration, add one.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "collections",
        r#"
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
CREATE TABLE users (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX users__issuer__subject ON users (json_extract(doc, '$.issuer'), json_extract(doc, '$.subject'));
CREATE INDEX users__email ON users (json_extract(doc, '$.email'));
CREATE INDEX users__partner_partner_id ON users (json_extract(doc, '$.partner.partner_id'));
CREATE TABLE partners (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX partners__slug ON partners (json_extract(doc, '$.slug'));
CREATE TABLE tenants (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX tenants__slug ON tenants (json_extract(doc, '$.slug'));
CREATE INDEX tenants__partner_id ON tenants (json_extract(doc, '$.partner_id'));
CREATE TABLE sessions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX sessions__user_id ON sessions (json_extract(doc, '$.user_id'));
CREATE TABLE oidc_logins (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE TABLE flags (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX flags__key ON flags (json_extract(doc, '$.key'));
CREATE TABLE flag_history (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX flag_history__flag_key ON flag_history (json_extract(doc, '$.flag_key'));
CREATE TABLE audit_events (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX audit_events__seq ON audit_events (json_extract(doc, '$.seq'));
CREATE INDEX audit_events__tenantSlug ON audit_events (json_extract(doc, '$.tenantSlug'));
CREATE INDEX audit_events__action ON audit_events (json_extract(doc, '$.action'));
"#,
    ),
    (
        2,
        "audit checkpoints",
        r#"
CREATE TABLE audit_checkpoints (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX audit_checkpoints__headSeq ON audit_checkpoints (json_extract(doc, '$.headSeq'));
"#,
    ),
    (
        3,
        "audit cold archive",
        r#"
CREATE TABLE audit_archives (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX audit_archives__endSeq ON audit_archives (json_extract(doc, '$.endSeq'));
CREATE TABLE audit_archive_days (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        4,
        "billing webhook events",
        r#"
CREATE TABLE billing_events (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX billing_events__kind ON billing_events (json_extract(doc, '$.kind'));
"#,
    ),
    (
        5,
        "service credentials",
        r#"
CREATE TABLE service_credentials (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        6,
        "provisioning jobs",
        r#"
CREATE TABLE provisioning_jobs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX provisioning_jobs__tenant_id ON provisioning_jobs (json_extract(doc, '$.tenant_id'));
"#,
    ),
    (
        7,
        "mail domains",
        r#"
CREATE TABLE mail_domains (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX mail_domains__name ON mail_domains (json_extract(doc, '$.name'));
CREATE INDEX mail_domains__tenant_id ON mail_domains (json_extract(doc, '$.tenant_id'));
CREATE INDEX mail_domains__status ON mail_domains (json_extract(doc, '$.status'));
CREATE INDEX mail_domains__next_check_at ON mail_domains (json_extract(doc, '$.next_check_at'));
"#,
    ),
    (
        8,
        "partner access grants",
        r#"
CREATE TABLE access_grants (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX access_grants__tenant_id ON access_grants (json_extract(doc, '$.tenant_id'));
CREATE INDEX access_grants__partner_id ON access_grants (json_extract(doc, '$.partner_id'));
"#,
    ),
    (
        9,
        "logos",
        r#"
CREATE TABLE logos (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        10,
        "price catalog and daily MRR",
        r#"
CREATE TABLE prices (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE TABLE mrr_snapshots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX mrr_snapshots__day ON mrr_snapshots (json_extract(doc, '$.day'));
CREATE INDEX mrr_snapshots__partner_id ON mrr_snapshots (json_extract(doc, '$.partner_id'));
CREATE TABLE mrr_days (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        11,
        "tenants by payment-provider customer",
        r#"
CREATE INDEX tenants__billing_account_customer_id ON tenants (json_extract(doc, '$.billing_account.customer_id'));
"#,
    ),
    (
        12,
        "partner payouts",
        r#"
CREATE TABLE payouts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX payouts__partner_id ON payouts (json_extract(doc, '$.partner_id'));
CREATE INDEX payouts__month ON payouts (json_extract(doc, '$.month'));
"#,
    ),
    (
        13,
        "catalog re-pricings",
        r#"
CREATE TABLE repricings (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        14,
        "partners' saved reports",
        r#"
CREATE TABLE saved_reports (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX saved_reports__partner_id ON saved_reports (json_extract(doc, '$.partner_id'));
"#,
    ),
    (
        15,
        "the audit log's Merkle tree",
        r#"
CREATE TABLE audit_tree (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
    (
        16,
        "the audit ingest's cursors",
        r#"
CREATE TABLE audit_ingest (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
"#,
    ),
];

/// One connection writes (SQLite has one writer at a time); reads go to a
/// few connections of their own, which WAL lets read while it writes. Each
/// side is bounded by a semaphore, so a burst of requests waits in tokio
/// rather than as hundreds of blocking threads parked on a lock (each with
/// its stack and malloc arena: the server's memory under load).
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    writer: Arc<Semaphore>,
    /// None for an in-memory database, which a second connection would not see.
    readers: Option<Readers>,
}

struct Readers {
    idle: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
}

/// A reader connection out of the pool, returned when dropped.
struct Lent {
    conn: Option<Connection>,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl Drop for Lent {
    fn drop(&mut self) {
        if let (Some(conn), Ok(mut idle)) = (self.conn.take(), self.idle.lock()) {
            idle.push(conn);
        }
    }
}

/// Reader connections: one per core, at least two, at most eight.
fn reader_count() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (creating) the database file and applies pending migrations.
    pub async fn open(path: &str) -> StoreResult<Self> {
        let path = path.to_owned();
        let (conn, readers) = tokio::task::spawn_blocking(
            move || -> StoreResult<(Connection, Option<Vec<Connection>>)> {
                if path != ":memory:"
                    && let Some(dir) = std::path::Path::new(&path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| backend(format!("create {}: {e}", dir.display())))?;
                }
                let mut conn = Connection::open(&path).map_err(backend)?;
                conn.pragma_update(None, "journal_mode", "WAL")
                    .map_err(backend)?;
                conn.pragma_update(None, "busy_timeout", 5000)
                    .map_err(backend)?;
                conn.pragma_update(None, "synchronous", "NORMAL")
                    .map_err(backend)?;
                migrate(&mut conn)?;
                let readers = if path == ":memory:" {
                    None
                } else {
                    let open_reader = || -> StoreResult<Connection> {
                        let reader = Connection::open(&path).map_err(backend)?;
                        reader
                            .pragma_update(None, "busy_timeout", 5000)
                            .map_err(backend)?;
                        reader
                            .pragma_update(None, "query_only", true)
                            .map_err(backend)?;
                        Ok(reader)
                    };
                    Some(
                        (0..reader_count())
                            .map(|_| open_reader())
                            .collect::<StoreResult<Vec<_>>>()?,
                    )
                };
                Ok((conn, readers))
            },
        )
        .await
        .map_err(backend)??;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            writer: Arc::new(Semaphore::new(1)),
            readers: readers.map(|idle| Readers {
                permits: Arc::new(Semaphore::new(idle.len())),
                idle: Arc::new(Mutex::new(idle)),
            }),
        })
    }

    /// A write (or a read that must see the writer's own transaction).
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let conn = Arc::clone(&self.conn);
        blocking(&self.writer, move || {
            let mut guard = conn
                .lock()
                .map_err(|_| backend("connection lock poisoned"))?;
            f(&mut guard)
        })
        .await
    }

    /// A read, on an idle reader connection.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let Some(readers) = &self.readers else {
            return self.run(f).await;
        };
        let idle = Arc::clone(&readers.idle);
        blocking(&readers.permits, move || {
            let taken = idle
                .lock()
                .map_err(|_| backend("reader pool lock poisoned"))?
                .pop();
            // A permit always finds a connection: one permit per connection,
            // and a lent one goes back even if `f` panics.
            let mut lent = Lent {
                conn: Some(taken.ok_or_else(|| backend("no idle reader connection"))?),
                idle,
            };
            let conn = lent
                .conn
                .as_mut()
                .ok_or_else(|| backend("no reader connection"))?;
            f(conn)
        })
        .await
    }
}

/// Runs `f` on a blocking thread once `permits` allows. The permit travels
/// with the closure: a caller that stops waiting does not let another thread
/// queue on the connections meanwhile.
async fn blocking<T: Send + 'static>(
    permits: &Arc<Semaphore>,
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    let permit = Arc::clone(permits).acquire_owned().await.map_err(backend)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    })
    .await
    .map_err(backend)?
}

/// Applies every migration newer than the recorded version, each in a transaction.
fn migrate(conn: &mut Connection) -> StoreResult<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now'))) STRICT",
    )
    .map_err(backend)?;
    let current: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .map_err(backend)?;
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > current) {
        let tx = conn.transaction().map_err(backend)?;
        tx.execute_batch(sql)
            .map_err(|e| backend(format!("migration {version} {name}: {e}")))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            (version, name),
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        tracing::info!(version, name, "store migration applied");
    }
    Ok(())
}

/// A JSON path for a field name from the code (`a.b` -> `$.a.b`).
fn path(field: &str) -> StoreResult<String> {
    if field.is_empty()
        || !field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    {
        return Err(backend(format!("bad field name {field:?}")));
    }
    Ok(format!("$.{field}"))
}

fn sql_value(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Sql::Real(n.as_f64().unwrap_or_default()), Sql::Integer),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// `WHERE` conditions and their parameters.
fn conditions(filters: &[Filter], params: &mut Vec<Sql>) -> StoreResult<Vec<String>> {
    filters
        .iter()
        .map(|f| {
            Ok(match f {
                Filter::Eq(field, Value::Null) => {
                    format!("json_extract(doc, '{}') IS NULL", path(field)?)
                }
                Filter::Eq(field, v) => {
                    params.push(sql_value(v));
                    format!("json_extract(doc, '{}') = ?{}", path(field)?, params.len())
                }
                Filter::Below(field, n) => {
                    params.push(Sql::Integer(*n));
                    format!("json_extract(doc, '{}') < ?{}", path(field)?, params.len())
                }
                Filter::Contains(field, v) => {
                    params.push(sql_value(v));
                    format!(
                        "EXISTS (SELECT 1 FROM json_each(doc, '{}') WHERE json_each.value = ?{})",
                        path(field)?,
                        params.len()
                    )
                }
            })
        })
        .collect()
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

fn parse_doc(text: &str) -> StoreResult<Value> {
    serde_json::from_str(text).map_err(backend)
}

#[async_trait]
impl Store for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        self.read(|conn| conn.query_row("SELECT 1", [], |_| Ok(())).map_err(backend))
            .await
    }

    async fn insert(&self, c: &Collection, doc: Value) -> StoreResult<()> {
        let (table, id, version) = (c.name, doc_id(&doc)?, doc_version(&doc).unwrap_or(1));
        let c: &'static Collection = lookup(c)?;
        self.run(move |conn| {
            conn.execute(
                &format!("INSERT INTO {table} (id, version, doc) VALUES (?1, ?2, ?3)"),
                (id, version as i64, doc.to_string()),
            )
            .map(|_| ())
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::ConstraintViolation) => StoreError::Duplicate {
                    field: duplicate_field(c, &e.to_string()),
                },
                _ => backend(e),
            })
        })
        .await
    }

    async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>> {
        let (table, id) = (c.name, id.to_owned());
        self.read(move |conn| {
            let text: Option<String> = conn
                .query_row(
                    &format!("SELECT doc FROM {table} WHERE id = ?1"),
                    [id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            text.as_deref().map(parse_doc).transpose()
        })
        .await
    }

    async fn find(
        &self,
        c: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        let mut params = Vec::new();
        let mut conds = conditions(filters, &mut params)?;
        if let Some(after) = after {
            params.push(Sql::Text(after.to_owned()));
            conds.push(format!("id < ?{}", params.len()));
        }
        params.push(Sql::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT doc FROM {} {} ORDER BY id DESC LIMIT ?{}",
            c.name,
            where_clause(&conds),
            params.len()
        );
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
            let rows = stmt
                .query_map(params_from_iter(params.iter()), |r| r.get::<_, String>(0))
                .map_err(backend)?;
            rows.map(|r| r.map_err(backend).and_then(|t| parse_doc(&t)))
                .collect()
        })
        .await
    }

    async fn find_ascending(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.find_ascending_json(c, after, limit)
            .await?
            .iter()
            .map(|t| parse_doc(t))
            .collect()
    }

    async fn find_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<String>> {
        let sql = format!(
            "SELECT doc FROM {} WHERE id > ?1 ORDER BY id ASC LIMIT ?2",
            c.name
        );
        let after = after.unwrap_or("").to_owned();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
            let rows = stmt
                .query_map((after, limit), |r| r.get::<_, String>(0))
                .map_err(backend)?;
            rows.map(|r| r.map_err(backend)).collect()
        })
        .await
    }

    async fn count(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        let mut params = Vec::new();
        let conds = conditions(filters, &mut params)?;
        let sql = format!("SELECT COUNT(*) FROM {} {}", c.name, where_clause(&conds));
        self.read(move |conn| {
            conn.query_row(&sql, params_from_iter(params.iter()), |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n.unsigned_abs())
            .map_err(backend)
        })
        .await
    }

    async fn replace(&self, c: &Collection, doc: Value, expected_version: u64) -> StoreResult<()> {
        let (table, id, version) = (c.name, doc_id(&doc)?, doc_version(&doc)?);
        let c: &'static Collection = lookup(c)?;
        self.run(move |conn| {
            let changed = conn
                .execute(
                    &format!(
                        "UPDATE {table} SET doc = ?1, version = ?2 WHERE id = ?3 AND version = ?4"
                    ),
                    (
                        doc.to_string(),
                        version as i64,
                        &id,
                        expected_version as i64,
                    ),
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(ErrorCode::ConstraintViolation) => StoreError::Duplicate {
                        field: duplicate_field(c, &e.to_string()),
                    },
                    _ => backend(e),
                })?;
            if changed == 1 {
                return Ok(());
            }
            let exists: Option<i64> = conn
                .query_row(
                    &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                    [&id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            Err(if exists.is_some() {
                StoreError::VersionConflict
            } else {
                StoreError::NotFound
            })
        })
        .await
    }

    async fn delete(&self, c: &Collection, id: &str) -> StoreResult<bool> {
        let (table, id) = (c.name, id.to_owned());
        self.run(move |conn| {
            conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])
                .map(|n| n == 1)
                .map_err(backend)
        })
        .await
    }

    async fn delete_where(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        let mut params = Vec::new();
        let conds = conditions(filters, &mut params)?;
        let sql = format!("DELETE FROM {} {}", c.name, where_clause(&conds));
        self.run(move |conn| {
            conn.execute(&sql, params_from_iter(params.iter()))
                .map(|n| n as u64)
                .map_err(backend)
        })
        .await
    }

    async fn delete_id_range(&self, c: &Collection, from: &str, to: &str) -> StoreResult<u64> {
        let (table, from, to) = (c.name, from.to_owned(), to.to_owned());
        self.run(move |conn| {
            conn.execute(
                &format!("DELETE FROM {table} WHERE id >= ?1 AND id <= ?2"),
                [from, to],
            )
            .map(|n| n as u64)
            .map_err(backend)
        })
        .await
    }

    async fn next_value(&self, counter: &str) -> StoreResult<u64> {
        let name = counter.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "INSERT INTO counters (name, value) VALUES (?1, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
                [name],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n.unsigned_abs())
            .map_err(backend)
        })
        .await
    }
}

/// The static definition of a collection (closures sent to the blocking pool
/// need `'static` data).
fn lookup(c: &Collection) -> StoreResult<&'static Collection> {
    app::ports::store::collections::ALL
        .iter()
        .copied()
        .find(|known| known.name == c.name)
        .ok_or_else(|| backend(format!("unknown collection {}", c.name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::ports::store::collections::ALL;

    /// The migrations create a table for every collection and an index for every
    /// unique key and indexed field it declares (array fields are matched with
    /// json_each and cannot be expression-indexed).
    #[tokio::test]
    async fn schema_matches_the_collection_definitions() {
        let store = SqliteStore::open(":memory:").await.expect("open");
        let names: Vec<String> = store
            .run(|conn| {
                let mut stmt = conn
                    .prepare("SELECT name FROM sqlite_master")
                    .map_err(backend)?;
                let rows = stmt
                    .query_map([], |r| r.get::<_, String>(0))
                    .map_err(backend)?;
                rows.map(|r| r.map_err(backend)).collect()
            })
            .await
            .expect("schema");
        for c in ALL {
            assert!(names.iter().any(|n| n == c.name), "table {}", c.name);
            for key in c.unique {
                let want = super::super::index_name(c, key);
                assert!(names.contains(&want), "unique index {want}");
            }
            for field in c.indexed.iter().filter(|f| **f != "tenant_ids") {
                let want = super::super::index_name(c, &[field]);
                assert!(names.contains(&want), "index {want}");
            }
        }
    }

    /// Far more concurrent callers than connections: every write is read
    /// back at once through the reader connections, every reader goes back
    /// to the pool, and a replace seen by one caller is seen by the next.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_see_every_committed_write_under_concurrency() {
        use app::ports::store::collections::FLAGS;
        let dir = std::env::temp_dir().join(format!("dezky-readers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("store.db");
        let store = Arc::new(
            SqliteStore::open(path.to_str().expect("utf-8 path"))
                .await
                .expect("open"),
        );
        assert!(
            store.readers.is_some(),
            "a file database has reader connections"
        );
        let tasks: Vec<_> = (0..200)
            .map(|n| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    let id = format!("flag-{n:03}");
                    let doc = serde_json::json!({"id": id, "version": 1, "key": id});
                    store.insert(&FLAGS, doc).await.expect("insert");
                    let read = store.get(&FLAGS, &id).await.expect("get");
                    assert_eq!(read.and_then(|d| d["version"].as_u64()), Some(1), "{id}");
                    let doc = serde_json::json!({"id": id, "version": 2, "key": id});
                    store.replace(&FLAGS, doc, 1).await.expect("replace");
                    let read = store.get(&FLAGS, &id).await.expect("get");
                    assert_eq!(read.and_then(|d| d["version"].as_u64()), Some(2), "{id}");
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        assert_eq!(store.count(&FLAGS, &[]).await.expect("count"), 200);
        let idle = store
            .readers
            .as_ref()
            .map(|r| r.idle.lock().map(|v| v.len()));
        assert_eq!(idle.and_then(Result::ok), Some(reader_count()));
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
