//! The HTTP stack: health endpoints, static assets, Leptos SSR, and the layers
//! every response passes through (request id, tracing, security headers,
//! compression).
mod audit_csv;
mod headers;
mod health;
mod request_id;
mod seo;
mod statics;

use crate::auth::{self, Auth};
use crate::config::Config;
use crate::readiness::{Readiness, SiteBundle, StoreCheck};
use app::kit::SiteOrigin;
use app::platform::audit::Auditor;
use app::platform::context::Services;
use app::platform::repo::Repo;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use axum::routing::post;
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
    pub services: Services,
    pub auth: Arc<Auth>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Why the server could not start, naming the system.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("store ({url:?}) cannot be opened: {error}")]
    Store { url: String, error: String },
    #[error("OIDC configuration: {0}")]
    Oidc(String),
}

impl AppState {
    /// Opens the store (creating tables / indexes), seeds demo data into an empty
    /// embedded store, and assembles the services.
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let store = crate::store::open(&config.store.url)
            .await
            .map_err(|e| StartError::Store {
                url: format!("{:?}", config.store.url),
                error: e.to_string(),
            })?;
        let repo = Repo::new(
            store.clone(),
            Arc::new(crate::clock::SystemClock::default()),
        );
        Self::with_repo(config, repo).await
    }

    /// The same with a given repo (tests inject a store or a clock).
    pub async fn with_repo(config: Config, repo: Repo) -> Result<Self, StartError> {
        let leptos = statics::leptos_options(&config);
        let readiness = Readiness::default()
            .with(SiteBundle {
                pkg_dir: config.site.root.join(leptos.site_pkg_dir.as_ref()),
            })
            .with(StoreCheck(repo.store().clone()));
        let issuer = config.auth.oidc.as_ref().map(|o| o.issuer.clone());
        if config.store.demo_seed {
            crate::seed::demo(&repo, issuer.as_deref())
                .await
                .map_err(|e| StartError::Store {
                    url: format!("{:?}", config.store.url),
                    error: format!("demo seed: {e}"),
                })?;
        }
        let auditor = Auditor::new(repo.clone(), config.audit.signer.clone());
        match auditor.signer() {
            None => tracing::warn!(
                "audit checkpoints are OFF: set AUDIT_SIGNING_KEY or AUDIT_ED25519_SECRET_KEY"
            ),
            Some(s) => {
                tracing::info!(alg = s.alg().as_str(), key = %s.key_id(), "audit checkpoints signed")
            }
        }
        if let Err(e) = auditor
            .checkpoint(app::platform::audit::checkpoint::Reason::Startup)
            .await
        {
            tracing::error!(error = %e, "start-up checkpoint failed");
        }
        let archiver = archiver(&config, &repo, &auditor);
        let archive_schedule = app::platform::context::ArchiveSchedule {
            enabled: config.audit.archive_enabled,
            run_hour_utc: config.audit.archive_run_hour_utc,
            sse: config.audit.cold.as_ref().is_some_and(|c| c.sse),
        };
        let origin = config.http.public_url.origin().to_owned();
        let oidc = match &config.auth.oidc {
            Some(c) => Some(auth::oidc::Oidc::new(c.clone(), &origin).map_err(StartError::Oidc)?),
            None => None,
        };
        let mut allowed_origins = vec![origin.clone()];
        allowed_origins.extend(config.auth.allowed_origins.iter().cloned());
        let auth = Arc::new(Auth {
            oidc,
            repo: repo.clone(),
            auditor: auditor.clone(),
            https: config.http.public_url.is_https(),
            origin,
            allowed_origins,
            idle_ms: i64::from(config.auth.session_idle_minutes) * 60_000,
            absolute_ms: i64::from(config.auth.session_absolute_hours) * 3_600_000,
            trust_proxy: config.auth.trust_proxy,
        });
        Ok(Self {
            leptos,
            readiness,
            config: Arc::new(config),
            services: Services {
                archiver,
                archive_schedule,
                repo,
                auditor,
            },
            auth,
        })
    }
}

/// The cold archive, when `AUDIT_COLD_ENDPOINT` is set (config requires a
/// signing key with it).
fn archiver(
    config: &Config,
    repo: &Repo,
    auditor: &Arc<Auditor>,
) -> Option<Arc<app::platform::audit::archive::Archiver>> {
    use app::platform::audit::archive::{ArchiveConfig, Archiver, ColdStore};
    let (cold, signer) = (config.audit.cold.as_ref()?, config.audit.signer.clone()?);
    let bucket: Arc<dyn ColdStore> = Arc::new(crate::cold::S3Cold::new(cold));
    tracing::info!(
        target = %bucket.describe(),
        retention_days = config.audit.hot_retention_days,
        daily = config.audit.archive_enabled,
        "audit cold archive configured"
    );
    Some(Arc::new(Archiver::new(
        repo.clone(),
        bucket,
        signer,
        Some(auditor.clone()),
        ArchiveConfig {
            retention_days: config.audit.hot_retention_days,
            ..ArchiveConfig::default()
        },
    )))
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
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
    let services = state.services.clone();
    let signin_ready = state.auth.oidc.is_some();
    let context = move || {
        leptos::prelude::provide_context(SiteOrigin(origin.clone()));
        leptos::prelude::provide_context(app::platform::context::SignInAvailable(signin_ready));
        leptos::prelude::provide_context(app::security::IdpOrigin(idp_origin.clone()));
        services.provide();
    };
    let auth_state = state.auth.clone();
    let origins = Arc::new(state.auth.allowed_origins.clone());
    let statics = statics::service(&state.config.site.root, leptos.clone(), context.clone());

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/.well-known/dezky-audit-keys.json", get(audit_keys))
        .route("/admin/audit.csv", get(audit_csv::export))
        .merge(
            Router::new()
                .route("/auth/login", get(auth::routes::login))
                .route("/auth/callback", get(auth::routes::callback))
                .route("/auth/logout", post(auth::routes::logout))
                .route("/auth/not-authorised", get(auth::routes::not_authorised))
                .with_state(auth_state.clone()),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let leptos = leptos.clone();
            move || app::shell(leptos.clone())
        })
        .fallback_service(statics)
        .with_state(state)
        // Inner to outer: the guard needs the caller; the caller needs no CSRF
        // failure first.
        .layer(axum::middleware::from_fn(auth::guard::layer))
        .layer(axum::middleware::from_fn_with_state(
            auth_state,
            auth::session::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            origins,
            auth::csrf::layer,
        ))
        .layer(
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
    use app::platform::audit::checkpoint::ed25519_key_id;
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
            })
        })
        .collect();
    axum::Json(serde_json::json!({ "keys": keys }))
}
