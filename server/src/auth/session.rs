//! Server-side sessions: the cookie holds a random token, the store holds the
//! session under the token's SHA-256. Every request re-reads the session and the
//! user (so deactivation and role changes apply at once), enforces the idle and
//! absolute timeouts, and refreshes the access token shortly before it expires.
use super::Auth;
use super::oidc::SignInError;
use app::domain::authz::Principal;
use app::repo::{Repo, RequestCache, Session};
use app::services::context::Caller;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use http::HeaderMap;
use http::header::{CACHE_CONTROL, COOKIE, HeaderValue, SET_COOKIE};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// Refresh the access token when it has less than this left.
const REFRESH_MARGIN_MS: i64 = 60_000;
/// Write `last_seen_at` at most this often.
const TOUCH_EVERY_MS: i64 = 60_000;

pub fn session_cookie(https: bool) -> &'static str {
    if https {
        "__Host-dezky_session"
    } else {
        "dezky_session"
    }
}

pub fn login_cookie(https: bool) -> &'static str {
    if https {
        "__Host-dezky_login"
    } else {
        "dezky_login"
    }
}

pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` over https. `max_age` None
/// makes a browser-session cookie; `Some(0)` deletes it.
pub fn cookie(name: &str, value: &str, https: bool, max_age: Option<i64>) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if https {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// 256 random bits, URL-safe.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The store key of a session token.
pub fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The client's address: the leftmost X-Forwarded-For behind our proxy, else the
/// socket address.
pub fn client_ip(headers: &HeaderMap, socket: Option<SocketAddr>, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return first.to_owned();
    }
    socket.map(|s| s.ip().to_string()).unwrap_or_default()
}

/// Resolves the request's caller; `true` in the second place means the cookie
/// names a session that no longer exists and should be cleared.
pub async fn resolve(auth: &Auth, repo: &Repo, headers: &HeaderMap, ip: String) -> (Caller, bool) {
    let anonymous = |clear| {
        (
            Caller {
                principal: None,
                ip: ip.clone(),
                session_id: None,
            },
            clear,
        )
    };
    let Some(token) = read_cookie(headers, session_cookie(auth.https)) else {
        return anonymous(false);
    };
    let id = token_id(token);
    let mut session = match repo.session(&id).await {
        Ok(Some(s)) => s,
        Ok(None) => return anonymous(true),
        Err(e) => {
            // Fail closed: without the store nobody is signed in.
            tracing::error!(error = %e, "session lookup failed");
            return anonymous(false);
        }
    };
    let now = auth.repo.now();
    if now >= session.expires_at || now - session.last_seen_at >= auth.idle_ms {
        tracing::info!(user = %session.user_id, "session timed out");
        let _ = auth.repo.delete_session(&id).await;
        return anonymous(true);
    }
    let user = match repo.user(&session.user_id).await {
        Ok(Some(u)) if u.active => u,
        Ok(_) => {
            let _ = auth.repo.delete_sessions_of_user(&session.user_id).await;
            return anonymous(true);
        }
        Err(e) => {
            tracing::error!(error = %e, "user lookup failed");
            return anonymous(false);
        }
    };
    // The strictest session limits of the person's tenants (their security
    // policies) end the session sooner than the platform's.
    if let Some((idle, absolute)) = tenant_limits(repo, &user).await
        && (now - session.last_seen_at >= idle || now - session.created_at >= absolute)
    {
        tracing::info!(user = %session.user_id, "session timed out by a tenant's policy");
        let _ = auth.repo.delete_session(&id).await;
        return anonymous(true);
    }
    if !refresh_if_due(auth, &mut session, now).await {
        let _ = auth.repo.delete_session(&id).await;
        return anonymous(true);
    }
    if now - session.last_seen_at >= TOUCH_EVERY_MS {
        session.last_seen_at = now;
        if let Err(e) = auth.repo.save_session(&mut session).await {
            tracing::debug!(error = %e, "session touch skipped");
        }
    }
    let principal = Principal {
        user,
        groups: session.groups.clone(),
        client: session.client,
    };
    (
        Caller {
            principal: Some(Arc::new(principal)),
            ip,
            session_id: Some(session.id.clone()),
        },
        false,
    )
}

/// The strictest (idle, absolute) session limits of the tenants the person
/// belongs to (suspended memberships give no access, so they do not count).
/// A tenant that cannot be read is skipped: the platform's limits still hold.
async fn tenant_limits(repo: &Repo, user: &app::domain::model::User) -> Option<(i64, i64)> {
    let mut policies = Vec::new();
    for m in user.tenant_roles.iter().filter(|m| !m.suspended) {
        match repo.tenant(&m.tenant_id).await {
            Ok(Some(t)) => policies.push(t.security),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "tenant policy lookup failed"),
        }
    }
    app::domain::security::strictest_limits(&policies)
}

/// Per-session locks, so one refresh token is used once (ASVS V10.4: a
/// rotated refresh token used twice is a reuse the IdP may punish by revoking
/// the grant, and it signed the person out spuriously).
#[derive(Default)]
pub struct RefreshLocks(std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl RefreshLocks {
    fn lock_of(&self, session_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(session_id.to_owned()).or_default().clone()
    }

    fn release(&self, session_id: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Ours and the map's: nobody else waits, the entry can go.
        if Arc::strong_count(&lock) <= 2 {
            map.remove(session_id);
        }
    }
}

/// Refreshes the tokens shortly before the access token expires. False when the
/// IdP refused (the IdP session ended) or the sealed refresh token cannot be
/// opened: the local session ends too. An unreachable IdP keeps the session
/// (logged) and is retried next request. Concurrent requests of one session
/// wait for the first one's refresh and take its result from the store.
async fn refresh_if_due(auth: &Auth, session: &mut Session, now: i64) -> bool {
    if auth.oidc.is_none()
        || session.refresh_token.is_none()
        || session.access_expires_at - now > REFRESH_MARGIN_MS
    {
        return true;
    }
    let lock = auth.refreshing.lock_of(&session.id);
    let guard = lock.lock().await;
    let result = refresh_locked(auth, session, now).await;
    drop(guard);
    auth.refreshing.release(&session.id, lock);
    result
}

async fn refresh_locked(auth: &Auth, session: &mut Session, now: i64) -> bool {
    // Someone may have refreshed while this request waited.
    match auth.repo.session(&session.id).await {
        Ok(Some(current)) => {
            if current.access_expires_at - now > REFRESH_MARGIN_MS {
                *session = current;
                return true;
            }
            *session = current;
        }
        Ok(None) => return false,
        Err(e) => {
            tracing::warn!(error = %e, "session re-read before refresh failed");
            return true;
        }
    }
    let Some(oidc) = &auth.oidc else {
        return true;
    };
    let Some(refresh) = session
        .refresh_token
        .as_deref()
        .and_then(|sealed| auth.tokens.open(&session.id, sealed))
    else {
        tracing::info!(user = %session.user_id, "refresh token cannot be opened (token key changed): session ends");
        return false;
    };
    match oidc.refresh(session.client, &refresh).await {
        Ok(tokens) => {
            if let Some(id_token) = &tokens.id_token {
                if let Some(groups) = oidc.refreshed_groups(session.client, id_token).await {
                    session.groups = groups;
                }
                session.id_token = auth.tokens.seal(&session.id, id_token);
            }
            session.access_token = auth.tokens.seal(&session.id, &tokens.access_token);
            if let Some(r) = &tokens.refresh_token {
                session.refresh_token = Some(auth.tokens.seal(&session.id, r));
            }
            session.access_expires_at =
                now + i64::try_from(tokens.expires_in.as_millis()).unwrap_or(i64::MAX / 2);
            if let Err(e) = auth.repo.save_session(session).await {
                tracing::warn!(error = %e, "refreshed tokens not saved");
            }
            tracing::debug!(user = %session.user_id, "access token refreshed");
            true
        }
        Err(SignInError::ProviderRefused(reason)) => {
            tracing::info!(user = %session.user_id, %reason, "refresh refused: session ends");
            false
        }
        Err(e) => {
            tracing::warn!(error = ?e, "token refresh failed; identity provider unreachable");
            true
        }
    }
}

/// The layer: puts the `Caller` into the request's extensions.
pub async fn layer(State(auth): State<Arc<Auth>>, mut req: Request, next: Next) -> Response {
    // The build's hashed files need no caller: no session read for each of a
    // page's modules, and no `Set-Cookie` on them (see `clears_stale_cookie`).
    if req.uri().path().starts_with("/pkg/") {
        return next.run(req).await;
    }
    let socket = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(req.headers(), socket, auth.trust_proxy);
    // The directory this request reads, read once (app::repo::RequestCache):
    // the person and their tenants now, and again by every server function
    // the page calls.
    let cache = Arc::new(RequestCache::default());
    let repo = auth.repo.for_request(&cache);
    let (caller, clear) = resolve(&auth, &repo, req.headers(), ip).await;
    let clear = clear && clears_stale_cookie(req.headers());
    let signed_in = caller.principal.is_some();
    req.extensions_mut().insert(caller);
    req.extensions_mut().insert(cache);
    let mut res = next.run(req).await;
    // Nothing rendered for a signed-in person is kept by a cache (ASVS V14.3):
    // unless the response chose its own policy (hashed static files).
    if signed_in && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
    }
    if clear {
        res.headers_mut().append(
            SET_COOKIE,
            cookie(session_cookie(auth.https), "", auth.https, Some(0)),
        );
    }
    res
}

/// Whether a response may delete a stale session cookie: only the answer to a
/// navigation (or to a client that sends no Fetch Metadata). A page's own
/// requests still in flight when the person signs in again (its modules, its
/// server functions) carry the old cookie; their answers arrive after the
/// sign-in's and would delete the new session's cookie (seen: a tenant admin
/// sent to the operator console kept their identity-provider session, because
/// the portal page's modules, still loading, cleared the operator sign-in's
/// cookie before the not-authorised sign-out could read it).
fn clears_stale_cookie(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-mode")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|mode| mode == "navigate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_navigation_deletes_a_stale_cookie() {
        let with = |mode: Option<&'static str>| {
            let mut h = HeaderMap::new();
            if let Some(mode) = mode {
                h.insert("sec-fetch-mode", HeaderValue::from_static(mode));
            }
            clears_stale_cookie(&h)
        };
        assert!(with(Some("navigate")));
        assert!(with(None));
        assert!(!with(Some("cors")));
        assert!(!with(Some("no-cors")));
        assert!(!with(Some("same-origin")));
    }

    #[test]
    fn cookies_follow_the_scheme() {
        assert_eq!(session_cookie(true), "__Host-dezky_session");
        let c = cookie("__Host-dezky_session", "abc", true, None);
        assert_eq!(
            c.to_str().unwrap(),
            "__Host-dezky_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        let c = cookie("dezky_session", "", false, Some(0));
        assert_eq!(
            c.to_str().unwrap(),
            "dezky_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }

    #[test]
    fn reads_the_named_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("dezky-lang=en; dezky_session=tok; x=1"),
        );
        assert_eq!(read_cookie(&h, "dezky_session"), Some("tok"));
        assert_eq!(read_cookie(&h, "missing"), None);
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_id(&a).len(), 64);
        assert_ne!(token_id(&a), a);
    }

    #[test]
    fn forwarded_for_only_behind_our_proxy() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.7, 10.0.0.1"),
        );
        let socket = Some(SocketAddr::from(([10, 0, 0, 2], 1234)));
        assert_eq!(client_ip(&h, socket, true), "203.0.113.7");
        assert_eq!(client_ip(&h, socket, false), "10.0.0.2");
    }
}
