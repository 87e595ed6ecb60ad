//! The personal area (`/portal`): the app tiles' addresses from config, and
//! a person's own sessions — listed with this device first, any of them
//! ended, never someone else's.
use super::auth::{self, session_for};
use super::provisioning::post;
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use server::auth::session::token_id;

#[tokio::test]
async fn a_person_lists_and_ends_their_own_sessions_and_the_tiles_open_the_configured_apps() {
    let env = auth::start_with(&[("DEZKY_MAIL_APP_URL", "https://mail.fjord.example/")]).await;
    let app = &env.app;
    let here = session_for(app, "member", ClientKind::Portal, &[]).await;
    let there = session_for(app, "member", ClientKind::Portal, &[]).await;
    let astrids = session_for(app, "admin", ClientKind::Portal, &[]).await;

    let (status, area) = post(app, &here, "my_area", &[]).await;
    assert_eq!(status, StatusCode::OK, "{area}");
    assert_eq!(area["mail_url"], "https://mail.fjord.example/");
    assert_eq!(area["files_url"], serde_json::Value::Null, "not configured");
    let sessions = area["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{area}");
    assert_eq!(sessions[0]["id"], token_id(&here));
    assert_eq!(sessions[0]["this_device"], true);
    assert_eq!(sessions[1]["this_device"], false);
    assert!(!area.to_string().contains(&here), "never the cookie itself");

    // Another person's session is not theirs to end.
    let (status, _) = post(app, &here, "end_my_session", &[("id", &token_id(&astrids))]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let repo = &app.state.services.repo;
    assert!(repo.session(&token_id(&astrids)).await.unwrap().is_some());

    // The other device ends; then this one, which signs them out.
    let (status, _) = post(app, &here, "end_my_session", &[("id", &token_id(&there))]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, area) = post(app, &here, "my_area", &[]).await;
    assert_eq!(area["sessions"].as_array().map(Vec::len), Some(1));
    let (status, _) = post(app, &here, "end_my_session", &[("id", &token_id(&here))]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(app, &here, "my_area", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
