//! Area guards, before any page of a signed-in face renders:
//! - `/portal`, `/admin`, `/partner`: a portal session, else sign in through
//!   `dezky-portal`. (Which tenant or partner the person may see is checked by
//!   every server function; those fail closed.)
//! - `/operator`: an operator session (operator audience + IdP group + our flag),
//!   else sign in through `dezky-operator`; a signed-in non-operator is signed
//!   out fully by `/auth/not-authorised`.
//!
//! Private pages are never cached, so the back button after sign-out shows
//! nothing private.
use super::{Auth, Client, record_refusal};
use app::domain::model::ClientKind;
use app::services::context::Caller;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{CACHE_CONTROL, HeaderValue};
use std::sync::Arc;

/// The sign-in client of the face a path belongs to, if it is a signed-in one
/// (from the face table, `app::faces`).
pub fn area(path: &str) -> Option<ClientKind> {
    app::faces::face_of(path).client
}

pub async fn layer(State(auth): State<Arc<Auth>>, req: Request, next: Next) -> Response {
    let Some(kind) = area(req.uri().path()) else {
        return next.run(req).await;
    };
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    let here = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let sign_in = || {
        let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
        let client = match kind {
            ClientKind::Portal => "portal",
            ClientKind::Operator => "operator",
        };
        Redirect::to(&format!("/auth/login?client={client}&next={next}")).into_response()
    };
    let mut res = match caller.principal.as_deref() {
        None => sign_in(),
        // Signed in through the other client: sign in through this one (a
        // step up, not a refusal).
        Some(p) if p.client != kind => sign_in(),
        Some(p) if kind == ClientKind::Operator && !p.is_operator() => {
            let client = Client::new(caller.ip.clone(), req.headers());
            let metadata = serde_json::json!({ "reason": "not_operator" });
            let path = req.uri().path().to_owned();
            record_refusal(&auth, p, &client, "page.open", &path, metadata).await;
            Redirect::to("/auth/not-authorised").into_response()
        }
        Some(_) => next.run(req).await,
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_by_first_segment() {
        assert_eq!(area("/operator"), Some(ClientKind::Operator));
        assert_eq!(area("/operator/flags"), Some(ClientKind::Operator));
        assert_eq!(area("/admin"), Some(ClientKind::Portal));
        assert_eq!(area("/partners"), None, "the public partner page");
        assert_eq!(area("/"), None);
        assert_eq!(area("/portalx"), None);
    }
}
