//! The layer in front of every server function (`/api/*`), so a client's
//! mistake is answered as one (ASVS 5.0 V4 / V16.5): the method is POST (405),
//! the body is a form or JSON (415), at most [`BODY_LIMIT`] bytes (413) and
//! valid UTF-8 (400); and every error a function or its decoding returns gets
//! the status of THE mapping, [`AppError::status`] (a malformed argument is
//! 400, not 500). Bodies are the JSON form of `AppError`: a code the UI
//! translates, never internal text.
use app::domain::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http::{Method, StatusCode};

/// The largest request body a server function reads (forms and filters are a
/// few hundred bytes; the largest today, a flag, is under 2 KB).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The functions that take a file, and their larger limit: a logo of at most
/// `domain::logo::MAX_BYTES` travels as a base64 data URL in JSON (4/3 of
/// the bytes and a few dozen more).
pub const UPLOADS: &[(&str, usize)] = &[("/api/upload_partner_logo", 384 * 1024)];

/// The body limit of the server function at `path`.
pub fn body_limit(path: &str) -> usize {
    UPLOADS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(BODY_LIMIT, |(_, limit)| *limit)
}

/// The prefix of every server function's URL.
pub const PREFIX: &str = "/api/";

/// An `AppError` as a response: its status and its JSON form.
pub fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(error).unwrap_or_else(|_| r#"{"code":"internal"}"#.into());
    let mut res = (status, [(CONTENT_TYPE, "application/json")], body).into_response();
    if let AppError::TooManyRequests { retry_after_secs } = error
        && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        res.headers_mut().insert(http::header::RETRY_AFTER, v);
    }
    res
}

fn readable_type(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else {
        // An empty POST (a function without arguments) may omit it.
        return true;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/x-www-form-urlencoded" | "application/json"
    )
}

pub async fn layer(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
    if req.method() != Method::POST {
        let mut res = error_response(&AppError::Malformed);
        *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        res.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return res;
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("invalid"));
    if !readable_type(content_type) {
        return error_response(&AppError::UnsupportedType);
    }
    let limit = body_limit(req.uri().path());
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return error_response(&AppError::TooLarge);
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        // Chunked past the limit, or the client went away mid-body.
        Err(e) => {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return error_response(if too_large {
                &AppError::TooLarge
            } else {
                &AppError::Malformed
            });
        }
    };
    if std::str::from_utf8(&bytes).is_err() {
        return error_response(&AppError::Malformed);
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    with_mapped_status(res).await
}

/// Server functions answer every error with 500 unless the function set a
/// status; decoding errors never reach the function. Read the error's code
/// from the body and answer with its status.
async fn with_mapped_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let Ok(bytes) = to_bytes(res.into_body(), BODY_LIMIT).await else {
        return error_response(&AppError::Internal);
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => error_response(&error),
        Err(_) => {
            // Not ours (a panic page, another error type): never echo it.
            tracing::error!(
                body_len = bytes.len(),
                "server function failed without an AppError"
            );
            error_response(&AppError::Internal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_json_are_read() {
        assert!(readable_type(None));
        assert!(readable_type(Some("application/x-www-form-urlencoded")));
        assert!(readable_type(Some("application/json; charset=utf-8")));
        assert!(!readable_type(Some("text/plain")));
        assert!(!readable_type(Some("multipart/form-data; boundary=x")));
        assert!(!readable_type(Some("invalid")));
    }

    #[test]
    fn an_upload_takes_the_largest_logo_and_nothing_else_grows() {
        let largest = app::domain::logo::MAX_BYTES.div_ceil(3) * 4;
        let envelope = r#"{"data":"data:image/webp;base64,","version":18446744073709551615}"#;
        assert!(body_limit("/api/upload_partner_logo") >= largest + envelope.len());
        assert_eq!(body_limit("/api/save_partner_branding"), BODY_LIMIT);
        assert_eq!(body_limit("/api/upload_partner_logo/x"), BODY_LIMIT);
    }

    #[test]
    fn errors_answer_with_their_mapped_status() {
        let r = error_response(&AppError::TooManyRequests {
            retry_after_secs: 7,
        });
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["retry-after"], "7");
        assert_eq!(
            error_response(&AppError::Malformed).status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            error_response(&AppError::TooLarge).status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }
}
