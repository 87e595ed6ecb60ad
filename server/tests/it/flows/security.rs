//! A tenant's security policy through the HTTP surface: bad input refused by
//! field, an allow-list that would shut out its author refused, each change
//! audited with before and after; then dezky enforcing it — the tenant's
//! people refused from an address outside the list (partner staff not), and their sessions ended by the tenant's timeouts, the
//! strictest of their tenants; and the second factors read from the
//! identity provider.
use super::auth::{self, session_for};
use super::provisioning::{post, world};
use app::domain::model::{ClientKind, MfaMode};
use reqwest::StatusCode;
use server::auth::session::token_id;

fn policy<'a>(idle: &'a str, absolute: &'a str, ips: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("slug", "fjord-tandklinik"),
        ("policy[mfa_mode]", "required"),
        ("policy[session_idle_minutes]", idle),
        ("policy[session_absolute_hours]", absolute),
        ("policy[allowed_countries]", "dk, se"),
        ("policy[ip_allow_list]", ips),
    ]
}

/// Fjord's policy with only the second-factor mode chosen (the rest as
/// seeded, anywhere allowed).
pub(crate) fn fjord_policy(mfa: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("slug", "fjord-tandklinik"),
        ("policy[mfa_mode]", mfa),
        ("policy[session_idle_minutes]", "60"),
        ("policy[session_absolute_hours]", "12"),
        ("policy[allowed_countries]", ""),
        ("policy[ip_allow_list]", ""),
    ]
}

#[tokio::test]
async fn a_policy_is_checked_audited_and_enforced_on_the_tenants_people() {
    let env = auth::start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;

    let (status, view) = post(
        app,
        &admin,
        "tenant_security",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["policy"]["session_idle_minutes"], 120);
    assert_eq!(view["your_ip"], "127.0.0.1");

    for (form, field, reason) in [
        (
            policy("x", "12", ""),
            "session_idle_minutes",
            "not_a_number",
        ),
        (
            policy("30", "0", ""),
            "session_absolute_hours",
            "out_of_range",
        ),
        (
            policy("30", "12", "192.0.2.0/33"),
            "ip_allow_list",
            "not_an_address",
        ),
        // The admin is seen from 127.0.0.1: this list would shut them out.
        (
            policy("30", "12", "192.0.2.0/24"),
            "ip_allow_list",
            "locks_you_out",
        ),
    ] {
        let (status, body) = post(app, &admin, "save_security_policy", &form).await;
        assert_eq!(status.as_u16(), 422, "{form:?}: {body}");
        assert_eq!(
            (body["field"].as_str(), body["reason"].as_str()),
            (Some(field), Some(reason)),
            "{body}"
        );
    }
    let (status, saved) = post(
        app,
        &admin,
        "save_security_policy",
        &policy("30", "12", "127.0.0.1\n192.0.2.0/24"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["allowed_countries"], serde_json::json!(["DK", "SE"]));
    let fjord = repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fjord.security.mfa_mode, MfaMode::Required);
    assert_eq!(fjord.security.ip_allow_list, ["127.0.0.1", "192.0.2.0/24"]);
    let events = super::provisioning::audit_events(app).await;
    let changed = events
        .iter()
        .find(|e| e["action"] == "security.policy_changed")
        .expect("audited");
    assert_eq!(
        changed["metadata"]["session_idle_minutes"],
        serde_json::json!({ "from": 120, "to": 30 }),
        "{changed}"
    );

    // Only 192.0.2.0/24 now (written as an operator would): the tenant's
    // member is refused from 127.0.0.1, and the refusal is audited; the
    // tenant's partner is not bound by it.
    let mut fjord = fjord;
    fjord.security.ip_allow_list = vec!["192.0.2.0/24".into()];
    repo.save_tenant(&mut fjord).await.unwrap();
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &member, "tenant_home", &[("slug", "fjord-tandklinik")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Mads' other tenant has no list: he still reaches it.
    let (status, _) = post(app, &member, "tenant_home", &[("slug", "ravn-arkitekter")]).await;
    assert_eq!(status, StatusCode::OK);
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    super::partner_access::approved_admin_grant(app, "fjord-tandklinik").await;
    let (status, _) = post(
        app,
        &partner,
        "tenant_members",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let events = super::provisioning::audit_events(app).await;
    assert!(
        events.iter().any(|e| e["action"] == "tenant.access_denied"
            && e["metadata"]["reason"] == "ip_not_allowed"),
        "the refusal is audited"
    );

    // Timeouts: Fjord's 30 idle minutes end Mads' session long before the
    // platform's 120; the absolute limit ends one 13 hours old.
    fjord.security.ip_allow_list = vec![];
    repo.save_tenant(&mut fjord).await.unwrap();
    let mut stored = repo.session(&token_id(&member)).await.unwrap().unwrap();
    stored.last_seen_at = repo.now() - 31 * 60_000;
    repo.save_session(&mut stored).await.unwrap();
    let (status, _) = post(app, &member, "tenant_home", &[("slug", "ravn-arkitekter")]).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "ended by Fjord's idle limit"
    );
    assert!(repo.session(&token_id(&member)).await.unwrap().is_none());
    fjord.security.session_absolute_hours = 8;
    repo.save_tenant(&mut fjord).await.unwrap();
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let mut stored = repo.session(&token_id(&member)).await.unwrap().unwrap();
    stored.created_at = repo.now() - 9 * 3_600_000;
    repo.save_session(&mut stored).await.unwrap();
    let (status, _) = post(app, &member, "tenant_home", &[("slug", "ravn-arkitekter")]).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "ended by Fjord's absolute limit"
    );
    // Partner staff (no tenant of their own) keep the platform's limits.
    let (status, _) = post(
        app,
        &partner,
        "tenant_members",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn second_factors_are_read_from_the_identity_provider_and_a_required_policy_flags_who_lacks_one()
 {
    let w = world().await;
    let app = &w.env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, overview) = post(
        app,
        &admin,
        "member_factors",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    assert_eq!(overview["state"], "known");
    let rows = overview["rows"].as_array().unwrap();
    let row = |email: &str| rows.iter().find(|r| r["email"] == email).unwrap().clone();
    assert_eq!(
        row("astrid@fjord-tandklinik.example")["factors"],
        serde_json::json!(["totp"])
    );
    assert_eq!(
        row("mads@fjord-tandklinik.example")["factors"],
        serde_json::json!([])
    );
    assert_eq!(row("mads@fjord-tandklinik.example")["has_account"], true);

    // Required: the dashboard names Mads.
    let repo = &app.state.services.repo;
    let mut fjord = repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    fjord.security.mfa_mode = MfaMode::Required;
    repo.save_tenant(&mut fjord).await.unwrap();
    let (_, d) = post(
        app,
        &admin,
        "tenant_dashboard",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    let no_mfa = d["attention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "no_mfa")
        .unwrap_or_else(|| panic!("{d}"))
        .clone();
    assert_eq!(no_mfa["names"], serde_json::json!(["Mads Medlem"]));

    // Without an identity provider: not connected, never "nobody has one".
    let env = auth::start().await;
    let admin = session_for(&env.app, "admin", ClientKind::Portal, &[]).await;
    let (_, overview) = post(
        &env.app,
        &admin,
        "member_factors",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(overview["state"], "not_connected");
}
