//! ASVS 5.0 level 2, tried as an attacker would: raw HTTP, not the UI. Each
//! test names the requirement area it holds to.
use super::auth::{
    call, callback, cookie_value, location, operator_session, pending, session_for, start,
    start_with, until_callback,
};
use app::domain::audit::Outcome;
use app::domain::model::{ClientKind, TenantStatus};
use app::ports::store::collections as c;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, ORIGIN};
use server::auth::session::token_id;

/// V3.5 / V8: the `next` return path after sign-in stays on this origin.
#[tokio::test]
async fn return_paths_only_stay_on_this_origin() {
    let env = start().await;
    let env = &env;
    let app = &env.app;
    let login = |next: &'static str| async move {
        let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let res = app
            .get(&format!("/auth/login?client=portal&next={next}"))
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "never a 500");
        let cookie = cookie_value(&res, "dezky_login").expect("pending login");
        pending(env, &cookie).await.return_to
    };
    assert_eq!(
        login("/admin/audit?tenant=x").await,
        "/admin/audit?tenant=x"
    );
    assert_eq!(login("/admin/../partner").await, "/partner");
    for evil in [
        "/\t/evil.example",
        "/%09/evil.example",
        "/\r\n/evil.example",
        "/\r\nSet-Cookie: a=b",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "//evil.example",
        "///evil.example",
        "/%2f/evil.example",
        "/%5c/evil.example",
        "https://evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        " /portal",
        "evil.example",
    ] {
        assert_eq!(login(evil).await, "/portal", "{evil:?}");
    }
}

/// V8.1: the guard judges the path the router renders; every signed-in
/// response is `no-store`.
#[tokio::test]
async fn guards_judge_the_path_the_router_renders() {
    let env = start().await;
    let app = &env.app;
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    // Raw requests: an HTTP client library would normalise these paths itself.
    let get = |path: String, session: Option<String>| raw_get(app, path, session);
    for area in ["operator", "admin", "partner"] {
        let tricks = [
            format!("/./{area}"),
            format!("/%2e/{area}/audit"),
            format!("/%2E%2E/{area}"),
            format!("/portal/../{area}/audit"),
            format!("/portal/%2e%2e/{area}"),
            format!("//{area}"),
            format!("/%{:02x}{}", area.as_bytes()[0], &area[1..]),
        ];
        for who in [None, Some(member.clone()), Some(partner.clone())] {
            for raw in &tricks {
                let (status, headers) = get(raw.clone(), who.clone()).await;
                assert_eq!(status, 308, "{raw}");
                let to = headers["location"].clone();
                assert!(to.starts_with(&format!("/{area}")), "{raw} -> {to}");
                // The canonical path meets the guard like any other request.
                let (status, headers) = get(to.clone(), who.clone()).await;
                if who.is_none() || area == "operator" {
                    assert_eq!(status, 303, "{to}");
                    assert!(headers["location"].starts_with("/auth/login"), "{to}");
                }
                assert_eq!(headers["cache-control"], "no-store, private", "{to}");
            }
            for raw in [
                format!("/%2f{area}"),
                format!("/%5c{area}"),
                format!("/x%00/{area}"),
            ] {
                assert_eq!(get(raw.clone(), who.clone()).await.0, 400, "{raw}");
            }
        }
    }
    // A server function's answer to a signed-in caller is never cached.
    let res = app
        .client
        .post(app.url("/api/whoami"))
        .header(COOKIE, format!("dezky_session={member}"))
        .header(ORIGIN, app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CACHE_CONTROL], "no-store, private");
}

/// V15.4 (safe concurrency): building a router renders the app once with
/// resource loading suppressed, and leptos' switch for that is one flag for
/// the whole process. Routers built on another thread while a signed-in page
/// renders (each integration test starts its own server beside the others'
/// renders) must not leave that page's resources waiting for ever: one such
/// page hung a CI run until its time ran out.
#[tokio::test]
async fn routers_built_beside_a_render_do_not_stall_its_page() {
    let env = start().await;
    let app = &env.app;
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let state = app.state.clone();
    let building = tokio::task::spawn_blocking(move || {
        for _ in 0..30 {
            drop(server::router(state.clone()));
        }
    });
    let mut renders = 0;
    while renders < 5 || !building.is_finished() {
        let page = async {
            let res = app
                .client
                .get(app.url("/admin"))
                .header(COOKIE, format!("dezky_session={member}"))
                .send()
                .await
                .unwrap();
            (res.status(), res.text().await.unwrap_or_default())
        };
        let answer = tokio::time::timeout(std::time::Duration::from_secs(20), page).await;
        let (status, body) = answer.unwrap_or_else(|_| panic!("render {renders} never answered"));
        assert_eq!(status, StatusCode::OK, "render {renders}");
        assert!(body.contains("whoami"), "render {renders} has its shell");
        renders += 1;
    }
    building.await.unwrap();
}

/// A GET sent byte for byte as given: status and headers (lower-case names).
async fn raw_get(
    app: &crate::TestApp,
    path: String,
    session: Option<String>,
) -> (u16, std::collections::HashMap<String, String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let cookie = session
        .map(|s| format!("Cookie: dezky_session={s}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\n{cookie}Connection: close\r\n\r\n",
        app.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    // A page that never answers fails here, by its path, not the run's time.
    let read = stream.read_to_end(&mut buf);
    tokio::time::timeout(std::time::Duration::from_secs(30), read)
        .await
        .unwrap_or_else(|_| panic!("GET {path} never answered"))
        .unwrap();
    let text = String::from_utf8_lossy(&buf);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers)
}

/// V4 / V16.5: a malformed, oversized or wrongly typed call is a 4xx with a
/// code, changes nothing, and leaks no internal text.
#[tokio::test]
async fn malformed_server_function_calls_are_client_errors() {
    let env = start().await;
    let app = &env.app;
    let operator = operator_session(app).await;
    let deep = format!(r#"{{"input":{}{}}}"#, "[".repeat(5_000), "]".repeat(5_000));
    let huge = format!(
        r#"{{"input":{{"key":"x","description":"{}"}}}}"#,
        "a".repeat(1 << 20)
    );
    let flags_before = app
        .state
        .services
        .repo
        .store()
        .count(&c::FLAGS, &[])
        .await
        .unwrap();
    // (what, content type, body, status, code)
    type Case = (
        &'static str,
        Option<&'static str>,
        Vec<u8>,
        u16,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "missing argument",
            Some("application/x-www-form-urlencoded"),
            b"".to_vec(),
            400,
            "malformed",
        ),
        (
            "missing argument (json)",
            Some("application/json"),
            b"{}".to_vec(),
            400,
            "malformed",
        ),
        (
            "invalid UTF-8",
            Some("application/json"),
            vec![b'{', 0xff, 0xfe, b'}'],
            400,
            "malformed",
        ),
        (
            "wrong content type",
            Some("text/plain"),
            b"input=x".to_vec(),
            415,
            "unsupported_type",
        ),
        (
            "multipart",
            Some("multipart/form-data; boundary=x"),
            b"--x--".to_vec(),
            415,
            "unsupported_type",
        ),
        (
            "truncated JSON",
            Some("application/json"),
            br#"{"input": {"key": "x""#.to_vec(),
            400,
            "malformed",
        ),
        (
            "deep nesting",
            Some("application/json"),
            deep.into_bytes(),
            400,
            "malformed",
        ),
        (
            "a megabyte",
            Some("application/json"),
            huge.into_bytes(),
            413,
            "too_large",
        ),
    ];
    for (what, content_type, body, status, code) in cases {
        let mut req = app
            .client
            .post(app.url("/api/save_flag"))
            .header(COOKIE, format!("dezky_session={operator}"))
            .header(ORIGIN, app.url(""))
            .body(body);
        if let Some(ct) = content_type {
            req = req.header(CONTENT_TYPE, ct);
        }
        let res = req.send().await.unwrap();
        let got = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert_eq!(got, status, "{what}: {text}");
        let json: serde_json::Value = serde_json::from_str(&text).expect("a JSON error");
        assert_eq!(json["code"], code, "{what}: {text}");
        for leak in ["serde", "line", "column", "expected", "panicked", "Args"] {
            assert!(!text.contains(leak), "{what} leaks {leak}: {text}");
        }
    }
    let res = app.get("/api/save_flag?input=x").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "POST");
    assert_eq!(
        app.state
            .services
            .repo
            .store()
            .count(&c::FLAGS, &[])
            .await
            .unwrap(),
        flags_before,
        "nothing was saved"
    );
    // The server is still serving: a well-formed call works.
    let ok = call(
        app,
        Some(&operator),
        "save_flag",
        &[],
        Some(serde_json::json!({ "input": { "key": "probe", "description": "", "state": { "mode": "on" }, "note": "", "version": null } })),
    )
    .await;
    assert_eq!(ok, StatusCode::OK);
}

/// V2.4 / V16.3: a flood on the sign-in endpoints is cut off with 429 and
/// leaves the audit log readable (one collapsed event with its count).
#[tokio::test]
async fn a_sign_in_flood_is_limited_and_collapsed_in_the_audit() {
    let env = start_with(&[("DEZKY_FAILURE_WINDOW_SECONDS", "1")]).await;
    let app = &env.app;
    let mut passed = 0u64;
    let mut limited = 0u64;
    for i in 0..40 {
        let res = app
            .client
            .get(app.url(&format!("/auth/callback?state=s{i}&code=c{i}")))
            .header("user-agent", "flood/1.0")
            .send()
            .await
            .unwrap();
        match res.status() {
            StatusCode::SEE_OTHER => {
                assert_eq!(location(&res), "/sign-in?error=unknown_login");
                passed += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let wait: u64 = res.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=60).contains(&wait), "{wait}");
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((passed, limited), (30, 10), "the default: 30 a minute");
    // The login endpoint shares the budget: no pending login is stored.
    assert_eq!(
        app.get("/auth/login?client=portal").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        app.state
            .services
            .repo
            .store()
            .count(&c::LOGINS, &[])
            .await
            .unwrap(),
        0
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    app.state.auth.flush_failures(false).await;
    let failures = app.events("user.sign_in_failed").await;
    assert_eq!(failures.len(), 2, "the first at once, the rest as one");
    let total: u64 = failures
        .iter()
        .map(|e| e.metadata["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, passed);
    let collapsed = failures
        .iter()
        .find(|e| e.metadata["collapsed"] == true)
        .expect("a collapsed event");
    assert_eq!(collapsed.metadata["count"], passed - 1);
    assert_eq!(collapsed.metadata["reason"], "unknown_login");
    for e in &failures {
        assert_eq!(e.actor_ip, "127.0.0.1");
        assert_eq!(e.metadata["user_agent"], "flood/1.0");
    }
}

/// V3.3 / V3.5: the not-authorised page signs out only on a navigation the
/// browser vouches for; a refusal by the guard is a denied event.
#[tokio::test]
async fn the_not_authorised_page_signs_out_only_same_origin() {
    let env = start().await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Operator, &[]).await;
    let alive = || async {
        app.state
            .services
            .repo
            .session(&token_id(&admin))
            .await
            .unwrap()
            .is_some()
    };
    let visit = |site: Option<&'static str>| {
        let mut req = app
            .client
            .get(app.url("/auth/not-authorised"))
            .header(COOKIE, format!("dezky_session={admin}"));
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        req.send()
    };
    for site in [None, Some("cross-site")] {
        let res = visit(site).await.unwrap();
        assert_eq!(location(&res), "/not-authorised?sign_out=1", "{site:?}");
        assert!(alive().await, "{site:?} must not sign out");
    }
    // The page offers a sign-out button (a same-origin POST).
    let page = app
        .client
        .get(app.url("/not-authorised?sign_out=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"action="/auth/logout""#), "{page}");
    // The guard's refusal was recorded with the admin as actor.
    let res = app
        .client
        .get(app.url("/operator/flags"))
        .header(COOKIE, format!("dezky_session={admin}"))
        .header("user-agent", "probe/2")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/auth/not-authorised");
    let opened = app.events("page.open").await;
    let denied = opened.first().expect("page.open denied");
    assert_eq!(denied.outcome, Outcome::Denied);
    assert_eq!(denied.resource_id, "/operator/flags");
    assert_eq!(denied.metadata["user_agent"], "probe/2");
    // A same-origin navigation signs out.
    let res = visit(Some("same-origin")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!alive().await);
}

/// V10.4 / V14.2: tokens are sealed at rest; concurrent requests at refresh
/// time use the (rotating) refresh token once.
#[tokio::test]
async fn tokens_are_sealed_at_rest_and_refreshed_once() {
    let env = start().await;
    let (url, cookie) = until_callback(&env, "admin", "portal").await;
    let res = callback(&env, &url, &cookie).await;
    let session = cookie_value(&res, "dezky_session").expect("session cookie");
    let id = token_id(&session);
    let repo = &env.app.state.services.repo;
    let tokens = &env.app.state.auth.tokens;
    let stored = repo.session(&id).await.unwrap().unwrap();
    let raw = repo
        .store()
        .get(&c::SESSIONS, &id)
        .await
        .unwrap()
        .unwrap()
        .to_string();
    let clear = [
        tokens
            .open(&id, &stored.access_token)
            .expect("access token opens"),
        tokens
            .open(&id, stored.refresh_token.as_deref().unwrap())
            .expect("refresh token opens"),
        tokens.open(&id, &stored.id_token).expect("ID token opens"),
    ];
    for token in &clear {
        assert!(token.len() > 20);
        assert!(
            !raw.contains(token.as_str()),
            "a token in clear text in {raw}"
        );
    }
    // Two requests at once, both at refresh time.
    let mut s = stored.clone();
    s.access_expires_at = 0;
    repo.save_session(&mut s).await.unwrap();
    // (Server functions, not page renders: a page render racing a refresh
    // sometimes hits the "disposed reactive value" panic noted in the
    // performance issue; the refresh itself is what this test is about.)
    let who = || async {
        let res = env
            .app
            .client
            .post(env.app.url("/api/whoami"))
            .header(COOKIE, format!("dezky_session={session}"))
            .header(ORIGIN, env.app.url(""))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<serde_json::Value>().await.unwrap()
    };
    let (a, b) = tokio::join!(who(), who());
    assert!(
        a["email"].is_string() && b["email"].is_string(),
        "signed in: {a} {b}"
    );
    // Had the spent token been used twice, the provider would have revoked the
    // grant: the next refresh works only if it was used once.
    let mut s = repo.session(&id).await.unwrap().expect("still signed in");
    assert!(s.access_expires_at > repo.now());
    s.access_expires_at = 0;
    repo.save_session(&mut s).await.unwrap();
    assert!(who().await["email"].is_string());
    let after = repo.session(&id).await.unwrap().expect("still signed in");
    assert!(after.access_expires_at > repo.now(), "refreshed again");
}

/// V8.2 / V8.3: unknown and foreign tenants answer alike; deleted tenants are
/// gone from exports; readiness details are for operators.
#[tokio::test]
async fn tenants_cannot_be_enumerated_and_details_stay_private() {
    let env = start().await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let answer = |slug: &'static str, session: String| async move {
        let res = app
            .client
            .post(app.url("/api/tenant_members"))
            .header(COOKIE, format!("dezky_session={session}"))
            .header(ORIGIN, app.url(""))
            .form(&[("slug", slug)])
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    };
    let unknown = answer("no-such-tenant", admin.clone()).await;
    let foreign = answer("bager-hansen", admin.clone()).await;
    assert_eq!(unknown, foreign);
    assert_eq!(unknown.0, StatusCode::FORBIDDEN);
    // Operators may see every tenant: for them an unknown slug is just unknown.
    let operator = operator_session(app).await;
    let seen = app
        .client
        .post(app.url("/api/tenant_home"))
        .header(COOKIE, format!("dezky_session={operator}"))
        .header(ORIGIN, app.url(""))
        .form(&[("slug", "no-such-tenant")])
        .send()
        .await
        .unwrap();
    assert_eq!(seen.status(), StatusCode::NOT_FOUND);
    // Administering is not theirs: refused like anyone's.
    assert_eq!(
        answer("no-such-tenant", operator.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // A deleted tenant is not exported, even to its own admin.
    let csv = |session: String| async move {
        app.client
            .get(app.url("/admin/audit.csv?tenant=fjord-tandklinik"))
            .header(COOKIE, format!("dezky_session={session}"))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(csv(admin.clone()).await, StatusCode::OK);
    let repo = &app.state.services.repo;
    let mut fjord = repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    fjord.status = TenantStatus::Deleted;
    repo.save_tenant(&mut fjord).await.unwrap();
    assert_eq!(csv(admin.clone()).await, StatusCode::FORBIDDEN);
    // Readiness: the status for anyone, the checks for an operator.
    let body = app.get("/readyz").await.text().await.unwrap();
    assert!(!body.contains("checks"), "{body}");
    let body = app
        .client
        .get(app.url("/readyz"))
        .header(COOKIE, format!("dezky_session={operator}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("site-bundle"), "{body}");
}
