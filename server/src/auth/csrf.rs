//! CSRF: a state-changing request (anything but GET/HEAD/OPTIONS) that carries
//! cookies must prove it comes from one of our origins: `Sec-Fetch-Site:
//! same-origin`, or an `Origin` (else `Referer`) on the allow-list. SameSite=Lax
//! cookies are the second line. Requests without cookies carry no ambient
//! authority and pass (they are anonymous to every server function).
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};
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

pub async fn layer(State(origins): State<Arc<Vec<String>>>, req: Request, next: Next) -> Response {
    if allowed(req.method(), req.headers(), &origins) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
    (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
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
