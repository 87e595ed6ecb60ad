//! What one request has read of the directory (people, tenants, partners,
//! flags, access grants, mail domains), kept for the rest of that request.
//!
//! A signed-in page asks several server functions for its parts (who is
//! signed in, the sidebar's badges, the flags, the page's own data), and each
//! of them, and the session layer before them, reads the same person and
//! tenant. Through [`Repo::for_request`] they share one read of each: the
//! session layer creates the cache, puts it into the request, and `Ctx::load`
//! finds it there. The cache lives as long as the request; any write through
//! it empties it, so a request reads its own writes. Other collections (the
//! audit chain, sessions, jobs, counters) are always read from the store.
//!
//! A page's server functions run side by side, so two of them often ask for
//! the same thing at once: the first asks the store, the others share its
//! answer (one read per query). Whoever is waiting drives that read, not only
//! the one who started it: a page's `Suspend` is polled once to find its
//! resources and again only after they have loaded, so a read it started and
//! a resource waiting for that read would otherwise wait for each other
//! forever. A read that a write overtook answers those who asked before the
//! write and is kept for no one after it.
use crate::ports::store::{Collection, Filter, Store, StoreResult, collections};
use async_trait::async_trait;
use futures::future::{BoxFuture, FutureExt, Shared};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::Repo;

/// The collections a request may read once.
const KEPT: &[&Collection] = &[
    &collections::USERS,
    &collections::TENANTS,
    &collections::PARTNERS,
    &collections::FLAGS,
    &collections::ACCESS_GRANTS,
    &collections::MAIL_DOMAINS,
];

#[derive(Clone)]
enum Kept {
    One(Option<Value>),
    Many(Vec<Value>),
    Count(u64),
}

/// One read of the store, shared by everyone who asks for it meanwhile and
/// driven by whichever of them is polled.
type Read = Shared<BoxFuture<'static, StoreResult<Kept>>>;

/// One request's reads (see the module docs).
#[derive(Default)]
pub struct RequestCache(Mutex<Table>);

#[derive(Default)]
struct Table {
    /// How many writes emptied the cache: a read started before one is not
    /// kept after it.
    generation: u64,
    reads: HashMap<String, Read>,
}

impl RequestCache {
    fn reads(&self) -> MutexGuard<'_, Table> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps what a read of `generation` found under another of its keys,
    /// unless a write came since.
    fn keep(&self, key: String, value: Kept, generation: u64) {
        let mut reads = self.reads();
        if reads.generation == generation {
            // A read already kept, or under way, has the same answer.
            reads
                .reads
                .entry(key)
                .or_insert_with(|| futures::future::ready(Ok(value)).boxed().shared());
        }
    }

    fn forget_all(&self) {
        let mut reads = self.reads();
        reads.generation += 1;
        reads.reads.clear();
    }

    /// The answer kept under `key`, read by `read` (once, for everyone who
    /// asks meanwhile) when there is none; and the generation it belongs to.
    async fn once(
        &self,
        key: String,
        read: impl FnOnce() -> BoxFuture<'static, StoreResult<Kept>>,
    ) -> (StoreResult<Kept>, u64) {
        let (shared, generation) = {
            let mut reads = self.reads();
            let generation = reads.generation;
            let shared = reads
                .reads
                .entry(key.clone())
                .or_insert_with(|| read().shared())
                .clone();
            (shared, generation)
        };
        let answer = shared.clone().await;
        if answer.is_err() {
            // A failed read is not kept: the next asker tries the store again.
            let mut reads = self.reads();
            if reads.reads.get(&key).is_some_and(|r| r.ptr_eq(&shared)) {
                reads.reads.remove(&key);
            }
        }
        (answer, generation)
    }
}

impl Repo {
    /// This repo, reading the directory at most once per request through
    /// `cache`.
    pub fn for_request(&self, cache: &Arc<RequestCache>) -> Repo {
        Repo {
            store: Arc::new(Cached {
                inner: self.store.clone(),
                cache: cache.clone(),
            }),
            clock: self.clock.clone(),
            audit_chain: self.audit_chain.clone(),
        }
    }
}

struct Cached {
    inner: Arc<dyn Store>,
    cache: Arc<RequestCache>,
}

/// The collection as a `'static`, when a request keeps its reads: a shared
/// read outlives the call that started it.
fn kept(c: &Collection) -> Option<&'static Collection> {
    KEPT.iter().copied().find(|k| k.name == c.name)
}

fn get_key(c: &Collection, id: &str) -> String {
    format!("{}\0get\0{id}", c.name)
}

fn find_key(c: &Collection, filters: &[Filter], after: Option<&str>, limit: usize) -> String {
    format!("{}\0find\0{filters:?}\0{after:?}\0{limit}", c.name)
}

#[async_trait]
impl Store for Cached {
    fn engine(&self) -> &'static str {
        self.inner.engine()
    }
    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
    async fn insert(&self, c: &Collection, doc: Value) -> StoreResult<()> {
        self.cache.forget_all();
        self.inner.insert(c, doc).await
    }
    async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>> {
        let Some(k) = kept(c) else {
            return self.inner.get(c, id).await;
        };
        let read = || {
            let (store, id) = (self.inner.clone(), id.to_owned());
            async move { store.get(k, &id).await.map(Kept::One) }.boxed()
        };
        let (answer, generation) = self.cache.once(get_key(c, id), read).await;
        match answer? {
            Kept::One(doc) => {
                if let Some(slug) = doc.as_ref().and_then(|d| d.get("slug")).cloned() {
                    // The same document by its slug (`tenant_by_slug`, `partner_by_slug`).
                    self.cache.keep(
                        find_key(c, &[Filter::Eq("slug", slug)], None, 1),
                        Kept::Many(doc.clone().into_iter().collect()),
                        generation,
                    );
                }
                Ok(doc)
            }
            _ => self.inner.get(c, id).await,
        }
    }
    async fn find(
        &self,
        c: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        let Some(k) = kept(c) else {
            return self.inner.find(c, filters, after, limit).await;
        };
        let read = || {
            let store = self.inner.clone();
            let (filters, after) = (filters.to_vec(), after.map(str::to_owned));
            async move {
                let docs = store.find(k, &filters, after.as_deref(), limit).await;
                docs.map(Kept::Many)
            }
            .boxed()
        };
        let key = find_key(c, filters, after, limit);
        let (answer, generation) = self.cache.once(key, read).await;
        match answer? {
            Kept::Many(docs) => {
                if let [doc] = docs.as_slice()
                    && let Some(id) = doc.get("id").and_then(Value::as_str)
                {
                    // The same document by its id (`tenant`, `user`).
                    self.cache
                        .keep(get_key(c, id), Kept::One(Some(doc.clone())), generation);
                }
                Ok(docs)
            }
            _ => self.inner.find(c, filters, after, limit).await,
        }
    }
    async fn find_ascending(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.inner.find_ascending(c, after, limit).await
    }
    async fn find_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<String>> {
        self.inner.find_ascending_json(c, after, limit).await
    }
    async fn scan_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        batch: usize,
        sink: &mut (dyn FnMut(Vec<String>) -> bool + Send),
    ) -> StoreResult<()> {
        self.inner.scan_ascending_json(c, after, batch, sink).await
    }
    async fn count(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        let Some(k) = kept(c) else {
            return self.inner.count(c, filters).await;
        };
        let read = || {
            let (store, filters) = (self.inner.clone(), filters.to_vec());
            async move { store.count(k, &filters).await.map(Kept::Count) }.boxed()
        };
        let key = format!("{}\0count\0{filters:?}", c.name);
        match self.cache.once(key, read).await.0? {
            Kept::Count(n) => Ok(n),
            _ => self.inner.count(c, filters).await,
        }
    }
    async fn replace(&self, c: &Collection, doc: Value, expected_version: u64) -> StoreResult<()> {
        self.cache.forget_all();
        self.inner.replace(c, doc, expected_version).await
    }
    async fn delete(&self, c: &Collection, id: &str) -> StoreResult<bool> {
        self.cache.forget_all();
        self.inner.delete(c, id).await
    }
    async fn delete_where(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.cache.forget_all();
        self.inner.delete_where(c, filters).await
    }
    async fn delete_id_range(&self, c: &Collection, from: &str, to: &str) -> StoreResult<u64> {
        self.cache.forget_all();
        self.inner.delete_id_range(c, from, to).await
    }
    async fn next_value(&self, counter: &str) -> StoreResult<u64> {
        self.inner.next_value(counter).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::store::{StoreError, collections as c};
    use serde_json::json;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A store with one document per collection that counts what reaches it.
    /// Each read gives way once before it answers, as a real store's does, so
    /// that reads run side by side in a test.
    #[derive(Default)]
    struct Reads(AtomicU64);

    #[async_trait]
    impl Store for Reads {
        fn engine(&self) -> &'static str {
            "test"
        }
        async fn ping(&self) -> StoreResult<()> {
            Ok(())
        }
        async fn insert(&self, _: &Collection, _: Value) -> StoreResult<()> {
            Ok(())
        }
        async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            if id == "flaky" && n == 0 {
                return Err(StoreError::Backend("the first read fails".into()));
            }
            Ok(Some(
                json!({ "id": id, "slug": format!("slug-{id}"), "in": c.name, "read": n }),
            ))
        }
        async fn find(
            &self,
            c: &Collection,
            filters: &[Filter],
            _: Option<&str>,
            _: usize,
        ) -> StoreResult<Vec<Value>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(match filters {
                [Filter::Eq("slug", slug)] => {
                    let slug = slug.as_str().unwrap_or_default();
                    vec![
                        json!({ "id": format!("id-of-{slug}"), "slug": slug, "in": c.name, "read": n }),
                    ]
                }
                _ => vec![json!({ "read": n }), json!({ "read": n })],
            })
        }
        async fn find_ascending(
            &self,
            _: &Collection,
            _: Option<&str>,
            _: usize,
        ) -> StoreResult<Vec<Value>> {
            Ok(Vec::new())
        }
        async fn count(&self, _: &Collection, _: &[Filter]) -> StoreResult<u64> {
            Ok(self.0.fetch_add(1, Ordering::SeqCst))
        }
        async fn replace(&self, _: &Collection, _: Value, _: u64) -> StoreResult<()> {
            Ok(())
        }
        async fn delete(&self, _: &Collection, _: &str) -> StoreResult<bool> {
            Ok(true)
        }
        async fn delete_where(&self, _: &Collection, _: &[Filter]) -> StoreResult<u64> {
            Ok(0)
        }
        async fn delete_id_range(&self, _: &Collection, _: &str, _: &str) -> StoreResult<u64> {
            Ok(0)
        }
        async fn next_value(&self, _: &str) -> StoreResult<u64> {
            Ok(0)
        }
    }

    fn cached() -> (Arc<Reads>, Cached) {
        let reads = Arc::new(Reads::default());
        let store = Cached {
            inner: reads.clone(),
            cache: Arc::default(),
        };
        (reads, store)
    }

    #[tokio::test]
    async fn a_request_reads_the_directory_once_and_again_after_its_own_write() {
        let (reads, store) = cached();
        let first = store.get(&c::TENANTS, "t1").await.ok().flatten();
        let again = store.get(&c::TENANTS, "t1").await.ok().flatten();
        assert_eq!(first, again);
        let by_slug = [Filter::Eq("slug", json!("fjord"))];
        let a = store.find(&c::TENANTS, &by_slug, None, 1).await.ok();
        let b = store.find(&c::TENANTS, &by_slug, None, 1).await.ok();
        assert_eq!(a, b);
        // Another query is another read.
        let other = [Filter::Eq("slug", json!("ravn"))];
        let _ = store.find(&c::TENANTS, &other, None, 1).await;
        assert_eq!(
            store.count(&c::USERS, &[]).await.ok(),
            store.count(&c::USERS, &[]).await.ok()
        );
        assert_eq!(reads.0.load(Ordering::SeqCst), 4);

        // A write empties the cache: the request reads what it wrote.
        let _ = store.replace(&c::TENANTS, json!({ "id": "t1" }), 1).await;
        let after = store.get(&c::TENANTS, "t1").await.ok().flatten();
        assert_ne!(after, first);
        assert_eq!(reads.0.load(Ordering::SeqCst), 5);
    }

    #[tokio::test]
    async fn a_document_read_by_id_is_kept_by_its_slug_and_the_other_way_round() {
        let (reads, store) = cached();
        let by_id = store.get(&c::TENANTS, "t1").await.ok().flatten();
        let slug = [Filter::Eq("slug", json!("slug-t1"))];
        let by_slug = store.find(&c::TENANTS, &slug, None, 1).await.ok();
        assert_eq!(by_slug, Some(by_id.into_iter().collect()));
        assert_eq!(reads.0.load(Ordering::SeqCst), 1);

        let slug = [Filter::Eq("slug", json!("ravn"))];
        let by_slug = store.find(&c::TENANTS, &slug, None, 1).await.ok();
        let by_id = store.get(&c::TENANTS, "id-of-ravn").await.ok().flatten();
        assert_eq!(by_slug, Some(by_id.into_iter().collect()));
        assert_eq!(reads.0.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn reads_of_the_same_thing_at_once_ask_the_store_once() {
        let (reads, store) = cached();
        let by_slug = [Filter::Eq("slug", json!("fjord"))];
        let (a, b, x, y) = tokio::join!(
            store.get(&c::USERS, "u1"),
            store.get(&c::USERS, "u1"),
            store.find(&c::TENANTS, &by_slug, None, 1),
            store.find(&c::TENANTS, &by_slug, None, 1),
        );
        assert_eq!(a.ok().flatten(), b.ok().flatten());
        assert_eq!(x.ok(), y.ok());
        assert_eq!(reads.0.load(Ordering::SeqCst), 2);
    }

    /// A page's `Suspend` is polled once to find its resources, and again
    /// only after they have loaded. A read it started then must still answer
    /// a resource that asks for the same thing, or the page never renders.
    #[tokio::test]
    async fn a_read_whose_first_asker_stops_polling_still_answers_the_others() {
        use futures::FutureExt;
        let (reads, store) = cached();
        let mut first = Box::pin(store.get(&c::USERS, "u1"));
        assert!(first.as_mut().now_or_never().is_none());
        let second = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            store.get(&c::USERS, "u1"),
        )
        .await;
        let second = second.ok().and_then(Result::ok).flatten();
        assert!(second.is_some(), "the second asker waited for the first");
        assert_eq!(first.await.ok().flatten(), second);
        assert_eq!(reads.0.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_read_is_not_kept() {
        let (reads, store) = cached();
        assert!(store.get(&c::USERS, "flaky").await.is_err());
        assert!(
            store
                .get(&c::USERS, "flaky")
                .await
                .is_ok_and(|d| d.is_some())
        );
        assert_eq!(reads.0.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_read_a_write_overtook_is_not_kept_for_later() {
        let (reads, store) = cached();
        // The read starts, the write lands while it waits for the store.
        let (before, _) = tokio::join!(
            store.get(&c::TENANTS, "t1"),
            store.replace(&c::TENANTS, json!({ "id": "t1" }), 1),
        );
        assert!(before.ok().flatten().is_some());
        assert_eq!(reads.0.load(Ordering::SeqCst), 1);
        // Neither by its slug nor by its id: both are read again.
        let slug = [Filter::Eq("slug", json!("slug-t1"))];
        let _ = store.find(&c::TENANTS, &slug, None, 1).await;
        assert_eq!(reads.0.load(Ordering::SeqCst), 2);
        let _ = store.get(&c::TENANTS, "t1").await;
        assert_eq!(reads.0.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn sessions_and_the_audit_chain_are_always_read_from_the_store() {
        let (reads, store) = cached();
        for _ in 0..2 {
            let _ = store.get(&c::SESSIONS, "s1").await;
            let _ = store.find(&c::AUDIT_EVENTS, &[], None, 1).await;
        }
        assert_eq!(reads.0.load(Ordering::SeqCst), 4);
    }
}
