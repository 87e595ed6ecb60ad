//! HTTP security policy shared by the server's middleware and the SSR shell, so the
//! Content-Security-Policy is written in exactly one place.

/// The Content-Security-Policy for every response. HTML pages pass the per-request
/// nonce of their hydration script; other responses pass `None` (no inline script
/// may run at all).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script_src = match nonce {
        Some(nonce) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    [
        "default-src 'self'",
        script_src.as_str(),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_is_only_allowed_for_scripts() {
        let csp = content_security_policy(Some("abc123"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc123'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(csp.matches("nonce-").count(), 1);
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn without_nonce_no_inline_script_is_allowed() {
        let csp = content_security_policy(None);
        assert!(!csp.contains("nonce-"));
        assert!(csp.starts_with("default-src 'self'"));
    }
}
