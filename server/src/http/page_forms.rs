//! A form posted to a website page (`app::website::routes::FORM_PAGES`).
//!
//! The website's pages are documents: they do not hydrate, so an intake form
//! is posted to its page, by `document.js` (which swaps the answer's form into
//! the page) or by the browser itself when JavaScript is off. The answer is
//! the page rendered again with the posted fields in context
//! (`app::website::forms::PostedForm`): the form's component checks them and
//! composes the submission exactly as it does in the app, so the rules and the
//! messages are the ones the app shows.
use super::AppState;
use app::website::forms::PostedForm;
use app::website::routes::FORM_PAGES;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use leptos::prelude::provide_context;

/// The largest form body read: the longest message (2,000 characters,
/// percent-encoded as up to 12 bytes each) and the other fields.
pub const BODY_LIMIT: usize = 32 * 1024;

/// `POST` on every form page: the page rendered with what every render gets
/// (as `leptos_routes_with_context` provides it: the state, then `context`)
/// and the posted form.
pub fn routes<C>(state: &AppState, context: C) -> Router<AppState>
where
    C: Fn() + Clone + Send + Sync + 'static,
{
    let state = state.clone();
    let handler = move |req: Request| {
        let (state, context) = (state.clone(), context.clone());
        async move {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
                return (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The form is larger than any form of this site.",
                )
                    .into_response();
            };
            let posted = parse(&bytes);
            let leptos = state.leptos.clone();
            let render = leptos_axum::render_app_to_stream_with_context(
                move || {
                    provide_context(state.clone());
                    context();
                    provide_context(posted.clone());
                },
                move || app::shell(leptos.clone()),
            );
            render(Request::from_parts(parts, Body::empty())).await
        }
    };
    FORM_PAGES.iter().fold(Router::new(), |router, path| {
        router.route(path, post(handler.clone()))
    })
}

/// `application/x-www-form-urlencoded` pairs, as the browser sends a form.
pub fn parse(body: &[u8]) -> PostedForm {
    PostedForm(url::form_urlencoded::parse(body).into_owned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posted_form_keeps_every_field_as_typed() {
        let form = parse(b"form=demo-form&demo-name=Jonas+Brandt&demo-company=Brandt+R%C3%A5dgivning&demo-message=");
        assert_eq!(form.get("form"), Some("demo-form"));
        assert_eq!(form.get("demo-name"), Some("Jonas Brandt"));
        assert_eq!(form.get("demo-company"), Some("Brandt Rådgivning"));
        assert_eq!(form.get("demo-message"), Some(""));
        assert_eq!(form.get("demo-size"), None);
    }
}
