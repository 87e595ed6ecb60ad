//! Server-side rendering of signed-in pages, many at once on a multi-threaded
//! runtime: each page's `<head>` preloads the packs of its own routes
//! (scripts/wasm-split-packs.py), never none and never another page's.
//!
//! leptos writes those links after the render's last await; it read what it
//! needs from the thread's current reactive owner, which after an await on
//! another worker is another render's or none (vendor/README.md,
//! `leptos_integration_utils`). A CI run's operator console once preloaded no
//! pack at all.
use super::auth::{operator_session, session_for, start};
use crate::TestApp;
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use std::collections::BTreeSet;

/// The routes whose packs a page preloads: `pack_<route>` in its
/// `<link rel="preload" href=".../pack_<route>.wasm">`.
fn preloaded_packs(html: &str) -> BTreeSet<String> {
    html.split("<link")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .filter(|tag| tag.contains(r#"rel="preload""#))
        .filter_map(|tag| {
            let href = tag.split(r#"href=""#).nth(1)?.split('"').next()?;
            let file = href.rsplit('/').next()?;
            Some(
                file.strip_prefix("pack_")?
                    .strip_suffix(".wasm")?
                    .to_owned(),
            )
        })
        .collect()
}

async fn page(app: &TestApp, session: &str, path: &str) -> String {
    let res = app
        .client
        .get(app.url(path))
        .header(COOKIE, format!("dezky_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

#[test]
fn preloaded_packs_are_read_from_the_links() {
    let html = r#"<head><link rel="modulepreload" href="/pkg/a/__wasm_split.x.js"><link rel="preload" href="/pkg/a/pack_portal_shell.wasm" as="fetch"><link rel="stylesheet" href="/pkg/a/pack_x.wasm"><link as="fetch" href="/pkg/a/pack_dashboard_page.wasm" rel="preload"/></head>"#;
    assert_eq!(
        preloaded_packs(html),
        BTreeSet::from(["dashboard_page".to_owned(), "portal_shell".to_owned()])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_signed_in_page_preloads_its_own_packs_under_concurrency() {
    let env = start().await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let operator = operator_session(app).await;
    let pages: [(&str, &str, &[&str]); 4] = [
        (&admin, "/admin", &["portal_shell", "dashboard_page"]),
        (
            &admin,
            "/admin/audit",
            &["portal_shell", "tenant_audit_page"],
        ),
        (&operator, "/operator", &["operator_shell", "overview_page"]),
        (
            &operator,
            "/operator/flags",
            &["operator_shell", "flags_page"],
        ),
    ];
    let expected = |routes: &[&str]| {
        routes
            .iter()
            .map(|r| (*r).to_owned())
            .collect::<BTreeSet<_>>()
    };
    // One at a time first: the packs exist (the site is built) and each page
    // names its shell's and its own.
    for (session, path, routes) in pages {
        assert_eq!(
            preloaded_packs(&page(app, session, path).await),
            expected(routes),
            "{path} alone (no packs at all: build the site first, scripts/build-site.sh)"
        );
    }
    // Then 50 of each at once, interleaved across the runtime's four workers.
    let renders = (0..50)
        .flat_map(|_| pages)
        .map(|(session, path, routes)| async move {
            (
                path,
                routes,
                preloaded_packs(&page(app, session, path).await),
            )
        });
    let mut wrong = Vec::new();
    for (path, routes, got) in futures_util::future::join_all(renders).await {
        if got != expected(routes) {
            wrong.push(format!("{path}: {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of 200 pages preloaded the wrong packs: {wrong:?}",
        wrong.len()
    );
}
