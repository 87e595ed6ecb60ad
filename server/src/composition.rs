//! The composition root: configuration -> adapters -> services -> the HTTP
//! state and the background workers. The one place that knows which adapter
//! stands behind which port; everything else receives what it needs.
use crate::auth::{self, Auth};
use crate::config::Config;
use crate::http::{AppParts, AppState};
use crate::integrations::s3::S3Storage;
use crate::probes;
use crate::readiness::{Readiness, RequiredProbe, SiteBundle};
use app::ports::billing::Billing;
use app::ports::event_feed::EventFeed;
use app::ports::files_admin::FilesAdmin;
use app::ports::identity_admin::IdentityAdmin;
use app::ports::mail_admin::MailAdmin;
use app::ports::mailer::Mailer;
use app::ports::object_storage::ObjectStorage;
use app::ports::probe::Probe;
use app::repo::Repo;
use app::services::audit::Auditor;
use app::services::context::Services;
use app::services::infrastructure::Infrastructure;
use std::sync::Arc;

/// Why the server could not start, naming the system.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("store ({url:?}) cannot be opened: {error}")]
    Store { url: String, error: String },
    #[error("OIDC configuration: {0}")]
    Oidc(String),
    #[error("DNS configuration: {0}")]
    Dns(String),
    #[error("SMTP configuration: {0}")]
    Smtp(String),
    #[error("Authentik configuration: {0}")]
    Identity(String),
    #[error("Stripe configuration: {0}")]
    Billing(String),
    #[error("Stalwart configuration: {0}")]
    Mail(String),
    #[error("OCIS configuration: {0}")]
    Files(String),
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
        let leptos = crate::http::statics::leptos_options(&config);
        let store_probe: Arc<dyn Probe> = Arc::new(probes::StoreProbe(repo.store().clone()));
        let readiness = Readiness::default()
            .with(SiteBundle {
                pkg_dir: config.site.root.join(leptos.site_pkg_dir.as_ref()),
            })
            .with(RequiredProbe(store_probe.clone()));
        let issuer = config.auth.oidc.as_ref().map(|o| o.issuer.clone());
        if config.store.demo_seed {
            crate::seed::demo(&repo, issuer.as_deref())
                .await
                .map_err(|e| StartError::Store {
                    url: format!("{:?}", config.store.url),
                    error: format!("demo seed: {e}"),
                })?;
        }
        // The price catalog starts as `pricing` says (rows edited since stay).
        repo.ensure_catalog(&app::domain::revenue::seed_catalog(repo.now()))
            .await
            .map_err(|e| StartError::Store {
                url: format!("{:?}", config.store.url),
                error: format!("price catalog: {e}"),
            })?;
        let auditor = Auditor::new(
            repo.clone(),
            config.audit.signer.clone(),
            config.http.public_url.log_origin(),
        );
        match auditor.signer() {
            None => tracing::warn!(
                "audit checkpoints are OFF: set AUDIT_SIGNING_KEY or AUDIT_ED25519_SECRET_KEY"
            ),
            Some(s) => {
                tracing::info!(alg = s.alg().as_str(), key = %s.key_id(), "audit checkpoints signed")
            }
        }
        if let Err(e) = auditor
            .checkpoint(app::services::audit::checkpoint::Reason::Startup)
            .await
        {
            tracing::error!(error = %e, "start-up checkpoint failed");
        }
        let bucket: Option<Arc<dyn ObjectStorage>> = config
            .audit
            .cold
            .as_ref()
            .map(|cold| Arc::new(S3Storage::new(cold)) as Arc<dyn ObjectStorage>);
        let archiver = archiver(&config, &repo, &auditor, bucket.clone());
        let archive_schedule = app::services::context::ArchiveSchedule {
            enabled: config.audit.archive_enabled,
            run_hour_utc: config.audit.archive_run_hour_utc,
            sse: config.audit.cold.as_ref().is_some_and(|c| c.sse),
        };
        let dns: Arc<dyn app::ports::dns::DnsLookup> = Arc::new(
            crate::integrations::dns::HickoryDns::new(&config.dns).map_err(StartError::Dns)?,
        );
        let mailer: Option<Arc<dyn Mailer>> = match &config.smtp {
            Some(c) => Some(Arc::new(
                crate::integrations::smtp::SmtpMailer::new(c).map_err(StartError::Smtp)?,
            )),
            None => None,
        };
        // The identity, mail and files servers' logs feed the audit log.
        let mut feeds: Vec<Arc<dyn EventFeed>> = Vec::new();
        let identity_admin: Option<Arc<dyn IdentityAdmin>> = match &config.authentik {
            Some(c) => {
                let authentik = Arc::new(
                    crate::integrations::authentik::Authentik::new(c)
                        .map_err(StartError::Identity)?,
                );
                feeds.push(authentik.clone());
                Some(authentik)
            }
            None => None,
        };
        let billing: Option<Arc<dyn Billing>> = match &config.stripe {
            Some(c) => Some(Arc::new(
                crate::integrations::stripe::StripeBilling::new(c).map_err(StartError::Billing)?,
            )),
            None => None,
        };
        let mail_admin: Option<Arc<dyn MailAdmin>> = match &config.stalwart {
            Some(c) => {
                let stalwart = Arc::new(
                    crate::integrations::stalwart::Stalwart::new(c).map_err(StartError::Mail)?,
                );
                feeds.push(stalwart.clone());
                Some(stalwart)
            }
            None => None,
        };
        let files_admin: Option<Arc<dyn FilesAdmin>> = match (&config.ocis, &config.auth.token_keys)
        {
            (Some(c), Some(keys)) => {
                let ocis = Arc::new(
                    crate::integrations::ocis::Ocis::new(c, repo.clone(), keys.clone())
                        .map_err(StartError::Files)?,
                );
                if let Some(path) = &c.audit_log {
                    feeds.push(Arc::new(
                        crate::integrations::ocis::audit_log::OcisAuditLog::new(
                            path.clone(),
                            ocis.clone(),
                        ),
                    ));
                }
                Some(ocis)
            }
            _ => None,
        };
        let money_enabled = config.stripe.as_ref().is_some_and(|s| s.enabled);
        let stripe_publishable_key = config
            .stripe
            .as_ref()
            .and_then(|s| s.publishable_key.clone());
        // One probe per configured system; the rest show as not connected.
        let mut probes: Vec<Arc<dyn Probe>> = vec![
            store_probe,
            Arc::new(probes::DnsProbe {
                dns: dns.clone(),
                name: config.dns.probe_name.clone(),
            }),
        ];
        let issuer = config.auth.oidc.as_ref().map(|o| o.issuer.as_str());
        if issuer.is_some() || identity_admin.is_some() {
            probes.push(Arc::new(probes::IdentityProbe::new(
                issuer,
                identity_admin.clone(),
            )));
        }
        if let Some(bucket) = &bucket {
            probes.push(Arc::new(probes::ObjectStorageProbe(bucket.clone())));
        }
        if let Some(signer) = &config.audit.signer {
            probes.push(Arc::new(probes::SigningKeyProbe(signer.clone())));
        }
        if let Some(mailer) = &mailer {
            probes.push(Arc::new(probes::SmtpProbe(mailer.clone())));
        }
        if let Some(billing) = &billing {
            probes.push(Arc::new(probes::BillingProbe(billing.clone())));
        }
        if let Some(mail) = &mail_admin {
            probes.push(Arc::new(probes::MailProbe(mail.clone())));
        }
        if let Some(files) = &files_admin {
            probes.push(Arc::new(probes::FilesProbe(files.clone())));
        }
        let infrastructure = Arc::new(Infrastructure::new(probes));
        let ingest = Arc::new(app::services::audit::ingest::Ingest::new(
            repo.clone(),
            auditor.clone(),
            feeds,
        ));
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
            idle_ms: config.auth.idle_ms(),
            absolute_ms: config.auth.absolute_ms(),
            trust_proxy: config.auth.trust_proxy,
            tokens: config.auth.token_keys.clone().unwrap_or_else(|| {
                tracing::warn!(
                    "DEZKY_TOKEN_KEYS is not set: tokens are sealed with a per-process key \
                     (sessions end when the server restarts)"
                );
                Arc::new(auth::sealed::TokenKeys::ephemeral())
            }),
            refreshing: auth::session::RefreshLocks::default(),
            failures: auth::failures::FailureCollapser::new(
                i64::from(config.auth.failure_window_secs) * 1000,
            ),
        });
        let apps = config.site.apps.clone();
        let public_url = config.http.public_url.origin().to_owned();
        let tenant_retention_days = config.store.tenant_retention_days;
        let domain_recheck_secs = config.dns.recheck_secs;
        Ok(Self::from_parts(AppParts {
            leptos,
            readiness,
            config: Arc::new(config),
            services: Services {
                tenant_retention_days,
                public_url,
                apps,
                domain_recheck_secs,
                dns,
                mailer,
                identity_admin,
                mail_admin,
                files_admin,
                money_enabled,
                stripe_publishable_key,
                billing,
                infrastructure,
                ingest,
                archiver,
                archive_schedule,
                repo,
                auditor,
            },
            auth,
        }))
    }
}

/// The cold archive, when `AUDIT_COLD_ENDPOINT` is set (config requires a
/// signing key with it).
fn archiver(
    config: &Config,
    repo: &Repo,
    auditor: &Arc<Auditor>,
    bucket: Option<Arc<dyn ObjectStorage>>,
) -> Option<Arc<app::services::audit::archive::Archiver>> {
    use app::services::audit::archive::{ArchiveConfig, Archiver};
    let (bucket, signer) = (bucket?, config.audit.signer.clone()?);
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

/// Starts the background workers the configuration asks for.
pub fn start_workers(state: &AppState) {
    crate::workers::spawn_checkpoints(state.services.auditor.clone());
    crate::workers::spawn_session_purge(
        state.services.repo.clone(),
        app::services::sessions::Lifetimes {
            login_ms: crate::auth::routes::LOGIN_TTL_SECS * 1000,
            idle_ms: state.config.auth.idle_ms(),
        },
    );
    crate::workers::spawn_job_sweeper(state.services.repo.clone());
    crate::workers::spawn_domain_checks(state.services.clone());
    crate::workers::spawn_tenant_purge(state.services.clone());
    crate::workers::spawn_revenue(
        state.services.repo.clone(),
        state.config.store.payouts_autogen,
    );
    crate::workers::spawn_failure_flush(
        state.auth.clone(),
        std::time::Duration::from_secs(u64::from(state.config.auth.failure_window_secs.max(2)) / 2),
    );
    if state.config.audit.ingest_interval_secs > 0 && !state.services.ingest.feeds().is_empty() {
        crate::workers::spawn_audit_ingest(
            state.services.ingest.clone(),
            std::time::Duration::from_secs(state.config.audit.ingest_interval_secs),
        );
    }
    if let Some(archiver) = &state.services.archiver
        && state.services.archive_schedule.enabled
    {
        crate::workers::spawn_daily_archive(
            archiver.clone(),
            state.services.repo.clone(),
            state.services.archive_schedule.run_hour_utc,
        );
    }
}
