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
async fn a_kept_public_page_has_every_header_and_a_session_cookie_still_meets_the_session_layer() {
    let app = TestApp::start(&[]).await;
    // The first answer is rendered (and kept), the next ones come from memory:
    // each with the security headers, its own request id and its own nonce.
    let mut ids = std::collections::HashSet::new();
    let mut nonces = std::collections::HashSet::new();
    for _ in 0..3 {
        let res = app.get("/about").await;
        assert_eq!(res.status(), 200);
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        ids.insert(h["x-request-id"].to_str().expect("ascii").to_owned());
        let csp = h["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next());
        let nonce = nonce.expect("a nonce").to_owned();
        assert!(
            res.text()
                .await
                .expect("body")
                .contains(&format!(r#"nonce="{nonce}""#))
        );
        nonces.insert(nonce);
    }
    assert_eq!((ids.len(), nonces.len()), (3, 3));
    // A stale session cookie is not served from memory: the session layer
    // still sees it and clears it.
    for _ in 0..2 {
        let res = app
            .get_with("/about", &[("cookie", "dezky_session=stale")])
            .await;
        assert_eq!(res.status(), 200);
        let cleared = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("dezky_session=;") && c.contains("Max-Age=0"));
        assert!(cleared, "{:?}", res.headers());
    }
}

#[tokio::test]
async fn the_language_cookie_picks_english_on_the_first_byte() {
    let app = TestApp::start(&[]).await;
    let res = app
        .get_with(
            "/",
            &[("cookie", "dezky-lang=en"), ("accept-language", "da-DK")],
        )
        .await;
    let html = res.text().await.expect("body");
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Your digital workplace. Data that stays in the EU."));
}

#[tokio::test]
async fn accept_language_does_not_override_the_danish_default() {
    let app = TestApp::start(&[]).await;
    let res = app
        .get_with("/", &[("accept-language", "en-US,en;q=0.9")])
        .await;
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
    // Anonymous callers learn the status only, never paths or store errors.
    assert!(
        !body.contains("site-bundle") && !body.contains("checks"),
        "{body}"
    );
    assert!(body.contains("\"status\""), "{body}");
    // Ready exactly when the site bundle was built.
    let built = crate::site_root().join("pkg/dezky.wasm").exists();
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
    let res = app.get_with("/", &[("accept-encoding", "br")]).await;
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

#[tokio::test]
async fn the_audit_public_key_is_published_for_auditors() {
    const SECRET: &str = "6465a7a5d1f0c0b8e3b7b0c39a1f4e2d5c6b7a8990a1b2c3d4e5f60718293a4b";
    let app = TestApp::start(&[("AUDIT_ED25519_SECRET_KEY", SECRET)]).await;
    let res = app
        .client
        .get(app.url("/.well-known/dezky-audit-keys.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: serde_json::Value = res.json().await.unwrap();
    let secret: [u8; 32] = hex::decode(SECRET).unwrap().try_into().unwrap();
    let public = ed25519_dalek::SigningKey::from_bytes(&secret).verifying_key();
    let origin = app.state.config.http.public_url.log_origin();
    let note_key = app::services::audit::note::verifier_key(&origin, &public);
    assert_eq!(
        body,
        serde_json::json!({ "origin": origin, "keys": [{
            "keyId": app::services::audit::checkpoint::ed25519_key_id(&public),
            "sigAlg": "ed25519",
            "publicKey": hex::encode(public.to_bytes()),
            "noteKey": note_key,
        }] })
    );
    // A checkpoint is published as a signed note that opens with the
    // published note key alone, and is kept under its tree size.
    let auditor = &app.state.services.auditor;
    for n in 0..3 {
        assert!(
            auditor
                .record(crate::flows::audit::event(n))
                .await
                .is_some()
        );
    }
    auditor
        .checkpoint(app::services::audit::checkpoint::Reason::Manual)
        .await
        .unwrap();
    let note = app
        .client
        .get(app.url("/.well-known/dezky-audit/checkpoint"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let verifier = app::services::audit::note::Verifier::parse(&note_key).unwrap();
    let opened = app::services::audit::note::open(&note, &verifier).unwrap();
    assert_eq!(opened.origin, origin);
    assert!(opened.size >= 3, "the events are in the tree");
    assert_eq!(
        opened.root,
        app::services::audit::tree::root(&app.state.services.repo, opened.size)
            .await
            .unwrap()
    );
    let kept = app
        .client
        .get(app.url(&format!(
            "/.well-known/dezky-audit/checkpoint/{}",
            opened.size
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(kept.text().await.unwrap(), note);
    let none = app
        .client
        .get(app.url("/.well-known/dezky-audit/checkpoint/999999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), reqwest::StatusCode::NOT_FOUND);
    // What a checkpoint signed by this server says verifies with the published key.
    let signer = app.state.config.audit.signer.clone().unwrap();
    let cp = signer.sign(
        1,
        (7, &"ab".repeat(32)),
        None,
        app::services::audit::checkpoint::Reason::Manual,
    );
    let published = hex::decode(body["keys"][0]["publicKey"].as_str().unwrap()).unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&published.try_into().unwrap()).unwrap();
    let keys = app::services::audit::checkpoint::VerifyKeys {
        hmac: None,
        ed25519: vec![key],
    };
    assert!(
        keys.verify(&cp),
        "the published key verifies our checkpoints"
    );

    // Without an Ed25519 key there is nothing to publish (HMAC keys are secret).
    let app =
        TestApp::start(&[("AUDIT_SIGNING_KEY", "a signing key of at least 32 chars!!")]).await;
    let body: serde_json::Value = app
        .client
        .get(app.url("/.well-known/dezky-audit-keys.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["keys"], serde_json::json!([]));
    // ...nor a checkpoint anyone could verify.
    let none = app
        .client
        .get(app.url("/.well-known/dezky-audit/checkpoint"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), reqwest::StatusCode::NOT_FOUND);
}
