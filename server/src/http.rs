//! The HTTP stack: health endpoints, static assets, Leptos SSR, and the layers
//! every response passes through (request id, tracing, security headers,
//! compression).
mod headers;
mod health;
mod request_id;
mod seo;
mod statics;

use crate::config::Config;
use crate::readiness::{Readiness, SiteBundle};
use app::kit::SiteOrigin;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Shared state of the HTTP handlers.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub readiness: Readiness,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    pub fn new(config: Config) -> Self {
        let leptos = statics::leptos_options(&config);
        let readiness = Readiness::default().with(SiteBundle {
            pkg_dir: config.site.root.join(leptos.site_pkg_dir.as_ref()),
        });
        Self {
            leptos,
            readiness,
            config: Arc::new(config),
        }
    }
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let leptos = state.leptos.clone();
    let https = state.config.http.public_url.is_https();
    // What every render gets from the server: the public origin (canonical URLs).
    let origin = state.config.http.public_url.origin().to_owned();
    let context = move || leptos::prelude::provide_context(SiteOrigin(origin.clone()));
    let statics = statics::service(&state.config.site.root, leptos.clone(), context.clone());

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let leptos = leptos.clone();
            move || app::shell(leptos.clone())
        })
        .fallback_service(statics)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(
                    request_id::MakeRandomRequestId,
                ))
                .layer(TraceLayer::new_for_http().make_span_with(request_id::request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(axum::middleware::from_fn(move |req, next| {
                    headers::security_headers(https, req, next)
                }))
                .layer(CompressionLayer::new().br(true).gzip(true)),
        )
}
