//! `/auth/*`: start a sign-in, finish it, sign out (locally AND at the IdP), and
//! the not-authorised sign-out of the operator guard.
use super::oidc::SignInError;
use super::return_path::safe_return;
use super::session::{cookie, login_cookie, new_token, read_cookie, session_cookie, token_id};
use super::{Auth, Client};
use app::domain::audit::{ActorType, AuditRecord, Outcome};
use app::domain::model::ClientKind;
use app::repo::{PendingLogin, Session, SignedInIdentity};
use app::services::context::Caller;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::HeaderMap;
use http::header::SET_COOKIE;
use serde::Deserialize;
use std::sync::Arc;

/// A sign-in must finish within this many seconds.
pub const LOGIN_TTL_SECS: i64 = 600;

#[derive(Deserialize)]
pub struct LoginQuery {
    client: Option<String>,
    next: Option<String>,
}

fn sign_in_failed(e: &SignInError) -> Response {
    Redirect::to(&format!("/sign-in?error={}", e.code())).into_response()
}

pub async fn login(State(auth): State<Arc<Auth>>, Query(q): Query<LoginQuery>) -> Response {
    let kind = q
        .client
        .as_deref()
        .and_then(ClientKind::parse)
        .unwrap_or(ClientKind::Portal);
    let Some(oidc) = &auth.oidc else {
        return sign_in_failed(&SignInError::NotConnected);
    };
    let request = match oidc.authorize(kind).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = ?e, "sign-in could not start");
            return sign_in_failed(&e);
        }
    };
    let login = PendingLogin {
        id: new_token(),
        client: kind,
        state: request.state,
        nonce: request.nonce,
        pkce_verifier: request.pkce_verifier,
        return_to: url::Url::parse(&auth.origin).map_or_else(
            |_| kind.home().to_owned(),
            |origin| safe_return(q.next.as_deref(), &origin, kind),
        ),
        created_at: auth.repo.now(),
        version: 1,
    };
    if let Err(e) = auth.repo.insert_login(&login).await {
        tracing::error!(error = %e, "sign-in not stored");
        return Redirect::to("/sign-in?error=store_unavailable").into_response();
    }
    let mut res = Redirect::to(request.url.as_str()).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        cookie(
            login_cookie(auth.https),
            &login.id,
            auth.https,
            Some(LOGIN_TTL_SECS),
        ),
    );
    res
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Finishes a sign-in: exactly one use of the pending login bound to this
/// browser, state, PKCE, ID token checks, then a NEW session.
pub async fn callback(
    State(auth): State<Arc<Auth>>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let client = Client::new(caller.map(|c| c.0.ip).unwrap_or_default(), &headers);
    let clear_login = cookie(login_cookie(auth.https), "", auth.https, Some(0));
    let result = finish(&auth, &headers, &q, &client).await;
    let mut res = match result {
        Ok((session_token, return_to)) => {
            let mut res = Redirect::to(&return_to).into_response();
            res.headers_mut().append(
                SET_COOKIE,
                cookie(session_cookie(auth.https), &session_token, auth.https, None),
            );
            res
        }
        Err(e) => {
            tracing::warn!(error = ?e, "sign-in refused");
            // The first of a window at once; repeats as one event later.
            if auth.failures.note(&client, e.code(), auth.repo.now()) {
                record(
                    &auth,
                    &client,
                    "user.sign_in_failed",
                    Outcome::Failure,
                    "",
                    "",
                    serde_json::json!({ "reason": e.code(), "count": 1 }),
                )
                .await;
            }
            sign_in_failed(&e)
        }
    };
    res.headers_mut().append(SET_COOKIE, clear_login);
    res
}

async fn finish(
    auth: &Auth,
    headers: &HeaderMap,
    q: &CallbackQuery,
    client: &Client,
) -> Result<(String, String), SignInError> {
    let oidc = auth.oidc.as_ref().ok_or(SignInError::NotConnected)?;
    let login_id =
        read_cookie(headers, login_cookie(auth.https)).ok_or(SignInError::UnknownLogin)?;
    let login = auth
        .repo
        .take_login(login_id)
        .await
        .map_err(|e| SignInError::ProviderUnavailable(format!("store: {e}")))?
        .ok_or(SignInError::UnknownLogin)?;
    if auth.repo.now() - login.created_at > LOGIN_TTL_SECS * 1000 {
        return Err(SignInError::UnknownLogin);
    }
    if q.state.as_deref() != Some(login.state.as_str()) {
        return Err(SignInError::StateMismatch);
    }
    if let Some(error) = &q.error {
        return Err(SignInError::ProviderRefused(error.clone()));
    }
    let code = q
        .code
        .as_deref()
        .ok_or_else(|| SignInError::ProviderRefused("no code".into()))?;
    let tokens = oidc
        .exchange(login.client, code, &login.pkce_verifier)
        .await?;
    let id_token = tokens
        .id_token
        .clone()
        .ok_or_else(|| SignInError::InvalidToken("no ID token".into()))?;
    let who = oidc.verify(login.client, &id_token, &login.nonce).await?;
    let user = auth
        .repo
        .upsert_signed_in_user(&SignedInIdentity {
            issuer: who.issuer.clone(),
            subject: who.subject.clone(),
            email: who.email.clone(),
            name: who.name.clone(),
        })
        .await
        .map_err(|e| SignInError::ProviderUnavailable(format!("store: {e}")))?;
    if !user.active {
        return Err(SignInError::Deactivated);
    }
    // A new session id at every sign-in; an old session of this browser ends.
    if let Some(old) = read_cookie(headers, session_cookie(auth.https)) {
        let _ = auth.repo.delete_session(&token_id(old)).await;
    }
    let now = auth.repo.now();
    let token = new_token();
    let id = token_id(&token);
    // Tokens are sealed at rest, bound to this session.
    let seal = |t: &str| auth.tokens.seal(&id, t);
    let session = Session {
        id: id.clone(),
        user_id: user.id.clone(),
        client: login.client,
        groups: who.groups,
        id_token: seal(&id_token),
        access_token: seal(&tokens.access_token),
        refresh_token: tokens.refresh_token.as_deref().map(seal),
        access_expires_at: now
            + i64::try_from(tokens.expires_in.as_millis()).unwrap_or(i64::MAX / 2),
        created_at: now,
        last_seen_at: now,
        expires_at: now + auth.absolute_ms,
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
        version: 1,
    };
    auth.repo
        .insert_session(&session)
        .await
        .map_err(|e| SignInError::ProviderUnavailable(format!("store: {e}")))?;
    record(
        auth,
        client,
        "user.signed_in",
        Outcome::Success,
        &user.id,
        &user.email,
        serde_json::json!({ "client": login.client.client_id() }),
    )
    .await;
    Ok((token, login.return_to))
}

/// A sign-in event with the client's address (from the trusted forwarded
/// header, as every other event) and user agent.
async fn record(
    auth: &Auth,
    client: &Client,
    action: &str,
    outcome: Outcome,
    user_id: &str,
    email: &str,
    mut metadata: serde_json::Value,
) {
    if let Some(m) = metadata.as_object_mut() {
        m.insert("user_agent".into(), client.user_agent.clone().into());
    }
    auth.auditor
        .record(AuditRecord {
            actor_type: ActorType::User,
            actor_id: user_id.to_owned(),
            actor_email: email.to_owned(),
            actor_ip: client.ip.clone(),
            action: action.to_owned(),
            outcome,
            resource_type: "session".into(),
            metadata,
            ..AuditRecord::default()
        })
        .await;
}

/// Ends the local session and sends the browser to the IdP's end-session
/// endpoint (RP-initiated logout), which returns to `post_logout_path`.
async fn end_everything(
    auth: &Auth,
    client: &Client,
    headers: &HeaderMap,
    post_logout_path: &str,
) -> Response {
    let mut target = post_logout_path.to_owned();
    if let Some(token) = read_cookie(headers, session_cookie(auth.https)) {
        let id = token_id(token);
        if let Ok(Some(session)) = auth.repo.session(&id).await {
            let _ = auth.repo.delete_session(&id).await;
            let user = auth.repo.user(&session.user_id).await.ok().flatten();
            record(
                auth,
                client,
                "user.signed_out",
                Outcome::Success,
                &session.user_id,
                user.as_ref().map_or("", |u| u.email.as_str()),
                serde_json::json!({}),
            )
            .await;
            if let Some(oidc) = &auth.oidc {
                let back = format!("{}{post_logout_path}", auth.origin);
                let hint = auth
                    .tokens
                    .open(&session.id, &session.id_token)
                    .unwrap_or_default();
                if let Some(url) = oidc.end_session_url(session.client, &hint, &back).await {
                    target = url.to_string();
                }
            }
        }
    }
    let mut res = Redirect::to(&target).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        cookie(session_cookie(auth.https), "", auth.https, Some(0)),
    );
    res
}

/// POST only (the CSRF layer checks its origin): sign-out is a state change.
pub async fn logout(
    State(auth): State<Arc<Auth>>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
) -> Response {
    let client = Client::new(caller.map(|c| c.0.ip).unwrap_or_default(), &headers);
    end_everything(&auth, &client, &headers, "/").await
}

/// Where the operator guard sends a signed-in non-operator: signs them out fully
/// (shared-workstation safety), then shows /not-authorised. Only a navigation
/// the browser vouches for signs anyone out on a GET: Fetch Metadata
/// `same-origin`, `same-site` (the sign-in round trip through our IdP on a
/// sibling host), or `none` (a typed address or bookmark). A link from another
/// site, or a client that sends no Fetch Metadata, gets the page with a
/// sign-out button (a same-origin POST) instead.
pub async fn not_authorised(
    State(auth): State<Arc<Auth>>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
) -> Response {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !matches!(site, Some("same-origin" | "same-site" | "none")) {
        return Redirect::to("/not-authorised?sign_out=1").into_response();
    }
    let client = Client::new(caller.map(|c| c.0.ip).unwrap_or_default(), &headers);
    end_everything(&auth, &client, &headers, "/not-authorised").await
}
