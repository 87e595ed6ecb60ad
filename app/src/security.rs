//! HTTP security policy shared by the server's middleware and the SSR shell, so the
//! Content-Security-Policy is written in exactly one place.

/// The identity provider's origin, provided by the server: sign-out is a form
/// POST whose redirect continues to the IdP's end-session endpoint, and
/// `form-action` also governs where a form submission may be redirected.
#[derive(Clone, Debug, Default)]
pub struct IdpOrigin(pub Option<String>);

pub use crate::domain::billing_state::{CARD_PAGE, STRIPE_JS};

/// The third parties one page may use. Page-scoped: every page but the
/// card page keeps the strict policy, so Stripe's origins are trusted
/// nowhere else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PageScope {
    #[default]
    Own,
    /// Stripe.js and its card frame (Stripe's documented CSP origins).
    StripeCard,
}

impl PageScope {
    pub fn of(path: &str) -> Self {
        if path == CARD_PAGE {
            PageScope::StripeCard
        } else {
            PageScope::Own
        }
    }
}

/// The Content-Security-Policy for every response. HTML pages pass the per-request
/// nonce of their hydration script; other responses pass `None` (no inline script
/// may run at all).
pub fn content_security_policy(
    nonce: Option<&str>,
    idp_origin: Option<&str>,
    scope: PageScope,
) -> String {
    let stripe = scope == PageScope::StripeCard;
    let script_src = match nonce {
        Some(nonce) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let script_src = if stripe {
        format!("{script_src} https://js.stripe.com")
    } else {
        script_src
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
        if stripe {
            "connect-src 'self' https://api.stripe.com"
        } else {
            "connect-src 'self'"
        },
        if stripe {
            "frame-src https://js.stripe.com https://hooks.stripe.com"
        } else {
            "frame-src 'none'"
        },
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
        let csp = content_security_policy(None, Some("https://auth.dezky.eu"), PageScope::Own);
        assert!(csp.contains("form-action 'self' https://auth.dezky.eu;"));
    }

    #[test]
    fn nonce_is_only_allowed_for_scripts() {
        let csp = content_security_policy(Some("abc123"), None, PageScope::Own);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc123'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(csp.matches("nonce-").count(), 1);
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn without_nonce_no_inline_script_is_allowed() {
        let csp = content_security_policy(None, None, PageScope::Own);
        assert!(!csp.contains("nonce-"));
        assert!(csp.contains("form-action 'self';"));
        assert!(csp.starts_with("default-src 'self'"));
    }

    #[test]
    fn only_the_card_page_may_load_stripe() {
        assert_eq!(PageScope::of(CARD_PAGE), PageScope::StripeCard);
        assert_eq!(PageScope::of("/admin/billing"), PageScope::Own);
        assert_eq!(PageScope::of("/admin/billing/card/x"), PageScope::Own);
        let own = content_security_policy(Some("n"), None, PageScope::Own);
        assert!(!own.contains("stripe"));
        assert!(own.contains("frame-src 'none'"));
        let card = content_security_policy(Some("n"), None, PageScope::StripeCard);
        assert!(
            card.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-n' https://js.stripe.com;")
        );
        assert!(card.contains("frame-src https://js.stripe.com https://hooks.stripe.com;"));
        assert!(card.contains("connect-src 'self' https://api.stripe.com;"));
        assert!(STRIPE_JS.starts_with("https://js.stripe.com/"));
    }
}
