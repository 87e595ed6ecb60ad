//! CSRF: a state-changing request (anything but GET/HEAD/OPTIONS) that carries
//! cookies must prove it comes from one of our origins: `Sec-Fetch-Site:
//! same-origin`, or an `Origin` (else `Referer`) on the allow-list. SameSite=Lax
//! cookies are the second line. Requests without cookies carry no ambient
//! authority and pass (they are anonymous to every server function).
use super::session::{client_ip, read_cookie, session_cookie, token_id};
use super::{Auth, Client, record_refusal};
use app::domain::authz::Principal;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};
use std::net::SocketAddr;
use std::sync::Arc;

pub fn allowed(method: &Method, headers: &http::HeaderMap, origins: &[String]) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if !headers.contains_key(header::COOKIE) {
        return true;
    }
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site == Some("same-origin") {
        return true;
    }
    if site == Some("cross-site") {
        return false;
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_owned)
        .or_else(|| {
            let referer = headers.get(header::REFERER)?.to_str().ok()?;
            let url = url::Url::parse(referer).ok()?;
            Some(url.origin().ascii_serialization())
        });
    origin.is_some_and(|o| origins.contains(&o))
}

pub async fn layer(State(auth): State<Arc<Auth>>, req: Request, next: Next) -> Response {
    if allowed(req.method(), req.headers(), &auth.allowed_origins) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
    // A signed-in person's browser was made to send it: that is worth an event
    // (read-only lookup; this layer runs before the session layer).
    let token = read_cookie(req.headers(), session_cookie(auth.https)).map(str::to_owned);
    if let Some(token) = token {
        let socket = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        let client = Client::new(
            client_ip(req.headers(), socket, auth.trust_proxy),
            req.headers(),
        );
        let metadata = {
            let header = |name: &str| -> String {
                req.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .chars()
                    .take(256)
                    .collect()
            };
            serde_json::json!({
                "reason": "cross_site",
                "method": req.method().as_str(),
                "sec_fetch_site": header("sec-fetch-site"),
                "origin": header("origin"),
            })
        };
        let path = req.uri().path().to_owned();
        refusal_of_session(&auth, &token, &client, &path, metadata).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"code":"forbidden"}"#,
    )
        .into_response()
}

async fn refusal_of_session(
    auth: &Auth,
    token: &str,
    client: &Client,
    path: &str,
    metadata: serde_json::Value,
) {
    let Ok(Some(session)) = auth.repo.session(&token_id(token)).await else {
        return;
    };
    let Ok(Some(user)) = auth.repo.user(&session.user_id).await else {
        return;
    };
    let principal = Principal {
        user,
        groups: session.groups,
        client: session.client,
    };
    record_refusal(
        auth,
        &principal,
        client,
        "request.cross_site",
        path,
        metadata,
    )
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_with_cookies_are_refused() {
        let ours = vec!["https://app.dezky.eu".to_owned()];
        let post = Method::POST;
        let c = ("cookie", "dezky_session=x");
        assert!(allowed(&Method::GET, &headers(&[c]), &ours));
        assert!(
            allowed(&post, &headers(&[]), &ours),
            "no cookies, no authority"
        );
        assert!(allowed(
            &post,
            &headers(&[c, ("sec-fetch-site", "same-origin")]),
            &ours
        ));
        assert!(!allowed(
            &post,
            &headers(&[c, ("sec-fetch-site", "cross-site")]),
            &ours
        ));
        assert!(allowed(
            &post,
            &headers(&[c, ("origin", "https://app.dezky.eu")]),
            &ours
        ));
        assert!(!allowed(
            &post,
            &headers(&[c, ("origin", "https://evil.example")]),
            &ours
        ));
        assert!(!allowed(&post, &headers(&[c, ("origin", "null")]), &ours));
        assert!(allowed(
            &post,
            &headers(&[c, ("referer", "https://app.dezky.eu/operator")]),
            &ours
        ));
        assert!(!allowed(&post, &headers(&[c]), &ours), "no proof of origin");
        assert!(!allowed(
            &post,
            &headers(&[
                c,
                ("sec-fetch-site", "same-site"),
                ("origin", "https://www.dezky.eu")
            ]),
            &ours
        ));
    }
}
