//! Static assets (the `pkg/` bundle of `scripts/build-site.sh` and `public/`) served from the
//! site root, precompressed (brotli, gzip) with cache headers; anything that is not
//! a file renders the app's not-found page.
use crate::config::Config;
use axum::body::Body;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, Request, Response};
use leptos::prelude::LeptosOptions;
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;

/// Name of the bundle (`pkg/dezky.js`, `pkg/dezky.wasm`, `pkg/dezky.css`).
pub const OUTPUT_NAME: &str = "dezky";

/// Leptos' options from our configuration. The site build puts each build's bundle
/// in a folder of its own (`pkg/<hash>/`) and writes its name to `bundle.txt`
/// next to the executable; without that file (a test binary) the folder is `pkg`.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let pkg_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().and_then(bundle_beside))
        .unwrap_or_else(|| "pkg".to_owned());
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site.root.to_string_lossy().into_owned())
        .site_pkg_dir(pkg_dir)
        .site_addr(config.http.listen_addr)
        .build()
}

/// The bundle folder that the `bundle.txt` in `dir` names, when there is one
/// and it is well formed (the integration tests read the server binary's too).
pub fn bundle_beside(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join("bundle.txt"))
        .ok()
        .and_then(|s| bundle_dir(&s))
}

/// The bundle folder named in `bundle.txt`: `pkg/` and one hash segment.
fn bundle_dir(text: &str) -> Option<String> {
    let dir = text.trim();
    let hash = dir.strip_prefix("pkg/")?;
    is_hash(hash).then(|| dir.to_owned())
}

fn is_hash(segment: &str) -> bool {
    segment.len() >= 8 && segment.chars().all(|c| c.is_ascii_hexdigit())
}

/// `/pkg/0123abcd…/dezky.wasm`: a file in a build's own folder never changes.
fn is_hashed(path: &str) -> bool {
    path.strip_prefix("/pkg/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(folder, name)| is_hash(folder) && !name.is_empty())
}

pub fn cache_control(path: &str) -> &'static str {
    if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300, must-revalidate"
    }
}

type Svc = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

pub fn service(
    root: &Path,
    leptos: LeptosOptions,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Svc {
    let not_found = leptos_axum::render_app_to_stream_with_context(context, {
        let leptos = leptos.clone();
        move || app::shell(leptos.clone())
    });
    let files = ServeDir::new(root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(tower::service_fn(move |req: Request<Body>| {
            let not_found = not_found.clone();
            async move { Ok::<_, Infallible>(not_found(req).await) }
        }));
    let svc = tower::service_fn(move |req: Request<Body>| {
        let files = files.clone();
        let path = req.uri().path().to_owned();
        async move {
            let res = files.oneshot(req).await;
            let mut res = match res {
                Ok(res) => res.map(Body::new),
                Err(never) => match never {},
            };
            if res.status().is_success() && !is_html(&res) {
                res.headers_mut().insert(
                    CACHE_CONTROL,
                    HeaderValue::from_static(cache_control(&path)),
                );
            }
            Ok::<_, Infallible>(res)
        }
    });
    BoxCloneSyncService::new(svc)
}

fn is_html(res: &Response<Body>) -> bool {
    res.headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_a_build_folder_are_immutable() {
        for path in [
            "/pkg/0a1b2c3d4e5f60718293/dezky.wasm",
            "/pkg/0a1b2c3d4e5f60718293/__wasm_split.js",
            "/pkg/0a1b2c3d4e5f60718293/chunk_3.wasm",
        ] {
            assert_eq!(cache_control(path), "public, max-age=31536000, immutable");
        }
        for path in [
            "/pkg/dezky.wasm",
            "/pkg/latest/dezky.wasm",
            "/pkg/0a1b2c3d4e5f60718293/",
            "/favicon.svg",
            "/robots.txt",
            "/0a1b2c3d4e5f60718293/dezky.js",
        ] {
            assert_eq!(cache_control(path), "public, max-age=300, must-revalidate");
        }
    }

    #[test]
    fn the_bundle_folder_comes_from_bundle_txt_only_when_well_formed() {
        assert_eq!(
            bundle_dir("pkg/0a1b2c3d4e5f60718293\n").as_deref(),
            Some("pkg/0a1b2c3d4e5f60718293")
        );
        assert_eq!(bundle_dir("pkg/../etc"), None);
        assert_eq!(bundle_dir("/pkg/0a1b2c3d"), None);
        assert_eq!(bundle_dir("pkg/0a1b"), None);
        assert_eq!(bundle_dir(""), None);
    }
}
