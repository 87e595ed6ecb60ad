//! The HTTP stack: health endpoints, static assets, Leptos SSR, and the layers
//! every response passes through (request id, tracing, security headers,
//! compression). The state is assembled by the composition root
//! (`crate::composition`).
mod api_errors;
mod audit_csv;
mod audit_proof;
mod canonical;
mod checkpoints;
mod headers;
mod health;
mod logos;
mod page_cache;
mod page_forms;
pub mod rate_limit;
mod render_to_end;
mod request_id;
mod seo;
pub(crate) mod statics;
pub use statics::bundle_beside;
mod stripe_webhook;

use crate::auth::{self, Auth};
use crate::config::Config;
use crate::readiness::Readiness;
use app::kit::SiteOrigin;
use app::services::context::Services;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use axum::routing::post;
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::{Arc, OnceLock};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Shared state of the HTTP handlers, behind one reference count. Every route
/// holds a copy, and each `from_fn` layer clones the service under it on every
/// request (tower's call convention): as a plain struct that was every service
/// handle and the Leptos options, up to eight times per request, 15% of a cached
/// public page's CPU (perf, `bench/run.sh`'s home-page load). Now a clone is one
/// atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

/// What the handlers share (`AppState` derefs to it).
pub struct AppParts {
    pub leptos: LeptosOptions,
    pub readiness: Readiness,
    pub config: Arc<Config>,
    pub services: Services,
    pub auth: Arc<Auth>,
}

impl AppState {
    pub fn from_parts(parts: AppParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppParts;
    fn deref(&self) -> &AppParts {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// The app's routes, found once per process. leptos finds them by rendering
/// the app with resource loading suppressed, and that switch is one flag for
/// the whole process (leptos_server's `IS_SUPPRESSING_RESOURCE_LOAD`): a page
/// rendering on another thread meanwhile makes resources that never load, and
/// its answer never comes. A server builds its router before it serves, so
/// only a process with several servers (the integration tests, each starting
/// one beside the others' renders) met it, as a page that hung.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            generate_route_list(app::App)
                .into_iter()
                .filter(|route| !route.path().contains('*'))
                .collect()
        })
        .clone()
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    // The app's catch-all route (`*any`: the 404 page) is answered through the
    // static files' fallback, which renders the app for any path that is no
    // file; as an axum route of its own it would take the files' paths too.
    let routes = route_list();
    let leptos = state.leptos.clone();
    let https = state.config.http.public_url.is_https();
    // What every render gets from the server: the public origin (canonical URLs).
    let origin = state.config.http.public_url.origin().to_owned();
    let idp_origin: Option<String> = state
        .config
        .auth
        .oidc
        .as_ref()
        .and_then(|o| url::Url::parse(&o.issuer).ok())
        .map(|u| u.origin().ascii_serialization());
    let idp_for_headers: Option<Arc<str>> = idp_origin.as_deref().map(Arc::from);
    let signin_ready = state.auth.oidc.is_some();
    // The closures below are copied with every route's service on every request
    // (see `AppState`): what they hold is behind one reference count.
    let shared = Arc::new((origin, idp_origin, state.services.clone()));
    let context = move || {
        let (origin, idp_origin, services) = &*shared;
        leptos::prelude::provide_context(SiteOrigin(origin.clone()));
        leptos::prelude::provide_context(app::services::context::SignInAvailable(signin_ready));
        leptos::prelude::provide_context(app::security::IdpOrigin(idp_origin.clone()));
        services.provide();
    };
    let auth_state = state.auth.clone();
    let limiter = Arc::new(rate_limit::Limiter::new(
        state.config.auth.rate_limits,
        state.config.auth.trust_proxy,
    ));
    let statics = statics::service(&state.config.site.root, leptos.clone(), context.clone());
    let form_routes = page_forms::routes(&state, context.clone());

    let app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/.well-known/dezky-audit-keys.json", get(audit_keys))
        .route(
            "/.well-known/dezky-audit/checkpoint",
            get(checkpoints::latest),
        )
        .route(
            "/.well-known/dezky-audit/checkpoint/{size}",
            get(checkpoints::by_size),
        )
        .route("/admin/audit.csv", get(audit_csv::export))
        .route("/audit/proof/{seq}", get(audit_proof::event))
        .route("/audit/consistency", get(audit_proof::consistency))
        .route("/logos/{id}", get(logos::serve))
        .route(
            "/webhooks/stripe",
            post(stripe_webhook::receive).layer(axum::extract::DefaultBodyLimit::max(
                stripe_webhook::BODY_LIMIT,
            )),
        )
        .merge(
            Router::new()
                .route("/auth/login", get(auth::routes::login))
                .route("/auth/callback", get(auth::routes::callback))
                .route("/auth/logout", post(auth::routes::logout))
                .route("/auth/not-authorised", get(auth::routes::not_authorised))
                .with_state(auth_state.clone()),
        )
        .merge(form_routes)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let leptos = Arc::new(leptos.clone());
            move || app::shell(LeptosOptions::clone(&leptos))
        })
        .fallback_service(statics)
        .with_state(state)
        // A page whose client left is rendered to its end before its owner
        // is dropped (no task resumes into a disposed render).
        .layer(axum::middleware::from_fn(render_to_end::layer))
        // Inner to outer: the guard needs the caller; the caller needs no CSRF
        // failure first.
        .layer(axum::middleware::from_fn_with_state(
            auth_state.clone(),
            auth::guard::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            auth_state.clone(),
            auth::session::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            auth_state,
            auth::csrf::layer,
        ))
        // Client mistakes in server-function calls are answered as such.
        .layer(axum::middleware::from_fn(api_errors::layer))
        // Before any body is read or session looked up.
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            rate_limit::layer,
        ))
        // Before every guard: the path the guard judges is the one rendered.
        .layer(axum::middleware::from_fn(canonical::layer));
    // A kept public page (exact canonical paths, no session cookie) is
    // answered before the router and the guards above, which pass such a
    // request unchanged, and the render; it keeps the request id, tracing and
    // security headers below.
    let pages = page_cache::PageCacheService::new(
        page_cache::PageCache::new(auth::session::session_cookie(https)),
        app,
    );
    Router::new().fallback_service(pages).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(
                request_id::MakeRandomRequestId,
            ))
            .layer(TraceLayer::new_for_http().make_span_with(request_id::request_span))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(axum::middleware::from_fn(move |req, next| {
                headers::security_headers(https, idp_for_headers.clone(), req, next)
            }))
            .layer(CompressionLayer::new().br(true).gzip(true)),
    )
}

/// The public key(s) anyone can verify Ed25519 checkpoints with.
async fn audit_keys(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::Json<serde_json::Value> {
    use app::services::audit::checkpoint::ed25519_key_id;
    let origin = state.config.http.public_url.log_origin();
    let keys: Vec<serde_json::Value> = state
        .config
        .audit
        .ed25519_public
        .iter()
        .map(|k| {
            serde_json::json!({
                "keyId": ed25519_key_id(k),
                "sigAlg": "ed25519",
                "publicKey": hex::encode(k.to_bytes()),
                "noteKey": app::services::audit::note::verifier_key(&origin, k),
            })
        })
        .collect();
    axum::Json(serde_json::json!({ "origin": origin, "keys": keys }))
}
