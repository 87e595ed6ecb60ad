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

/// Leptos' options from our configuration. File hashing is on when the site build
/// wrote its `hash.txt` next to the executable (every `scripts/build-site.sh` build).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|p| p.exists());
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site.root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.http.listen_addr)
        .hash_files(hash_files)
        .build()
}

/// `dezky.0123abcd.wasm`: a file whose name carries a content hash never changes.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && path.starts_with("/pkg/")
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
    fn only_hashed_bundle_files_are_immutable() {
        assert_eq!(
            cache_control("/pkg/dezky.a1B2c3D4e5F6.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("/pkg/dezky.wasm"),
            "public, max-age=300, must-revalidate"
        );
        assert_eq!(
            cache_control("/favicon.svg"),
            "public, max-age=300, must-revalidate"
        );
        assert_eq!(
            cache_control("/robots.txt"),
            "public, max-age=300, must-revalidate"
        );
        assert_eq!(
            cache_control("/pkg/dezky_bg.wasm"),
            "public, max-age=300, must-revalidate"
        );
    }
}
