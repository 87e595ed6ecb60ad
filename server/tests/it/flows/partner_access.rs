//! Partner access approved by the customer: without a grant the partner is
//! refused (and the refusal recorded); a pending request, a denied one, a
//! read-only grant for writes, a revoked and an expired one all refuse; an
//! approved grant lets the partner in for its scope, and every event it
//! records carries the grant's id; only the customer's own admin decides.
use super::auth::{operator_session, session_for, start};
use super::provisioning::post;
use app::domain::model::ClientKind;
use reqwest::StatusCode;
use serde_json::Value;

const FJORD: &str = "fjord-tandklinik";

fn request(
    slug: &'static str,
    scope: &'static str,
    hours: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("slug", slug),
        (
            "form[reason]",
            "Flytning af postkasser fra det gamle system",
        ),
        ("form[scope]", scope),
        ("form[hours]", hours),
    ]
}

#[tokio::test]
async fn a_partner_enters_a_customer_only_under_an_access_grant_the_customer_approved() {
    let env = start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let fjord = [("slug", FJORD)];

    // No grant: refused, and the refusal is recorded with why.
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let denied = app.events("tenant.access_denied").await;
    assert_eq!(denied[0].metadata["reason"], "no_partner_access");

    // Not its customer: refused the same way.
    let (status, _) = post(
        app,
        &partner,
        "request_partner_access",
        &request("ravn-arkitekter", "read_only", "1"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A bad request says which field.
    let mut blank = request(FJORD, "read_only", "1");
    blank[1].1 = " ";
    let (status, body) = post(app, &partner, "request_partner_access", &blank).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let (status, body) = post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "read_only", "5"),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("hours"))
    );

    // Requested read-only for an hour: pending refuses, a second waits.
    let (status, read) = post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "read_only", "1"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["status"], "pending");
    let read_id = read["id"].as_str().unwrap().to_owned();
    let (status, body) = post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "admin", "4"),
    )
    .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("already_pending"))
    );
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "pending is not approved");

    // The partner cannot answer for the customer; a member cannot either.
    let decide = |id: String, approve: &'static str| {
        vec![
            ("slug", FJORD.to_owned()),
            ("grant_id", id),
            ("approve", approve.to_owned()),
        ]
    };
    let as_pairs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let post_owned =
        |session: String, endpoint: &'static str, form: Vec<(&'static str, String)>| async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(app, &session, endpoint, &pairs).await
        };
    let (status, _) = post_owned(
        partner.clone(),
        "decide_partner_access",
        as_pairs(&decide(read_id.clone(), "true")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let (status, _) = post_owned(
        member,
        "decide_partner_access",
        decide(read_id.clone(), "true"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Approved by the customer's admin: the partner reads, and writes nothing.
    let (status, approved) = post_owned(
        admin.clone(),
        "decide_partner_access",
        decide(read_id.clone(), "true"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "approved");
    let (status, home) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::OK, "{home}");
    let (status, _) = post(app, &partner, "tenant_domains", &fjord).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "read-only: the admin area is refused"
    );
    let (_, inside) = post(app, &partner, "partner_inside", &fjord).await;
    assert_eq!(inside["grant_id"], read_id.as_str(), "{inside}");
    assert_eq!(inside["scope"], "read_only");
    // The shell's one answer carries the same banner, for the partner.
    let shell_of = [("face", "portal"), ("tenant", FJORD)];
    let (status, shell) = post(app, &partner, "shell_state", &shell_of).await;
    assert_eq!(status, StatusCode::OK, "{shell}");
    assert_eq!(shell["inside"], inside);
    assert!(shell["who"]["partner"].is_object(), "{shell}");
    // Someone who is not partner staff sees no banner.
    let (_, nobody) = post(app, &admin, "partner_inside", &fjord).await;
    assert_eq!(nobody, Value::Null);

    // Revoked by the customer: the next request is refused, the banner gone.
    let (status, ended) = post_owned(
        admin.clone(),
        "end_partner_access",
        vec![("slug", FJORD.to_owned()), ("grant_id", read_id.clone())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, inside) = post(app, &partner, "partner_inside", &fjord).await;
    assert_eq!(inside, Value::Null);

    // Denied: nothing changes.
    let (_, second) = post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "admin", "4"),
    )
    .await;
    let second_id = second["id"].as_str().unwrap().to_owned();
    let (_, denied) = post_owned(
        admin.clone(),
        "decide_partner_access",
        decide(second_id.clone(), "false"),
    )
    .await;
    assert_eq!(denied["status"], "denied");
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Admin scope: the partner changes the policy; the event carries the grant.
    let (_, third) = post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "admin", "4"),
    )
    .await;
    let admin_id = third["id"].as_str().unwrap().to_owned();
    post_owned(
        admin.clone(),
        "decide_partner_access",
        decide(admin_id.clone(), "true"),
    )
    .await;
    let policy = super::security::fjord_policy("optional");
    let (status, body) = post(app, &partner, "save_security_policy", &policy).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changed = app.events("security.policy_changed").await;
    assert_eq!(changed[0].actor_email, "peter@nordlys-it.example");
    assert_eq!(
        changed[0].metadata["access_grant"],
        admin_id.as_str(),
        "{:?}",
        changed[0].metadata
    );

    // The customer sees who is inside now and what they did.
    let (status, view) = post(app, &admin, "tenant_partner_access", &fjord).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let rows = view["rows"].as_array().unwrap();
    let state_of =
        |id: &str| rows.iter().find(|r| r["grant"]["id"] == id).unwrap()["state"].clone();
    assert_eq!(state_of(&read_id), "revoked");
    assert_eq!(state_of(&second_id), "denied");
    assert_eq!(state_of(&admin_id), "active");
    assert_eq!(
        rows.iter()
            .find(|r| r["grant"]["id"] == admin_id.as_str())
            .unwrap()["inside_now"],
        true
    );
    assert!(
        view["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "security.policy_changed"),
        "{view}"
    );
    // The partner's customers table shows the live grant only: the revoked
    // and the denied ones are history.
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    let open = home["grants"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{home}");
    assert_eq!(
        (
            open[0]["tenant_slug"].as_str(),
            open[0]["grant_id"].as_str(),
            open[0]["state"].as_str(),
            open[0]["scope"].as_str()
        ),
        (
            Some(FJORD),
            Some(admin_id.as_str()),
            Some("active"),
            Some("admin")
        ),
    );

    // Expired mid-session: the next request is refused.
    let mut g = repo.grant(&admin_id).await.unwrap().unwrap();
    g.expires_at = Some(repo.now() - 1);
    repo.save_grant(&mut g).await.unwrap();
    let (status, _) = post(app, &partner, "tenant_domains", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, inside) = post(app, &partner, "partner_inside", &fjord).await;
    assert_eq!(inside, Value::Null);
    let (_, view) = post(app, &admin, "tenant_partner_access", &fjord).await;
    let expired = view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["grant"]["id"] == admin_id.as_str())
        .unwrap()["state"]
        .clone();
    assert_eq!(expired, "expired");
    // The sidebar tells the customer's admin about a waiting request.
    post(
        app,
        &partner,
        "request_partner_access",
        &request(FJORD, "read_only", "1"),
    )
    .await;
    let (_, counts) = post(app, &admin, "nav_attention", &[("face", "portal")]).await;
    assert!(
        counts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[0] == "access_requests" && c[1] == 1),
        "{counts}"
    );
    // The shell asks the same counts, with who is signed in and no banner
    // (not partner staff).
    let (status, shell) = post(
        app,
        &admin,
        "shell_state",
        &[("face", "portal"), ("tenant", FJORD)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shell}");
    assert_eq!(shell["counts"], counts);
    assert_eq!(shell["inside"], Value::Null);
    assert!(
        shell["who"]["tenants"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["slug"] == FJORD)),
        "{shell}"
    );
    // On a face they may not use, the badges' refusal is left out of the
    // answer (and its status): who they are is still known, with no badges.
    let (status, shell) = post(app, &admin, "shell_state", &[("face", "operator")]).await;
    assert_eq!(status, StatusCode::OK, "{shell}");
    assert_eq!(shell["counts"], serde_json::json!([]));
    assert!(shell["who"]["email"].is_string(), "{shell}");
}

/// Setup for flows where the partner acts inside a customer: an admin grant
/// the customer approved an hour ago for four hours (the approval itself is
/// tested above).
pub(crate) async fn approved_admin_grant(app: &crate::TestApp, slug: &str) {
    use app::domain::access::{AccessGrant, AccessScope, GrantStatus};
    let repo = &app.state.services.repo;
    let tenant = repo.tenant_by_slug(slug).await.unwrap().unwrap();
    let now = repo.now();
    repo.insert_grant(&AccessGrant {
        id: repo.new_id(),
        partner_id: tenant.partner_id.clone(),
        tenant_id: tenant.id.clone(),
        requested_by: "partner-staff".into(),
        requested_by_name: "Peter Partner".into(),
        requested_by_email: "peter@nordlys-it.example".into(),
        reason: "Test setup".into(),
        scope: AccessScope::Admin,
        hours: 4,
        status: GrantStatus::Approved,
        requested_at: now - 3_600_000,
        decided_by: Some("Astrid Admin".into()),
        decided_at: Some(now - 3_600_000),
        expires_at: Some(now + 3 * 3_600_000),
        ended_by: None,
        ended_at: None,
        setup: false,
        version: 1,
    })
    .await
    .unwrap();
}

/// The contract's standing access: set by an operator (audited with the
/// diff), it lets the partner's owner in without a grant, its actions carry
/// `standing`, the customer is told so; taken away, the partner is refused.
#[tokio::test]
async fn standing_access_by_contract_lets_the_partner_in_and_is_shown_to_the_customer() {
    let env = start().await;
    let app = &env.app;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let operator = operator_session(app).await;
    let fjord = [("slug", FJORD)];
    let set = |on: bool| {
        let operator = operator.clone();
        async move {
            let (_, p) = post(
                app,
                &operator,
                "operator_partner",
                &[("slug", "nordlys-it")],
            )
            .await;
            let version = p["row"]["partner"]["version"].as_u64().unwrap();
            let body = serde_json::json!({
                "slug": "nordlys-it",
                "patch": { "standing_access": on },
                "version": version,
            });
            super::provisioning::post_json(app, &operator, "update_partner", &body).await
        }
    };
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, view) = post(app, &admin, "tenant_partner_access", &fjord).await;
    assert_eq!(view["standing"], false);

    let (status, body) = set(true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let updated = app.events("partner.updated").await;
    assert_eq!(
        updated[0].metadata["diff"]["standing_access"],
        serde_json::json!({ "from": false, "to": true })
    );
    // In, with admin scope, and what it does carries `standing`.
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    assert_eq!(home["standing"], true);
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::OK);
    let (_, inside) = post(app, &partner, "partner_inside", &fjord).await;
    assert_eq!(
        (inside["grant_id"].as_str(), inside["expires_at"].is_null()),
        (Some("standing"), true),
        "{inside}"
    );
    let policy = super::security::fjord_policy("optional");
    let (status, body) = post(app, &partner, "save_security_policy", &policy).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let e = &app.events("security.policy_changed").await[0];
    assert_eq!(e.metadata["access_grant"], "standing");
    // The customer is told, and sees what was done.
    let (_, view) = post(app, &admin, "tenant_partner_access", &fjord).await;
    assert_eq!(view["standing"], true);
    assert!(
        view["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "security.policy_changed"),
        "{view}"
    );
    // Taken away: refused again.
    let (status, _) = set(false).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(app, &partner, "tenant_home", &fjord).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, inside) = post(app, &partner, "partner_inside", &fjord).await;
    assert!(inside.is_null(), "{inside}");
}
