//! Sign-in against the real OIDC provider stand-in (oidc-provider), its negative
//! cases, CSRF, and the role × server-function matrix.
use crate::TestApp;
use crate::servers::{self, Server};
use app::domain::audit::Outcome;
use app::domain::model::{ClientKind, PLATFORM_ADMIN_GROUP};
use app::ports::store::collections as c;
use app::repo::{PendingLogin, Session};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use server::auth::oidc::SignInError;
use server::auth::session::{new_token, token_id};
use std::process::Command;

pub(crate) struct Env {
    pub(crate) app: TestApp,
    pub(crate) oidc: Server,
}

pub(crate) async fn start() -> Env {
    start_with(&[]).await
}

/// The same with extra configuration.
pub(crate) async fn start_with(extra: &[(&str, &str)]) -> Env {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let oidc = servers::oidc_provider(&origin).await;
    let issuer = oidc.issuer();
    let mut vars = vec![
        ("OIDC_ISSUER_URL", issuer.as_str()),
        ("OIDC_PORTAL_CLIENT_SECRET", "dev-portal-secret"),
        ("OIDC_OPERATOR_CLIENT_SECRET", "dev-operator-secret"),
    ];
    vars.extend_from_slice(extra);
    let app = TestApp::start_on(listener, &vars).await;
    Env { app, oidc }
}

pub(crate) fn cookie_value(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next()?.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub(crate) fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Drives a browser's sign-in up to (not including) our callback: returns the
/// callback URL and the pending-login cookie.
pub(crate) async fn until_callback(env: &Env, account: &str, client: &str) -> (String, String) {
    reach_callback(env, account, client)
        .await
        .expect("the IdP never redirected back")
}

/// The same, None when the IdP keeps asking for the login (an account that
/// may not sign in).
pub(crate) async fn reach_callback(
    env: &Env,
    account: &str,
    client: &str,
) -> Option<(String, String)> {
    // A browser: remembers the IdP's cookies, follows nothing by itself.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = browser
        .get(env.app.url(&format!("/auth/login?client={client}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let login_cookie = cookie_value(&res, "dezky_login").expect("pending-login cookie");
    let mut url = location(&res);
    assert!(
        url.starts_with(&env.oidc.issuer()),
        "sent to the IdP: {url}"
    );
    // Through the IdP until it redirects back to us.
    for _ in 0..10 {
        if url.is_empty() {
            // An error page instead of a redirect: the IdP refused.
            return None;
        }
        let absolute = if url.starts_with('/') {
            format!("http://127.0.0.1:{}{url}", env.oidc.port)
        } else {
            url.clone()
        };
        if absolute.starts_with(&env.app.url("/auth/callback")) {
            return Some((absolute, login_cookie));
        }
        let res = browser.get(&absolute).send().await.unwrap();
        if res.status() == StatusCode::OK {
            // The development login form: post the account name.
            let html = res.text().await.unwrap();
            let action = html
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("form action")
                .to_owned();
            let post = if action.starts_with('/') {
                format!("http://127.0.0.1:{}{action}", env.oidc.port)
            } else {
                action
            };
            let res = browser
                .post(post)
                .form(&[
                    ("prompt", "login"),
                    ("login", account),
                    ("password", "demo"),
                ])
                .send()
                .await
                .unwrap();
            url = location(&res);
        } else {
            url = location(&res);
        }
    }
    None
}

pub(crate) async fn callback(env: &Env, url: &str, login_cookie: &str) -> reqwest::Response {
    env.app
        .client
        .get(url)
        .header(COOKIE, format!("dezky_login={login_cookie}"))
        .send()
        .await
        .unwrap()
}

async fn session_count(env: &Env) -> u64 {
    env.app
        .state
        .services
        .repo
        .store()
        .count(&c::SESSIONS, &[])
        .await
        .unwrap()
}

pub(crate) async fn pending(env: &Env, cookie: &str) -> PendingLogin {
    let doc = env
        .app
        .state
        .services
        .repo
        .store()
        .get(&c::LOGINS, cookie)
        .await
        .unwrap()
        .expect("pending login");
    serde_json::from_value(doc).unwrap()
}

#[tokio::test]
async fn sign_in_through_the_real_provider_creates_a_session() {
    let env = start().await;
    let (url, cookie) = until_callback(&env, "admin", "portal").await;
    let res = callback(&env, &url, &cookie).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/portal");
    let session = cookie_value(&res, "dezky_session").expect("session cookie");
    let set = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(set.iter().any(|c| c.starts_with("dezky_session=")
        && c.contains("HttpOnly")
        && c.contains("SameSite=Lax")));
    // The user is the seeded one, keyed by (issuer, sub), and the session is stored hashed.
    let repo = &env.app.state.services.repo;
    let stored: Session = repo
        .session(&token_id(&session))
        .await
        .unwrap()
        .expect("stored under the hash");
    let user = repo.user(&stored.user_id).await.unwrap().unwrap();
    assert_eq!(
        (user.subject.as_str(), user.issuer.as_str()),
        ("admin", env.oidc.issuer().as_str())
    );
    assert!(
        stored.refresh_token.is_some(),
        "offline_access gives a refresh token"
    );
    // The session works: the admin area answers with the tenant's members.
    let res = env
        .app
        .client
        .post(env.app.url("/api/tenant_members"))
        .header(COOKIE, format!("dezky_session={session}"))
        .header(ORIGIN, env.app.url(""))
        .form(&[("slug", "fjord-tandklinik")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Refresh: an access token about to expire is refreshed silently.
    let mut s = stored.clone();
    s.access_expires_at = 0;
    let old_access = s.access_token.clone();
    repo.save_session(&mut s).await.unwrap();
    let res = env
        .app
        .client
        .get(env.app.url("/portal"))
        .header(COOKIE, format!("dezky_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let refreshed = repo.session(&token_id(&session)).await.unwrap().unwrap();
    assert_ne!(refreshed.access_token, old_access);
    assert!(refreshed.access_expires_at > repo.now());
    // Sign-out ends the session server-side and goes on to the IdP's end-session.
    let res = env
        .app
        .client
        .post(env.app.url("/auth/logout"))
        .header(COOKIE, format!("dezky_session={session}"))
        .header(ORIGIN, env.app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&res).starts_with(&format!("{}session/end", env.oidc.issuer())),
        "{}",
        location(&res)
    );
    assert!(repo.session(&token_id(&session)).await.unwrap().is_none());
    // Sign-in and sign-out events carry the client's address.
    let events = repo.audit_events(None, None, 200).await.unwrap().items;
    for action in ["user.signed_in", "user.signed_out"] {
        let e = events
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("{action} recorded"));
        assert_eq!(e.actor_ip, "127.0.0.1", "{action}");
    }
}

#[tokio::test]
async fn a_wrong_state_is_refused_without_a_session() {
    let env = start().await;
    let (url, cookie) = until_callback(&env, "member", "portal").await;
    let tampered = url.replace("state=", "state=x");
    let res = callback(&env, &tampered, &cookie).await;
    assert_eq!(location(&res), "/sign-in?error=state_mismatch");
    assert!(cookie_value(&res, "dezky_session").is_none());
    assert_eq!(session_count(&env).await, 0);
    let events = env
        .app
        .state
        .services
        .repo
        .audit_events(None, None, 50)
        .await
        .unwrap()
        .items;
    let failed = events
        .iter()
        .find(|e| e.action == "user.sign_in_failed")
        .expect("the failure is recorded");
    assert_eq!(failed.actor_ip, "127.0.0.1", "with the client's address");
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let env = start().await;
    let (url, cookie) = until_callback(&env, "member", "portal").await;
    let original = pending(&env, &cookie).await;
    assert_eq!(location(&callback(&env, &url, &cookie).await), "/portal");
    // The same callback again: the pending sign-in was used up.
    let res = callback(&env, &url, &cookie).await;
    assert_eq!(location(&res), "/sign-in?error=unknown_login");
    // Even with a forged pending sign-in matching state and verifier, the
    // provider refuses a code it already redeemed.
    let forged = PendingLogin {
        id: new_token(),
        ..original
    };
    env.app
        .state
        .services
        .repo
        .insert_login(&forged)
        .await
        .unwrap();
    let res = callback(&env, &url, &forged.id).await;
    assert_eq!(location(&res), "/sign-in?error=provider_refused");
    assert!(cookie_value(&res, "dezky_session").is_none());
    assert_eq!(
        session_count(&env).await,
        1,
        "only the first sign-in made a session"
    );
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let env = start().await;
    let (url, cookie) = until_callback(&env, "member", "portal").await;
    let mut login = pending(&env, &cookie).await;
    login.nonce = "not-the-nonce-sent".into();
    let doc = serde_json::to_value(&login).unwrap();
    env.app
        .state
        .services
        .repo
        .store()
        .replace(&c::LOGINS, doc, 1)
        .await
        .unwrap();
    let res = callback(&env, &url, &cookie).await;
    assert_eq!(location(&res), "/sign-in?error=nonce_mismatch");
    assert_eq!(session_count(&env).await, 0);
}

/// Signs an ID token with the provider's (development) key.
fn mint(claims: serde_json::Value) -> String {
    mint_with(claims, "")
}

/// The same, signed another way (`hs256:SECRET`, `unknown-key`).
fn mint_with(claims: serde_json::Value, mode: &str) -> String {
    let out = Command::new("node")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../dev/oidc/mint.mjs"))
        .arg(claims.to_string())
        .arg(mode)
        .output()
        .expect("node dev/oidc/mint.mjs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn id_tokens_with_wrong_audience_issuer_or_expiry_are_refused() {
    let env = start().await;
    let oidc = env.app.state.auth.oidc.as_ref().expect("oidc configured");
    let now = env.app.state.services.repo.now() / 1000;
    let good = serde_json::json!({ "iss": env.oidc.issuer(), "aud": "dezky-portal", "sub": "member", "nonce": "n1", "exp": now + 300, "auth_time": now - 10 });
    let with = |k: &str, v: serde_json::Value| {
        let mut claims = good.clone();
        claims[k] = v;
        mint(claims)
    };
    let who = oidc
        .verify(ClientKind::Portal, &mint(good.clone()), "n1")
        .await
        .expect("a good token passes");
    assert_eq!(who.subject, "member");
    let cases = [
        (
            with("aud", "dezky-operator".into()),
            SignInError::WrongAudience,
        ),
        (
            with("iss", "http://127.0.0.1:1/evil/".into()),
            SignInError::WrongIssuer,
        ),
        (with("exp", (now - 60).into()), SignInError::Expired),
        (with("nonce", "other".into()), SignInError::NonceMismatch),
        // max_age is the absolute session timeout (12 h): an older
        // authentication, or none stated, does not start a session.
        (
            with("auth_time", (now - 13 * 3600).into()),
            SignInError::StaleAuthentication,
        ),
        (
            mint({
                let mut claims = good.clone();
                claims.as_object_mut().unwrap().remove("auth_time");
                claims
            }),
            SignInError::StaleAuthentication,
        ),
        // Pinned algorithms: HMAC with the (known to the client) secret is
        // refused whatever discovery says.
        (
            mint_with(good.clone(), "hs256:dev-portal-secret"),
            SignInError::DisallowedAlgorithm,
        ),
        // A key the IdP does not publish: the keys are fetched again once, and
        // the signature still fails.
        (
            mint_with(good.clone(), "unknown-key"),
            SignInError::BadSignature,
        ),
    ];
    for (token, want) in cases {
        assert_eq!(
            oidc.verify(ClientKind::Portal, &token, "n1")
                .await
                .map(|w| w.subject),
            Err(want)
        );
    }
    // An operator token for the portal client, and vice versa.
    let operator_token = with("aud", "dezky-operator".into());
    assert!(
        oidc.verify(ClientKind::Operator, &operator_token, "n1")
            .await
            .is_ok()
    );
    assert_eq!(
        oidc.verify(ClientKind::Operator, &mint(good), "n1")
            .await
            .map(|w| w.subject),
        Err(SignInError::WrongAudience)
    );
}

/// A session for the seeded platform operator: the operator console's client,
/// in the platform admins' group.
pub(crate) async fn operator_session(app: &TestApp) -> String {
    session_for(
        app,
        "operator",
        ClientKind::Operator,
        &[PLATFORM_ADMIN_GROUP],
    )
    .await
}

/// A session for a seeded demo user, as its sign-in would have made it.
pub(crate) async fn session_for(
    app: &TestApp,
    subject: &str,
    client: ClientKind,
    groups: &[&str],
) -> String {
    let repo = &app.state.services.repo;
    let issuer = app.state.config.auth.oidc.as_ref().unwrap().issuer.clone();
    let user = repo
        .user_by_identity(&issuer, subject)
        .await
        .unwrap()
        .expect("seeded user");
    let token = new_token();
    let now = repo.now();
    repo.insert_session(&Session {
        id: token_id(&token),
        user_id: user.id,
        client,
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        id_token: String::new(),
        access_token: String::new(),
        refresh_token: None,
        access_expires_at: now + 3_600_000,
        created_at: now,
        last_seen_at: now,
        expires_at: now + 3_600_000,
        ip: String::new(),
        user_agent: String::new(),
        version: 1,
    })
    .await
    .unwrap();
    token
}

pub(crate) async fn call(
    app: &TestApp,
    session: Option<&str>,
    endpoint: &str,
    form: &[(&str, &str)],
    json: Option<serde_json::Value>,
) -> StatusCode {
    let mut req = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ORIGIN, app.url(""));
    if let Some(s) = session {
        req = req.header(COOKIE, format!("dezky_session={s}"));
    }
    req = match json {
        Some(body) => req.json(&body),
        None => req.form(form),
    };
    req.send().await.unwrap().status()
}

#[tokio::test]
async fn every_server_function_as_every_role() {
    // Every function × every role from one address is more than a minute's
    // budget of the API rate limit (tested on its own in flows/hardening.rs).
    let env = start_with(&[("DEZKY_RATE_API_PER_MINUTE", "100000")]).await;
    let app = &env.app;
    let roles: Vec<(&str, Option<String>)> = vec![
        ("anonymous", None),
        ("operator", Some(operator_session(app).await)),
        (
            "operator-via-portal",
            Some(session_for(app, "operator", ClientKind::Portal, &[PLATFORM_ADMIN_GROUP]).await),
        ),
        (
            "partner",
            Some(session_for(app, "partner", ClientKind::Portal, &[]).await),
        ),
        (
            "tenant-admin",
            Some(session_for(app, "admin", ClientKind::Portal, &[]).await),
        ),
        (
            "member",
            Some(session_for(app, "member", ClientKind::Portal, &[]).await),
        ),
        (
            "outsider",
            Some(session_for(app, "outsider", ClientKind::Portal, &[]).await),
        ),
    ];
    let flag = |key: &str| serde_json::json!({ "input": { "key": key, "description": "", "state": { "mode": "off" }, "note": "", "version": null } });
    let fjord = [("slug", "fjord-tandklinik")];
    let ravn = [("slug", "ravn-arkitekter")];
    // (server function, form, json) -> expected status per role, in the order above.
    type Row<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        Option<serde_json::Value>,
        [u16; 7],
    );
    let rows: Vec<Row> = vec![
        //                                                  anon  op   op-p  partn admin membr outsd
        ("whoami", &[], None, [200, 200, 200, 200, 200, 200, 200]),
        ("my_area", &[], None, [401, 200, 200, 200, 200, 200, 200]),
        (
            "end_my_session",
            &[("id", "not-a-session")],
            None,
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "tenant_home",
            &fjord,
            None,
            [401, 200, 403, 403, 200, 200, 403],
        ),
        (
            "tenant_home",
            &ravn,
            None,
            [401, 200, 403, 403, 403, 200, 403],
        ),
        (
            "tenant_members",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "tenant_members",
            &ravn,
            None,
            [401, 403, 403, 403, 403, 403, 403],
        ),
        (
            "tenant_members",
            &[("slug", "no-such-tenant")],
            None,
            // Unknown answers as foreign (403); operators do not administer
            // tenants (they see them, below).
            [401, 403, 403, 403, 403, 403, 403],
        ),
        (
            "partner_home",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        // Adding a person: the tenant's administrators (its partner
        // included; operators do not administer tenants); the identity
        // provider is not configured in this app, so they learn that by
        // name (503), everyone else 403.
        (
            "add_person",
            &[
                ("slug", "fjord-tandklinik"),
                ("name", "Ny Person"),
                ("email", "ny@fjord-tandklinik.example"),
                ("role", "member"),
            ],
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "add_person",
            &[
                ("slug", "ravn-arkitekter"),
                ("name", "Ny Person"),
                ("email", "ny@ravn-arkitekter.example"),
                ("role", "member"),
            ],
            None,
            [401, 403, 403, 403, 403, 403, 403],
        ),
        (
            "person_jobs",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // A reset with nothing connected changes nothing but is allowed.
        (
            "person_lifecycle",
            &[
                ("slug", "fjord-tandklinik"),
                ("email", "mads@fjord-tandklinik.example"),
                ("what", "reset_password"),
            ],
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "force_logout",
            &[
                ("slug", "fjord-tandklinik"),
                ("email", "nobody@fjord-tandklinik.example"),
            ],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        // Mads is a member already: the same role again changes nothing.
        (
            "change_person_role",
            &[
                ("slug", "fjord-tandklinik"),
                ("email", "mads@fjord-tandklinik.example"),
                ("role", "member"),
            ],
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "person_lifecycle",
            &[
                ("slug", "fjord-tandklinik"),
                ("email", "nobody@fjord-tandklinik.example"),
                ("what", "remove"),
            ],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        // No identity provider in this app: its admins learn so by name.
        // Nothing connected in this app: every account "not connected".
        (
            "person_systems",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "tenant_dashboard",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "tenant_security",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // Not connected in this app: the overview says so (200).
        (
            "member_factors",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // A bad value: only those who may change it learn which field.
        (
            "save_security_policy",
            &[
                ("slug", "fjord-tandklinik"),
                ("policy[mfa_mode]", "optional"),
                ("policy[session_idle_minutes]", "1"),
                ("policy[session_absolute_hours]", "12"),
                ("policy[allowed_countries]", ""),
                ("policy[ip_allow_list]", ""),
            ],
            None,
            [401, 403, 403, 403, 422, 403, 403],
        ),
        (
            "sso_apps",
            &fjord,
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "create_sso_app",
            &[
                ("slug", "fjord-tandklinik"),
                ("app[name]", "Wiki"),
                ("app[redirect_uris]", "https://wiki.example/cb"),
                ("app[launch_url]", ""),
            ],
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "delete_sso_app",
            &[("slug", "fjord-tandklinik"), ("app_slug", "x")],
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "tenant_domains",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // An empty name: only those who may add one learn which field.
        (
            "add_domain",
            &[("slug", "fjord-tandklinik"), ("name", "")],
            None,
            [401, 403, 403, 403, 422, 403, 403],
        ),
        (
            "domain_records",
            &[("slug", "fjord-tandklinik"), ("name", "nowhere.dk")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "check_domain",
            &[("slug", "fjord-tandklinik"), ("name", "nowhere.dk")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "make_primary_domain",
            &[("slug", "fjord-tandklinik"), ("name", "nowhere.dk")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "remove_domain",
            &[("slug", "fjord-tandklinik"), ("name", "nowhere.dk")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "choose_dmarc_step",
            &[
                ("slug", "fjord-tandklinik"),
                ("name", "nowhere.dk"),
                ("step", "1"),
            ],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "spf_meter",
            &[("slug", "fjord-tandklinik"), ("name", "nowhere.dk")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "tenant_partner_access",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "decide_partner_access",
            &[
                ("slug", "fjord-tandklinik"),
                ("grant_id", "none"),
                ("approve", "true"),
            ],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "end_partner_access",
            &[("slug", "fjord-tandklinik"), ("grant_id", "none")],
            None,
            [401, 403, 403, 404, 404, 403, 403],
        ),
        // An empty reason: only the customer's partner learns which field.
        (
            "request_partner_access",
            &[
                ("slug", "fjord-tandklinik"),
                ("form[reason]", ""),
                ("form[scope]", "read_only"),
                ("form[hours]", "1"),
            ],
            None,
            [401, 403, 403, 422, 403, 403, 403],
        ),
        (
            "operator_tenant",
            &fjord,
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // Resuming an active tenant: only an operator may (and nothing changes).
        (
            "set_tenant_suspended",
            &[("slug", "fjord-tandklinik"), ("suspend", "false")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "operator_tenants",
            &[],
            Some(serde_json::json!({ "q": "", "status": null, "after": null })),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // A wrong confirmation / not deleted: only an operator learns why.
        (
            "delete_tenant",
            &[("slug", "fjord-tandklinik"), ("confirm", "")],
            None,
            [401, 422, 403, 403, 403, 403, 403],
        ),
        (
            "restore_tenant",
            &fjord,
            None,
            [401, 422, 403, 403, 403, 403, 403],
        ),
        (
            "operator_partners",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "operator_partner",
            &[("slug", "nordlys-it")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // A stale version: only an operator learns it is a conflict.
        (
            "update_partner",
            &[],
            Some(serde_json::json!({ "slug": "nordlys-it", "patch": {}, "version": 999 })),
            [401, 409, 403, 403, 403, 403, 403],
        ),
        // Resuming an active customer: only its partner may (nothing changes).
        (
            "partner_set_customer_suspended",
            &[("slug", "fjord-tandklinik"), ("suspend", "false")],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        // An empty name: only the customer's partner learns which field.
        (
            "update_customer",
            &[
                ("slug", "fjord-tandklinik"),
                ("edit[name]", ""),
                ("edit[plan]", "standard"),
                ("edit[seats]", "14"),
            ],
            None,
            [401, 403, 403, 422, 403, 403, 403],
        ),
        (
            "customer_slug_check",
            &fjord,
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        // An empty wizard: only partner staff learn which field.
        (
            "create_customer",
            &[
                ("form[name]", ""),
                ("form[slug]", ""),
                ("form[plan]", "standard"),
                ("form[seats]", "1"),
                ("form[domain]", ""),
                ("form[admin_name]", ""),
                ("form[admin_email]", ""),
                ("lang", "da"),
            ],
            None,
            [401, 403, 403, 422, 403, 403, 403],
        ),
        (
            "partner_team",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        // An empty invitation: only partner staff learn which field.
        (
            "invite_colleague",
            &[
                ("name", ""),
                ("email", ""),
                ("access", "member"),
                ("lang", "da"),
            ],
            None,
            [401, 403, 403, 422, 403, 403, 403],
        ),
        // The owner keeps the access level they have (a no-op).
        (
            "set_colleague_access",
            &[("email", "peter@nordlys-it.example"), ("access", "owner")],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        (
            "remove_colleague",
            &[("email", "nobody@nordlys-it.example")],
            None,
            [401, 403, 403, 404, 403, 403, 403],
        ),
        (
            "partner_settings",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        // A stale version: only partner staff learn it is a conflict.
        (
            "save_partner_profile",
            &[],
            Some(serde_json::json!({
                "fields": {
                    "name": "Nordlys IT", "domain": "", "contact_name": "", "contact_email": "",
                    "billing_company": "", "billing_vat_id": "", "billing_country": "",
                    "billing_email": "", "status": null, "margin_pct": 0, "progressive": false,
                    "standing_access": false
                },
                "version": 999
            })),
            [401, 403, 403, 409, 403, 403, 403],
        ),
        // A stale version: only partner staff learn it is a conflict.
        (
            "save_partner_branding",
            &[
                ("form[product_name]", ""),
                ("form[accent_colour]", "blue"),
                ("customer_branding", "false"),
                ("version", "0"),
            ],
            None,
            [401, 403, 403, 409, 403, 403, 403],
        ),
        (
            "upload_partner_logo",
            &[],
            Some(serde_json::json!({ "data": "", "version": 999 })),
            [401, 403, 403, 409, 403, 403, 403],
        ),
        (
            "remove_partner_logo",
            &[("version", "0")],
            None,
            [401, 403, 403, 409, 403, 403, 403],
        ),
        (
            "save_partner_mail",
            &[
                ("template[message]", ""),
                ("template[signature]", ""),
                ("version", "0"),
            ],
            None,
            [401, 403, 403, 409, 403, 403, 403],
        ),
        (
            "tenant_branding",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // Only operators see and change the ledger; partners their own.
        (
            "payout_ledger",
            &[("month", "2026-12")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "generate_payouts",
            &[("month", "1999-01")],
            None,
            [401, 422, 403, 403, 403, 403, 403],
        ),
        (
            "mark_payout_paid",
            &[("id", "p:2026-12:dkk"), ("version", "1")],
            None,
            [401, 404, 403, 403, 403, 403, 403],
        ),
        (
            "partner_payouts",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        (
            "tenant_billing",
            &fjord,
            None,
            [401, 403, 403, 403, 200, 403, 403],
        ),
        // The card and the subscription are the customer admin's (billing
        // is not connected here: the admin learns that, nobody else does).
        (
            "start_card_setup",
            &fjord,
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "save_card",
            &[("slug", "fjord-tandklinik"), ("setup_intent_id", "seti_1")],
            None,
            [401, 403, 403, 403, 503, 403, 403],
        ),
        (
            "start_subscription",
            &fjord,
            None,
            [401, 403, 403, 403, 422, 403, 403],
        ),
        // Only operators read and change the price catalog.
        (
            "price_catalog",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "price_impact",
            &[
                ("plan", "standard"),
                ("currency", "dkk"),
                ("amount_minor", "5900"),
            ],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "reprice",
            &[
                ("plan", "standard"),
                ("currency", "dkk"),
                ("amount_minor", "5900"),
                ("row_version", "0"),
            ],
            None,
            [401, 409, 403, 403, 403, 403, 403],
        ),
        (
            "operator_reports",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "revenue_summary",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // A partner's reports and its customers' invoices are its own.
        (
            "partner_reports",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        (
            "partner_invoices",
            &[],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        (
            "save_report",
            &[("name", ""), ("metric", "mrr"), ("group_by", "plan")],
            None,
            [401, 403, 403, 422, 403, 403, 403],
        ),
        (
            "delete_report",
            &[("id", "none")],
            None,
            [401, 403, 403, 404, 403, 403, 403],
        ),
        (
            "retry_repricing",
            &[("id", "none"), ("version", "1")],
            None,
            [401, 404, 403, 403, 403, 403, 403],
        ),
        // A stale version: only the customer's admin learns it is a conflict.
        (
            "save_tenant_billing",
            &[
                ("slug", "fjord-tandklinik"),
                ("form[company]", "Fjord Tandklinik ApS"),
                ("form[vat_id]", ""),
                ("form[country]", "DK"),
                ("form[email]", "faktura@fjord-tandklinik.example"),
                ("version", "0"),
            ],
            None,
            [401, 403, 403, 403, 409, 403, 403],
        ),
        // Nordlys IT manages its customers' branding: the admin learns so.
        (
            "save_tenant_branding",
            &[
                ("slug", "fjord-tandklinik"),
                ("form[product_name]", ""),
                ("form[accent_colour]", "#c0392b"),
            ],
            None,
            [401, 403, 403, 403, 422, 403, 403],
        ),
        (
            "partner_inside",
            &fjord,
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "list_platform_users",
            &[("q", "")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "set_user_active",
            &[("user_id", "none"), ("active", "false")],
            None,
            [401, 404, 403, 403, 403, 403, 403],
        ),
        (
            "operator_team",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // An empty invitation: only operators learn which field.
        (
            "invite_operator",
            &[("name", ""), ("email", "")],
            None,
            [401, 422, 403, 403, 403, 403, 403],
        ),
        (
            "retry_person_job",
            &[("slug", "fjord-tandklinik"), ("job_id", "no-such-job")],
            None,
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "operator_overview",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "infrastructure_status",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "service_health",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "audit_feeds",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "read_audit_feeds",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // SMTP is not configured in this app: the operator learns so by name.
        (
            "send_test_mail",
            &[("lang", "da")],
            None,
            [401, 503, 403, 403, 403, 403, 403],
        ),
        ("list_flags", &[], None, [401, 200, 403, 403, 403, 403, 403]),
        (
            "flag_history",
            &[("key", "x")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "audit_status",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "tenant_audit",
            &[],
            Some(serde_json::json!({ "slug": "fjord-tandklinik", "filter": {}, "after": null })),
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            "audit_verify",
            &[],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "audit_list",
            &[],
            Some(serde_json::json!({ "filter": {}, "after": null })),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // No signing key in this app: the operator is told which system is missing.
        (
            "audit_checkpoint",
            &[],
            None,
            [401, 503, 403, 403, 403, 403, 403],
        ),
        ("audit_cold", &[], None, [401, 200, 403, 403, 403, 403, 403]),
        // Proofs: operators any event, a tenant's admins its events only
        // (no such event here: 404 once authorised; no checkpoint of that
        // size: the field is named).
        (
            "audit_event_proof",
            &[],
            Some(serde_json::json!({ "tenant": null, "seq": 999_999_999u64 })),
            [401, 404, 403, 403, 403, 403, 403],
        ),
        (
            "audit_event_proof",
            &[],
            Some(serde_json::json!({ "tenant": "fjord-tandklinik", "seq": 999_999_999u64 })),
            [401, 403, 403, 403, 404, 403, 403],
        ),
        (
            "audit_consistency_proof",
            &[],
            Some(serde_json::json!({ "tenant": null, "from": 1, "to": 1 })),
            [401, 422, 403, 403, 403, 403, 403],
        ),
        (
            "audit_consistency_proof",
            &[],
            Some(serde_json::json!({ "tenant": "fjord-tandklinik", "from": 1, "to": 1 })),
            [401, 403, 403, 403, 422, 403, 403],
        ),
        // No cold storage configured: 503 naming S3 for the operator.
        (
            "audit_archive_run",
            &[],
            None,
            [401, 503, 403, 403, 403, 403, 403],
        ),
        (
            "evaluate_flags",
            &[],
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        // The shell's attention badges: each face's own authorisation.
        (
            "nav_attention",
            &[("face", "operator")],
            None,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "nav_attention",
            &[("face", "partner")],
            None,
            [401, 403, 403, 200, 403, 403, 403],
        ),
        (
            "nav_attention",
            &[("face", "portal")],
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "nav_attention",
            &[("face", "nonsense")],
            None,
            [422, 422, 422, 422, 422, 422, 422],
        ),
        // The shell's one answer: anyone may ask (nobody signed in is an
        // answer); what a face refuses is left out of it, not an error.
        (
            "shell_state",
            &[("face", "portal"), ("tenant", "fjord-tandklinik")],
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "shell_state",
            &[("face", "operator")],
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "shell_state",
            &[("face", "nonsense")],
            None,
            [422, 422, 422, 422, 422, 422, 422],
        ),
    ];
    // Every refusal of a signed-in caller leaves a denied audit event.
    let store = app.state.services.repo.store();
    let denied_count = || async {
        store
            .count(
                &c::AUDIT_EVENTS,
                &[app::ports::store::Filter::Eq(
                    "outcome",
                    serde_json::json!("denied"),
                )],
            )
            .await
            .unwrap()
    };
    for (endpoint, form, json, want) in rows {
        for ((role, session), want) in roles.iter().zip(want) {
            let before = denied_count().await;
            let got = call(app, session.as_deref(), endpoint, form, json.clone()).await;
            assert_eq!(got.as_u16(), want, "{endpoint} {form:?} as {role}");
            if want == 403 && session.is_some() {
                assert!(
                    denied_count().await > before,
                    "{endpoint} {form:?} as {role}: refused without a denied event"
                );
            }
        }
    }
    // Mutations: each role tries to create its own flag; only the operator may.
    for (i, (role, session)) in roles.iter().enumerate() {
        let key = format!("matrix-{i}");
        let got = call(app, session.as_deref(), "save_flag", &[], Some(flag(&key))).await;
        let want = match *role {
            "operator" => 200,
            "anonymous" => 401,
            _ => 403,
        };
        assert_eq!(got.as_u16(), want, "save_flag as {role}");
        let removed = call(
            app,
            session.as_deref(),
            "remove_flag",
            &[("key", key.as_str())],
            None,
        )
        .await;
        assert_eq!(
            removed.as_u16(),
            if want == 200 { 200 } else { want },
            "remove_flag as {role}"
        );
    }
    // The tenant admin of fjord asking for ravn's members left a denied event.
    let events = app
        .state
        .services
        .repo
        .audit_events(Some("ravn-arkitekter"), None, 100)
        .await
        .unwrap()
        .items;
    let denied = events
        .iter()
        .find(|e| {
            e.outcome == Outcome::Denied && e.actor_email == "astrid@fjord-tandklinik.example"
        })
        .expect("a denied audit event for the cross-tenant attempt");
    assert_eq!(denied.action, "tenant.access_denied");
    assert_eq!(denied.actor_ip, "127.0.0.1");
    // Flag changes were audited with their diff.
    let all = app
        .state
        .services
        .repo
        .audit_events(None, None, 500)
        .await
        .unwrap()
        .items;
    let created = all
        .iter()
        .find(|e| e.action == "flag.created")
        .expect("flag.created");
    assert_eq!(
        created.metadata["diff"]["state"]["to"],
        serde_json::json!({ "mode": "off" })
    );
    assert!(all.iter().any(|e| e.action == "flag.removed"));
}

#[tokio::test]
async fn cross_site_requests_cannot_change_state() {
    let env = start().await;
    let app = &env.app;
    let session = operator_session(app).await;
    let body = serde_json::json!({ "input": { "key": "csrf-probe", "description": "", "state": { "mode": "on" }, "note": "", "version": null } });
    // A form POST from another site to a mutating server function.
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = app
            .client
            .post(app.url("/api/save_flag"))
            .header(COOKIE, format!("dezky_session={session}"))
            .header(header, value)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("input=x")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{header}");
        assert_eq!(res.text().await.unwrap(), r#"{"code":"forbidden"}"#);
        let res = app
            .client
            .post(app.url("/api/save_flag"))
            .header(COOKIE, format!("dezky_session={session}"))
            .header(header, value)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{header} json");
    }
    // Cross-site sign-out is refused too; the session lives on.
    let res = app
        .client
        .post(app.url("/auth/logout"))
        .header(COOKIE, format!("dezky_session={session}"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        app.state
            .services
            .repo
            .session(&token_id(&session))
            .await
            .unwrap()
            .is_some()
    );
    // No state change through GET.
    let res = app
        .client
        .get(app.url("/api/save_flag?input=x"))
        .header(COOKIE, format!("dezky_session={session}"))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    assert!(
        app.state
            .services
            .repo
            .flag("csrf-probe")
            .await
            .unwrap()
            .is_none()
    );
    // Each refusal of the signed-in operator is a denied event with the address.
    let refusals = app.events("request.cross_site").await;
    assert_eq!(refusals.len(), 5, "four function calls and the sign-out");
    assert!(refusals.iter().all(|e| e.outcome == Outcome::Denied
        && e.actor_ip == "127.0.0.1"
        && !e.actor_id.is_empty()));
    // The same request from our own origin works.
    let res = app
        .client
        .post(app.url("/api/save_flag"))
        .header(COOKIE, format!("dezky_session={session}"))
        .header(ORIGIN, app.url(""))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn deactivation_and_timeouts_end_sessions() {
    let env = start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let who = |s: String| {
        let client = app.client.clone();
        let url = app.url("/api/whoami");
        let origin = app.url("");
        async move {
            client
                .post(url)
                .header(COOKIE, format!("dezky_session={s}"))
                .header(ORIGIN, origin)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let s = session_for(app, "member", ClientKind::Portal, &[]).await;
    assert!(who(s.clone()).await.contains("Mads Medlem"));
    // Idle timeout.
    let mut stored = repo.session(&token_id(&s)).await.unwrap().unwrap();
    stored.last_seen_at -= app.state.auth.idle_ms + 1;
    repo.save_session(&mut stored).await.unwrap();
    assert_eq!(who(s.clone()).await, "null");
    assert!(repo.session(&token_id(&s)).await.unwrap().is_none());
    // Absolute timeout.
    let s = session_for(app, "member", ClientKind::Portal, &[]).await;
    let mut stored = repo.session(&token_id(&s)).await.unwrap().unwrap();
    stored.expires_at = repo.now() - 1;
    repo.save_session(&mut stored).await.unwrap();
    assert_eq!(who(s).await, "null");
    // Deactivation ends every session of the user at once.
    let s = session_for(app, "member", ClientKind::Portal, &[]).await;
    let issuer = env.oidc.issuer();
    let mut user = repo
        .user_by_identity(&issuer, "member")
        .await
        .unwrap()
        .unwrap();
    user.active = false;
    repo.save_user(&mut user).await.unwrap();
    assert_eq!(who(s.clone()).await, "null");
    assert!(repo.session(&token_id(&s)).await.unwrap().is_none());

    // The ended session's cookie is deleted by a navigation's answer, never by
    // a module's or a server function's (they may answer after a new sign-in).
    let send = |path: &str, mode: &'static str| {
        app.client
            .get(app.url(path))
            .header(COOKIE, format!("dezky_session={s}"))
            .header("sec-fetch-mode", mode)
            .send()
    };
    let page = send("/about", "navigate").await.unwrap();
    assert_eq!(cookie_value(&page, "dezky_session").as_deref(), Some(""));
    for (path, mode) in [
        ("/pkg/x/dezky.wasm", "cors"),
        ("/about", "cors"),
        ("/favicon.svg", "no-cors"),
    ] {
        let res = send(path, mode).await.unwrap();
        assert_eq!(cookie_value(&res, "dezky_session"), None, "{path} {mode}");
    }
}

#[tokio::test]
async fn the_operator_guard_fails_closed() {
    let env = start().await;
    let app = &env.app;
    let get = |path: &'static str, s: Option<String>| {
        let mut req = app.client.get(app.url(path));
        if let Some(s) = s {
            req = req.header(COOKIE, format!("dezky_session={s}"));
        }
        req.send()
    };
    let res = get("/operator", None).await.unwrap();
    assert_eq!(
        location(&res),
        "/auth/login?client=operator&next=%2Foperator"
    );
    assert_eq!(
        res.headers().get("cache-control").unwrap(),
        "no-store, private"
    );
    // A signed-in tenant admin through the operator client: not authorised.
    let admin = session_for(app, "admin", ClientKind::Operator, &[]).await;
    assert_eq!(
        location(&get("/operator", Some(admin)).await.unwrap()),
        "/auth/not-authorised"
    );
    // IdP group without our flag, and our flag without the IdP group: refused.
    let partner_with_group = session_for(
        app,
        "partner",
        ClientKind::Operator,
        &[PLATFORM_ADMIN_GROUP],
    )
    .await;
    assert_eq!(
        location(&get("/operator", Some(partner_with_group)).await.unwrap()),
        "/auth/not-authorised"
    );
    let operator_without_group = session_for(app, "operator", ClientKind::Operator, &[]).await;
    assert_eq!(
        location(
            &get("/operator", Some(operator_without_group))
                .await
                .unwrap()
        ),
        "/auth/not-authorised"
    );
    let operator = operator_session(app).await;
    assert_eq!(
        get("/operator", Some(operator)).await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tenant_admins_export_their_own_audit_slice_as_csv() {
    use app::domain::audit::{ActorType, AuditRecord, Source};
    let env = start().await;
    let app = &env.app;
    let event = |tenant: &str, name: &str| AuditRecord {
        seq: 0,
        at: 0,
        actor_type: ActorType::User,
        actor_id: "u".into(),
        actor_email: "astrid@fjord-tandklinik.example".into(),
        actor_ip: "203.0.113.7".into(),
        action: "tenant.updated".into(),
        outcome: Outcome::Success,
        resource_type: "tenant".into(),
        resource_id: "t".into(),
        resource_name: name.into(),
        tenant_slug: Some(tenant.into()),
        partner_slug: None,
        source: Source::Platform,
        metadata: serde_json::json!({ "diff": { "name": { "from": "A", "to": "B, \"quoted\"" } } }),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let auditor = &app.state.services.auditor;
    auditor
        .record(event("fjord-tandklinik", "=HYPERLINK(\"http://evil\")"))
        .await
        .unwrap();
    auditor
        .record(event("ravn-arkitekter", "Ravn only"))
        .await
        .unwrap();
    auditor
        .record(event("fjord-tandklinik", "Fjord, second"))
        .await
        .unwrap();
    let get = |session: &str, tenant: &str| {
        app.client
            .get(app.url(&format!("/admin/audit.csv?tenant={tenant}&outcome=&q=")))
            .header(COOKIE, format!("dezky_session={session}"))
            .send()
    };
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let res = get(&admin, "fjord-tandklinik").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("\"seq\",\"at\","));
    assert_eq!(
        lines.len(),
        3,
        "the header and fjord's two events only:\n{body}"
    );
    assert!(!body.contains("Ravn only"));
    assert!(
        body.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "formula neutralised and quotes doubled:\n{body}"
    );
    assert!(body.contains("\"Fjord, second\""));
    // Someone else's tenant, or a member: 403 and a denied event.
    assert_eq!(
        get(&admin, "ravn-arkitekter").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    assert_eq!(
        get(&member, "fjord-tandklinik").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let denied = app
        .state
        .services
        .repo
        .audit_events(Some("ravn-arkitekter"), None, 50)
        .await
        .unwrap()
        .items;
    assert!(
        denied
            .iter()
            .any(|e| e.outcome == Outcome::Denied && e.metadata["attempted"] == "audit export")
    );
}

/// Denied events about `slug`, oldest first.
async fn denied_events(app: &TestApp, slug: &str) -> Vec<app::domain::audit::AuditRecord> {
    let mut events = app
        .state
        .services
        .repo
        .audit_events(Some(slug), None, 500)
        .await
        .unwrap()
        .items;
    events.retain(|e| e.outcome == Outcome::Denied);
    events.reverse();
    events
}

#[tokio::test]
async fn the_csv_export_refuses_through_the_same_path_as_a_server_function() {
    let env = start().await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    // Another tenant's admin, and a member who is not an admin.
    for (who, session, slug) in [
        ("fjord's admin on ravn", &admin, "ravn-arkitekter"),
        ("a member of fjord", &member, "fjord-tandklinik"),
    ] {
        let before = denied_events(app, slug).await.len();
        let res = app
            .client
            .get(app.url(&format!("/admin/audit.csv?tenant={slug}")))
            .header(COOKIE, format!("dezky_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
        assert!(
            !res.text().await.unwrap().contains("seq"),
            "{who}: no CSV in a refusal"
        );
        let after_csv = denied_events(app, slug).await;
        assert_eq!(after_csv.len(), before + 1, "{who}: one denied event");
        let csv = after_csv.last().unwrap().clone();

        // The server function a tenant admin's audit page calls, refused the same way.
        let status = call(
            app,
            Some(session),
            "tenant_audit",
            &[],
            Some(serde_json::json!({ "slug": slug, "filter": {}, "after": null })),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        let after_fn = denied_events(app, slug).await;
        assert_eq!(after_fn.len(), before + 2, "{who}");
        let func = after_fn.last().unwrap();
        let shape = |e: &app::domain::audit::AuditRecord| {
            (
                e.action.clone(),
                e.outcome,
                e.actor_id.clone(),
                e.actor_email.clone(),
                e.resource_type.clone(),
                e.resource_id.clone(),
                e.tenant_slug.clone(),
            )
        };
        assert_eq!(shape(&csv), shape(func), "{who}: the same denial");
        assert_eq!(csv.action, "tenant.access_denied");
        assert_eq!(csv.metadata["attempted"], "audit export");
        assert_eq!(func.metadata["attempted"], "AdministerTenant");
    }
}

#[tokio::test]
async fn the_partner_sidebar_counts_its_suspended_customers() {
    use app::domain::model::TenantStatus;
    use app::domain::views::Attention;
    let env = start().await;
    let app = &env.app;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let attention = || async {
        let res = app
            .client
            .post(app.url("/api/nav_attention"))
            .header(COOKIE, format!("dezky_session={partner}"))
            .header(ORIGIN, app.url(""))
            .form(&[("face", "partner")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Vec<(Attention, u64)>>().await.unwrap()
    };
    assert!(attention().await.is_empty(), "nothing suspended: no badge");
    let repo = &app.state.services.repo;
    let mut bager = repo.tenant_by_slug("bager-hansen").await.unwrap().unwrap();
    bager.status = TenantStatus::Suspended;
    repo.save_tenant(&mut bager).await.unwrap();
    assert_eq!(attention().await, vec![(Attention::SuspendedCustomers, 1)]);
    // Another partner's suspended customer is not counted.
    let mut ravn = repo
        .tenant_by_slug("ravn-arkitekter")
        .await
        .unwrap()
        .unwrap();
    ravn.status = TenantStatus::Suspended;
    repo.save_tenant(&mut ravn).await.unwrap();
    assert_eq!(attention().await, vec![(Attention::SuspendedCustomers, 1)]);
}
