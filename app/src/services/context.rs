//! What a server function sees of the request: the services (from context, put
//! there by the server) and the caller (resolved by the server's session layer
//! and carried in the request's extensions). `Ctx::authorize` is the first line of
//! every server function.
use super::audit::{ActorType, AuditRecord, Auditor, Outcome};
use crate::domain::authz::{self, Action, Denial, Grant, Principal, Resource};
use crate::domain::{AppError, System};
use crate::ports::store::StoreError;
use crate::repo::{Repo, RequestCache};
use leptos::prelude::{provide_context, use_context};
use serde_json::json;
use std::sync::Arc;

/// The platform services, provided to every render and server function.
#[derive(Clone)]
pub struct Services {
    pub repo: Repo,
    pub auditor: Arc<Auditor>,
    /// The cold archive; None when `AUDIT_COLD_ENDPOINT` is not set.
    pub archiver: Option<Arc<super::audit::archive::Archiver>>,
    /// The daily archive run: on (`ARCHIVE_ENABLED`) and at which UTC hour.
    pub archive_schedule: ArchiveSchedule,
    /// Domain record lookups (always configured: public resolvers by default).
    pub dns: Arc<dyn crate::ports::dns::DnsLookup>,
    /// Outgoing mail; None when SMTP is not configured.
    pub mailer: Option<Arc<dyn crate::ports::mailer::Mailer>>,
    /// The payment provider; None without keys. `money_enabled` says whether
    /// charging, subscribing and re-pricing may run (BILLING_STRIPE_ENABLED).
    pub billing: Option<Arc<dyn crate::ports::billing::Billing>>,
    pub money_enabled: bool,
    /// `STRIPE_PUBLISHABLE_KEY`: what the card form loads Stripe.js with.
    pub stripe_publishable_key: Option<String>,
    /// The identity provider's admin API; None when not configured.
    pub identity_admin: Option<Arc<dyn crate::ports::identity_admin::IdentityAdmin>>,
    /// The mail server's management API; None when not configured.
    pub mail_admin: Option<Arc<dyn crate::ports::mail_admin::MailAdmin>>,
    /// The files server's admin API; None when not configured.
    pub files_admin: Option<Arc<dyn crate::ports::files_admin::FilesAdmin>>,
    /// Every configured system's liveness probe.
    pub infrastructure: Arc<super::infrastructure::Infrastructure>,
    /// The identity, mail and files servers' logs read into the audit log.
    pub ingest: Arc<super::audit::ingest::Ingest>,
    /// Where the portal's app tiles open the real apps.
    pub apps: AppLinks,
    /// How long a deleted tenant can be restored before the purge (days).
    pub tenant_retention_days: u32,
    /// The deployment's public origin (`https://dezky.eu`), for links in mail.
    pub public_url: String,
    /// How often each mail domain is rechecked against DNS (seconds).
    pub domain_recheck_secs: u64,
}

/// The web addresses of the apps people use (None: not connected).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppLinks {
    pub mail: Option<String>,
    pub files: Option<String>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ArchiveSchedule {
    pub enabled: bool,
    pub run_hour_utc: u8,
    pub sse: bool,
}

impl Services {
    pub fn provide(&self) {
        provide_context(self.clone());
    }

    /// The payment provider when money paths may run: keys set and
    /// `BILLING_STRIPE_ENABLED`. Reading (invoices, the card) needs only the
    /// keys; subscribing, seats and re-pricing need this.
    pub fn money(&self) -> Option<&Arc<dyn crate::ports::billing::Billing>> {
        self.billing.as_ref().filter(|_| self.money_enabled)
    }
}

/// Whether sign-in is configured (the UI says so honestly when it is not).
#[derive(Clone, Copy, Debug)]
pub struct SignInAvailable(pub bool);

/// Who is calling: put into the request's extensions by the session layer.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    pub principal: Option<Arc<Principal>>,
    /// Leftmost X-Forwarded-For behind our proxy, else the socket address.
    pub ip: String,
    /// The store key of the caller's session ("this device" in My sessions).
    pub session_id: Option<String>,
}

/// What a denied attempt was aimed at, for its audit event.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub resource_type: &'static str,
    pub resource_id: String,
    pub resource_name: String,
    pub tenant_slug: Option<String>,
    pub partner_slug: Option<String>,
}

#[derive(Clone)]
pub struct Ctx {
    pub services: Services,
    pub caller: Caller,
    /// What the caller is doing, for denied events; the action by default.
    attempt: Option<&'static str>,
    /// The customer-approved access grant a partner acts under in this
    /// request (set by `tenants::authorized`); every event it records
    /// carries the grant's id.
    acting_under: Arc<std::sync::Mutex<Option<String>>>,
}

impl Ctx {
    /// For HTTP handlers outside Leptos (the CSV export): the same services and
    /// caller a server function gets from context.
    pub fn new(services: Services, caller: Caller) -> Self {
        Self {
            services,
            caller,
            attempt: None,
            acting_under: Arc::default(),
        }
    }

    /// Records that the caller acts under this partner access grant.
    pub fn act_under(&self, grant_id: &str) {
        if let Ok(mut g) = self.acting_under.lock() {
            *g = Some(grant_id.to_owned());
        }
    }

    /// The partner access grant the caller acts under, if any.
    pub fn grant_id(&self) -> Option<String> {
        self.acting_under.lock().ok().and_then(|g| g.clone())
    }

    /// Names what the caller attempts (`"audit export"`) in denied events.
    pub fn attempting(mut self, what: &'static str) -> Self {
        self.attempt = Some(what);
        self
    }

    /// In a server function or a render: the services from context and the
    /// caller from the request.
    pub fn load() -> Result<Self, AppError> {
        let mut services = use_context::<Services>().ok_or_else(|| {
            tracing::error!("platform services missing from context");
            AppError::Internal
        })?;
        let parts = use_context::<http::request::Parts>();
        let caller = parts
            .as_ref()
            .and_then(|parts| parts.extensions.get::<Caller>().cloned())
            .unwrap_or_default();
        // The request's directory reads, shared with the session layer and
        // every other server function of this request (repo::RequestCache).
        if let Some(cache) = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<Arc<RequestCache>>())
        {
            services.repo = services.repo.for_request(cache);
        }
        Ok(Self::new(services, caller))
    }

    pub fn repo(&self) -> &Repo {
        &self.services.repo
    }

    pub fn principal(&self) -> Option<&Principal> {
        self.caller.principal.as_deref()
    }

    /// Checks the rule; a refusal answers 401/403 and a signed-in refusal is
    /// recorded as a denied audit event.
    pub async fn authorize(
        &self,
        action: Action,
        resource: Resource<'_>,
        target: impl FnOnce() -> Target,
    ) -> Result<Grant, AppError> {
        match authz::authorize(self.principal(), action, resource) {
            Ok(grant) => Ok(grant),
            Err(Denial::Unauthenticated) => Err(fail(AppError::Unauthenticated)),
            Err(Denial::Forbidden) => {
                let t = target();
                self.record(
                    &format!("{}.access_denied", t.resource_type),
                    Outcome::Denied,
                    &t,
                    json!({ "attempted": self.attempt.map_or_else(|| format!("{action:?}"), str::to_owned) }),
                )
                .await;
                Err(fail(AppError::Forbidden))
            }
        }
    }

    /// Records an event with the caller as actor.
    pub async fn record(
        &self,
        action: &str,
        outcome: Outcome,
        target: &Target,
        metadata: serde_json::Value,
    ) {
        let (actor_id, actor_email) = self
            .principal()
            .map(|p| (p.user.id.clone(), p.user.email.clone()))
            .unwrap_or_default();
        let mut metadata = metadata;
        if let (Some(grant), Some(map)) = (self.grant_id(), metadata.as_object_mut()) {
            map.insert("access_grant".into(), serde_json::Value::String(grant));
        } else if let Some(grant) = self.grant_id() {
            metadata = serde_json::json!({ "access_grant": grant, "detail": metadata });
        }
        let event = AuditRecord {
            actor_type: ActorType::User,
            actor_id,
            actor_email,
            actor_ip: self.caller.ip.clone(),
            action: action.to_owned(),
            outcome,
            resource_type: target.resource_type.to_owned(),
            resource_id: target.resource_id.clone(),
            resource_name: target.resource_name.clone(),
            tenant_slug: target.tenant_slug.clone(),
            partner_slug: target.partner_slug.clone(),
            metadata,
            ..AuditRecord::default()
        };
        self.services.auditor.record(event).await;
    }
}

/// Sets the HTTP status for the error and hands it back.
pub fn fail(error: AppError) -> AppError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    error
}

/// Runs `work` whose failures are not the answer's (the caller leaves them
/// out of it) with a response of its own, so the HTTP status they set does
/// not reach the answer: not a server function's, nor, while a page renders,
/// the page's (whose other parts may set theirs meanwhile).
pub async fn status_apart<T>(work: impl std::future::Future<Output = T>) -> T {
    use leptos::prelude::Owner;
    use leptos::reactive::computed::ScopedFuture;
    let Some(owner) = Owner::current() else {
        return work.await;
    };
    let apart = owner.child();
    apart.with(|| provide_context(leptos_axum::ResponseOptions::default()));
    apart.with(|| ScopedFuture::new_untracked(work)).await
}

impl From<StoreError> for AppError {
    #[track_caller]
    fn from(e: StoreError) -> Self {
        let error = match e {
            StoreError::Duplicate { field } => AppError::Taken { field },
            StoreError::VersionConflict => AppError::Conflict,
            StoreError::NotFound => AppError::NotFound,
            StoreError::Invalid { field, reason } => AppError::Invalid { field, reason },
            StoreError::Backend(message) => {
                let at = std::panic::Location::caller();
                tracing::error!(%message, %at, "store failed");
                AppError::failed(System::Store)
            }
        };
        fail(error)
    }
}
