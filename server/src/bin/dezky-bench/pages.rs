//! `dezky-bench pages`: the signed-in pages, as a tenant admin sees them.
//!
//! Starts the whole app in this process on an empty embedded store (the demo
//! seed), behind a store that counts what every request reads, signs the demo
//! tenant admin in (a session as the sign-in callback would write it), and
//! prints, for `/admin`, the admin pages and the server functions the dashboard
//! calls, the store reads of one request by collection. `bench/run.sh` drives
//! the same pages of the release server with wrk (`dezky-bench session` signs
//! it in).
use app::domain::model::ClientKind;
use app::ports::store::{Collection, Filter, Store, StoreResult};
use app::repo::{Repo, Session};
use async_trait::async_trait;
use serde_json::Value;
use server::auth::session::{new_token, session_cookie, token_id};
use server::config::{Config, Env};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The signed-in paths of a tenant admin, and the dashboard's own calls.
const PAGES: &[&str] = &[
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/admin/domains",
    "/admin/security",
    "/admin/billing",
];
/// Server functions `/admin` calls while it renders, with their arguments.
const CALLS: &[(&str, &str)] = &[
    ("shell_state", "face=portal"),
    ("tenant_dashboard", "slug=fjord-tandklinik"),
];

/// Reads and writes per collection, since the last `take`.
#[derive(Default)]
struct Tally {
    reads: BTreeMap<&'static str, u64>,
    writes: BTreeMap<&'static str, u64>,
}

struct Counting {
    inner: Arc<dyn Store>,
    tally: Mutex<Tally>,
}

impl Counting {
    fn read(&self, c: &Collection) {
        if let Ok(mut t) = self.tally.lock() {
            *t.reads.entry(c.name).or_default() += 1;
        }
    }
    fn write(&self, c: &Collection) {
        if let Ok(mut t) = self.tally.lock() {
            *t.writes.entry(c.name).or_default() += 1;
        }
    }
    fn take(&self) -> Tally {
        self.tally
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default()
    }
}

#[async_trait]
impl Store for Counting {
    fn engine(&self) -> &'static str {
        self.inner.engine()
    }
    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
    async fn insert(&self, c: &Collection, doc: Value) -> StoreResult<()> {
        self.write(c);
        self.inner.insert(c, doc).await
    }
    async fn get(&self, c: &Collection, id: &str) -> StoreResult<Option<Value>> {
        self.read(c);
        self.inner.get(c, id).await
    }
    async fn find(
        &self,
        c: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.read(c);
        self.inner.find(c, filters, after, limit).await
    }
    async fn find_ascending(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.read(c);
        self.inner.find_ascending(c, after, limit).await
    }
    async fn find_ascending_json(
        &self,
        c: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<String>> {
        self.read(c);
        self.inner.find_ascending_json(c, after, limit).await
    }
    async fn count(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.read(c);
        self.inner.count(c, filters).await
    }
    async fn replace(&self, c: &Collection, doc: Value, expected_version: u64) -> StoreResult<()> {
        self.write(c);
        self.inner.replace(c, doc, expected_version).await
    }
    async fn delete(&self, c: &Collection, id: &str) -> StoreResult<bool> {
        self.write(c);
        self.inner.delete(c, id).await
    }
    async fn delete_where(&self, c: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.write(c);
        self.inner.delete_where(c, filters).await
    }
    async fn delete_id_range(&self, c: &Collection, from: &str, to: &str) -> StoreResult<u64> {
        self.write(c);
        self.inner.delete_id_range(c, from, to).await
    }
    async fn next_value(&self, counter: &str) -> StoreResult<u64> {
        self.inner.next_value(counter).await
    }
}

fn summary(counts: &BTreeMap<&'static str, u64>) -> String {
    counts
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn run(site: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("dezky-bench-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let database = format!("sqlite://{}/bench.db", dir.display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let origin = format!("http://{addr}");
    // An issuer nobody answers on: discovery is lazy, and a session written
    // here never needs the provider (its access token outlives the run).
    let issuer = "http://127.0.0.1:9/application/o/dezky/";
    let env = Env::from_pairs([
        ("DEZKY_SITE_ROOT", site),
        ("DATABASE_URL", database.as_str()),
        ("DEZKY_PUBLIC_URL", origin.as_str()),
        ("OIDC_ISSUER_URL", issuer),
        ("OIDC_PORTAL_CLIENT_SECRET", "bench"),
        ("OIDC_OPERATOR_CLIENT_SECRET", "bench"),
    ]);
    let config = Config::from_env(&env).map_err(|e| format!("config: {e}"))?;
    let url = config.store.url.clone();
    let store = server::store::open(&url)
        .await
        .map_err(|e| format!("store: {e}"))?;
    let counting = Arc::new(Counting {
        inner: store,
        tally: Mutex::default(),
    });
    let repo = Repo::new(
        counting.clone(),
        Arc::new(server::clock::SystemClock::default()),
    );
    let state = server::AppState::with_repo(config, repo.clone())
        .await
        .map_err(|e| format!("start: {e}"))?;
    let router = server::router(state);
    tokio::spawn(async move {
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
        if let Err(e) = served {
            eprintln!("dezky-bench: serve: {e}");
        }
    });

    let token = session(&repo, issuer, "admin").await?;
    let cookie = format!("{}={token}", session_cookie(false));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;

    println!(
        "{:<32} {:>6} {:>6} {:>7}  by collection",
        "request", "status", "reads", "writes"
    );
    let line = |what: &str, status: u16, tally: Tally| {
        let reads: u64 = tally.reads.values().sum();
        let writes: u64 = tally.writes.values().sum();
        println!(
            "{what:<32} {status:>6} {reads:>6} {writes:>7}  {}",
            summary(&tally.reads)
        );
    };
    for path in PAGES {
        // The first request of a page warms what is kept per process.
        for round in 0..2 {
            counting.take();
            let res = client
                .get(format!("{origin}{path}"))
                .header("cookie", &cookie)
                .send()
                .await
                .map_err(|e| format!("GET {path}: {e}"))?;
            let status = res.status().as_u16();
            let _ = res.bytes().await;
            if status != 200 {
                return Err(format!("GET {path} answered {status}, not the page"));
            }
            if round == 1 {
                line(&format!("GET {path}"), status, counting.take());
            }
        }
    }
    for (endpoint, body) in CALLS {
        counting.take();
        let res = client
            .post(format!("{origin}/api/{endpoint}"))
            .header("cookie", &cookie)
            .header("origin", &origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(*body)
            .send()
            .await
            .map_err(|e| format!("POST /api/{endpoint}: {e}"))?;
        let status = res.status().as_u16();
        let _ = res.bytes().await;
        if status != 200 {
            return Err(format!("POST /api/{endpoint} answered {status}"));
        }
        line(&format!("POST /api/{endpoint}"), status, counting.take());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `dezky-bench session --store URL --issuer URL [--subject S]`: a session for
/// a demo account in a running server's store; prints the cookie's value.
pub async fn session_command(store: &str, issuer: &str, subject: &str) -> Result<(), String> {
    let url = server::store::StoreUrl::parse(store).map_err(|e| format!("--store {e}"))?;
    let store = server::store::open(&url)
        .await
        .map_err(|e| format!("store: {e}"))?;
    let repo = Repo::new(store, Arc::new(server::clock::SystemClock::default()));
    println!("{}", session(&repo, issuer, subject).await?);
    Ok(())
}

/// A session for the demo account, as the sign-in callback writes it.
async fn session(repo: &Repo, issuer: &str, subject: &str) -> Result<String, String> {
    let user = repo
        .user_by_identity(issuer, subject)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the demo seed has no account {subject}"))?;
    let token = new_token();
    let now = repo.now();
    let hour = 3_600_000;
    repo.insert_session(&Session {
        id: token_id(&token),
        user_id: user.id,
        client: ClientKind::Portal,
        groups: Vec::new(),
        id_token: String::new(),
        access_token: String::new(),
        refresh_token: None,
        access_expires_at: now + 24 * hour,
        created_at: now,
        last_seen_at: now,
        expires_at: now + 24 * hour,
        ip: String::new(),
        user_agent: String::new(),
        version: 1,
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(token)
}
