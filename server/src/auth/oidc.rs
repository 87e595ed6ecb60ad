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
use std::time::Duration;
use tokio::sync::OnceCell;

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
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("portal_secret", &"[redacted]")
            .field("operator_secret", &"[redacted]")
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
            SignInError::BadSignature => "bad_signature",
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

pub struct Oidc {
    config: OidcConfig,
    redirect: RedirectUrl,
    http: reqwest::Client,
    discovered: OnceCell<Discovered>,
}

impl Oidc {
    pub fn new(config: OidcConfig, public_origin: &str) -> Result<Self, String> {
        let redirect = RedirectUrl::new(format!("{public_origin}/auth/callback"))
            .map_err(|e| e.to_string())?;
        IssuerUrl::new(config.issuer.clone()).map_err(|e| e.to_string())?;
        // No redirects: an IdP redirect could otherwise lead token requests astray.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            config,
            redirect,
            http,
            discovered: OnceCell::new(),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// Discovery happens on first use (and is retried until it succeeds), so the
    /// server starts while the IdP is down and reports it by name.
    async fn discovered(&self) -> Result<&Discovered, SignInError> {
        self.discovered
            .get_or_try_init(|| async {
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
                Ok(Discovered {
                    clients,
                    end_session,
                })
            })
            .await
    }

    async fn client(&self, kind: ClientKind) -> Result<&OidcClient, SignInError> {
        self.discovered()
            .await?
            .clients
            .get(&kind)
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

    /// Validates signature, issuer, audience (this client), expiry and nonce.
    pub async fn verify(
        &self,
        kind: ClientKind,
        id_token: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, SignInError> {
        use openidconnect::ClaimsVerificationError as E;
        let client = self.client(kind).await?;
        let token: DezkyIdToken = id_token
            .parse()
            .map_err(|e: serde_json::Error| SignInError::InvalidToken(e.to_string()))?;
        let claims = token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce.to_owned()))
            .map_err(|e| match e {
                E::InvalidNonce(_) => SignInError::NonceMismatch,
                E::InvalidAudience(_) => SignInError::WrongAudience,
                E::InvalidIssuer(_) => SignInError::WrongIssuer,
                E::Expired(_) => SignInError::Expired,
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

    /// Reads the groups of a (new) ID token from a refresh, verifying it first;
    /// refreshed ID tokens carry no nonce.
    pub async fn refreshed_groups(&self, kind: ClientKind, id_token: &str) -> Option<Vec<String>> {
        let client = self.client(kind).await.ok()?;
        let token: DezkyIdToken = id_token.parse().ok()?;
        let claims = token
            .claims(&client.id_token_verifier(), |_: Option<&Nonce>| Ok(()))
            .ok()?;
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
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token_hint)
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
