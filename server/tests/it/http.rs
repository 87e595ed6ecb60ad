use crate::TestApp;

#[tokio::test]
async fn home_page_is_server_rendered_in_danish_with_security_headers() {
    let app = TestApp::start(&[]).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().expect("ascii");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("HTML pages carry a script nonce")
        .to_owned();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(h.contains_key("x-request-id"));
    assert!(
        !h.contains_key("strict-transport-security"),
        "no HSTS over plain http"
    );
    assert!(
        h["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );

    let html = res.text().await.expect("body");
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(html.contains(r#"<html lang="da""#), "Danish is the default");
    assert!(html.contains("Din digitale arbejdsplads. Data der bliver i EU."));
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "hydration script carries the CSP nonce"
    );
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
}

#[tokio::test]
async fn the_language_cookie_picks_english_on_the_first_byte() {
    let app = TestApp::start(&[]).await;
    let res = app
        .client
        .get(app.url("/"))
        .header("cookie", "dezky-lang=en")
        .header("accept-language", "da-DK")
        .send()
        .await
        .expect("request");
    let html = res.text().await.expect("body");
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Your digital workplace. Data that stays in the EU."));
}

#[tokio::test]
async fn accept_language_does_not_override_the_danish_default() {
    let app = TestApp::start(&[]).await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .expect("request");
    let html = res.text().await.expect("body");
    assert!(html.contains(r#"<html lang="da""#));
}

#[tokio::test]
async fn unknown_paths_answer_404_with_a_real_page() {
    let app = TestApp::start(&[]).await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.expect("body");
    assert!(html.contains("Siden findes ikke"));
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::start(&[]).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("content-security-policy"));
    let ready = app.get("/readyz").await;
    let status = ready.status().as_u16();
    let body = ready.text().await.expect("body");
    assert!(body.contains("site-bundle"), "{body}");
    // Ready exactly when the site bundle was built.
    let built = std::fs::read_dir(format!("{}/../target/site/pkg", env!("CARGO_MANIFEST_DIR")))
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".wasm"))
        })
        .unwrap_or(false);
    assert_eq!(status, if built { 200 } else { 503 }, "{body}");
}

#[tokio::test]
async fn hsts_only_when_public_url_is_https() {
    let app = TestApp::start(&[("DEZKY_PUBLIC_URL", "https://dezky.eu")]).await;
    let res = app.get("/").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
}

#[tokio::test]
async fn dynamic_responses_are_compressed() {
    let app = TestApp::start(&[]).await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(res.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn static_files_are_served_with_cache_headers() {
    let app = TestApp::start(&[]).await;
    let res = app.get("/favicon.svg").await;
    if res.status() == 404 {
        // Only `cargo test` ran: the site (public/ copied into target/site) is not built.
        return;
    }
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=300, must-revalidate"
    );
}
