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
//!
//! That task also keeps its own reactive arena ([`OwnArena`]). Leptos keeps
//! the arena its signals live in per thread: set when code runs under an
//! owner, and captured by `Sandboxed` futures when they are made. leptos_axum
//! makes one before the request's owner has set its arena (capturing whatever
//! request ran on the thread before), and reads the page's `<title>`
//! (translated text, a signal) outside any owner, after awaits. On a thread
//! that meanwhile served another request, that read looked in the other
//! request's arena: "reactive value already disposed", a 500, under
//! concurrent load (three public pages in one CI run).
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use leptos::reactive::owner::Sandboxed;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The layer. The request runs in a task of its own, so a client that hangs
/// up before the answer starts (a page rendered whole, `SsrMode::Async`, or a
/// server function halfway through its writes) does not cut it off either; the
/// body of an HTML answer is wrapped.
pub async fn layer(req: Request, next: Next) -> Response {
    let res = match tokio::spawn(OwnArena::new(next.run(req))).await {
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

/// A future whose polls see only its own reactive arena: the first poll
/// starts with none current (as on a fresh thread), so nothing made in it
/// captures another request's; every later poll starts with the arena that
/// was current when the previous one ended (the request's own, once its
/// owner has run).
struct OwnArena<F> {
    inner: Pin<Box<F>>,
    /// Polling it sets the arena it captured when made (`Sandboxed` does
    /// exactly that, then polls `Pending`, which keeps nothing).
    arena: Option<Pin<Box<Sandboxed<std::future::Pending<()>>>>>,
}

impl<F> OwnArena<F> {
    fn new(inner: F) -> Self {
        Self {
            inner: Box::pin(inner),
            arena: None,
        }
    }
}

/// Leaves the thread with no current arena: sets a new one, then drops it.
fn clear_arena() {
    leptos::reactive::owner::Owner::new_root(None).with(|| ());
}

impl<F: Future> Future for OwnArena<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match self.arena.as_mut() {
            Some(arena) => {
                let _ = arena.as_mut().poll(cx);
            }
            None => clear_arena(),
        }
        let out = self.inner.as_mut().poll(cx);
        if out.is_pending() {
            self.arena = Some(Box::pin(Sandboxed::new(std::future::pending())));
        }
        out
    }
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

    /// Pending once (waking itself), then ready: an await point.
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// A render as leptos_axum makes one, on a thread that served another
    /// request just before and serves it again while the render waits: a
    /// `Sandboxed` future is made before the render's owner exists, the
    /// owner makes a signal, and after an await the signal is read outside
    /// the owner, once through that `Sandboxed` (the arena it captured made
    /// current) and once directly. With and without [`OwnArena`].
    fn render_beside_another_request(own_arena: bool) -> (Option<i32>, Option<i32>) {
        use leptos::prelude::*;
        // The other request's values are text: its arena has no number at
        // the render's key (the two arenas hand out the same keys).
        let other = Owner::new_root(None);
        other.with(|| RwSignal::new(String::from("other")));
        let render = async {
            let mut early = Box::pin(Sandboxed::new(std::future::pending::<()>()));
            let owner = Owner::new_root(None);
            let signal = owner.with(|| RwSignal::new(7));
            YieldOnce(false).await;
            let direct = signal.try_get();
            let mut cx = Context::from_waker(std::task::Waker::noop());
            let _ = early.as_mut().poll(&mut cx);
            let through_early = signal.try_get();
            drop(owner);
            (direct, through_early)
        };
        type Reads = (Option<i32>, Option<i32>);
        let mut render: Pin<Box<dyn Future<Output = Reads>>> = if own_arena {
            Box::pin(OwnArena::new(render))
        } else {
            Box::pin(render)
        };
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert!(render.as_mut().poll(&mut cx).is_pending());
        other.with(|| RwSignal::new(String::from("other, again")));
        match render.as_mut().poll(&mut cx) {
            Poll::Ready(values) => values,
            Poll::Pending => panic!("the render did not end"),
        }
    }

    #[test]
    fn a_request_reads_its_own_signals_whatever_ran_on_its_thread() {
        // Without it, the other request's arena answers: the value is "gone".
        assert_eq!(render_beside_another_request(false), (None, None));
        assert_eq!(render_beside_another_request(true), (Some(7), Some(7)));
    }

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
