//! The public website's pages, rendered once per language and build and then
//! served from memory.
//!
//! A public page (`app::website::routes::PUBLIC_PAGES`) depends only on its
//! path and the visitor's language: no session, no store, no flag changes
//! what it says. So the first request for a page in a language renders it.
//! Later ones get those bytes, with one change: the CSP nonce, which must be
//! fresh per response.
//!
//! - **The nonce.** The rendered page is kept split at every occurrence of
//!   the nonce it was rendered with, in the body and in the CSP header. A
//!   response joins the pieces with a new nonce (128 random bits, leptos'
//!   own format): a copy, not a render.
//! - **Compression.** The pieces are also kept deflated, each on its own and
//!   ended by a sync flush (byte-aligned). A gzip response is the header,
//!   each deflated piece followed by the nonce as a stored block, an empty
//!   final block and the CRC-32 of this response's bytes. That is valid
//!   gzip, made without compressing anything per response. Brotli would
//!   need its streams made concatenable, so these pages are sent as gzip to
//!   every browser (all of them accept it). The compression layer leaves an
//!   encoded response alone.
//! - **What is kept.** Only a `200 text/html` answer without `Set-Cookie` (but
//!   the language cookie's renewal, which the kept page leaves out), to
//!   a `GET` with no query (or a `lang=da|en` the cookie already says: another
//!   one is rendered, so its answer sets the cookie) and no session cookie. Anything
//!   else goes the whole way as before.
//! - **Where.** Inside the request id, tracing and security headers; outside
//!   the canonical-path, rate-limit, CSRF, session and area guards, which
//!   pass such a request unchanged. A kept page's headers are the ones its
//!   render got through all of them.
//! - **What varies.** The language comes from `?lang=`, else the
//!   `dezky-lang` cookie, else Danish: the rule `app::lang` renders by.
use app::i18n::Locale;
use app::lang::LANG_COOKIE;
use app::website::routes::PUBLIC_PAGES;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use flate2::{Compress, Compression, FlushCompress};
use futures_util::future::Either;
use std::convert::Infallible;
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use tower::{Service, ServiceExt};

/// A rendered page is at most this large (the largest today is ~60 KB).
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// Every public page in both languages: one slot each, filled once.
pub struct PageCache {
    slots: Vec<OnceLock<Arc<Page>>>,
    /// A request with this cookie (a session) goes the whole way, as before:
    /// the session layer sees it (idle timeout, a stale cookie cleared).
    session_cookie: &'static str,
}

impl PageCache {
    pub fn new(session_cookie: &'static str) -> Self {
        Self {
            slots: (0..PUBLIC_PAGES.len() * 2)
                .map(|_| OnceLock::new())
                .collect(),
            session_cookie,
        }
    }
}

/// One rendered page, split at its nonce.
struct Page {
    /// The answer's headers but its CSP and length.
    headers: HeaderMap,
    /// The CSP header's pieces between nonces.
    csp: Vec<String>,
    /// The body's pieces between nonces.
    body: Vec<Bytes>,
    /// Each body piece, raw-deflated on its own and sync-flushed.
    deflated: Vec<Bytes>,
}

impl Page {
    fn new(headers: &HeaderMap, html: &[u8]) -> Option<Self> {
        let csp = headers.get(CONTENT_SECURITY_POLICY)?.to_str().ok()?;
        let nonce = nonce_in(csp)?;
        let body: Vec<Bytes> = split(html, nonce.as_bytes())
            .into_iter()
            .map(Bytes::copy_from_slice)
            .collect();
        let deflated = body
            .iter()
            .map(|piece| deflate(piece).map(Bytes::from))
            .collect::<Option<Vec<_>>>()?;
        let mut headers = headers.clone();
        for name in [
            CONTENT_SECURITY_POLICY,
            CONTENT_LENGTH,
            CONTENT_ENCODING,
            SET_COOKIE,
        ] {
            headers.remove(name);
        }
        Some(Self {
            headers,
            csp: csp.split(nonce.as_str()).map(str::to_owned).collect(),
            body,
            deflated,
        })
    }

    /// This page with `nonce`, gzipped or not.
    fn respond(&self, nonce: &str, gzip: bool) -> Response {
        let mut res = Response::new(Body::from(if gzip {
            self.gzip(nonce)
        } else {
            join(&self.body, nonce.as_bytes())
        }));
        let headers = res.headers_mut();
        headers.clone_from(&self.headers);
        if let Ok(csp) = HeaderValue::from_str(&self.csp.join(nonce)) {
            headers.insert(CONTENT_SECURITY_POLICY, csp);
        }
        if gzip {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        headers.append(VARY, HeaderValue::from_static("accept-encoding"));
        res
    }

    /// RFC 1952: header, the deflated pieces with the nonce stored between
    /// them, an empty final block, CRC-32 and length of the whole.
    fn gzip(&self, nonce: &str) -> Vec<u8> {
        let nonce = nonce.as_bytes();
        let size: usize = self.deflated.iter().map(Bytes::len).sum();
        let mut out = Vec::with_capacity(size + self.body.len() * (nonce.len() + 5) + 26);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0usize;
        for (i, (piece, deflated)) in self.body.iter().zip(&self.deflated).enumerate() {
            out.extend_from_slice(deflated);
            crc.update(piece);
            len += piece.len();
            if i + 1 < self.body.len() {
                stored_block(&mut out, nonce, false);
                crc.update(nonce);
                len += nonce.len();
            }
        }
        stored_block(&mut out, &[], true);
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE is the length modulo 2^32 (a page is far smaller).
        out.extend_from_slice(&((len & 0xffff_ffff) as u32).to_le_bytes());
        out
    }
}

/// A stored (uncompressed) deflate block, starting on a byte boundary (the
/// pieces end with a sync flush): BFINAL, BTYPE 00, LEN, NLEN, the bytes.
fn stored_block(out: &mut Vec<u8>, bytes: &[u8], last: bool) {
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    out.push(u8::from(last));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(&bytes[..usize::from(len)]);
}

/// Raw deflate of `piece` on its own, ended by a sync flush.
fn deflate(piece: &[u8]) -> Option<Vec<u8>> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(piece.len() / 3 + 64);
    loop {
        let consumed = usize::try_from(c.total_in()).ok()?;
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(1024));
        }
        c.compress_vec(&piece[consumed..], &mut out, FlushCompress::Sync)
            .ok()?;
        // Done when all is consumed and the flush left room to spare.
        if usize::try_from(c.total_in()).ok()? == piece.len() && out.len() < out.capacity() {
            return Some(out);
        }
    }
}

/// The nonce in a CSP header: `'nonce-…'`.
fn nonce_in(csp: &str) -> Option<String> {
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    (len >= 16).then(|| csp[start..start + len].to_owned())
}

fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        pieces.push(&rest[..at]);
        rest = &rest[at + needle.len()..];
    }
    pieces.push(rest);
    pieces
}

fn join(pieces: &[Bytes], sep: &[u8]) -> Vec<u8> {
    let size: usize = pieces.iter().map(Bytes::len).sum::<usize>() + pieces.len() * sep.len();
    let mut out = Vec::with_capacity(size);
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(piece);
    }
    out
}

/// The slot a request may be served from: a `GET` of a public page with no
/// query but the language.
fn slot_of(method: &Method, path: &str, query: Option<&str>, headers: &HeaderMap) -> Option<usize> {
    if method != Method::GET {
        return None;
    }
    let page = PUBLIC_PAGES.iter().position(|p| *p == path)?;
    let lang = match query {
        None => cookie_lang(headers),
        // `?lang=` other than the cookie: the render sets the cookie, which a
        // kept page would not (a visitor without JavaScript, or `document.js`
        // switching the language, would keep the old preference).
        Some(q) => match (q, crate::auth::session::read_cookie(headers, LANG_COOKIE)) {
            ("lang=da", Some("da")) => Locale::da,
            ("lang=en", Some("en")) => Locale::en,
            _ => return None,
        },
    };
    Some(page * 2 + usize::from(lang == Locale::en))
}

/// Whether a render's `Set-Cookie`s, if any, only renew the language cookie
/// the request already had, with the slot's language: leptos_i18n writes it on
/// every render that read it. The kept page leaves it out (the cookie was set
/// for 12 months when it was chosen); any other cookie keeps the page out.
fn only_renews_language(headers: &HeaderMap, slot: usize) -> bool {
    let renewal = format!("{LANG_COOKIE}={};", if slot % 2 == 1 { "en" } else { "da" });
    headers
        .get_all(SET_COOKIE)
        .iter()
        .all(|v| v.to_str().is_ok_and(|v| v.starts_with(&renewal)))
}

/// The `dezky-lang` cookie's language; Danish without one (or with another
/// value), as the renderer decides.
fn cookie_lang(headers: &HeaderMap) -> Locale {
    match crate::auth::session::read_cookie(headers, LANG_COOKIE) {
        Some("en") => Locale::en,
        _ => Locale::da,
    }
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case("gzip"))
                && parts.all(|p| p.replace(' ', "") != "q=0")
        })
}

/// In front of the app's router: a kept page is answered here, any other
/// request goes on to the router. A service of its own rather than axum's
/// `from_fn` on the router's routes, which copied the whole stack of layers
/// under it (a boxed clone and a drop per layer) for every request, a kept
/// page's too: with the allocations that took, a tenth of the CPU serving the
/// home page (perf, `bench/run.sh`'s load).
#[derive(Clone)]
pub struct PageCacheService<S> {
    cache: Arc<PageCache>,
    inner: S,
}

impl<S> PageCacheService<S> {
    pub fn new(cache: PageCache, inner: S) -> Self {
        Self {
            cache: Arc::new(cache),
            inner,
        }
    }
}

type Answer = Result<Response, Infallible>;

impl<S> Service<Request> for PageCacheService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Answer>, Pin<Box<dyn Future<Output = Answer> + Send>>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The router is readied (`oneshot`) on the copy that serves a request.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let cache = &self.cache;
        let slot = slot_of(
            req.method(),
            req.uri().path(),
            req.uri().query(),
            req.headers(),
        )
        .filter(|_| {
            crate::auth::session::read_cookie(req.headers(), cache.session_cookie).is_none()
        });
        let Some(slot) = slot else {
            return Either::Right(Box::pin(self.inner.clone().oneshot(req)));
        };
        let gzip = accepts_gzip(req.headers());
        if let Some(page) = cache.slots[slot].get() {
            return Either::Left(ready(Ok(
                page.respond(&leptos::nonce::Nonce::new().to_string(), gzip)
            )));
        }
        let cache = Arc::clone(cache);
        let rendered = self.inner.clone().oneshot(req);
        Either::Right(Box::pin(async move {
            let Ok(res) = rendered.await;
            Ok(keep(&cache, slot, gzip, res).await)
        }))
    }
}

/// A page rendered for an empty slot: kept, if it is one to keep, and sent.
async fn keep(cache: &PageCache, slot: usize, gzip: bool, res: Response) -> Response {
    let html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if res.status() != StatusCode::OK || !html || !only_renews_language(res.headers(), slot) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "a public page could not be read for the cache");
            return Response::from_parts(parts, Body::empty());
        }
    };
    match Page::new(&parts.headers, &bytes) {
        Some(page) => {
            let page = cache.slots[slot].get_or_init(|| Arc::new(page));
            page.respond(&leptos::nonce::Nonce::new().to_string(), gzip)
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;
    use std::io::Read;

    fn page(html: &str) -> Page {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "script-src 'self' 'nonce-AAAAAAAAAAAAAAAAAAAAAA'; base-uri 'none'",
            ),
        );
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        Page::new(&headers, html.as_bytes()).expect("a page with a nonce")
    }

    async fn body(res: Response) -> Vec<u8> {
        axum::body::to_bytes(res.into_body(), MAX_PAGE)
            .await
            .expect("body")
            .to_vec()
    }

    #[tokio::test]
    async fn every_response_carries_its_own_nonce_in_the_body_and_the_header() {
        let html = "<script nonce=\"AAAAAAAAAAAAAAAAAAAAAA\">a()</script><p>x</p><link nonce=\"AAAAAAAAAAAAAAAAAAAAAA\">";
        let p = page(html);
        let res = p.respond("BBBBBBBBBBBBBBBBBBBBBB", false);
        assert_eq!(
            res.headers()[CONTENT_SECURITY_POLICY],
            "script-src 'self' 'nonce-BBBBBBBBBBBBBBBBBBBBBB'; base-uri 'none'"
        );
        assert_eq!(res.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(
            String::from_utf8(body(res).await).expect("utf-8"),
            html.replace("AAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBB")
        );
    }

    #[tokio::test]
    async fn the_spliced_gzip_is_valid_and_decodes_to_the_same_page() {
        // Long and repetitive (back-references), nonces at both ends and twice in a row.
        let mut html = String::from("AAAAAAAAAAAAAAAAAAAAAA");
        for i in 0..2000 {
            html.push_str(&format!("<li class=\"row\">Række {i} — æøå</li>"));
            if i % 500 == 0 {
                html.push_str(
                    "<script nonce=\"AAAAAAAAAAAAAAAAAAAAAA\"></script>AAAAAAAAAAAAAAAAAAAAAA",
                );
            }
        }
        html.push_str("AAAAAAAAAAAAAAAAAAAAAA");
        let p = page(&html);
        for nonce in ["CCCCCCCCCCCCCCCCCCCCCC", "x-y_z0123456789abcdefg"] {
            let res = p.respond(nonce, true);
            assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
            let gz = body(res).await;
            assert!(
                gz.len() < html.len() / 4,
                "compressed: {} of {}",
                gz.len(),
                html.len()
            );
            let mut plain = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut plain)
                .expect("valid gzip (the decoder checks the CRC and length)");
            assert_eq!(plain, html.replace("AAAAAAAAAAAAAAAAAAAAAA", nonce));
        }
    }

    #[test]
    fn only_a_plain_get_of_a_public_page_is_served_from_memory() {
        let none = HeaderMap::new();
        let mut en = HeaderMap::new();
        en.insert(COOKIE, HeaderValue::from_static("a=b; dezky-lang=en"));
        let home = PUBLIC_PAGES.iter().position(|p| *p == "/").expect("home");
        assert_eq!(slot_of(&Method::GET, "/", None, &none), Some(home * 2));
        assert_eq!(slot_of(&Method::GET, "/", None, &en), Some(home * 2 + 1));
        assert_eq!(
            slot_of(&Method::GET, "/", Some("lang=en"), &en),
            Some(home * 2 + 1)
        );
        // A `?lang=` the cookie does not say yet: rendered, so the answer sets it.
        assert_eq!(slot_of(&Method::GET, "/", Some("lang=en"), &none), None);
        assert_eq!(slot_of(&Method::GET, "/", Some("lang=da"), &en), None);
        assert_eq!(slot_of(&Method::GET, "/", Some("lang=da"), &none), None);
        assert_eq!(slot_of(&Method::GET, "/", Some("lang=de"), &none), None);
        assert_eq!(slot_of(&Method::GET, "/", Some("utm=x"), &none), None);
        assert_eq!(slot_of(&Method::POST, "/", None, &none), None);
        assert_eq!(slot_of(&Method::HEAD, "/", None, &none), None);
        assert_eq!(slot_of(&Method::GET, "/admin", None, &none), None);
        assert_eq!(slot_of(&Method::GET, "/sign-in", None, &none), None);
    }

    #[test]
    fn a_render_that_renews_the_language_cookie_is_kept_without_it() {
        let with = |cookies: &[&'static str]| {
            let mut h = HeaderMap::new();
            for c in cookies {
                h.append(SET_COOKIE, HeaderValue::from_static(c));
            }
            h
        };
        let renew_en = "dezky-lang=en; SameSite=Lax; Path=/; Max-Age=31536000";
        let (da_slot, en_slot) = (0, 1);
        assert!(only_renews_language(&with(&[]), da_slot));
        assert!(only_renews_language(&with(&[renew_en]), en_slot));
        assert!(!only_renews_language(&with(&[renew_en]), da_slot));
        assert!(!only_renews_language(
            &with(&[renew_en, "dezky_session=; Path=/; Max-Age=0"]),
            en_slot
        ));
        let mut headers = with(&[renew_en]);
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA'"),
        );
        let kept = Page::new(&headers, b"<p>AAAAAAAAAAAAAAAAAAAAAA</p>").expect("kept");
        let res = kept.respond("BBBBBBBBBBBBBBBBBBBBBB", false);
        assert!(!res.headers().contains_key(SET_COOKIE));
    }

    #[test]
    fn gzip_is_used_unless_refused() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
