//! A tenant's own SSO applications, as its admin makes them through the
//! HTTP surface against the development provider's Authentik API: bad input
//! refused by field with nothing made, the secret returned once and stored
//! nowhere, a duplicate refused, another tenant's app out of reach, and
//! delete.
use super::auth::session_for;
use super::provisioning::{post, world};
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use serde_json::Value;

fn form<'a>(name: &'a str, uris: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("slug", "fjord-tandklinik"),
        ("app[name]", name),
        ("app[redirect_uris]", uris),
        ("app[launch_url]", "https://wiki.fjord-tandklinik.example/"),
    ]
}

#[tokio::test]
async fn a_tenant_admin_creates_lists_and_deletes_an_sso_app_and_the_secret_is_shown_once() {
    let w = world().await;
    let app = &w.env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let idp = app.state.services.identity_admin.as_ref().unwrap();
    let group = "dezky-tenant-fjord-tandklinik";

    for (name, uris, field) in [
        ("", "https://wiki.fjord-tandklinik.example/cb", "name"),
        ("Wiki", "", "redirect_uris"),
        (
            "Wiki",
            "http://wiki.fjord-tandklinik.example/cb",
            "redirect_uris",
        ),
    ] {
        let (status, body) = post(app, &admin, "create_sso_app", &form(name, uris)).await;
        assert_eq!(status.as_u16(), 422, "{name:?} {uris:?}: {body}");
        assert_eq!(body["field"], field, "{body}");
    }
    assert!(
        idp.sso_apps(group).await.unwrap().is_empty(),
        "nothing made"
    );

    let uris = "https://wiki.fjord-tandklinik.example/cb\nhttp://localhost:8080/cb";
    let (status, created) = post(app, &admin, "create_sso_app", &form("Wiki", uris)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 32, "{created}");
    assert_eq!(created["app"]["slug"], "fjord-tandklinik-wiki");
    assert_eq!(
        created["app"]["redirect_uris"],
        serde_json::json!([
            "https://wiki.fjord-tandklinik.example/cb",
            "http://localhost:8080/cb"
        ])
    );

    // Listed for this tenant, without the secret; bound to its group.
    let (status, listed) = post(app, &admin, "sso_apps", &[("slug", "fjord-tandklinik")]).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert!(!listed.to_string().contains(&secret));
    assert_eq!(idp.sso_apps(group).await.unwrap().len(), 1);
    // The secret is in no stored record (the audit log included).
    let store = app.state.services.repo.store();
    for collection in [
        &app::ports::store::collections::AUDIT_EVENTS,
        &app::ports::store::collections::USERS,
        &app::ports::store::collections::TENANTS,
    ] {
        let docs = store.find(collection, &[], None, 1000).await.unwrap();
        assert!(!serde_json::to_string(&docs).unwrap().contains(&secret));
    }

    // The same name again is refused by field.
    let (status, again) = post(app, &admin, "create_sso_app", &form("Wiki", uris)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["field"], "name");

    // Not through another tenant, nor as another tenant's admin (Mads,
    // made Ravn's admin here), nor as an operator.
    let (status, _) = post(
        app,
        &admin,
        "delete_sso_app",
        &[
            ("slug", "ravn-arkitekter"),
            ("app_slug", "fjord-tandklinik-wiki"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let operator = session_for(
        app,
        "operator",
        ClientKind::Operator,
        &[app::domain::model::PLATFORM_ADMIN_GROUP],
    )
    .await;
    let (status, _) = post(
        app,
        &operator,
        "delete_sso_app",
        &[
            ("slug", "fjord-tandklinik"),
            ("app_slug", "fjord-tandklinik-wiki"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "operators do not administer tenants"
    );
    let ravn_admin = super::provisioning::ravn_admin_session(app).await;
    let (status, _) = post(
        app,
        &ravn_admin,
        "delete_sso_app",
        &[
            ("slug", "ravn-arkitekter"),
            ("app_slug", "fjord-tandklinik-wiki"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not Ravn's app");
    assert_eq!(idp.sso_apps(group).await.unwrap().len(), 1);

    let (status, body) = post(
        app,
        &admin,
        "delete_sso_app",
        &[
            ("slug", "fjord-tandklinik"),
            ("app_slug", "fjord-tandklinik-wiki"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(idp.sso_apps(group).await.unwrap().is_empty());
    let (_, listed) = post(app, &admin, "sso_apps", &[("slug", "fjord-tandklinik")]).await;
    assert_eq!(listed, Value::Array(vec![]));
    let events = super::provisioning::audit_events(app).await;
    let text = serde_json::to_string(&events).unwrap();
    assert!(text.contains("sso_app.created") && text.contains("sso_app.deleted"));
}
