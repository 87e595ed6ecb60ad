//! The identity-admin port against Authentik's own schema: every call goes
//! through Prism (proxy mode, `--errors`) serving `schema.yml` from
//! `@goauthentik/api`, in front of the development identity provider's
//! directory. A request the schema rejects, or an answer it rejects, fails
//! the call, so these tests fail on any drift between the adapter, the fake
//! and Authentik's published API.
use crate::servers::faults::{self, Fault};
use crate::servers::{self, AuthentikApi};
use app::ports::identity_admin::{
    IdentityAdmin, IdentityAdminErrorKind as Kind, NewIdentityUser, NewSsoApp, Recovery,
};
use reqwest::Method;
use server::config::Env;
use server::integrations::authentik::{Authentik, AuthentikConfig};

fn adapter(vars: Vec<(&'static str, String)>) -> Authentik {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = AuthentikConfig::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .unwrap();
    Authentik::new(&config).unwrap()
}

fn new_person(email: &str, groups: Vec<String>) -> NewIdentityUser {
    NewIdentityUser {
        email: email.into(),
        name: "Ole Østergård".into(),
        path: "dezky/fjord-tandklinik".into(),
        groups,
    }
}

#[tokio::test]
async fn a_person_is_created_found_reset_suspended_and_removed() {
    let ak = servers::authentik().await;
    let idp = adapter(ak.env());
    idp.check().await.expect("the token is accepted");

    let group = idp.ensure_group("tenant-fjord-tandklinik").await.unwrap();
    assert_eq!(
        idp.ensure_group("tenant-fjord-tandklinik").await.unwrap(),
        group,
        "find-or-create finds the second time"
    );
    let ole = idp
        .create_user(&new_person(
            "ole@fjord-tandklinik.example",
            vec![group.clone()],
        ))
        .await
        .expect("created");
    assert_eq!(ole.username, "ole@fjord-tandklinik.example");
    assert!(ole.active);
    assert_eq!(ole.groups, vec!["tenant-fjord-tandklinik".to_owned()]);
    let found = idp
        .find_user_by_email("OLE@fjord-tandklinik.example")
        .await
        .unwrap()
        .expect("found by email, any case");
    assert_eq!(found.id, ole.id);
    assert_eq!(
        idp.find_user_by_email("nobody@fjord-tandklinik.example")
            .await
            .unwrap(),
        None
    );

    // Username taken: the provider's own words reach the caller.
    let dup = idp
        .create_user(&new_person("ole@fjord-tandklinik.example", vec![]))
        .await
        .unwrap_err();
    assert_eq!(
        dup.kind,
        Kind::Rejected("username: This field must be unique.".into())
    );
    assert_eq!(
        dup.to_string(),
        "identity: create user: refused: username: This field must be unique."
    );

    // Set password answers 204 with no body.
    idp.set_password(ole.id, "Correct-Horse-7").await.unwrap();

    // No recovery flow on the brand: a temporary password is set instead.
    match idp.recovery(ole.id).await.unwrap() {
        Recovery::TemporaryPassword(p) => assert_eq!(p.len(), 16),
        other => panic!("expected a temporary password, got {other:?}"),
    }
    // With a recovery flow, a link.
    let (status, _) = ak
        .call(
            Method::POST,
            "flows/instances/",
            serde_json::json!({
                "name": "Recovery", "slug": "default-recovery-flow",
                "title": "Reset your password", "designation": "recovery"
            }),
        )
        .await;
    assert_eq!(status, 201);
    match idp.recovery(ole.id).await.unwrap() {
        Recovery::Link(link) => assert!(link.contains("/if/flow/default-recovery-flow/"), "{link}"),
        other => panic!("expected a link, got {other:?}"),
    }

    // Suspend and resume.
    assert!(!idp.set_active(ole.id, false).await.unwrap().active);
    assert!(idp.set_active(ole.id, true).await.unwrap().active);

    // Groups: add and remove.
    idp.ensure_group("tenant-admins").await.unwrap();
    idp.add_to_group("tenant-admins", ole.id).await.unwrap();
    let groups = idp.user(ole.id).await.unwrap().groups;
    assert!(groups.contains(&"tenant-admins".to_owned()), "{groups:?}");
    idp.remove_from_group("tenant-admins", ole.id)
        .await
        .unwrap();
    assert!(
        !idp.user(ole.id)
            .await
            .unwrap()
            .groups
            .contains(&"tenant-admins".to_owned())
    );
    let missing = idp.add_to_group("no-such-group", ole.id).await.unwrap_err();
    assert!(matches!(missing.kind, Kind::Rejected(ref m) if m.contains("no-such-group")));

    // No sign-in yet: no sessions, nothing to end.
    assert!(idp.sessions(ole.id).await.unwrap().is_empty());
    assert_eq!(idp.end_sessions(ole.id).await.unwrap(), 0);

    // MFA status: the seeded admin has an authenticator app.
    let astrid = idp
        .find_user_by_email("astrid@fjord-tandklinik.example")
        .await
        .unwrap()
        .unwrap();
    let factors = idp.authenticators(astrid.id).await.unwrap();
    assert_eq!(factors.len(), 1);
    assert_eq!(
        (factors[0].kind.as_str(), factors[0].confirmed),
        ("totp", true)
    );
    assert!(idp.authenticators(ole.id).await.unwrap().is_empty());

    idp.delete_user(ole.id).await.unwrap();
    assert_eq!(idp.user(ole.id).await.unwrap_err().kind, Kind::NotFound);
}

#[tokio::test]
async fn a_tenant_sso_app_is_made_bound_listed_and_removed_whole() {
    let ak = servers::authentik().await;
    let idp = adapter(ak.env());
    idp.ensure_group("tenant-fjord-tandklinik").await.unwrap();
    let made = idp
        .create_sso_app(&NewSsoApp {
            slug: "fjord-wiki".into(),
            name: "Fjord Wiki".into(),
            redirect_uris: vec!["https://wiki.fjord.example/oidc/callback".into()],
            launch_url: Some("https://wiki.fjord.example/".into()),
            group: "tenant-fjord-tandklinik".into(),
        })
        .await
        .expect("provider, application and binding made");
    assert!(!made.client_secret.is_empty());
    assert!(!made.app.client_id.is_empty());
    let listed = idp.sso_apps("tenant-fjord-tandklinik").await.unwrap();
    assert_eq!(listed, vec![made.app.clone()]);
    assert!(idp.sso_apps("tenant-other").await.unwrap().is_empty());
    let (_, bindings) = ak
        .call(Method::GET, "policies/bindings/", serde_json::Value::Null)
        .await;
    assert_eq!(
        bindings["results"].as_array().map(Vec::len),
        Some(1),
        "bound to the group"
    );

    // A slug Authentik refuses: the provider made first is removed again.
    let bad = idp
        .create_sso_app(&NewSsoApp {
            slug: "not a slug".into(),
            name: "Broken".into(),
            redirect_uris: vec!["https://x.example/cb".into()],
            launch_url: None,
            group: "tenant-fjord-tandklinik".into(),
        })
        .await
        .unwrap_err();
    // (Refused by Authentik's schema in Prism, before it reaches the server.)
    assert!(
        matches!(bad.kind, Kind::Rejected(ref m) if m.contains("slug")),
        "{bad}"
    );
    let (_, providers) = ak
        .call(Method::GET, "providers/oauth2/", serde_json::Value::Null)
        .await;
    assert_eq!(
        providers["results"].as_array().map(Vec::len),
        Some(1),
        "rolled back"
    );

    idp.delete_sso_app("fjord-wiki").await.unwrap();
    assert!(
        idp.sso_apps("tenant-fjord-tandklinik")
            .await
            .unwrap()
            .is_empty()
    );
    let (_, providers) = ak
        .call(Method::GET, "providers/oauth2/", serde_json::Value::Null)
        .await;
    assert_eq!(providers["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        idp.delete_sso_app("fjord-wiki").await.unwrap_err().kind,
        Kind::NotFound
    );

    // A flow that is not there is named, with the variable that names it.
    let mut env = ak.env();
    env.push(("AUTHENTIK_AUTHORIZATION_FLOW", "no-such-flow".into()));
    let err = adapter(env)
        .create_sso_app(&NewSsoApp {
            slug: "x".into(),
            name: "X".into(),
            redirect_uris: vec![],
            launch_url: None,
            group: "tenant-fjord-tandklinik".into(),
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no-such-flow"), "{err}");
}

#[tokio::test]
async fn a_refused_token_and_a_failing_provider_are_named() {
    let ak: AuthentikApi = servers::authentik().await;
    let mut env = ak.env();
    env[1].1 = "wrong-token".into();
    let err = adapter(env).check().await.unwrap_err();
    assert_eq!(err.kind, Kind::Unauthorised);
    assert_eq!(
        err.to_string(),
        "identity: check the token: the service-account token was refused"
    );
    for (fault, expect) in [
        (Fault::Status(500), "answered 500"),
        (Fault::Status(503), "answered 503"),
        (Fault::Garbage, "unreadable answer"),
        (Fault::Hang, "timed out"),
        (Fault::Refuse, "no answer"),
    ] {
        let stand_in = faults::serve(fault).await;
        let idp = adapter(vec![
            ("AUTHENTIK_API_URL", format!("{}/api/v3/", stand_in.url())),
            ("AUTHENTIK_API_TOKEN", "t".into()),
            ("AUTHENTIK_TIMEOUT_MS", "500".into()),
        ]);
        let err = idp
            .find_user_by_email("ole@fjord-tandklinik.example")
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("identity: find user by email: ") && text.contains(expect),
            "{fault:?}: {text}"
        );
        // A read is tried twice on a 503 (and only then); a write never.
        let expected_reads = if matches!(fault, Fault::Status(503) | Fault::Refuse | Fault::Hang) {
            2
        } else {
            1
        };
        if !matches!(fault, Fault::Refuse) {
            assert_eq!(stand_in.requests(), expected_reads, "{fault:?}");
        }
        let before = stand_in.requests();
        let _ = idp
            .create_user(&new_person("ole@fjord-tandklinik.example", vec![]))
            .await
            .unwrap_err();
        if !matches!(fault, Fault::Refuse) {
            assert_eq!(
                stand_in.requests() - before,
                1,
                "{fault:?}: a write is sent once"
            );
        }
    }
}
