//! The OIDC relying party (openidconnect crate): discovery, authorization code +
//! PKCE, ID token validation (signature, issuer, audience, expiry, nonce), the
//! `groups` claim, refresh, and RP-initiated logout. Two clients, as in
//! production: `dezky-portal` and `dezky-operator`, on one issuer.
use app::domain::model::ClientKind;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType,
    CoreClientAuthMethod, CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode, Client, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdToken, IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, ProviderMetadata, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;
use tokio::sync::RwLock;

/// The `groups` claim Authentik (and our stand-in) put into the ID token.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GroupsClaim {
    #[serde(default)]
    pub groups: Vec<String>,
}
impl AdditionalClaims for GroupsClaim {}

/// Discovery's `end_session_endpoint` (RP-initiated logout).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct LogoutMetadata {
    pub end_session_endpoint: Option<url::Url>,
}
impl AdditionalProviderMetadata for LogoutMetadata {}

type Metadata = ProviderMetadata<
    LogoutMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type Fields = IdTokenFields<
    GroupsClaim,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
pub type DezkyIdToken = IdToken<
    GroupsClaim,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type OidcClient = Client<
    GroupsClaim,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// `OIDC_*` configuration.
#[derive(Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub portal_secret: SecretString,
    pub operator_secret: SecretString,
    /// `OIDC_ID_TOKEN_ALGS`: the only signature algorithms an ID token may
    /// use (default RS256); never the discovery document's list, never HMAC
    /// with the client secret.
    pub id_token_algs: Vec<CoreJwsSigningAlgorithm>,
    /// `max_age` sent at sign-in and checked against `auth_time`: the absolute
    /// session timeout, so a session never outlives its authentication.
    pub max_age: Duration,
}

/// Parses `OIDC_ID_TOKEN_ALGS` (`RS256,ES256`); asymmetric algorithms only.
pub fn parse_algs(spec: &str) -> Result<Vec<CoreJwsSigningAlgorithm>, String> {
    use CoreJwsSigningAlgorithm as A;
    let mut out = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        out.push(match name {
            "RS256" => A::RsaSsaPkcs1V15Sha256,
            "RS384" => A::RsaSsaPkcs1V15Sha384,
            "RS512" => A::RsaSsaPkcs1V15Sha512,
            "PS256" => A::RsaSsaPssSha256,
            "PS384" => A::RsaSsaPssSha384,
            "PS512" => A::RsaSsaPssSha512,
            "ES256" => A::EcdsaP256Sha256,
            "ES384" => A::EcdsaP384Sha384,
            "EdDSA" => A::EdDsa,
            other => return Err(format!("{other:?} is not an accepted asymmetric algorithm")),
        });
    }
    if out.is_empty() {
        return Err("names no algorithm".into());
    }
    Ok(out)
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("portal_secret", &"[redacted]")
            .field("operator_secret", &"[redacted]")
            .field("id_token_algs", &self.id_token_algs)
            .field("max_age", &self.max_age)
            .finish()
    }
}

/// Why a sign-in was refused. The code is shown (translated) on /sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// OIDC is not configured.
    NotConnected,
    /// The identity provider could not be reached or answered nonsense.
    ProviderUnavailable(String),
    /// No sign-in in progress for this browser (expired, or a replayed callback).
    UnknownLogin,
    StateMismatch,
    /// The provider refused (e.g. the user cancelled, or the code was replayed).
    ProviderRefused(String),
    NonceMismatch,
    WrongAudience,
    WrongIssuer,
    Expired,
    BadSignature,
    /// Signed with a key the IdP does not (or no longer) publish.
    UnknownKey,
    /// Signed with an algorithm not in `OIDC_ID_TOKEN_ALGS`.
    DisallowedAlgorithm,
    /// The person authenticated longer ago than `max_age` allows.
    StaleAuthentication,
    InvalidToken(String),
    Deactivated,
}

impl SignInError {
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::NotConnected => "not_connected",
            SignInError::ProviderUnavailable(_) => "provider_unavailable",
            SignInError::UnknownLogin => "unknown_login",
            SignInError::StateMismatch => "state_mismatch",
            SignInError::ProviderRefused(_) => "provider_refused",
            SignInError::NonceMismatch => "nonce_mismatch",
            SignInError::WrongAudience => "wrong_audience",
            SignInError::WrongIssuer => "wrong_issuer",
            SignInError::Expired => "expired",
            SignInError::BadSignature | SignInError::UnknownKey => "bad_signature",
            SignInError::DisallowedAlgorithm => "bad_signature",
            SignInError::StaleAuthentication => "expired",
            SignInError::InvalidToken(_) => "invalid_token",
            SignInError::Deactivated => "deactivated",
        }
    }
}

/// What a successful exchange or refresh yields.
#[derive(Clone, Debug)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Duration,
    pub id_token: Option<String>,
}

/// Verified identity from an ID token.
#[derive(Clone, Debug)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub name: String,
    pub groups: Vec<String>,
}

/// A new authorization request: where to send the browser, and what to keep.
pub struct AuthRequest {
    pub url: url::Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

struct Discovered {
    clients: HashMap<ClientKind, OidcClient>,
    end_session: Option<url::Url>,
}

/// The IdP's keys are fetched again on an unknown `kid` at most this often.
const REDISCOVER_EVERY: Duration = Duration::from_secs(60);

/// A little clock skew allowed on `auth_time`.
const AUTH_TIME_SKEW_SECS: i64 = 300;

pub struct Oidc {
    config: OidcConfig,
    redirect: RedirectUrl,
    http: reqwest::Client,
    discovered: RwLock<Option<Arc<Discovered>>>,
    /// When discovery last ran (key rotation: rate-limited re-fetch).
    discovered_at: Mutex<Option<Instant>>,
}

impl Oidc {
    pub fn new(config: OidcConfig, public_origin: &str) -> Result<Self, String> {
        let redirect = RedirectUrl::new(format!("{public_origin}/auth/callback"))
            .map_err(|e| e.to_string())?;
        IssuerUrl::new(config.issuer.clone()).map_err(|e| e.to_string())?;
        // No redirects: an IdP redirect could otherwise lead token requests astray.
        // No pooled connections: a code exchange sent on a kept-alive connection
        // the IdP is just closing fails ("connection closed before message
        // completed") and cannot be retried (a code is good once); sign-ins and
        // refreshes are rare enough that a fresh connection costs nothing.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            config,
            redirect,
            http,
            discovered: RwLock::new(None),
            discovered_at: Mutex::new(None),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// Discovery happens on first use (and is retried until it succeeds), so the
    /// server starts while the IdP is down and reports it by name.
    async fn discovered(&self) -> Result<Arc<Discovered>, SignInError> {
        if let Some(d) = self.discovered.read().await.as_ref() {
            return Ok(d.clone());
        }
        self.discover().await
    }

    /// Fetches the discovery document and the keys (again).
    async fn discover(&self) -> Result<Arc<Discovered>, SignInError> {
        let mut slot = self.discovered.write().await;
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| SignInError::ProviderUnavailable(e.to_string()))?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| SignInError::ProviderUnavailable(format!("discovery: {e}")))?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let mut clients = HashMap::new();
        for kind in ClientKind::ALL {
            let secret = match kind {
                ClientKind::Portal => &self.config.portal_secret,
                ClientKind::Operator => &self.config.operator_secret,
            };
            let client = OidcClient::from_provider_metadata(
                metadata.clone(),
                ClientId::new(kind.client_id().to_owned()),
                Some(ClientSecret::new(secret.expose_secret().to_owned())),
            )
            .set_redirect_uri(self.redirect.clone());
            clients.insert(kind, client);
        }
        let d = Arc::new(Discovered {
            clients,
            end_session,
        });
        *slot = Some(d.clone());
        *self
            .discovered_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
        Ok(d)
    }

    /// An ID token names a key we do not know: the IdP may have rotated its
    /// keys. Fetch them again, at most once per [`REDISCOVER_EVERY`].
    async fn rediscover_for_unknown_key(&self) -> bool {
        {
            let mut at = self
                .discovered_at
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if at.is_some_and(|t| t.elapsed() < REDISCOVER_EVERY) {
                return false;
            }
            *at = Some(Instant::now());
        }
        tracing::info!("ID token signed with an unknown key: fetching the IdP's keys again");
        self.discover().await.is_ok()
    }

    async fn client(&self, kind: ClientKind) -> Result<OidcClient, SignInError> {
        self.discovered()
            .await?
            .clients
            .get(&kind)
            .cloned()
            .ok_or_else(|| SignInError::ProviderUnavailable("client missing".into()))
    }

    pub async fn authorize(&self, kind: ClientKind) -> Result<AuthRequest, SignInError> {
        let client = self.client(kind).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scopes(
                ["profile", "email", "groups", "offline_access"].map(|s| Scope::new(s.to_owned())),
            )
            .set_pkce_challenge(challenge)
            .set_max_age(self.config.max_age)
            .url();
        Ok(AuthRequest {
            url,
            state: state.secret().to_owned(),
            nonce: nonce.secret().to_owned(),
            pkce_verifier: verifier.secret().to_owned(),
        })
    }

    fn token_set(tokens: &Tokens) -> TokenSet {
        TokenSet {
            access_token: tokens.access_token().secret().to_owned(),
            refresh_token: tokens.refresh_token().map(|t| t.secret().to_owned()),
            expires_in: tokens.expires_in().unwrap_or(Duration::from_secs(300)),
            id_token: tokens.id_token().map(ToString::to_string),
        }
    }

    pub async fn exchange(
        &self,
        kind: ClientKind,
        code: &str,
        pkce_verifier: &str,
    ) -> Result<TokenSet, SignInError> {
        let client = self.client(kind).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SignInError::ProviderUnavailable(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        Ok(Self::token_set(&tokens))
    }

    pub async fn refresh(
        &self,
        kind: ClientKind,
        refresh_token: &str,
    ) -> Result<TokenSet, SignInError> {
        let client = self.client(kind).await?;
        let token = RefreshToken::new(refresh_token.to_owned());
        let tokens = client
            .exchange_refresh_token(&token)
            .map_err(|e| SignInError::ProviderUnavailable(e.to_string()))?
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        Ok(Self::token_set(&tokens))
    }

    /// Validates signature (pinned algorithms), issuer, audience (this
    /// client), expiry, nonce and `auth_time` (within `max_age`). A token
    /// signed with an unknown key makes one rate-limited re-fetch of the keys.
    pub async fn verify(
        &self,
        kind: ClientKind,
        id_token: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, SignInError> {
        match self.verify_once(kind, id_token, nonce).await {
            Err(SignInError::UnknownKey) if self.rediscover_for_unknown_key().await => {
                self.verify_once(kind, id_token, nonce).await
            }
            Err(SignInError::UnknownKey) => Err(SignInError::BadSignature),
            other => other,
        }
    }

    async fn verify_once(
        &self,
        kind: ClientKind,
        id_token: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, SignInError> {
        use openidconnect::ClaimsVerificationError as E;
        use openidconnect::SignatureVerificationError as S;
        let client = self.client(kind).await?;
        let token: DezkyIdToken = id_token
            .parse()
            .map_err(|e: serde_json::Error| SignInError::InvalidToken(e.to_string()))?;
        let max_age = i64::try_from(self.config.max_age.as_secs()).unwrap_or(i64::MAX);
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(self.config.id_token_algs.clone())
            .set_auth_time_verifier_fn(move |auth_time| {
                let at = auth_time.ok_or("auth_time missing (max_age was requested)")?;
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
                if now - at.timestamp() > max_age + AUTH_TIME_SKEW_SECS {
                    return Err("authenticated longer ago than max_age".into());
                }
                Ok(())
            });
        let claims = token
            .claims(&verifier, &Nonce::new(nonce.to_owned()))
            .map_err(|e| match e {
                E::InvalidNonce(_) => SignInError::NonceMismatch,
                E::InvalidAudience(_) => SignInError::WrongAudience,
                E::InvalidIssuer(_) => SignInError::WrongIssuer,
                E::Expired(_) => SignInError::Expired,
                E::InvalidAuthTime(_) => SignInError::StaleAuthentication,
                E::SignatureVerification(S::NoMatchingKey) => SignInError::UnknownKey,
                E::SignatureVerification(S::DisallowedAlg(_) | S::UnsupportedAlg(_)) => {
                    SignInError::DisallowedAlgorithm
                }
                E::SignatureVerification(_) => SignInError::BadSignature,
                other => SignInError::InvalidToken(other.to_string()),
            })?;
        let email = claims
            .email()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default();
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|| email.clone());
        Ok(VerifiedIdentity {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            email,
            name,
            groups: claims.additional_claims().groups.clone(),
        })
    }

    /// Reads the groups of a (new) ID token from a refresh, verifying it first
    /// (pinned algorithms); refreshed ID tokens carry no nonce and keep the
    /// first `auth_time` (the absolute timeout bounds the session instead).
    pub async fn refreshed_groups(&self, kind: ClientKind, id_token: &str) -> Option<Vec<String>> {
        let client = self.client(kind).await.ok()?;
        let token: DezkyIdToken = id_token.parse().ok()?;
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(self.config.id_token_algs.clone());
        let claims = token.claims(&verifier, |_: Option<&Nonce>| Ok(())).ok()?;
        Some(claims.additional_claims().groups.clone())
    }

    /// The IdP's end-session URL ending the IdP session too, coming back to
    /// `post_logout` (registered with the client).
    pub async fn end_session_url(
        &self,
        kind: ClientKind,
        id_token_hint: &str,
        post_logout: &str,
    ) -> Option<url::Url> {
        let mut url = self.discovered().await.ok()?.end_session.clone()?;
        if !id_token_hint.is_empty() {
            url.query_pairs_mut()
                .append_pair("id_token_hint", id_token_hint);
        }
        url.query_pairs_mut()
            .append_pair("client_id", kind.client_id())
            .append_pair("post_logout_redirect_uri", post_logout);
        Some(url)
    }
}

fn token_error<RE: std::error::Error + 'static>(
    e: RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> SignInError {
    match e {
        RequestTokenError::ServerResponse(r) => SignInError::ProviderRefused(r.error().to_string()),
        other => SignInError::ProviderUnavailable(other.to_string()),
    }
}
