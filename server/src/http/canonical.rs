//! One path normalisation before every guard (ASVS 5.0 V8.1): the area guard
//! must judge the same path the router renders. A request whose path is not in
//! canonical form (percent-encoded unreserved characters such as `%2e`, dot
//! segments, empty segments) is redirected to its canonical form (308, so a
//! POST stays a POST) before anything else looks at it; a path no page can
//! have (control characters, backslashes, encoded `/` or `\`) is refused with
//! 400. Only canonical paths reach the guard, the router and the static files.
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;

/// What to do with a request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Canonical {
    /// Already canonical.
    Keep,
    /// Serve it under this path instead.
    RedirectTo(String),
    /// No page has such a path.
    Refuse,
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

pub fn canonical(path: &str) -> Canonical {
    let bytes = path.as_bytes();
    if !path.starts_with('/') || path.contains('\\') || bytes.iter().any(u8::is_ascii_control) {
        return Canonical::Refuse;
    }
    // Decode %XX of unreserved characters (RFC 3986 6.2.2.2); refuse encoded
    // separators, NUL and control characters; keep every other escape.
    let mut decoded = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
            let (Some(h), Some(l)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) else {
                return Canonical::Refuse;
            };
            let b = u8::try_from(h * 16 + l).unwrap_or(0);
            if b == b'/' || b == b'\\' || b.is_ascii_control() {
                return Canonical::Refuse;
            }
            if unreserved(b) {
                decoded.push(b as char);
            } else {
                decoded.push_str(&path[i..i + 3]);
            }
            i += 3;
        } else {
            // Multi-byte characters are copied whole (the path is a str).
            let ch_len = path[i..].chars().next().map_or(1, char::len_utf8);
            decoded.push_str(&path[i..i + ch_len]);
            i += ch_len;
        }
    }
    // Resolve dot segments and drop empty ones; keep a trailing slash.
    let trailing = decoded.len() > 1 && decoded.ends_with('/');
    let mut segments: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    if out == path {
        Canonical::Keep
    } else {
        Canonical::RedirectTo(out)
    }
}

pub async fn layer(req: Request, next: Next) -> Response {
    match canonical(req.uri().path()) {
        Canonical::Keep => next.run(req).await,
        Canonical::RedirectTo(path) => {
            let target = match req.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            Redirect::permanent(&target).into_response()
        }
        Canonical::Refuse => {
            tracing::info!(path = %req.uri().path(), "non-canonical path refused");
            (StatusCode::BAD_REQUEST, "bad request: malformed path").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_paths_pass() {
        for p in [
            "/",
            "/operator",
            "/admin/audit",
            "/pkg/app-1a2b.wasm",
            "/en/",
            "/søg",
        ] {
            assert_eq!(canonical(p), Canonical::Keep, "{p}");
        }
        assert_eq!(
            canonical("/a%20b"),
            Canonical::Keep,
            "reserved escapes stay"
        );
    }

    #[test]
    fn dot_segments_and_encoded_dots_redirect_to_the_real_path() {
        for (raw, to) in [
            ("/./operator", "/operator"),
            ("/%2e/operator/audit", "/operator/audit"),
            ("/%2E%2E/operator", "/operator"),
            ("/portal/../operator/audit", "/operator/audit"),
            ("/portal/%2e%2e/operator", "/operator"),
            ("//operator", "/operator"),
            ("/%6fperator", "/operator"),
            ("/admin/./", "/admin/"),
            ("/..", "/"),
        ] {
            assert_eq!(canonical(raw), Canonical::RedirectTo(to.into()), "{raw}");
        }
    }

    #[test]
    fn impossible_paths_are_refused() {
        for raw in [
            "/%2foperator",
            "/%5coperator",
            "/a\\b",
            "/%00",
            "/%0d%0a",
            "/%zz",
            "x",
        ] {
            assert_eq!(canonical(raw), Canonical::Refuse, "{raw}");
        }
    }
}
