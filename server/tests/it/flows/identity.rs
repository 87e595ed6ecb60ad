//! The development identity provider is one directory for sign-in and for the
//! identity-admin API: a person added through the adapter signs in, shows up
//! with a session, is signed out everywhere by "end sessions", and cannot sign
//! in once deactivated.
use super::auth::{callback, reach_callback, start};
use crate::servers::AUTHENTIK_TOKEN;
use app::ports::identity_admin::{IdentityAdmin, NewIdentityUser};
use reqwest::StatusCode;
use server::config::Env;
use server::integrations::authentik::{Authentik, AuthentikConfig};

#[tokio::test]
async fn a_person_added_through_the_admin_api_signs_in_until_deactivated() {
    let env = start().await;
    let api = format!("http://127.0.0.1:{}/api/v3/", env.oidc.port);
    let config = AuthentikConfig::from_env(&Env::from_pairs([
        ("AUTHENTIK_API_URL", api.as_str()),
        ("AUTHENTIK_API_TOKEN", AUTHENTIK_TOKEN),
    ]))
    .unwrap()
    .unwrap();
    let idp = Authentik::new(&config).unwrap();
    let person = idp
        .create_user(&NewIdentityUser {
            email: "nina@fjord-tandklinik.example".into(),
            name: "Nina Nyansat".into(),
            path: "dezky/fjord-tandklinik".into(),
            groups: vec![],
        })
        .await
        .unwrap();

    let (url, cookie) = reach_callback(&env, "nina@fjord-tandklinik.example", "portal")
        .await
        .expect("the new person signs in");
    assert_eq!(
        callback(&env, &url, &cookie).await.status(),
        StatusCode::SEE_OTHER
    );
    let sessions = idp.sessions(person.id).await.unwrap();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert!(idp.user(person.id).await.unwrap().last_login.is_some());
    assert_eq!(idp.end_sessions(person.id).await.unwrap(), 1);
    assert!(idp.sessions(person.id).await.unwrap().is_empty());

    idp.set_active(person.id, false).await.unwrap();
    let refused = reach_callback(&env, "nina@fjord-tandklinik.example", "portal").await;
    assert!(
        refused
            .as_ref()
            .is_none_or(|(url, _)| !url.contains("code=")),
        "a deactivated person gets no authorisation code: {refused:?}"
    );
}
