//! THE return-path rule (ASVS 5.0 V3.5 / V8: no open redirects): a `next` value
//! is resolved against the public origin and kept only when it stays on that
//! origin and contains nothing a browser would strip or reinterpret (control
//! characters, whitespace, backslashes). Anything else falls back to the face's
//! home. Every redirect to a caller-supplied path goes through [`safe_return`].
use app::domain::model::ClientKind;

/// The path (with query and fragment) to send the browser to after sign-in.
pub fn safe_return(next: Option<&str>, origin: &url::Url, kind: ClientKind) -> String {
    next.and_then(|n| same_origin_path(n, origin))
        .unwrap_or_else(|| kind.home().to_owned())
}

/// Characters a browser strips or reinterprets in a URL.
fn suspicious(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

fn same_origin_path(next: &str, origin: &url::Url) -> Option<String> {
    // Browsers drop tabs and newlines and read `\` as `/`: `/\tevil` and
    // `/\evil` become `//evil`, another site. Refuse rather than guess, in the
    // value and in its percent-decoded path (a second decoding must not find
    // them either).
    let path = next.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    if next.is_empty()
        || suspicious(next)
        || suspicious(&decoded)
        || !next.starts_with('/')
        || next.starts_with("//")
        || decoded.starts_with("//")
        || decoded.contains("/\\")
    {
        return None;
    }
    let resolved = origin.join(next).ok()?;
    if resolved.origin() != origin.origin() {
        return None;
    }
    // The normalised form (dot segments resolved), never the raw input.
    let mut out = resolved.path().to_owned();
    if let Some(q) = resolved.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = resolved.fragment() {
        out.push('#');
        out.push_str(f);
    }
    if out.starts_with("//") || percent_decode(resolved.path()).starts_with("//") {
        return None;
    }
    Some(out)
}

/// `%XX` decoded (lossy UTF-8); malformed escapes are kept as they are.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'%'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> url::Url {
        url::Url::parse("https://app.dezky.eu").unwrap()
    }

    #[test]
    fn local_paths_are_kept_normalised() {
        let k = ClientKind::Portal;
        let o = origin();
        assert_eq!(
            safe_return(Some("/admin?tenant=x"), &o, k),
            "/admin?tenant=x"
        );
        assert_eq!(
            safe_return(Some("/admin/../portal#top"), &o, k),
            "/portal#top"
        );
        assert_eq!(safe_return(None, &o, ClientKind::Operator), "/operator");
    }

    #[test]
    fn everything_else_falls_back_home() {
        let k = ClientKind::Portal;
        let o = origin();
        for evil in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/%2f/evil.example",
            "/%2F%2Fevil.example",
            "evil",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_return(Some(evil), &o, k), "/portal", "{evil:?}");
        }
    }
}
