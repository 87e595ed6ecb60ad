//! The server's integration tests: one binary, a `TestApp` that starts the real
//! router on `127.0.0.1:0`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a panic is a failure
mod compose;
mod flows;
mod http;
mod ports;
mod servers;

use server::config::{Config, Env};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub state: server::AppState,
    _server: tokio::task::JoinHandle<()>,
}

/// The site as the server binary sees it. The site build puts its bundle in
/// `target/site/pkg/<hash>/` and names that folder in `bundle.txt` next to the
/// binary (server/src/http/statics.rs); a test binary has none, and leptos looks
/// in `pkg/`. So the test apps' site root is a folder of links to `target/site`'s
/// files with `pkg` linked to the bundle `bundle.txt` names: pages then render
/// with the build's preloads (its split manifest) as the binary's do. When the
/// site is not built (only `cargo test` ran), `target/site` as it is.
pub fn site_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
        let bundle = Path::new(env!("CARGO_BIN_EXE_dezky"))
            .parent()
            .and_then(server::http::bundle_beside)
            .map(|b| site.join(b))
            .filter(|b| b.join("dezky.wasm").exists());
        let Some(bundle) = bundle else {
            return site;
        };
        let root = std::env::temp_dir().join(format!("dezky-it-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("site root");
        for entry in std::fs::read_dir(&site).expect("target/site").flatten() {
            if entry.file_name() != "pkg" {
                std::os::unix::fs::symlink(entry.path(), root.join(entry.file_name()))
                    .expect("link a site file");
            }
        }
        std::os::unix::fs::symlink(bundle, root.join("pkg")).expect("link the bundle");
        root
    })
}

/// A fresh embedded database file per test app. The name is unique in the
/// process by a counter (a free port can be handed out twice: two apps once
/// shared a file, and the second found the first's seed under another issuer).
fn temp_database_url() -> String {
    let dir = std::env::temp_dir().join(format!("dezky-it-db-{}", servers::unique()));
    format!("sqlite://{}/dezky.db", dir.display())
}

impl TestApp {
    pub async fn start(extra_env: &[(&str, &str)]) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        Self::start_on(listener, extra_env).await
    }

    /// Starts on a listener bound by the caller (who needed the origin first, e.g.
    /// to register the redirect URI with the OIDC provider).
    pub async fn start_on(listener: tokio::net::TcpListener, extra_env: &[(&str, &str)]) -> Self {
        // The site may not be built when only `cargo test` runs; pages render
        // anyway, /readyz then reports the missing bundle.
        let site_root = site_root().display().to_string();
        let database = temp_database_url();
        let mut env = vec![
            ("DEZKY_SITE_ROOT", site_root.as_str()),
            ("DATABASE_URL", database.as_str()),
        ];
        env.extend_from_slice(extra_env);
        let addr = listener.local_addr().expect("local addr");
        // The public URL is this app's own origin unless a test says otherwise.
        let origin = format!("http://{addr}");
        if !env.iter().any(|(k, _)| *k == "DEZKY_PUBLIC_URL") {
            env.push(("DEZKY_PUBLIC_URL", origin.as_str()));
        }
        let config = Config::from_env(&Env::from_pairs(env)).expect("test config is valid");
        let state = server::AppState::new(config).await.expect("app state");
        let router = server::router(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("server runs");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            addr,
            client,
            state,
            _server: server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The newest audit events (up to 500) with this action, newest first.
    pub async fn events(&self, action: &str) -> Vec<app::domain::audit::AuditRecord> {
        self.state
            .services
            .repo
            .audit_events(None, None, 500)
            .await
            .expect("audit events")
            .items
            .into_iter()
            .filter(|e| e.action == action)
            .collect()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    /// A GET with these request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        headers
            .iter()
            .fold(self.client.get(self.url(path)), |req, (k, v)| {
                req.header(*k, *v)
            })
            .send()
            .await
            .expect("request succeeds")
    }
}
