//! A page whose client hangs up is still rendered to its end, then discarded.
//!
//! Leptos streams a page while its suspended parts (server functions awaited by
//! `Suspense`) are still running in their own tasks. When the client goes away,
//! hyper drops the body, which drops the render's reactive owner: a task that
//! resumes afterwards finds its context (translations, services) gone and
//! panics ("I18n context is missing", "reactive value already disposed"). A
//! response body wrapped here that is dropped early hands the rest of the stream
//! to a task that reads it to the end, so the owner is disposed when the render
//! is done, as for a client that stayed. The work was started either way. A
//! page rendered before its first byte is sent is covered by running the
//! request in a task of its own (see `layer`).
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The layer. The request runs in a task of its own, so a client that hangs
/// up before the answer starts (a page rendered whole, `SsrMode::Async`, or a
/// server function halfway through its writes) does not cut it off either; the
/// body of an HTML answer is wrapped.
pub async fn layer(req: Request, next: Next) -> Response {
    let res = match tokio::spawn(next.run(req)).await {
        Ok(res) => res,
        Err(e) => {
            tracing::error!(error = %e, "request task failed");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    res.map(|body| Body::new(ToTheEnd(Some(body))))
}

struct ToTheEnd(Option<Body>);

impl HttpBody for ToTheEnd {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let Some(body) = self.0.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(body).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            self.0 = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.0.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.0
            .as_ref()
            .map_or_else(|| http_body::SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for ToTheEnd {
    fn drop(&mut self) {
        if let Some(rest) = self.0.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move {
                // The bytes go nowhere; the render's own errors are its own.
                let _ = rest.collect().await;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[tokio::test]
    async fn a_body_dropped_early_is_still_read_to_its_end() {
        let ended = Arc::new(AtomicBool::new(false));
        let flag = ended.clone();
        let stream = futures_util::stream::unfold(0u8, move |n| {
            let flag = flag.clone();
            async move {
                if n == 3 {
                    flag.store(true, Ordering::SeqCst);
                    return None;
                }
                tokio::task::yield_now().await;
                Some((Ok::<_, std::io::Error>(Bytes::from_static(b"x")), n + 1))
            }
        });
        let mut body = ToTheEnd(Some(Body::from_stream(stream)));
        // The client reads one frame and hangs up.
        let first = body.frame().await;
        assert!(first.is_some());
        drop(body);
        for _ in 0..100 {
            if ended.load(Ordering::SeqCst) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        panic!("the rest of the body was not read");
    }
}
