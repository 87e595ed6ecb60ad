//! The server's integration tests: one binary, a `TestApp` that starts the real
//! router on `127.0.0.1:0`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a panic is a failure
mod compose;
mod http;
mod servers;
mod store;

use server::config::{Config, Env};
use std::net::SocketAddr;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    _server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn start(extra_env: &[(&str, &str)]) -> Self {
        // The site root may not be built when only `cargo test` runs; pages render
        // anyway, /readyz then reports the missing bundle.
        let site_root = format!("{}/../target/site", env!("CARGO_MANIFEST_DIR"));
        let mut env = vec![("DEZKY_SITE_ROOT", site_root.as_str())];
        env.extend_from_slice(extra_env);
        let config = Config::from_env(&Env::from_pairs(env)).expect("test config is valid");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let router = server::router(server::AppState::new(config));
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("server runs");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            addr,
            client,
            _server: server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request succeeds")
    }
}
