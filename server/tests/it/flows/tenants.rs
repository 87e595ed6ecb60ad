//! The operator's tenants: search, status filter and pages; one tenant's
//! detail; suspend and resume with the cascade against the stand-ins (the
//! development identity provider's Authentik API, the mail server): the
//! tenant's people are signed out and refused, sign-in is blocked at the
//! provider except for people who still work elsewhere, and resuming undoes
//! it; each change is audited with what the cascade did.
use super::auth::{operator_session, session_for};
use super::provisioning::{post, post_json, world};
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_operator_lists_suspends_and_resumes_a_tenant_with_the_cascade() {
    let w = world().await;
    let app = &w.env.app;
    let idp = app.state.services.identity_admin.clone().unwrap();
    let operator = operator_session(app).await;
    let list = |q: &str, status: Value| {
        let body = json!({ "q": q, "status": status, "after": null });
        let operator = operator.clone();
        async move {
            let (status, page) = post_json(app, &operator, "operator_tenants", &body).await;
            assert_eq!(status, StatusCode::OK);
            page
        }
    };
    let slugs = |v: &Value| -> Vec<String> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = list("", Value::Null).await;
    assert_eq!(slugs(&all).len(), 3, "{all}");
    assert_eq!(all["next"], Value::Null);
    assert_eq!(
        slugs(&list("FJORD", Value::Null).await),
        ["fjord-tandklinik"]
    );
    assert_eq!(slugs(&list("", json!("suspended")).await).len(), 0);

    let (status, detail) = post(
        app,
        &operator,
        "operator_tenant",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let members: Vec<&str> = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert!(
        members.contains(&"astrid@fjord-tandklinik.example")
            && members.contains(&"mads@fjord-tandklinik.example"),
        "{detail}"
    );
    assert_eq!(detail["row"]["partner"], "Nordlys IT");

    // Suspend: Astrid (only this tenant) is blocked at the provider; Mads
    // still works for Ravn Arkitekter and keeps his account.
    let astrid_before = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, cascade) = post(
        app,
        &operator,
        "set_tenant_suspended",
        &[("slug", "fjord-tandklinik"), ("suspend", "true")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cascade}");
    assert_eq!(cascade["status"], "suspended");
    assert!(
        cascade["sessions_ended"].as_u64().unwrap() >= 1,
        "{cascade}"
    );
    assert_eq!(cascade["identity"]["failed"], json!([]));
    assert!(
        cascade["identity"]["changed"].as_u64().unwrap() >= 1,
        "{cascade}"
    );
    let astrid = idp
        .find_user_by_email("astrid@fjord-tandklinik.example")
        .await
        .unwrap()
        .unwrap();
    let mads = idp
        .find_user_by_email("mads@fjord-tandklinik.example")
        .await
        .unwrap()
        .unwrap();
    assert!(!astrid.active && mads.active);
    // Her session ended; a new one is refused, and the refusal says why.
    let (status, _) = post(
        app,
        &astrid_before,
        "tenant_home",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let astrid_again = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, _) = post(
        app,
        &astrid_again,
        "tenant_home",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let denied = app.events("tenant.access_denied").await;
    assert!(
        denied
            .iter()
            .any(|e| e.metadata["reason"] == "tenant_suspended")
    );
    assert_eq!(
        slugs(&list("", json!("suspended")).await),
        ["fjord-tandklinik"]
    );
    let suspended = app.events("tenant.suspended").await;
    assert_eq!(suspended[0].metadata["to"], "suspended");

    // Resume undoes it.
    let (status, cascade) = post(
        app,
        &operator,
        "set_tenant_suspended",
        &[("slug", "fjord-tandklinik"), ("suspend", "false")],
    )
    .await;
    assert_eq!(
        (status, cascade["status"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    assert!(
        idp.find_user_by_email("astrid@fjord-tandklinik.example")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    let (status, _) = post(
        app,
        &astrid_again,
        "tenant_home",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.events("tenant.resumed").await.len(), 1);

    // An unknown tenant is 404 for operators.
    let (status, _) = post(app, &operator, "operator_tenant", &[("slug", "nowhere")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_operator_edits_a_partner_in_place_and_the_audit_records_the_diff() {
    let env = super::auth::start().await;
    let app = &env.app;
    let operator = operator_session(app).await;
    let update = |patch: Value, version: u64| {
        let operator = operator.clone();
        let body = json!({ "slug": "nordlys-it", "patch": patch, "version": version });
        async move { post_json(app, &operator, "update_partner", &body).await }
    };
    let (_, before) = post(
        app,
        &operator,
        "operator_partner",
        &[("slug", "nordlys-it")],
    )
    .await;
    let version = before["row"]["partner"]["version"].as_u64().unwrap();
    // Bad input names the field; nothing is saved.
    let (status, body) = update(json!({ "contact_email": "kontakt" }), version).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("contact_email"))
    );
    let (status, _) = update(json!({ "margin_pct": 101 }), version).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only the changed fields; the diff has exactly those.
    let (status, after) = update(json!({ "name": "Nordlys IT ApS", "status": "suspended", "margin_pct": 35, "progressive": true }), version).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let p = &after["row"]["partner"];
    assert_eq!(
        (
            p["name"].as_str(),
            p["status"].as_str(),
            p["margin_pct"].as_u64(),
            p["progressive"].as_bool()
        ),
        (
            Some("Nordlys IT ApS"),
            Some("suspended"),
            Some(35),
            Some(true)
        )
    );
    assert_eq!(
        p["contact_email"],
        before["row"]["partner"]["contact_email"]
    );
    let events = app.events("partner.updated").await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].metadata["diff"],
        json!({
            "name": { "from": "Nordlys IT", "to": "Nordlys IT ApS" },
            "status": { "from": "active", "to": "suspended" },
            "margin_pct": { "from": 30, "to": 35 },
            "progressive": { "from": false, "to": true },
        })
    );
    // A save from the old version is a conflict, never an overwrite.
    let (status, _) = update(json!({ "name": "Stale" }), version).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_deleted_tenant_is_closed_restorable_and_then_purged_from_every_system() {
    let w = super::provisioning::world_with(&[("TENANT_RETENTION_DAYS", "0".into())]).await;
    let app = &w.env.app;
    let services = &app.state.services;
    let idp = services.identity_admin.clone().unwrap();
    let operator = operator_session(app).await;
    let fjord = [("slug", "fjord-tandklinik")];

    // The slug typed again is the confirmation.
    let (status, body) = post(
        app,
        &operator,
        "delete_tenant",
        &[("slug", "fjord-tandklinik"), ("confirm", "fjord")],
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("confirm"))
    );
    let (status, cascade) = post(
        app,
        &operator,
        "delete_tenant",
        &[
            ("slug", "fjord-tandklinik"),
            ("confirm", "fjord-tandklinik"),
        ],
    )
    .await;
    assert_eq!(
        (status, cascade["status"].as_str()),
        (StatusCode::OK, Some("deleted")),
        "{cascade}"
    );
    assert!(
        !idp.find_user_by_email("astrid@fjord-tandklinik.example")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // Closed: its own admin finds nothing; the operator still sees it.
    let astrid = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &astrid, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, detail) = post(app, &operator, "operator_tenant", &fjord).await;
    assert!(detail["row"]["purge_after"].as_i64().is_some(), "{detail}");
    assert!(app.events("tenant.deleted").await[0].metadata["purge_after"].is_i64());

    // Restored: open again.
    let (status, _) = post(app, &operator, "restore_tenant", &fjord).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        idp.find_user_by_email("astrid@fjord-tandklinik.example")
            .await
            .unwrap()
            .unwrap()
            .active
    );
    let (status, _) = post(app, &astrid, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::OK);

    // Deleted again and past the retention (0 days here): purged. Astrid,
    // who worked only here, loses her account; Mads keeps his (he works for
    // Ravn Arkitekter) but leaves the tenant's group and membership.
    let (status, _) = post(
        app,
        &operator,
        "delete_tenant",
        &[
            ("slug", "fjord-tandklinik"),
            ("confirm", "fjord-tandklinik"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let purged = app::services::operator_tenants::purge_due(services)
        .await
        .unwrap();
    let purge_events: Vec<_> = app
        .events("tenant.purged")
        .await
        .into_iter()
        .map(|e| e.metadata)
        .collect();
    assert_eq!(purged, 1, "{purge_events:?}");
    let repo = &services.repo;
    assert!(
        repo.tenant_by_slug("fjord-tandklinik")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        idp.find_user_by_email("astrid@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_none()
    );
    let mads = idp
        .find_user_by_email("mads@fjord-tandklinik.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        mads.active
            && !mads
                .groups
                .contains(&"dezky-tenant-fjord-tandklinik".to_owned()),
        "{mads:?}"
    );
    let mads_user = repo
        .users_by_email("mads@fjord-tandklinik.example")
        .await
        .unwrap()
        .remove(0);
    assert_eq!(mads_user.tenant_roles.len(), 1, "{mads_user:?}");
    let events = app.events("tenant.purged").await;
    assert_eq!(events[0].metadata["failed"], json!([]));
    assert_eq!(events[0].actor_id, "tenant-purge");
    // Nothing left to purge; the slug is free again.
    assert_eq!(
        app::services::operator_tenants::purge_due(services)
            .await
            .unwrap(),
        0
    );
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let (_, check) = post(app, &partner, "customer_slug_check", &fjord).await;
    assert_eq!(check["state"], "available");
}
