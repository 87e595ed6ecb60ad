//! The New customer wizard against the stand-ins: the slug is checked live,
//! bad input is refused by field with nothing made, and Create makes the
//! tenant under the partner, the first admin at the identity provider in the
//! tenant's group (invited by mail, in maildev), the mail domain on the mail
//! server, and a set-up grant the partner works under (its events carry the
//! grant id); the customer's admin can end it.
use super::auth::session_for;
use super::provisioning::{post, world_with};
use crate::servers;
use app::domain::model::{ClientKind, TenantRole, TenantStatus};
use reqwest::StatusCode;

fn wizard<'a>(slug: &'a str, domain: &'a str, seats: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[name]", "Nordlys Tandlæger ApS"),
        ("form[slug]", slug),
        ("form[plan]", "standard"),
        ("form[seats]", seats),
        ("form[domain]", domain),
        ("form[admin_name]", "Mette Nordlys"),
        ("form[admin_email]", "Mette@Nordlys-Tand.example"),
        ("lang", "da"),
    ]
}

#[tokio::test]
async fn a_partner_creates_a_customer_with_its_first_admin_invited_and_lands_inside() {
    let catcher = servers::maildev().await;
    let w = world_with(&catcher.smtp_env()).await;
    let app = &w.env.app;
    let services = &app.state.services;
    let repo = &services.repo;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;

    // The slug, live: taken, free, against the rule.
    let check = |slug: &'static str| {
        let partner = partner.clone();
        async move { post(app, &partner, "customer_slug_check", &[("slug", slug)]).await }
    };
    assert_eq!(check("fjord-tandklinik").await.1["state"], "taken");
    assert_eq!(check("nordlys-tand").await.1["state"], "available");
    let (_, bad) = check("No").await;
    assert_eq!(
        (bad["state"].as_str(), bad["reason"].as_str()),
        (Some("invalid"), Some("invalid_characters"))
    );

    // Bad input names its field, and nothing is made.
    for (form, field) in [
        (wizard("nordlys-tand", "", "0"), "seats"),
        (
            wizard("nordlys-tand", "fjord-tandklinik.example", "12"),
            "domain",
        ),
        (
            wizard("nordlys-tand", "nordlys tand.example", "12"),
            "domain",
        ),
        (wizard("Nordlys", "", "12"), "slug"),
    ] {
        let (status, body) = post(app, &partner, "create_customer", &form).await;
        assert_eq!(
            (status, body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{body}"
        );
    }
    let (status, body) = post(
        app,
        &partner,
        "create_customer",
        &wizard("fjord-tandklinik", "", "12"),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::CONFLICT, Some("slug"))
    );
    assert!(repo.tenant_by_slug("nordlys-tand").await.unwrap().is_none());
    assert!(app.events("tenant.created").await.is_empty());

    // Create.
    let (status, created) = post(
        app,
        &partner,
        "create_customer",
        &wizard("nordlys-tand", "Nordlys-Tand.example", "12"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["problems"], serde_json::json!([]), "{created}");
    assert_eq!(created["mailed"], true);
    assert_eq!(created["domain"], "nordlys-tand.example");
    let tenant = repo.tenant_by_slug("nordlys-tand").await.unwrap().unwrap();
    let seed_partner = repo.partner_by_slug("nordlys-it").await.unwrap();
    assert_eq!(Some(tenant.partner_id.clone()), seed_partner.map(|p| p.id));
    assert_eq!(
        (
            tenant.name.as_str(),
            tenant.plan.as_str(),
            tenant.seats,
            tenant.status
        ),
        (
            "Nordlys Tandlæger ApS",
            "standard",
            12,
            TenantStatus::Active
        )
    );

    // The first admin: at the identity provider in the tenant's group, and
    // an admin member of the tenant (pending until the first sign-in).
    let idp = services.identity_admin.as_ref().unwrap();
    let account = idp
        .find_user_by_email("mette@nordlys-tand.example")
        .await
        .unwrap()
        .expect("IdP account");
    assert!(
        account
            .groups
            .contains(&"dezky-tenant-nordlys-tand".to_owned()),
        "{:?}",
        account.groups
    );
    let member = repo
        .member_by_email(&tenant.id, "mette@nordlys-tand.example")
        .await
        .unwrap()
        .expect("member");
    assert_eq!(member.role_for_tenant(&tenant.id), Some(TenantRole::Admin));

    // The invitation, in the catcher, in Danish, with a way in.
    let mail = catcher.received().await;
    let invite = mail
        .iter()
        .find(|m| m["to"][0]["address"] == "mette@nordlys-tand.example")
        .unwrap_or_else(|| panic!("no invitation in {mail:?}"));
    assert!(
        invite["subject"]
            .as_str()
            .unwrap()
            .contains("Nordlys Tandlæger ApS"),
        "{invite}"
    );
    assert!(
        invite["text"].as_str().unwrap().contains("http"),
        "{invite}"
    );

    // The mail domain on the mail server, pending verification.
    let domain = repo
        .mail_domain_by_name("nordlys-tand.example")
        .await
        .unwrap()
        .expect("domain");
    assert_eq!(domain.tenant_id, tenant.id);

    // The partner lands inside under the set-up grant; what it did there
    // carries the grant id.
    let grants = repo.grants_of_tenant(&tenant.id).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert!(grants[0].setup && grants[0].scope == app::domain::access::AccessScope::Admin);
    let (status, _) = post(app, &partner, "tenant_home", &[("slug", "nordlys-tand")]).await;
    assert_eq!(status, StatusCode::OK);
    for action in ["person.added", "domain.added"] {
        let events = app.events(action).await;
        let e = events
            .iter()
            .find(|e| e.tenant_slug.as_deref() == Some("nordlys-tand"))
            .unwrap_or_else(|| panic!("no {action}"));
        assert_eq!(
            e.metadata["access_grant"],
            grants[0].id.as_str(),
            "{action}"
        );
    }
    let invited = app.events("tenant.admin_invited").await;
    assert_eq!(invited[0].metadata["mailed"], true);
    assert_eq!(
        app.events("tenant.created").await[0].metadata["first_admin"],
        "mette@nordlys-tand.example"
    );

    // The same slug again is taken.
    let (status, _) = post(
        app,
        &partner,
        "create_customer",
        &wizard("nordlys-tand", "", "12"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Another partner's staff, a tenant admin or a member cannot create.
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &admin, "create_customer", &wizard("other-co", "", "3")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_partner_sees_each_customers_health_and_suspends_only_its_own() {
    let w = super::provisioning::world().await;
    let app = &w.env.app;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let health = |home: &serde_json::Value, slug: &str| {
        home["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["slug"] == slug)
            .map(|t| t["health"].clone())
            .unwrap_or_else(|| panic!("no {slug} in {home}"))
    };
    // Fjord has no verified mail domain yet: attention, and why.
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    let h = health(&home, "fjord-tandklinik");
    assert_eq!(h["level"], "attention", "{h}");
    assert!(
        h["reasons"]
            .as_array()
            .unwrap()
            .contains(&"no_mail_domain".into())
    );
    assert!(
        !h["reasons"]
            .as_array()
            .unwrap()
            .contains(&"mfa_below_policy".into())
    );
    // Its admin requires a second factor, which its people have not set up
    // at the identity provider: attention, and why.
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let policy = super::security::fjord_policy("required");
    let (status, body) = post(app, &admin, "save_security_policy", &policy).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    let h = health(&home, "fjord-tandklinik");
    assert!(
        h["reasons"]
            .as_array()
            .unwrap()
            .contains(&"mfa_below_policy".into()),
        "{h}"
    );

    // Not its customer: refused and recorded.
    let (status, _) = post(
        app,
        &partner,
        "partner_set_customer_suspended",
        &[("slug", "ravn-arkitekter"), ("suspend", "true")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        app.events("tenant.access_denied")
            .await
            .iter()
            .any(|e| e.metadata["reason"] == "not_a_customer")
    );

    // Its own: THE suspension with its cascade; health turns critical.
    let (status, cascade) = post(
        app,
        &partner,
        "partner_set_customer_suspended",
        &[("slug", "fjord-tandklinik"), ("suspend", "true")],
    )
    .await;
    assert_eq!(
        (status, cascade["status"].as_str()),
        (StatusCode::OK, Some("suspended")),
        "{cascade}"
    );
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    let h = health(&home, "fjord-tandklinik");
    assert_eq!(
        (h["level"].as_str(), h["reasons"][0].as_str()),
        (Some("critical"), Some("suspended"))
    );
    let suspended = app.events("tenant.suspended").await;
    assert_eq!(suspended[0].actor_email, "peter@nordlys-it.example");
    let (status, _) = post(
        app,
        &partner,
        "partner_set_customer_suspended",
        &[("slug", "fjord-tandklinik"), ("suspend", "false")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_partner_edits_its_customers_name_plan_and_seats_by_the_wizards_rules() {
    let env = super::auth::start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let edit = |slug: &'static str, name: &'static str, seats: &'static str| {
        let partner = partner.clone();
        async move {
            post(
                app,
                &partner,
                "update_customer",
                &[
                    ("slug", slug),
                    ("edit[name]", name),
                    ("edit[plan]", "standard"),
                    ("edit[seats]", seats),
                ],
            )
            .await
        }
    };
    // Bad input names its field; nothing changes.
    for (name, seats, field, reason) in [
        ("", "6", "name", "required"),
        ("Bager Hansen", "0", "seats", "out_of_range"),
        ("Bager Hansen", "seks", "seats", "not_a_number"),
    ] {
        let (status, body) = edit("bager-hansen", name, seats).await;
        assert_eq!(
            (status, body["field"].as_str(), body["reason"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(reason))
        );
    }
    // Fewer seats than the people a customer has are refused.
    let people = repo
        .users_of_tenant(
            &repo
                .tenant_by_slug("fjord-tandklinik")
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()
        .len();
    assert!(people >= 2, "{people}");
    let (status, body) = edit("fjord-tandklinik", "Fjord Tandklinik", "1").await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("below_people"))
    );
    // Saved, audited with only what changed.
    let (status, saved) = edit("bager-hansen", "  Bager Hansen & Søn ", "9").await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["name"], "Bager Hansen & Søn");
    let t = repo.tenant_by_slug("bager-hansen").await.unwrap().unwrap();
    assert_eq!((t.name.as_str(), t.seats), ("Bager Hansen & Søn", 9));
    let updated = app.events("tenant.updated").await;
    assert_eq!(updated.len(), 1);
    assert_eq!(
        updated[0].metadata["diff"],
        serde_json::json!({
            "name": { "from": "Bager Hansen", "to": "Bager Hansen & Søn" },
            "seats": { "from": 6, "to": 9 },
        })
    );
    // The same again changes nothing and records nothing.
    let (status, _) = edit("bager-hansen", "Bager Hansen & Søn", "9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.events("tenant.updated").await.len(), 1);
    // Another partner's customer: refused like an unknown one.
    let (status, _) = edit("ravn-arkitekter", "Ravn", "3").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_partner_keeps_its_profile_and_branding_but_not_the_operators_terms() {
    use serde_json::json;
    let env = super::auth::start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let (status, view) = post(app, &partner, "partner_settings", &[]).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["can_edit"], true);
    let version = view["version"].as_u64().unwrap();

    // Profile: bad input names its field; the operator's terms stay as they
    // are whatever the page sends.
    let mut fields = view["fields"].clone();
    fields["contact_email"] = json!("kontakt");
    let (status, body) = super::provisioning::post_json(
        app,
        &partner,
        "save_partner_profile",
        &json!({ "fields": fields, "version": version }),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("contact_email"))
    );
    let mut fields = view["fields"].clone();
    fields["contact_name"] = json!("Peter Nordlys");
    fields["billing_vat_id"] = json!("DK12345678");
    fields["margin_pct"] = json!(90);
    fields["standing_access"] = json!(true);
    fields["status"] = json!("terminated");
    let (status, saved) = super::provisioning::post_json(
        app,
        &partner,
        "save_partner_profile",
        &json!({ "fields": fields, "version": version }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let p = repo.partner_by_slug("nordlys-it").await.unwrap().unwrap();
    assert_eq!(
        (p.contact_name.as_str(), p.billing.vat_id.as_str()),
        ("Peter Nordlys", "DK12345678")
    );
    assert_eq!(
        (p.margin_pct, p.standing_access, p.status),
        (30, false, app::domain::model::PartnerStatus::Active)
    );
    let e = &app.events("partner.updated").await[0];
    assert_eq!(
        e.metadata["diff"],
        json!({
            "contact_name": { "from": "", "to": "Peter Nordlys" },
            "billing_vat_id": { "from": "", "to": "DK12345678" },
        })
    );
    // The old version again is a conflict, never an overwrite.
    let (status, _) = super::provisioning::post_json(
        app,
        &partner,
        "save_partner_profile",
        &json!({ "fields": fields, "version": version }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Branding: a colour that is none is refused by field; then saved, and
    // the signed-in shell's partner carries it.
    let version = saved["version"].as_u64().unwrap().to_string();
    let brand = |colour: &'static str, version: String| {
        let partner = partner.clone();
        async move {
            post(
                app,
                &partner,
                "save_partner_branding",
                &[
                    ("form[product_name]", " Nordlys Workplace "),
                    ("form[accent_colour]", colour),
                    ("customer_branding", "true"),
                    ("version", version.as_str()),
                ],
            )
            .await
        }
    };
    let (status, body) = brand("blue", version.clone()).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("accent_colour"))
    );
    let (status, saved) = brand("#1D4ED8", version).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        saved["branding"],
        json!({ "product_name": "Nordlys Workplace", "accent_colour": "#1d4ed8" })
    );
    let (_, me) = post(app, &partner, "whoami", &[]).await;
    assert_eq!(me["partner"]["accent"], "#1d4ed8", "{me}");
    let e = &app.events("partner.updated").await[0];
    assert_eq!(
        e.metadata["diff"]["accent_colour"],
        json!({ "from": "", "to": "#1d4ed8" })
    );
    // A customer's admin is not partner staff.
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &admin, "partner_settings", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Its customers wear the partner's colour, and, allowed, their own.
    let accent_of = |me: &serde_json::Value| {
        me["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["slug"] == "fjord-tandklinik")
            .map(|t| t["accent"].clone())
            .unwrap_or_default()
    };
    let (_, me) = post(app, &admin, "whoami", &[]).await;
    assert_eq!(accent_of(&me), "#1d4ed8", "{me}");
    let own = [
        ("slug", "fjord-tandklinik"),
        ("form[product_name]", ""),
        ("form[accent_colour]", "#C0392B"),
    ];
    let (status, view) = post(app, &admin, "save_tenant_branding", &own).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(
        (
            view["allowed"].as_bool(),
            view["effective"]["accent_colour"].as_str()
        ),
        (Some(true), Some("#c0392b"))
    );
    assert_eq!(
        view["effective"]["product_name"], "Nordlys Workplace",
        "the partner's name where the customer set none"
    );
    let (_, me) = post(app, &admin, "whoami", &[]).await;
    assert_eq!(accent_of(&me), "#c0392b");
    assert_eq!(app.events("tenant.branding_updated").await.len(), 1);
}

/// A 1×1 PNG in the partner's blue.
const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQ9bsBAAHPAURf8l/aAAAAAElFTkSuQmCC";

#[tokio::test]
async fn a_partners_logo_is_taken_by_its_bytes_served_inert_and_replaced() {
    use base64::Engine;
    use serde_json::json;
    let env = super::auth::start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let (_, view) = post(app, &partner, "partner_settings", &[]).await;
    let version = view["version"].as_u64().unwrap();
    assert_eq!(view["logo"], json!(null));
    let upload = |data: String, version: u64| {
        let partner = partner.clone();
        async move {
            super::provisioning::post_json(
                app,
                &partner,
                "upload_partner_logo",
                &json!({ "data": data, "version": version }),
            )
            .await
        }
    };
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);

    // SVG is refused by name, whatever the browser called it; so is a file
    // that is no image, and one over 256 KB. Nothing is stored.
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    for (data, reason) in [
        (format!("data:image/png;base64,{}", b64(svg)), "svg"),
        (
            format!("data:image/png;base64,{}", b64(b"GIF89a....")),
            "unsupported_image",
        ),
        (b64(&vec![0x89; 256 * 1024 + 1]), "too_large"),
        ("not base64 at all!".to_owned(), "unsupported_image"),
    ] {
        let (status, body) = upload(data, version).await;
        assert_eq!(
            (status, body["field"].as_str(), body["reason"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("logo"), Some(reason)),
            "{body}"
        );
    }
    let p = repo.partner_by_slug("nordlys-it").await.unwrap().unwrap();
    assert_eq!((p.version, p.branding.logo), (version, None));

    // Taken: the type the bytes have, whatever the data URL said.
    let (status, _) = upload(format!("data:image/jpeg;base64,{PNG_1X1}"), version).await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = post(app, &partner, "partner_settings", &[]).await;
    let url = view["logo"].as_str().expect("a logo").to_owned();
    assert!(url.starts_with("/logos/nordlys-it-"), "{url}");
    // Served as the PNG it is (not the JPEG the upload claimed), inert,
    // never sniffed, cached for good.
    let res = app.get(&url).await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |n: &str| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(
        header("content-security-policy"),
        "default-src 'none'; sandbox"
    );
    assert!(header("cache-control").contains("immutable"));
    let bytes = res.bytes().await.unwrap();
    assert_eq!(b64(&bytes), PNG_1X1);
    assert_eq!(
        app.get("/logos/nordlys-it-0000000000000000").await.status(),
        StatusCode::NOT_FOUND
    );
    // A path that is no logo id is never looked up (the canonical-path
    // layer refuses the encoded slash first).
    assert!(
        app.get("/logos/..%2Fsecret")
            .await
            .status()
            .is_client_error()
    );
    let e = &app.events("partner.updated").await[0];
    assert_eq!(e.metadata["diff"]["logo"]["from"], json!(null));

    // The shells show it: the partner's own face and its customers' portal.
    let (_, me) = post(app, &partner, "whoami", &[]).await;
    assert_eq!(me["partner"]["logo"].as_str(), Some(url.as_str()));
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (_, me) = post(app, &admin, "whoami", &[]).await;
    assert!(
        me["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["logo"] == url),
        "{me}"
    );

    // Removed: the stored bytes go with it, and the old version conflicts.
    let version = view["version"].as_u64().unwrap();
    let (status, _) = upload(format!("data:image/png;base64,{PNG_1X1}"), version - 1).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, view) = post(
        app,
        &partner,
        "remove_partner_logo",
        &[("version", version.to_string().as_str())],
    )
    .await;
    assert_eq!(
        (status, view["logo"].clone()),
        (StatusCode::OK, json!(null))
    );
    assert_eq!(app.get(&url).await.status(), StatusCode::NOT_FOUND);
    let id = url.trim_start_matches("/logos/");
    assert!(repo.logo(id).await.unwrap().is_none());
}
