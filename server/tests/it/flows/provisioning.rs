//! Adding a person across the stand-ins, as a tenant admin does it: the
//! identity provider (the development provider's Authentik API), the mail
//! server (`dev/stalwart`) and the files server (`dev/files`, its service
//! user bootstrapped). A failure halfway reports which systems were changed,
//! "Retry" completes the job without duplicating anything, and the person
//! then signs in and is a member of the tenant.
use super::auth::{Env, callback, reach_callback, session_for};
use crate::TestApp;
use crate::ports::files_admin::bootstrap_as;
use crate::servers::{self, AUTHENTIK_TOKEN};
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, ORIGIN};
use serde_json::Value;
use server::integrations::ocis::TokenSource;
use std::sync::Arc;

const TOKEN_KEYS: &str = "it:ZGV6a3ktaXQtdG9rZW4ta2V5LW9mLTMyLWJ5dGVzISE=";

pub(crate) struct World {
    pub env: Env,
    _stalwart: servers::Server,
    _files: servers::Server,
}

pub(crate) async fn world() -> World {
    world_with(&[]).await
}

/// The same with more configuration (a DNS server, a recheck interval).
pub(crate) async fn world_with(extra: &[(&'static str, String)]) -> World {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let oidc = servers::oidc_provider(&origin).await;
    let issuer = oidc.issuer();
    let stalwart = servers::stalwart().await;
    let files = servers::files_behind(&issuer).await;
    let authentik = format!("http://127.0.0.1:{}/api/v3/", oidc.port);
    let files_url = format!("http://127.0.0.1:{}", files.port);
    let mut vars: Vec<(&str, String)> = vec![
        ("OIDC_ISSUER_URL", issuer.clone()),
        ("OIDC_PORTAL_CLIENT_SECRET", "dev-portal-secret".into()),
        ("OIDC_OPERATOR_CLIENT_SECRET", "dev-operator-secret".into()),
        ("AUTHENTIK_API_URL", authentik),
        ("AUTHENTIK_API_TOKEN", AUTHENTIK_TOKEN.into()),
        ("DEZKY_TOKEN_KEYS", TOKEN_KEYS.into()),
        ("OCIS_URL", files_url),
        ("OCIS_OIDC_ISSUER", issuer.clone()),
    ];
    vars.extend(stalwart.stalwart_env());
    vars.extend(extra.iter().cloned());
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::start_on(listener, &pairs).await;
    // The files service user's one sign-in, stored in the app's own store.
    let state = &app.state;
    let tokens = Arc::new(
        TokenSource::new(
            state.config.ocis.as_ref().unwrap(),
            state.services.repo.clone(),
            state.config.auth.token_keys.clone().unwrap(),
        )
        .unwrap(),
    );
    assert_eq!(
        bootstrap_as(oidc.port, tokens, "svc-files").await,
        "svc-files"
    );
    World {
        env: Env { app, oidc },
        _stalwart: stalwart,
        _files: files,
    }
}

pub(crate) async fn post(
    app: &TestApp,
    session: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ORIGIN, app.url(""))
        .header(COOKIE, format!("dezky_session={session}"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

/// The same with a JSON body (server functions with the JSON codec).
pub(crate) async fn post_json(
    app: &TestApp,
    session: &str,
    endpoint: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ORIGIN, app.url(""))
        .header(COOKIE, format!("dezky_session={session}"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

fn step<'a>(job: &'a Value, system: &str) -> &'a Value {
    job["job"]["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["system"] == system))
        .unwrap_or_else(|| panic!("no {system} step in {job}"))
}

#[tokio::test]
async fn a_person_is_added_across_every_system_and_a_failure_halfway_is_retried_without_duplicates()
{
    let w = world().await;
    let app = &w.env.app;
    let services = &app.state.services;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let nina = [
        ("slug", "fjord-tandklinik"),
        ("name", "Nina Nyansat"),
        ("email", "Nina@Fjord-Tandklinik.example"),
        ("role", "member"),
    ];

    // The tenant's mail domain is not on the mail server yet: the identity
    // account is made, the mailbox is not, and the job says so.
    let (status, first) = post(app, &admin, "add_person", &nina).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["job"]["status"], "failed", "{first}");
    assert_eq!(first["one_time_password"], Value::Null);
    let identity = step(&first, "identity");
    assert_eq!(
        (identity["state"].as_str(), identity["created"].as_bool()),
        (Some("done"), Some(true))
    );
    let mail = step(&first, "mail");
    assert_eq!(mail["state"], "failed");
    assert!(
        mail["error"]
            .as_str()
            .unwrap()
            .contains("fjord-tandklinik.example is not on the mail server"),
        "{mail}"
    );
    assert_eq!(step(&first, "files")["state"], "pending");
    assert_eq!(step(&first, "store")["state"], "pending");

    // The mail admin adds the domain; Retry completes the job.
    let mail_admin = services.mail_admin.as_ref().unwrap();
    mail_admin
        .create_domain("fjord-tandklinik.example")
        .await
        .unwrap();
    let job_id = first["job"]["id"].as_str().unwrap().to_owned();
    let (status, done) = post(
        app,
        &admin,
        "retry_person_job",
        &[("slug", "fjord-tandklinik"), ("job_id", job_id.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["job"]["status"], "done", "{done}");
    assert_eq!(done["job"]["attempts"], 2);
    let password = done["one_time_password"]
        .as_str()
        .expect("shown once")
        .to_owned();
    assert_eq!(password.len(), 16);
    // Nothing was made twice: the identity account is the first attempt's.
    assert_eq!(step(&done, "identity")["reference"], identity["reference"]);
    for system in ["identity", "mail", "files", "store"] {
        assert_eq!(step(&done, system)["state"], "done", "{system}: {done}");
    }

    // Each system holds exactly the person, in the right place.
    let idp = services.identity_admin.as_ref().unwrap();
    let account = idp
        .find_user_by_email("nina@fjord-tandklinik.example")
        .await
        .unwrap()
        .expect("at the identity provider");
    assert_eq!(
        account.groups,
        vec!["dezky-tenant-fjord-tandklinik".to_owned()]
    );
    let mailbox = mail_admin
        .find_mailbox("nina@fjord-tandklinik.example")
        .await
        .unwrap()
        .expect("a mailbox");
    assert_eq!(mailbox.display_name.as_deref(), Some("Nina Nyansat"));
    let files = services.files_admin.as_ref().unwrap();
    assert!(
        files
            .find_user("nina@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_some()
    );
    // The password is in no stored record and no audit event.
    let jobs = services
        .repo
        .jobs_of_tenant(first["job"]["tenant_id"].as_str().unwrap(), 10)
        .await
        .unwrap();
    assert!(!serde_json::to_string(&jobs).unwrap().contains(&password));
    let events = audit_events(app).await;
    let text = serde_json::to_string(&events).unwrap();
    assert!(
        !text.contains(&password),
        "the one-time password reached the audit log"
    );
    for action in [
        "person.provision.identity",
        "person.provision.mail",
        "person.provision.files",
        "person.provision.store",
        "person.added",
    ] {
        assert!(text.contains(action), "{action} is audited");
    }

    // A second add of the same address is refused; the first stands.
    let (status, again) = post(app, &admin, "add_person", &nina).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");

    // Nina signs in (the development provider takes her address) and is a
    // member of the tenant: the record made for her is linked to her identity.
    let (url, cookie) = reach_callback(&w.env, "nina@fjord-tandklinik.example", "portal")
        .await
        .expect("the new person signs in");
    assert_eq!(
        callback(&w.env, &url, &cookie).await.status(),
        StatusCode::SEE_OTHER
    );
    let issuer = app.state.config.auth.oidc.as_ref().unwrap().issuer.clone();
    let user = services
        .repo
        .user_by_identity(&issuer, "nina@fjord-tandklinik.example")
        .await
        .unwrap()
        .expect("linked at the first sign-in");
    assert_eq!(user.tenant_roles.len(), 1);
    assert_eq!(
        user.tenant_roles[0].role,
        app::domain::model::TenantRole::Member
    );
}

#[tokio::test]
async fn bad_input_and_the_seat_limit_are_refused_by_field_and_nothing_is_made() {
    let w = world().await;
    let app = &w.env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let form = |name: &'static str, email: &'static str, role: &'static str| {
        vec![
            ("slug", "fjord-tandklinik"),
            ("name", name),
            ("email", email),
            ("role", role),
        ]
    };
    for (name, email, role, status, field) in [
        (
            "",
            "ny@fjord-tandklinik.example",
            "member",
            422,
            Some("name"),
        ),
        ("Ny", "ny", "member", 422, Some("email")),
        ("Ny", "", "member", 422, Some("email")),
        ("Ny", "ny@fjord-tandklinik.example", "owner", 400, None),
        // Another tenant's domain, and not one of its people.
        (
            "Ny",
            "ny@ravn-arkitekter.example",
            "member",
            422,
            Some("email"),
        ),
        // Already a member (the seeded admin).
        (
            "Astrid",
            "astrid@fjord-tandklinik.example",
            "admin",
            409,
            Some("email"),
        ),
    ] {
        let (got, body) = post(app, &admin, "add_person", &form(name, email, role)).await;
        assert_eq!(got.as_u16(), status, "{name:?} {email:?} {role:?}: {body}");
        if let Some(field) = field {
            assert_eq!(body["field"], field, "{body}");
        }
    }
    let idp = app.state.services.identity_admin.as_ref().unwrap();
    assert!(
        idp.find_user_by_email("ny@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_none()
    );

    // Every seat taken: refused before anything is made.
    let repo = &app.state.services.repo;
    let mut tenant = repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    let members = repo.users_of_tenant(&tenant.id).await.unwrap().len();
    tenant.seats = u32::try_from(members).unwrap();
    repo.save_tenant(&mut tenant).await.unwrap();
    let (got, body) = post(
        app,
        &admin,
        "add_person",
        &form("Ny", "ny@fjord-tandklinik.example", "member"),
    )
    .await;
    assert_eq!(got.as_u16(), 422, "{body}");
    assert_eq!(
        (body["field"].as_str(), body["reason"].as_str()),
        (Some("seats"), Some("seat_limit"))
    );
    assert!(
        idp.find_user_by_email("ny@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_person_is_suspended_resumed_reset_and_signed_out_and_an_admin_cannot_do_it_to_themself()
{
    let w = world().await;
    let app = &w.env.app;
    let services = &app.state.services;
    services
        .mail_admin
        .as_ref()
        .unwrap()
        .create_domain("fjord-tandklinik.example")
        .await
        .unwrap();
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let email = "ole@fjord-tandklinik.example";
    let (status, added) = post(
        app,
        &admin,
        "add_person",
        &[
            ("slug", "fjord-tandklinik"),
            ("name", "Ole Olsen"),
            ("email", email),
            ("role", "member"),
        ],
    )
    .await;
    assert_eq!(
        (status, added["job"]["status"].as_str()),
        (StatusCode::OK, Some("done")),
        "{added}"
    );
    let first_password = added["one_time_password"].as_str().unwrap().to_owned();
    let idp = services.identity_admin.as_ref().unwrap();
    let mail = services.mail_admin.as_ref().unwrap();
    let files = services.files_admin.as_ref().unwrap();
    let lifecycle = |what: &'static str| {
        [
            ("slug", "fjord-tandklinik"),
            ("email", email),
            ("what", what),
        ]
    };

    // Suspend: no sign-in, the mailbox frozen (password kept), files off,
    // no access in dezky.
    let (status, suspended) = post(app, &admin, "person_lifecycle", &lifecycle("suspend")).await;
    assert_eq!(
        (status, suspended["job"]["status"].as_str()),
        (StatusCode::OK, Some("done")),
        "{suspended}"
    );
    assert_eq!(suspended["one_time_password"], Value::Null);
    assert!(!idp.find_user_by_email(email).await.unwrap().unwrap().active);
    assert!(mail.find_mailbox(email).await.unwrap().unwrap().frozen);
    assert!(!files.find_user(email).await.unwrap().unwrap().enabled);
    let refused = reach_callback(&w.env, email, "portal").await;
    assert!(
        refused
            .as_ref()
            .is_none_or(|(url, _)| !url.contains("code=")),
        "a suspended person cannot sign in: {refused:?}"
    );
    let (_, members) = post(
        app,
        &admin,
        "tenant_members",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    let row = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap()
        .clone();
    assert_eq!(row["active"], false, "{row}");
    // The users page reads the three accounts live: all suspended.
    let (_, systems) = post(
        app,
        &admin,
        "person_systems",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    let accounts = systems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap()
        .clone();
    for system in ["identity", "mail", "files"] {
        assert_eq!(accounts[system], "suspended", "{system}: {accounts}");
    }
    // Astrid (seeded, never provisioned here) has a sign-in account only.
    let astrid = systems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "astrid@fjord-tandklinik.example")
        .unwrap()
        .clone();
    assert_eq!(
        (astrid["identity"].as_str(), astrid["mail"].as_str()),
        (Some("active"), Some("none")),
        "{astrid}"
    );

    // Resume: everything back.
    let (_, resumed) = post(app, &admin, "person_lifecycle", &lifecycle("resume")).await;
    assert_eq!(resumed["job"]["status"], "done", "{resumed}");
    assert!(idp.find_user_by_email(email).await.unwrap().unwrap().active);
    assert!(!mail.find_mailbox(email).await.unwrap().unwrap().frozen);
    assert!(files.find_user(email).await.unwrap().unwrap().enabled);

    // Reset: a new one-time password, shown once.
    let (_, reset) = post(
        app,
        &admin,
        "person_lifecycle",
        &lifecycle("reset_password"),
    )
    .await;
    assert_eq!(reset["job"]["status"], "done", "{reset}");
    let second = reset["one_time_password"]
        .as_str()
        .expect("a new one-time password");
    assert_ne!(second, first_password);

    // Force logout ends Ole's sessions, at the provider and in dezky.
    let (url, cookie) = reach_callback(&w.env, email, "portal")
        .await
        .expect("Ole signs in");
    let signed_in = callback(&w.env, &url, &cookie).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let (status, ended) = post(
        app,
        &admin,
        "force_logout",
        &[("slug", "fjord-tandklinik"), ("email", email)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert!(
        ended.as_u64().unwrap() >= 2,
        "the provider's session and ours: {ended}"
    );
    let account = idp.find_user_by_email(email).await.unwrap().unwrap();
    assert!(idp.sessions(account.id).await.unwrap().is_empty());

    // Not to themself.
    for (endpoint, form) in [
        (
            "person_lifecycle",
            vec![
                ("slug", "fjord-tandklinik"),
                ("email", "astrid@fjord-tandklinik.example"),
                ("what", "suspend"),
            ],
        ),
        (
            "force_logout",
            vec![
                ("slug", "fjord-tandklinik"),
                ("email", "astrid@fjord-tandklinik.example"),
            ],
        ),
    ] {
        let (status, body) = post(app, &admin, endpoint, &form).await;
        assert_eq!(status.as_u16(), 422, "{endpoint}: {body}");
        assert_eq!(
            (body["field"].as_str(), body["reason"].as_str()),
            (Some("email"), Some("self"))
        );
    }
    assert!(
        idp.find_user_by_email("astrid@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_none_or(|a| a.active)
    );
}

/// Every audit event, as stored (the tests read the log as a whole).
pub(crate) async fn audit_events(app: &TestApp) -> Vec<Value> {
    app.state
        .services
        .repo
        .store()
        .find(
            &app::ports::store::collections::AUDIT_EVENTS,
            &[],
            None,
            1000,
        )
        .await
        .unwrap()
}

/// Ravn has no admin in the seed: Mads, a member there, becomes one; his
/// session.
pub(crate) async fn ravn_admin_session(app: &TestApp) -> String {
    let repo = &app.state.services.repo;
    let ravn = repo
        .tenant_by_slug("ravn-arkitekter")
        .await
        .unwrap()
        .unwrap();
    let issuer = app.state.config.auth.oidc.as_ref().unwrap().issuer.clone();
    let mads = repo
        .user_by_identity(&issuer, "member")
        .await
        .unwrap()
        .unwrap();
    repo.change_membership(
        &mads.id,
        &ravn.id,
        app::repo::MembershipChange::Role(app::domain::model::TenantRole::Admin),
    )
    .await
    .unwrap();
    session_for(app, "member", ClientKind::Portal, &[]).await
}

fn groups_of(account: &app::ports::identity_admin::IdentityUser) -> Vec<&str> {
    account.groups.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn removing_a_person_keeps_what_another_tenant_still_uses_and_the_last_admin_stays() {
    let w = world().await;
    let app = &w.env.app;
    let services = &app.state.services;
    let (idp, mail, files) = (
        services.identity_admin.as_ref().unwrap(),
        services.mail_admin.as_ref().unwrap(),
        services.files_admin.as_ref().unwrap(),
    );
    mail.create_domain("fjord-tandklinik.example")
        .await
        .unwrap();
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let ravn_admin = ravn_admin_session(app).await;
    let repo = &services.repo;
    let issuer = app.state.config.auth.oidc.as_ref().unwrap().issuer.clone();
    // Fjord's partner administers Fjord too, under a grant Fjord approved.
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let email = "eva@fjord-tandklinik.example";
    let add = |slug: &'static str| {
        [
            ("slug", slug),
            ("name", "Eva Eriksen"),
            ("email", email),
            ("role", "member"),
        ]
    };
    let remove = |slug: &'static str| [("slug", slug), ("email", email), ("what", "remove")];

    // Eva works for both: Fjord makes her accounts, Ravn reuses them.
    let (_, at_fjord) = post(app, &admin, "add_person", &add("fjord-tandklinik")).await;
    assert_eq!(at_fjord["job"]["status"], "done", "{at_fjord}");
    let (_, at_ravn) = post(app, &ravn_admin, "add_person", &add("ravn-arkitekter")).await;
    assert_eq!(at_ravn["job"]["status"], "done", "{at_ravn}");
    assert_eq!(step(&at_ravn, "identity")["created"], false);
    assert_eq!(step(&at_ravn, "mail")["reason"], "not_on_mail_domain");
    assert_eq!(at_ravn["one_time_password"], Value::Null, "{at_ravn}");
    let account = idp.find_user_by_email(email).await.unwrap().unwrap();
    assert_eq!(
        groups_of(&account),
        [
            "dezky-tenant-fjord-tandklinik",
            "dezky-tenant-ravn-arkitekter"
        ]
    );

    // Fjord removes her: she still works at Ravn, so her sign-in account
    // only leaves Fjord's group, and her mailbox and files stay.
    let (status, removed) =
        post(app, &admin, "person_lifecycle", &remove("fjord-tandklinik")).await;
    assert_eq!(
        (status, removed["job"]["status"].as_str()),
        (StatusCode::OK, Some("done")),
        "{removed}"
    );
    assert_eq!(step(&removed, "mail")["reason"], "kept_other_tenant");
    assert_eq!(step(&removed, "files")["reason"], "kept_other_tenant");
    let account = idp.find_user_by_email(email).await.unwrap().unwrap();
    assert_eq!(groups_of(&account), ["dezky-tenant-ravn-arkitekter"]);
    assert!(account.active);
    assert!(mail.find_mailbox(email).await.unwrap().is_some());
    assert!(files.find_user(email).await.unwrap().is_some());
    let (_, members) = post(
        app,
        &admin,
        "tenant_members",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert!(!members["members"].to_string().contains(email), "{members}");

    // Ravn removes her too: now nothing uses them, and everything goes,
    // the mailbox on Fjord's domain included (Fjord kept it for Ravn).
    let (_, removed) = post(
        app,
        &ravn_admin,
        "person_lifecycle",
        &remove("ravn-arkitekter"),
    )
    .await;
    assert_eq!(removed["job"]["status"], "done", "{removed}");
    for system in ["identity", "mail", "files", "store"] {
        assert_eq!(
            step(&removed, system)["state"],
            "done",
            "{system}: {removed}"
        );
    }
    assert!(idp.find_user_by_email(email).await.unwrap().is_none());
    assert!(mail.find_mailbox(email).await.unwrap().is_none());
    assert!(files.find_user(email).await.unwrap().is_none());
    let user = services.repo.users_by_email(email).await.unwrap();
    assert!(user.iter().all(|u| u.tenant_roles.is_empty()), "{user:?}");

    // A second remove finds nothing to do and says so.
    let (status, again) = post(
        app,
        &ravn_admin,
        "person_lifecycle",
        &remove("ravn-arkitekter"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{again}");

    // The last admin: Astrid cannot demote herself alone, nor be
    // suspended or removed by anyone, until there is a second admin.
    let role = |email: &'static str, role: &'static str| {
        [
            ("slug", "fjord-tandklinik"),
            ("email", email),
            ("role", role),
        ]
    };
    let astrid = "astrid@fjord-tandklinik.example";
    let (status, body) = post(app, &admin, "change_person_role", &role(astrid, "member")).await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert_eq!(
        (body["field"].as_str(), body["reason"].as_str()),
        (Some("role"), Some("last_admin"))
    );
    super::partner_access::approved_admin_grant(app, "fjord-tandklinik").await;
    for what in ["suspend", "remove"] {
        let (status, body) = post(
            app,
            &partner,
            "person_lifecycle",
            &[
                ("slug", "fjord-tandklinik"),
                ("email", astrid),
                ("what", what),
            ],
        )
        .await;
        assert_eq!(status.as_u16(), 422, "{what}: {body}");
        assert_eq!(body["reason"], "last_admin", "{what}: {body}");
    }
    // Removing herself is refused as such, whoever else is admin.
    let (status, body) = post(
        app,
        &admin,
        "person_lifecycle",
        &[
            ("slug", "fjord-tandklinik"),
            ("email", astrid),
            ("what", "remove"),
        ],
    )
    .await;
    assert_eq!(
        (status.as_u16(), body["reason"].as_str()),
        (422, Some("self"))
    );
    let mads = "mads@fjord-tandklinik.example";
    let (status, body) = post(app, &admin, "change_person_role", &role(mads, "admin")).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, Some("admin")),
        "{body}"
    );
    let (status, body) = post(app, &admin, "change_person_role", &role(astrid, "member")).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, Some("member")),
        "{body}"
    );
    let fjord = repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    let mads_user = repo
        .user_by_identity(&issuer, "member")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        mads_user.role_for_tenant(&fjord.id),
        Some(app::domain::model::TenantRole::Admin)
    );
    // Ravn's membership is Ravn's: untouched.
    assert_eq!(mads_user.tenant_roles.len(), 2);
    let events = audit_events(app).await;
    let text = serde_json::to_string(&events).unwrap();
    for action in ["person.removed", "person.role_changed"] {
        assert!(text.contains(action), "{action} is audited");
    }
}

#[tokio::test]
async fn a_job_interrupted_by_a_stopped_process_is_swept_to_failed_and_retry_completes_it() {
    let w = world().await;
    let app = &w.env.app;
    let services = &app.state.services;
    let repo = &services.repo;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    // A first run gets as far as the identity provider (no mail domain yet).
    let (_, first) = post(
        app,
        &admin,
        "add_person",
        &[
            ("slug", "fjord-tandklinik"),
            ("name", "Karl Kirk"),
            ("email", "karl@fjord-tandklinik.example"),
            ("role", "member"),
        ],
    )
    .await;
    let job_id = first["job"]["id"].as_str().unwrap().to_owned();
    let identity = step(&first, "identity")["reference"].clone();
    // The process "stops" between steps: the job is left running, its mail
    // step pending, last touched eleven minutes ago.
    let mut doc = repo
        .store()
        .get(&app::ports::store::collections::PROVISIONING_JOBS, &job_id)
        .await
        .unwrap()
        .unwrap();
    let version = doc["version"].as_u64().unwrap();
    doc["status"] = "running".into();
    doc["steps"][1] = serde_json::json!({ "system": "mail", "state": "pending", "at": 0 });
    doc["updated_at"] = (repo.now() - 11 * 60_000).into();
    doc["version"] = (version + 1).into();
    repo.store()
        .replace(
            &app::ports::store::collections::PROVISIONING_JOBS,
            doc,
            version,
        )
        .await
        .unwrap();
    services
        .mail_admin
        .as_ref()
        .unwrap()
        .create_domain("fjord-tandklinik.example")
        .await
        .unwrap();

    assert_eq!(
        app::services::provisioning::sweep_interrupted(repo)
            .await
            .unwrap(),
        1
    );
    let swept = repo.job(&job_id).await.unwrap().unwrap();
    assert_eq!(swept.status, app::domain::provisioning::JobStatus::Failed);
    let failed = swept.failed_step().expect("the step it was in");
    assert_eq!(failed.system, app::domain::System::Mail);
    // Nothing more to sweep.
    assert_eq!(
        app::services::provisioning::sweep_interrupted(repo)
            .await
            .unwrap(),
        0
    );

    let (status, done) = post(
        app,
        &admin,
        "retry_person_job",
        &[("slug", "fjord-tandklinik"), ("job_id", job_id.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["job"]["status"], "done", "{done}");
    assert_eq!(
        step(&done, "identity")["reference"],
        identity,
        "not made twice"
    );
    assert!(done["one_time_password"].is_string());

    // A job that is running right now is not run a second time.
    let mut doc = repo
        .store()
        .get(&app::ports::store::collections::PROVISIONING_JOBS, &job_id)
        .await
        .unwrap()
        .unwrap();
    let version = doc["version"].as_u64().unwrap();
    doc["status"] = "running".into();
    doc["updated_at"] = repo.now().into();
    doc["version"] = (version + 1).into();
    repo.store()
        .replace(
            &app::ports::store::collections::PROVISIONING_JOBS,
            doc,
            version,
        )
        .await
        .unwrap();
    let (status, _) = post(
        app,
        &admin,
        "retry_person_job",
        &[("slug", "fjord-tandklinik"), ("job_id", job_id.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
