//! A form posted to a website page (`app::website::routes::FORM_PAGES`).
//!
//! The website's pages are documents: they do not hydrate, so an intake form
//! is posted to its page, by `document.js` (which swaps the answer's form into
//! the page) or by the browser itself when JavaScript is off. The answer is
//! the page rendered again with the posted fields in context
//! (`app::website::forms::PostedForm`): the form's component checks them and
//! composes the submission exactly as it does in the app, so the rules and the
//! messages are the ones the app shows.
use app::website::forms::PostedForm;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;

/// The largest form body read: the longest message (2,000 characters,
/// percent-encoded as up to 12 bytes each) and the other fields.
pub const BODY_LIMIT: usize = 32 * 1024;

/// A handler for `POST` on a form page, given the renderer of pages with extra
/// context (`leptos_axum::render_app_to_stream_with_context`'s shape).
pub fn handler<R>(
    render: R,
) -> impl Fn(Request) -> Pin<Box<dyn Future<Output = Response> + Send>> + Clone + Send + Sync + 'static
where
    R: Fn(Request, PostedForm) -> Pin<Box<dyn Future<Output = Response> + Send>>
        + Clone
        + Send
        + Sync
        + 'static,
{
    move |req: Request| {
        let render = render.clone();
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
                return (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The form is larger than any form of this site.",
                )
                    .into_response();
            };
            let posted = parse(&bytes);
            render(Request::from_parts(parts, Body::empty()), posted).await
        })
    }
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
