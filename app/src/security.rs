//! HTTP security policy shared by the server's middleware and the SSR shell, so the
//! Content-Security-Policy is written in exactly one place.

/// The identity provider's origin, provided by the server: sign-out is a form
/// POST whose redirect continues to the IdP's end-session endpoint, and
/// `form-action` also governs where a form submission may be redirected.
#[derive(Clone, Debug, Default)]
pub struct IdpOrigin(pub Option<String>);

/// The Content-Security-Policy for every response. HTML pages pass the per-request
/// nonce of their hydration script; other responses pass `None` (no inline script
/// may run at all).
pub fn content_security_policy(nonce: Option<&str>, idp_origin: Option<&str>) -> String {
    let script_src = match nonce {
        Some(nonce) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let form_action = match idp_origin {
        Some(origin) => format!("form-action 'self' {origin}"),
        None => "form-action 'self'".to_owned(),
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
        form_action.as_str(),
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_out_may_continue_to_the_identity_provider() {
        let csp = content_security_policy(None, Some("https://auth.dezky.eu"));
        assert!(csp.contains("form-action 'self' https://auth.dezky.eu;"));
    }

    #[test]
    fn nonce_is_only_allowed_for_scripts() {
        let csp = content_security_policy(Some("abc123"), None);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc123'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(csp.matches("nonce-").count(), 1);
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn without_nonce_no_inline_script_is_allowed() {
        let csp = content_security_policy(None, None);
        assert!(!csp.contains("nonce-"));
        assert!(csp.contains("form-action 'self';"));
        assert!(csp.starts_with("default-src 'self'"));
    }
}
