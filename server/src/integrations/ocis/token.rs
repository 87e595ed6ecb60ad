//! Access tokens for the files server, minted from the stored refresh token.
//! One refresh at a time across every instance (a lease on the stored
//! record); the refresh token is replaced by the rotated one each time; the
//! access token is shared through the store until shortly before it expires.
use super::OcisConfig;
use crate::auth::sealed::TokenKeys;
use app::ports::api_error::ApiErrorKind as Kind;
use app::ports::store::StoreError;
use app::repo::{Repo, ServiceCredential};
use secrecy::SecretString;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OnceCell};

/// The stored credential's id.
pub const CREDENTIAL_ID: &str = "files";
/// Associated data of the sealed tokens: they open only as this credential.
const AAD: &str = "service-credential:files";
/// An access token is not used in its last half minute.
const MARGIN_MS: i64 = 30_000;
/// How long one instance may hold the refresh lease.
const LEASE_MS: i64 = 30_000;

#[derive(Deserialize, Clone)]
pub(super) struct Endpoints {
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
}

#[derive(Deserialize)]
pub(super) struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<i64>,
}

#[derive(Deserialize)]
struct TokenErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

pub struct TokenSource {
    pub(super) http: reqwest::Client,
    pub(super) config: OcisConfig,
    pub(super) repo: Repo,
    pub(super) keys: Arc<TokenKeys>,
    endpoints: OnceCell<Endpoints>,
    /// This instance's copy of the access token; the lock makes refreshes
    /// in one process single-flight.
    cached: Mutex<Option<(SecretString, i64)>>,
}

/// Why no access token could be had, in words an operator acts on.
pub(super) fn rebootstrap(why: &str) -> Kind {
    Kind::Unavailable(format!(
        "{why}: sign the files service user in with `dezky files-bootstrap`"
    ))
}

impl TokenSource {
    pub fn new(config: &OcisConfig, repo: Repo, keys: Arc<TokenKeys>) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .pool_max_idle_per_host(0)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            http,
            config: config.clone(),
            repo,
            keys,
            endpoints: OnceCell::new(),
            cached: Mutex::new(None),
        })
    }

    pub(super) async fn endpoints(&self) -> Result<&Endpoints, Kind> {
        self.endpoints
            .get_or_try_init(|| async {
                let url = format!(
                    "{}/.well-known/openid-configuration",
                    self.config.issuer.trim_end_matches('/')
                );
                let res = self.http.get(&url).send().await.map_err(|e| {
                    Kind::Unavailable(format!("identity provider discovery: {}", e.without_url()))
                })?;
                if !res.status().is_success() {
                    return Err(Kind::Unavailable(format!(
                        "identity provider discovery answered {}",
                        res.status()
                    )));
                }
                res.json::<Endpoints>().await.map_err(|e| {
                    Kind::Unavailable(format!("identity provider discovery is unreadable: {e}"))
                })
            })
            .await
    }

    pub(super) fn seal(&self, token: &str) -> String {
        self.keys.seal(AAD, token)
    }

    /// A valid access token for the service user.
    pub async fn access_token(&self) -> Result<SecretString, Kind> {
        let mut cached = self.cached.lock().await;
        let now = self.repo.now();
        if let Some((token, expires)) = cached.as_ref()
            && *expires - MARGIN_MS > now
        {
            return Ok(token.clone());
        }
        for _ in 0..150 {
            let credential = self.stored().await?;
            if let Some(valid) = self.valid_access(&credential) {
                *cached = Some(valid.clone());
                return Ok(valid.0);
            }
            let leased = self
                .repo
                .take_credential_lease(CREDENTIAL_ID, self.repo.now() + LEASE_MS)
                .await
                .map_err(|e| Kind::Unavailable(format!("store: {e}")))?;
            if !leased {
                // Another instance is refreshing: wait for its result.
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            // Re-read under the lease: the last holder may just have refreshed.
            let result = match self.stored().await {
                Ok(current) => match self.valid_access(&current) {
                    Some(valid) => Ok(valid),
                    None => self.refresh(&current).await,
                },
                Err(kind) => Err(kind),
            };
            let _ = self.repo.release_credential_lease(CREDENTIAL_ID).await;
            let (token, expires) = result?;
            *cached = Some((token.clone(), expires));
            return Ok(token);
        }
        Err(Kind::Unavailable(
            "another instance holds the files credential's refresh lease".into(),
        ))
    }

    async fn stored(&self) -> Result<ServiceCredential, Kind> {
        self.repo
            .service_credential(CREDENTIAL_ID)
            .await
            .map_err(|e| Kind::Unavailable(format!("store: {e}")))?
            .ok_or_else(|| rebootstrap("no files credential yet"))
    }

    /// The stored access token, while it has more than the margin to live.
    fn valid_access(&self, credential: &ServiceCredential) -> Option<(SecretString, i64)> {
        let sealed = credential.access_token.as_ref()?;
        if credential.access_expires_at - MARGIN_MS <= self.repo.now() {
            return None;
        }
        let token = self.keys.open(AAD, sealed)?;
        Some((SecretString::from(token), credential.access_expires_at))
    }

    /// The refresh-token grant; stores the rotated refresh token and the
    /// new access token over the leased record.
    async fn refresh(&self, leased: &ServiceCredential) -> Result<(SecretString, i64), Kind> {
        let refresh_token = self.keys.open(AAD, &leased.refresh_token).ok_or_else(|| {
            rebootstrap("the stored refresh token does not open with DEZKY_TOKEN_KEYS")
        })?;
        let tokens = self
            .grant(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &refresh_token),
            ])
            .await?;
        let now = self.repo.now();
        let expires = now + tokens.expires_in.unwrap_or(300).max(1) * 1000;
        let refresh_sealed = tokens
            .refresh_token
            .as_deref()
            .map_or_else(|| leased.refresh_token.clone(), |t| self.seal(t));
        let access_sealed = self.seal(&tokens.access_token);
        // Under the lease only an `invalidate` (or a new bootstrap) can have
        // written meanwhile: write over the latest version, unless a new
        // bootstrap replaced the credential (then it stands).
        let mut latest = leased.clone();
        for _ in 0..5 {
            if latest.obtained_at != leased.obtained_at {
                break;
            }
            let stored = ServiceCredential {
                refresh_token: refresh_sealed.clone(),
                access_token: Some(access_sealed.clone()),
                access_expires_at: expires,
                rotated_at: now,
                ..latest.clone()
            };
            match self.repo.update_service_credential(&stored).await {
                Ok(_) => break,
                Err(StoreError::VersionConflict) => latest = self.stored().await?,
                Err(e) => {
                    // The provider has rotated the token; if it cannot be
                    // kept, the old one is spent and a new bootstrap is due.
                    tracing::error!(error = %e, "the rotated files refresh token could not be stored");
                    return Err(Kind::Unavailable(format!(
                        "store: the rotated refresh token was not saved: {e}"
                    )));
                }
            }
        }
        Ok((SecretString::from(tokens.access_token), expires))
    }

    /// A token-endpoint call with OCIS' public client.
    pub(super) async fn grant(&self, form: &[(&str, &str)]) -> Result<TokenResponse, Kind> {
        let endpoints = self.endpoints().await?;
        let mut form: Vec<(&str, &str)> = form.to_vec();
        form.push(("client_id", &self.config.client_id));
        let res = self
            .http
            .post(&endpoints.token_endpoint)
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                Kind::Unavailable(format!(
                    "identity provider token endpoint: {}",
                    e.without_url()
                ))
            })?;
        let status = res.status();
        let bytes = res.bytes().await.unwrap_or_default();
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                Kind::Unavailable(format!("identity provider token answer is unreadable: {e}"))
            });
        }
        match serde_json::from_slice::<TokenErrorBody>(&bytes) {
            Ok(e) if e.error == "invalid_grant" => Err(rebootstrap(&format!(
                "the identity provider refused the refresh token ({})",
                e.error_description.unwrap_or(e.error)
            ))),
            Ok(e) => Err(Kind::Unavailable(format!(
                "identity provider token endpoint answered {status}: {}",
                e.error_description.unwrap_or(e.error)
            ))),
            Err(_) => Err(Kind::Unavailable(format!(
                "identity provider token endpoint answered {status}"
            ))),
        }
    }

    /// The files server refused the token: forget it here and in the store.
    pub async fn invalidate(&self) {
        *self.cached.lock().await = None;
        if let Ok(Some(credential)) = self.repo.service_credential(CREDENTIAL_ID).await {
            let _ = self
                .repo
                .update_service_credential(&ServiceCredential {
                    access_token: None,
                    access_expires_at: 0,
                    ..credential
                })
                .await;
        }
    }

    /// Who the stored credential belongs to and when it was last rotated.
    pub async fn describe_credential(&self) -> Option<(String, i64)> {
        self.repo
            .service_credential(CREDENTIAL_ID)
            .await
            .ok()
            .flatten()
            .map(|c| (c.subject, c.rotated_at))
    }
}
