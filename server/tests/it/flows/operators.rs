//! The operator team over the development provider's Authentik API: an
//! invited operator is made in the platform-admin group, listed at once as
//! invited, handed a recovery link or a one-time temporary password, and the
//! invitation is audited with the hand-off method; bad input and a duplicate
//! address are refused with nothing made.
use super::auth::{operator_session, session_for};
use super::provisioning::{post, world};
use app::domain::model::{ClientKind, PLATFORM_ADMIN_GROUP};
use reqwest::StatusCode;

#[tokio::test]
async fn an_operator_invites_a_colleague_who_is_listed_at_once_and_handed_a_way_in() {
    let w = world().await;
    let app = &w.env.app;
    let idp = app.state.services.identity_admin.as_ref().unwrap();
    let operator = operator_session(app).await;

    let (status, body) = post(
        app,
        &operator,
        "invite_operator",
        &[("name", "Ida Drift"), ("email", "ida@dezky")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["field"].as_str(), body["reason"].as_str()),
        (Some("email"), Some("invalid_email"))
    );
    let (status, body) = post(
        app,
        &operator,
        "invite_operator",
        &[("name", " "), ("email", "ida@dezky.example")],
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    // Someone who already has an account: refused as a duplicate.
    let (status, body) = post(
        app,
        &operator,
        "invite_operator",
        &[
            ("name", "Astrid"),
            ("email", "Astrid@Fjord-Tandklinik.example"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (StatusCode::CONFLICT, Some("taken"), Some("email")),
        "{body}"
    );
    assert!(
        idp.find_user_by_email("ida@dezky.example")
            .await
            .unwrap()
            .is_none(),
        "nothing made"
    );

    let (status, invited) = post(
        app,
        &operator,
        "invite_operator",
        &[("name", "Ida Drift"), ("email", "Ida@Dezky.example")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{invited}");
    assert_eq!(invited["email"], "ida@dezky.example");
    let method = invited["handoff"]["method"].as_str().unwrap().to_owned();
    match method.as_str() {
        "recovery_link" => assert!(
            invited["handoff"]["url"]
                .as_str()
                .unwrap()
                .starts_with("http")
        ),
        "temporary_password" => {
            assert_eq!(invited["handoff"]["password"].as_str().unwrap().len(), 16)
        }
        other => panic!("hand-off {other}"),
    }
    // At the provider, in the platform-admin group.
    let account = idp
        .find_user_by_email("ida@dezky.example")
        .await
        .unwrap()
        .expect("made at the provider");
    assert!(
        account.groups.iter().any(|g| g == PLATFORM_ADMIN_GROUP),
        "{:?}",
        account.groups
    );
    // Listed at once, as invited; a second invitation is a duplicate.
    let (_, team) = post(app, &operator, "operator_team", &[]).await;
    let ida = team
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "ida@dezky.example")
        .cloned()
        .expect("listed");
    assert_eq!(
        (ida["signed_in"].as_bool(), ida["active"].as_bool()),
        (Some(false), Some(true))
    );
    assert!(
        team.as_array()
            .unwrap()
            .iter()
            .any(|r| r["email"] == "olivia@dezky.example" || r["signed_in"] == true)
    );
    let (status, _) = post(
        app,
        &operator,
        "invite_operator",
        &[("name", "Ida"), ("email", "ida@dezky.example")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Audited with the hand-off method, never the secret.
    let events = app.events("platform.user_invited").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].metadata["handoff"], method.as_str());
    let recorded = serde_json::to_string(&events[0]).unwrap();
    if let Some(p) = invited["handoff"]["password"].as_str() {
        assert!(
            !recorded.contains(p),
            "the password is not in the audit log"
        );
    }
    // A tenant admin is no operator.
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &admin, "operator_team", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_operator_finds_a_user_deactivates_them_everywhere_and_reactivates_them() {
    let w = world().await;
    let app = &w.env.app;
    let repo = &app.state.services.repo;
    let operator = operator_session(app).await;
    let mads = session_for(app, "member", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &mads, "my_area", &[]).await;
    assert_eq!(status, StatusCode::OK);

    let (status, found) = post(app, &operator, "list_platform_users", &[("q", "MADS")]).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let rows = found["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{found}");
    assert_eq!(rows[0]["email"], "mads@fjord-tandklinik.example");
    assert_eq!(rows[0]["tenants"].as_array().unwrap().len(), 2, "{found}");
    let id = rows[0]["id"].as_str().unwrap().to_owned();
    let (_, everyone) = post(app, &operator, "list_platform_users", &[("q", "")]).await;
    assert!(
        everyone["rows"].as_array().unwrap().len() >= 5,
        "{everyone}"
    );

    // Deactivated: every session ends at once, the provider is told.
    let (status, done) = post(
        app,
        &operator,
        "set_user_active",
        &[("user_id", &id), ("active", "false")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["user"]["active"], false);
    assert!(done["sessions_ended"].as_u64().unwrap() >= 1, "{done}");
    assert_ne!(done["identity"], "failed", "{done}");
    assert_ne!(done["identity"], "not_connected", "{done}");
    let (status, _) = post(app, &mads, "my_area", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!repo.user(&id).await.unwrap().unwrap().active);
    let events = app.events("user.deactivated").await;
    assert_eq!(events[0].resource_name, "mads@fjord-tandklinik.example");

    // An operator cannot lock themself out.
    let issuer = app.state.config.auth.oidc.as_ref().unwrap().issuer.clone();
    let me = repo
        .user_by_identity(&issuer, "operator")
        .await
        .unwrap()
        .unwrap();
    let (status, body) = post(
        app,
        &operator,
        "set_user_active",
        &[("user_id", &me.id), ("active", "false")],
    )
    .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("self"))
    );

    // Reactivated.
    let (status, back) = post(
        app,
        &operator,
        "set_user_active",
        &[("user_id", &id), ("active", "true")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert_eq!(back["user"]["active"], true);
    assert!(repo.user(&id).await.unwrap().unwrap().active);
    assert_eq!(app.events("user.reactivated").await.len(), 1);
}
