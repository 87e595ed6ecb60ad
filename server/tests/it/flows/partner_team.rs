//! A partner's team against the development identity provider and maildev:
//! the owner invites a colleague (account in the partner's group, invitation
//! mailed, temporary password handed over once), a duplicate is refused, a
//! person who works for a customer keeps their account; THE rule holds (an
//! admin touches no owner, the last owner stays); removing ends the link and
//! the sessions, and deactivates the account only of someone with nowhere
//! else to work.
use super::auth::session_for;
use super::provisioning::{post, world_with};
use crate::servers;
use app::domain::model::{ClientKind, PartnerAccess};
use reqwest::StatusCode;

#[tokio::test]
async fn an_owner_invites_changes_and_removes_colleagues_by_the_rule() {
    let catcher = servers::maildev().await;
    let w = world_with(&catcher.smtp_env()).await;
    let app = &w.env.app;
    let repo = &app.state.services.repo;
    let idp = app.state.services.identity_admin.as_ref().unwrap();
    let owner = session_for(app, "partner", ClientKind::Portal, &[]).await;

    let (status, team) = post(app, &owner, "partner_team", &[]).await;
    assert_eq!(status, StatusCode::OK, "{team}");
    assert_eq!(team["access"], "owner");
    assert_eq!(team["mfa"]["state"], "known", "{team}");
    assert_eq!(team["rows"].as_array().unwrap().len(), 1, "{team}");

    // Bad input names its field; nothing is made.
    let invite = |name: &'static str, email: &'static str, access: &'static str| {
        let owner = owner.clone();
        async move {
            post(
                app,
                &owner,
                "invite_colleague",
                &[
                    ("name", name),
                    ("email", email),
                    ("access", access),
                    ("lang", "en"),
                ],
            )
            .await
        }
    };
    let (status, body) = invite("Lise Lund", "lise@", "admin").await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
    );
    assert!(idp.find_user_by_email("lise@").await.unwrap().is_none());

    // The partner's own words in its invitations.
    let (_, settings) = post(app, &owner, "partner_settings", &[]).await;
    let version = settings["version"].as_u64().unwrap().to_string();
    let (status, body) = post(
        app,
        &owner,
        "save_partner_mail",
        &[
            ("template[message]", " Ring til os på 70 20 30 40. "),
            ("template[signature]", "Nordlys IT · support"),
            ("version", version.as_str()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["mail"]["message"], "Ring til os på 70 20 30 40.");

    // A new colleague: an account in the partner's group, the invitation in
    // their inbox in English, a temporary password handed over once (the
    // development provider has no recovery flow), and on the list at once.
    let (status, invited) = invite("Lise Lund", " Lise@Nordlys-IT.example ", "admin").await;
    assert_eq!(status, StatusCode::OK, "{invited}");
    assert_eq!(invited["mailed"], true);
    assert_eq!(invited["existing_account"], false);
    assert_eq!(invited["handoff"]["method"], "temporary_password");
    let password = invited["handoff"]["password"]
        .as_str()
        .unwrap_or_else(|| panic!("no hand-off in {invited}"));
    assert_eq!(password.chars().count(), 16);
    let account = idp
        .find_user_by_email("lise@nordlys-it.example")
        .await
        .unwrap()
        .expect("IdP account");
    assert!(
        account
            .groups
            .contains(&"dezky-partner-nordlys-it".to_owned()),
        "{:?}",
        account.groups
    );
    let mail = catcher.received().await;
    let letter = mail
        .iter()
        .find(|m| m["to"][0]["address"] == "lise@nordlys-it.example")
        .unwrap_or_else(|| panic!("no invitation in {mail:?}"));
    assert!(
        letter["subject"].as_str().unwrap().contains("Nordlys IT"),
        "{letter}"
    );
    let text = letter["text"].as_str().unwrap();
    assert!(
        text.contains("Ring til os på 70 20 30 40.") && text.contains("-- \nNordlys IT · support"),
        "{text}"
    );
    let (_, team) = post(app, &owner, "partner_team", &[]).await;
    let lise = team["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "lise@nordlys-it.example")
        .cloned()
        .unwrap_or_else(|| panic!("Lise not listed in {team}"));
    assert_eq!(
        (lise["access"].as_str(), lise["signed_in"].as_bool()),
        (Some("admin"), Some(false))
    );
    let e = &app.events("partner.user_invited").await[0];
    assert_eq!(
        (
            e.metadata["handoff"].as_str(),
            e.metadata["mailed"].as_bool()
        ),
        (Some("temporary_password"), Some(true))
    );

    // The same person again is refused, as is staff of any partner.
    let (status, body) = invite("Lise", "lise@nordlys-it.example", "member").await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::CONFLICT, Some("email"))
    );
    // A customer's admin joins with the account they have.
    let (status, astrid) = invite("Astrid", "astrid@fjord-tandklinik.example", "admin").await;
    assert_eq!(status, StatusCode::OK, "{astrid}");
    assert_eq!(astrid["existing_account"], true);
    assert!(astrid["handoff"].is_null(), "{astrid}");
    let (_, team) = post(app, &owner, "partner_team", &[]).await;
    assert_eq!(team["rows"].as_array().unwrap().len(), 3, "{team}");

    // THE rule: an admin touches no owner and makes none; the last owner
    // stays.
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    for (endpoint, form) in [
        (
            "set_colleague_access",
            vec![("email", "peter@nordlys-it.example"), ("access", "member")],
        ),
        (
            "remove_colleague",
            vec![("email", "peter@nordlys-it.example")],
        ),
        (
            "set_colleague_access",
            vec![("email", "lise@nordlys-it.example"), ("access", "owner")],
        ),
    ] {
        let (status, body) = post(app, &admin, endpoint, &form).await;
        assert_eq!(
            (status, body["reason"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("owner_only")),
            "{endpoint} {form:?}"
        );
    }
    let (status, body) = post(
        app,
        &owner,
        "set_colleague_access",
        &[("email", "peter@nordlys-it.example"), ("access", "admin")],
    )
    .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("last_owner"))
    );
    // Two owners: then one may step down.
    let (status, _) = post(
        app,
        &owner,
        "set_colleague_access",
        &[("email", "lise@nordlys-it.example"), ("access", "owner")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let changed = &app.events("partner.user_access_changed").await[0];
    assert_eq!(changed.metadata["access"]["to"], "owner");
    let lise_user = &repo
        .users_by_email("lise@nordlys-it.example")
        .await
        .unwrap()[0];
    assert_eq!(
        lise_user.partner.as_ref().map(|l| l.access),
        Some(PartnerAccess::Owner)
    );

    // Removing a colleague who works for a customer: out of the partner's
    // group and signed out of dezky, the account stays active.
    let (status, problem) = post(
        app,
        &owner,
        "remove_colleague",
        &[("email", "astrid@fjord-tandklinik.example")],
    )
    .await;
    assert_eq!(
        (status, problem.is_null()),
        (StatusCode::OK, true),
        "{problem}"
    );
    let (status, _) = post(app, &admin, "partner_team", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "her session ended");
    let account = idp
        .find_user_by_email("astrid@fjord-tandklinik.example")
        .await
        .unwrap()
        .expect("Astrid's account");
    assert!(account.active);
    assert!(
        !account
            .groups
            .contains(&"dezky-partner-nordlys-it".to_owned())
    );
    // Removing one with nowhere else to work deactivates the account.
    let (status, _) = post(
        app,
        &owner,
        "remove_colleague",
        &[("email", "lise@nordlys-it.example")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let account = idp
        .find_user_by_email("lise@nordlys-it.example")
        .await
        .unwrap()
        .expect("Lise's account");
    assert!(!account.active);
    let removed = app.events("partner.user_removed").await;
    let identity: Vec<_> = removed
        .iter()
        .map(|e| e.metadata["identity"].as_str().unwrap_or_default())
        .collect();
    assert!(
        identity.contains(&"left_group") && identity.contains(&"deactivated"),
        "{identity:?}"
    );
    let (_, team) = post(app, &owner, "partner_team", &[]).await;
    assert_eq!(team["rows"].as_array().unwrap().len(), 1, "{team}");
}
