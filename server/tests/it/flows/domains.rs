//! Mail domains over the stand-ins: the tenant admin adds a domain (made in
//! `dev/stalwart` with its DKIM keys), publishes the records in Knot DNS as
//! they would at their DNS host (`knotc`), and sees it verified; the
//! scheduled worker notices a DKIM record removed (the sidebar badge shows 1)
//! and its return; bad names and other tenants' domains are refused with
//! nothing made in the mail server; removal is refused while a mailbox uses
//! the domain; the DMARC ladder and the SPF meter read the same zone.
use super::auth::session_for;
use super::provisioning::{World, post, ravn_admin_session, world_with};
use crate::servers::{self, Knot};
use app::domain::model::ClientKind;
use app::ports::mail_admin::NewMailbox;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};

const DOMAIN: &str = "fjord-klinik.test";
const SLUG: &str = "fjord-tandklinik";

async fn setup(recheck_secs: u64) -> (World, Knot) {
    let knot = servers::knot(DOMAIN, "").await;
    let w = world_with(&[
        ("DNS_RESOLVERS", knot.addr()),
        ("DNS_TIMEOUT_MS", "2000".into()),
        ("DNS_RECHECK_INTERVAL_SECS", recheck_secs.to_string()),
    ])
    .await;
    (w, knot)
}

/// Publishes every record of a domain's detail in Knot, as one admin would
/// (all values of one name and type together).
fn publish(knot: &Knot, detail: &Value) {
    let mut sets: Vec<(String, String, Vec<String>)> = Vec::new();
    for row in detail["records"].as_array().unwrap() {
        let r = &row["record"];
        if r["kind"] == "other" {
            continue;
        }
        let owner = format!("{}.", r["name"].as_str().unwrap());
        let rtype = r["rtype"].as_str().unwrap().to_owned();
        let value = row["zone_value"].as_str().unwrap().to_owned();
        match sets.iter_mut().find(|(o, t, _)| *o == owner && *t == rtype) {
            Some((_, _, v)) => v.push(value),
            None => sets.push((owner, rtype, vec![value])),
        }
    }
    for (owner, rtype, values) in sets {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        knot.set(&owner, &rtype, &values);
    }
}

fn row<'a>(detail: &'a Value, kind: &str) -> &'a Value {
    detail["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["record"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} record in {detail}"))
}

async fn badge(w: &World, session: &str) -> u64 {
    let (status, counts) = post(&w.env.app, session, "nav_attention", &[("face", "portal")]).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    counts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == "domains_need_attention")
        .and_then(|c| c[1].as_u64())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_domain_is_added_published_verified_and_its_drift_noticed_by_the_worker_and_cleared() {
    let (w, knot) = setup(5).await;
    let app = &w.env.app;
    let services = &app.state.services;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    // A tenant without a primary domain yet: its first verified one becomes it.
    let mut tenant = services.repo.tenant_by_slug(SLUG).await.unwrap().unwrap();
    tenant.primary_domain = None;
    services.repo.save_tenant(&mut tenant).await.unwrap();

    // Added as typed (case, a trailing dot): made in the mail server.
    let (status, added) = post(
        app,
        &admin,
        "add_domain",
        &[("slug", SLUG), ("name", "Fjord-Klinik.TEST.")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["summary"]["name"], DOMAIN);
    assert_eq!(added["summary"]["status"], "pending");
    let mail = services.mail_admin.as_ref().unwrap();
    assert!(mail.find_domain(DOMAIN).await.unwrap().is_some());
    // The records: ownership, MX, SPF, two DKIM keys, DMARC at `none`.
    for kind in ["ownership", "mx", "spf", "dkim", "dmarc"] {
        assert!(row(&added, kind)["state"].is_null(), "not checked yet");
    }
    let dkim: Vec<&Value> = added["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["record"]["kind"] == "dkim")
        .collect();
    assert_eq!(dkim.len(), 2, "an Ed25519 and an RSA key");
    assert!(
        row(&added, "dmarc")["record"]["value"]
            .as_str()
            .unwrap()
            .starts_with("v=DMARC1; p=none"),
        "{added}"
    );
    assert!(
        row(&added, "mx")["record"]["value"]
            .as_str()
            .unwrap()
            .contains("mail.dezky.test")
    );
    let zone_file = added["zone_file"].as_str().unwrap();
    assert!(zone_file.contains(&format!("{DOMAIN}. 3600 IN TXT \"dezky-verification=")));
    assert!(zone_file.contains(&format!("_dmarc.{DOMAIN}. 3600 IN TXT \"v=DMARC1; p=none")));

    // Nothing published: still pending, every required record missing.
    let (_, checked) = post(
        app,
        &admin,
        "check_domain",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(checked["summary"]["status"], "pending", "{checked}");
    assert_eq!(row(&checked, "ownership")["state"], "missing");
    assert_eq!(row(&checked, "mx")["state"], "missing");
    // Moving up the DMARC ladder needs the domain verified first.
    let (status, refused) = post(
        app,
        &admin,
        "choose_dmarc_step",
        &[("slug", SLUG), ("name", DOMAIN), ("step", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        (refused["field"].as_str(), refused["reason"].as_str()),
        (Some("step"), Some("blocked"))
    );

    // Everything but the ownership record: not verified (ownership first).
    publish(&knot, &added);
    knot.set(&format!("{DOMAIN}."), "TXT", &["\"v=spf1 mx -all\""]);
    let (_, checked) = post(
        app,
        &admin,
        "check_domain",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(checked["summary"]["status"], "pending", "{checked}");
    assert_eq!(row(&checked, "ownership")["state"], "missing");
    assert_eq!(row(&checked, "spf")["state"], "ok");

    // All of it: verified, audited.
    publish(&knot, &added);
    let (_, verified) = post(
        app,
        &admin,
        "check_domain",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(verified["summary"]["status"], "verified", "{verified}");
    for r in verified["records"].as_array().unwrap() {
        if r["record"]["kind"] != "other" {
            assert_eq!(r["state"], "ok", "{r}");
        }
    }
    assert_eq!(app.events("domain.verified").await.len(), 1);
    assert_eq!(verified["summary"]["primary"], true, "{verified}");
    let tenant = services.repo.tenant_by_slug(SLUG).await.unwrap().unwrap();
    assert_eq!(tenant.primary_domain.as_deref(), Some(DOMAIN));
    assert_eq!(app.events("tenant.primary_domain_changed").await.len(), 1);
    assert_eq!(badge(&w, &admin).await, 0);
    let (_, list) = post(app, &admin, "tenant_domains", &[("slug", SLUG)]).await;
    assert_eq!(list["domains"][0]["status"], "verified", "{list}");
    assert!(list["domains"][0]["checked_at"].as_i64().is_some());

    // The worker rechecks on its schedule: a removed DKIM key is drift.
    let worker = server::workers::spawn_domain_checks(services.clone());
    let selector_name = format!("{}.", dkim[0]["record"]["name"].as_str().unwrap());
    let kept = dkim[1]["zone_value"].as_str().unwrap();
    if dkim[0]["record"]["name"] == dkim[1]["record"]["name"] {
        knot.set(&selector_name, "TXT", &[kept]);
    } else {
        knot.set(&selector_name, "TXT", &[]);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while badge(&w, &admin).await != 1 {
        assert!(
            Instant::now() < deadline,
            "the worker did not notice the drift"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let drift = app.events("domain.drift_detected").await;
    assert_eq!(drift.len(), 1);
    assert_eq!(drift[0].actor_id, "domain-checker");
    assert_eq!(drift[0].tenant_slug.as_deref(), Some(SLUG));
    assert!(
        drift[0].metadata["records"][0]
            .as_str()
            .unwrap()
            .starts_with("dkim "),
        "{:?}",
        drift[0].metadata
    );
    let (_, d) = post(app, &admin, "tenant_dashboard", &[("slug", SLUG)]).await;
    assert!(
        d["attention"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["item"] == "domains_need_attention"),
        "{d}"
    );
    let (_, detail) = post(
        app,
        &admin,
        "domain_records",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(detail["summary"]["status"], "needs_attention");
    assert_eq!(detail["summary"]["problems"], 1, "{detail}");

    // Restored: cleared by the next scheduled check.
    publish(&knot, &added);
    let deadline = Instant::now() + Duration::from_secs(30);
    while badge(&w, &admin).await != 0 {
        assert!(
            Instant::now() < deadline,
            "the worker did not clear the drift"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(app.events("domain.drift_cleared").await.len(), 1);
    worker.abort();

    // Up the DMARC ladder: chosen and audited, then published and matched.
    let (status, stepped) = post(
        app,
        &admin,
        "choose_dmarc_step",
        &[("slug", SLUG), ("name", DOMAIN), ("step", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{stepped}");
    assert_eq!(stepped["dmarc"]["chosen"], 1);
    assert_eq!(stepped["dmarc"]["matches"], false, "still p=none in DNS");
    assert_eq!(row(&stepped, "dmarc")["state"], "other_step");
    let chosen = app.events("domain.dmarc_step_chosen").await;
    assert_eq!(chosen[0].metadata["to"], "v=DMARC1; p=quarantine; pct=25");
    knot.set(
        &format!("_dmarc.{DOMAIN}."),
        "TXT",
        &[row(&stepped, "dmarc")["zone_value"].as_str().unwrap()],
    );
    let (_, rechecked) = post(
        app,
        &admin,
        "check_domain",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(rechecked["summary"]["status"], "verified");
    assert_eq!(rechecked["dmarc"]["matches"], true, "{rechecked}");
    assert_eq!(rechecked["dmarc"]["published_step"], 1);

    // The SPF meter through Knot: an include with its own lookups, a void.
    knot.set(
        &format!("{DOMAIN}."),
        "TXT",
        &[
            "\"v=spf1 mx include:_spf.fjord-klinik.test a:gone.fjord-klinik.test -all\"",
            row(&added, "ownership")["zone_value"].as_str().unwrap(),
        ],
    );
    knot.set(
        &format!("_spf.{DOMAIN}."),
        "TXT",
        &["\"v=spf1 a:out.fjord-klinik.test ip4:192.0.2.0/24 ~all\""],
    );
    knot.set(&format!("out.{DOMAIN}."), "A", &["192.0.2.10"]);
    let (status, spf) = post(
        app,
        &admin,
        "spf_meter",
        &[("slug", SLUG), ("name", DOMAIN)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{spf}");
    assert_eq!(
        spf["lookups"], 4,
        "{spf}: mx, include, a:gone, and the include's a:out"
    );
    assert_eq!(spf["voids"], 1, "{spf}: a:gone has no address");
    assert_eq!(spf["verdict"], "ok");
    assert_eq!(
        spf["root"]["terms"][1]["child"]["domain"],
        format!("_spf.{DOMAIN}")
    );
}

#[tokio::test]
async fn bad_names_and_other_tenants_domains_are_refused_and_a_used_domain_is_not_removed() {
    let (w, _knot) = setup(3600).await;
    let app = &w.env.app;
    let mail = app.state.services.mail_admin.as_ref().unwrap();
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let add = |name: &'static str| [("slug", SLUG), ("name", name)];

    for (name, reason) in [
        ("", "required"),
        ("   ", "required"),
        ("localhost", "single_label"),
        ("not a domain.dk", "invalid_domain"),
        ("-fjord.dk", "invalid_domain"),
        ("fjord..dk", "invalid_domain"),
        ("under_score.dk", "invalid_domain"),
        ("https://fjord.dk", "invalid_domain"),
        ("anna@fjord.dk", "invalid_domain"),
        ("xn--zz.dk", "invalid_domain"),
        ("fjord.123", "invalid_domain"),
        ("dezky.eu", "dezky_domain"),
        ("Mail.Dezky.EU", "dezky_domain"),
        ("ravn-arkitekter.example", "domain_of_other_tenant"),
    ] {
        let (status, body) = post(app, &admin, "add_domain", &add(name)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        assert_eq!(
            (body["field"].as_str(), body["reason"].as_str()),
            (Some("name"), Some(reason)),
            "{name:?}"
        );
    }
    assert!(
        mail.domains().await.unwrap().is_empty(),
        "nothing made in the mail server"
    );

    // An IDN is kept as punycode, shown as typed.
    let (status, idn) = post(app, &admin, "add_domain", &add("Bøger-Fjord.dk")).await;
    assert_eq!(status, StatusCode::OK, "{idn}");
    assert_eq!(idn["summary"]["name"], "xn--bger-fjord-0cb.dk");
    assert_eq!(idn["summary"]["display_name"], "bøger-fjord.dk");
    let (_, again) = post(app, &admin, "add_domain", &add("xn--bger-fjord-0cb.dk")).await;
    assert_eq!(again["reason"], "already_added", "{again}");

    // Another tenant's domain, added through its own portal first.
    let ravn = ravn_admin_session(app).await;
    let (status, theirs) = post(
        app,
        &ravn,
        "add_domain",
        &[("slug", "ravn-arkitekter"), ("name", "ravn.test")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{theirs}");
    let (status, refused) = post(app, &admin, "add_domain", &add("RAVN.test")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["reason"], "domain_of_other_tenant");
    // ... and it is not ours to read, check or remove.
    for endpoint in ["domain_records", "check_domain", "remove_domain"] {
        let (status, _) = post(
            app,
            &admin,
            endpoint,
            &[("slug", SLUG), ("name", "ravn.test")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}");
    }

    // A mailbox on the domain: removal refused, naming it; then allowed.
    let (_, ours) = post(app, &admin, "add_domain", &add(DOMAIN)).await;
    assert_eq!(ours["summary"]["status"], "pending", "{ours}");
    let domain = mail.find_domain(DOMAIN).await.unwrap().unwrap();
    let mailbox = mail
        .create_mailbox(&NewMailbox {
            local_part: "anna".into(),
            domain_id: domain.id.clone(),
            display_name: Some("Anna".into()),
            password: "a-long-first-password-1".into(),
            quota_bytes: None,
        })
        .await
        .unwrap();
    let (status, in_use) = post(app, &admin, "remove_domain", &add(DOMAIN)).await;
    assert_eq!(status, StatusCode::OK, "{in_use}");
    assert_eq!(in_use["outcome"], "in_use");
    assert_eq!(in_use["mailboxes"][0], format!("anna@{DOMAIN}"), "{in_use}");
    assert!(mail.find_domain(DOMAIN).await.unwrap().is_some());
    let refusals = app.events("domain.removed").await;
    assert_eq!(refusals[0].outcome, app::domain::audit::Outcome::Failure);

    mail.delete_mailbox(&mailbox.id).await.unwrap();
    let (_, removed) = post(app, &admin, "remove_domain", &add(DOMAIN)).await;
    assert_eq!(removed["outcome"], "removed", "{removed}");
    assert!(mail.find_domain(DOMAIN).await.unwrap().is_none());
    let (_, list) = post(app, &admin, "tenant_domains", &[("slug", SLUG)]).await;
    let names: Vec<&str> = list["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["xn--bger-fjord-0cb.dk"]);
    // The tenant's primary domain was set before it was added here: said so.
    assert_eq!(list["primary_not_added"], "fjord-tandklinik.example");
    // A pending domain cannot be primary.
    let (status, body) = post(
        app,
        &admin,
        "make_primary_domain",
        &[("slug", SLUG), ("name", "xn--bger-fjord-0cb.dk")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["reason"], "not_verified");
    // A member is not an admin: refused.
    let member = session_for(app, "member", ClientKind::Portal, &[]).await;
    let (status, _) = post(app, &member, "tenant_domains", &[("slug", SLUG)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
