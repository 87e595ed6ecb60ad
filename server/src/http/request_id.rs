use axum::http::Request;
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

/// A random 128-bit request id, hex-encoded.
#[derive(Clone, Copy, Default)]
pub struct MakeRandomRequestId;

impl MakeRequestId for MakeRandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = format!("{:032x}", rand::random::<u128>());
        id.parse().ok().map(RequestId::new)
    }
}

/// The span around a request: every log line emitted while it is handled carries
/// `request_id`, `method` and `path`.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}
