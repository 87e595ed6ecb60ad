//! The mail-admin port against Stalwart's JMAP management API as its own
//! published schema describes it: `dev/stalwart` checks every object the
//! adapter writes against `stalwart-management-schema.json` (types, enums,
//! "@type" variants, server-set and unknown properties, required values,
//! foreign keys) and refuses what Stalwart refuses, so a request of the
//! wrong shape fails these tests. The stand-in's copy of the schema is
//! checked against upstream's file.
use crate::servers::faults::{self, Fault};
use crate::servers::{self, Server};
use app::ports::api_error::ApiErrorKind as Kind;
use app::ports::mail_admin::{MailAdmin, NewMailbox};
use serde_json::{Value, json};
use server::config::Env;
use server::integrations::stalwart::{Stalwart, StalwartConfig};

fn adapter(vars: Vec<(&'static str, String)>) -> Stalwart {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = StalwartConfig::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .unwrap();
    Stalwart::new(&config).unwrap()
}

fn mailbox(local: &str, domain_id: &str) -> NewMailbox {
    NewMailbox {
        local_part: local.into(),
        domain_id: domain_id.into(),
        display_name: Some("Ole Østergård".into()),
        password: "Kode-til-postkassen-1".into(),
        quota_bytes: Some(5 * 1024 * 1024 * 1024),
    }
}

/// A raw JMAP call, for what dezky never does itself (a mailing list, an
/// alias on another domain).
async fn jmap(stand_in: &Server, calls: Value) -> Value {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/jmap", stand_in.port))
        .basic_auth("admin", Some(servers::STALWART_SECRET))
        .json(&json!({
            "using": ["urn:ietf:params:jmap:core", "urn:stalwart:jmap"],
            "methodCalls": calls,
        }))
        .send()
        .await
        .expect("the stand-in answers")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn a_domain_is_created_with_dkim_and_its_zone_lists_what_to_publish() {
    let stand_in = servers::stalwart().await;
    let mail = adapter(stand_in.stalwart_env());
    mail.check().await.expect("the credentials are accepted");
    assert!(mail.provisioning_enabled());

    let domain = mail.create_domain("Fjord-Tandklinik.dk.").await.unwrap();
    assert_eq!(
        domain.name, "fjord-tandklinik.dk",
        "lower case, no root dot"
    );
    assert!(domain.enabled);
    assert!(domain.created_at.is_some());
    assert_eq!(
        mail.find_domain("FJORD-tandklinik.dk").await.unwrap(),
        Some(domain.clone())
    );
    assert_eq!(mail.find_domain("other.dk").await.unwrap(), None);
    assert_eq!(mail.domains().await.unwrap(), vec![domain.clone()]);

    let zone = mail.zone(&domain.id).await.unwrap();
    let find = |name: &str, kind: &str| {
        zone.records
            .iter()
            .filter(|r| r.name == name && r.kind == kind)
            .map(|r| r.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find("fjord-tandklinik.dk", "MX"),
        vec!["10 mail.dezky.test."]
    );
    assert_eq!(find("fjord-tandklinik.dk", "TXT"), vec!["v=spf1 mx -all"]);
    assert_eq!(
        find("_dmarc.fjord-tandklinik.dk", "TXT"),
        vec!["v=DMARC1; p=reject; rua=mailto:postmaster@fjord-tandklinik.dk"],
        "the report address makes the server publish DMARC"
    );
    let dkim: Vec<_> = zone
        .records
        .iter()
        .filter(|r| r.name.ends_with("._domainkey.fjord-tandklinik.dk"))
        .collect();
    assert_eq!(dkim.len(), 2, "an Ed25519 and an RSA key: {zone:?}");
    assert!(
        dkim.iter()
            .any(|r| r.value.starts_with("v=DKIM1; k=ed25519; h=sha256; p="))
    );
    assert!(
        dkim.iter()
            .any(|r| r.value.starts_with("v=DKIM1; k=rsa; h=sha256; p=MII"))
    );
    assert!(
        zone.text
            .contains("fjord-tandklinik.dk. IN MX 10 mail.dezky.test.\n")
    );

    // A second domain of the same name: the server's words reach the caller.
    let dup = mail.create_domain("fjord-tandklinik.dk").await.unwrap_err();
    assert_eq!(
        dup.to_string(),
        "mail: create domain: refused: already exists (name)"
    );
    let bad = mail.create_domain("not a domain").await.unwrap_err();
    assert_eq!(
        bad.to_string(),
        "mail: create domain: refused: name \"not a domain\" is not valid"
    );
    assert_eq!(mail.zone("zz").await.unwrap_err().kind, Kind::NotFound);
}

#[tokio::test]
async fn a_mailbox_is_created_frozen_thawed_reset_and_removed() {
    let stand_in = servers::stalwart().await;
    let mail = adapter(stand_in.stalwart_env());
    let domain = mail.create_domain("fjord-tandklinik.dk").await.unwrap();

    let ole = mail
        .create_mailbox(&mailbox("Ole", &domain.id))
        .await
        .unwrap();
    assert_eq!(ole.email, "ole@fjord-tandklinik.dk");
    assert_eq!(ole.display_name.as_deref(), Some("Ole Østergård"));
    assert_eq!(ole.domain_id, domain.id);
    assert!(!ole.frozen);
    assert_eq!(ole.used_bytes, 0);
    assert_eq!(ole.quota_bytes, Some(5 * 1024 * 1024 * 1024));
    assert_eq!(
        mail.find_mailbox("OLE@Fjord-Tandklinik.dk").await.unwrap(),
        Some(ole.clone())
    );
    assert_eq!(
        mail.find_mailbox("bo@fjord-tandklinik.dk").await.unwrap(),
        None
    );
    assert_eq!(mail.find_mailbox("ole@elsewhere.dk").await.unwrap(), None);

    let dup = mail
        .create_mailbox(&mailbox("ole", &domain.id))
        .await
        .unwrap_err();
    assert_eq!(
        dup.to_string(),
        "mail: create mailbox: refused: already exists (name)"
    );
    let orphan = mail.create_mailbox(&mailbox("bo", "zz")).await.unwrap_err();
    assert_eq!(
        orphan.to_string(),
        "mail: create mailbox: refused: refers to an object that does not exist"
    );

    let frozen = mail.set_frozen(&ole.id, true).await.unwrap();
    assert!(frozen.frozen);
    // Frozen through the permissions Stalwart checks: no sign-in, no
    // sending; mail still arrives.
    let raw = jmap(
        &stand_in,
        json!([["x:Account/get", {"accountId": "a", "ids": [ole.id], "properties": ["permissions"]}, "0"]]),
    )
    .await;
    let permissions = &raw["methodResponses"][0][1]["list"][0]["permissions"];
    assert_eq!(permissions["@type"], "Merge");
    assert_eq!(permissions["disabledPermissions"]["authenticate"], true);
    assert_eq!(permissions["disabledPermissions"]["emailSend"], true);
    assert!(
        permissions["disabledPermissions"]
            .get("emailReceive")
            .is_none()
    );
    let thawed = mail.set_frozen(&ole.id, false).await.unwrap();
    assert!(!thawed.frozen);

    mail.set_password(&ole.id, "Ny-kode-til-postkassen-2")
        .await
        .unwrap();
    mail.delete_mailbox(&ole.id).await.unwrap();
    assert_eq!(
        mail.find_mailbox("ole@fjord-tandklinik.dk").await.unwrap(),
        None
    );
    assert_eq!(
        mail.delete_mailbox(&ole.id).await.unwrap_err().kind,
        Kind::NotFound
    );
    assert_eq!(
        mail.set_frozen(&ole.id, true).await.unwrap_err().kind,
        Kind::NotFound
    );
}

#[tokio::test]
async fn a_domain_in_use_is_not_removed_and_the_refusal_names_what_uses_it() {
    let stand_in = servers::stalwart().await;
    let mail = adapter(stand_in.stalwart_env());
    let fjord = mail.create_domain("fjord-tandklinik.dk").await.unwrap();
    let other = mail.create_domain("fjord.example").await.unwrap();
    let ole = mail
        .create_mailbox(&mailbox("ole", &fjord.id))
        .await
        .unwrap();
    // What dezky never makes itself, but a mail admin may: a list on the
    // domain, and an alias on it held by a mailbox of another domain.
    let made = jmap(
        &stand_in,
        json!([
            ["x:MailingList/set", {"accountId": "a", "create": {"l": {"name": "team", "domainId": fjord.id}}}, "0"],
            ["x:Account/set", {"accountId": "a", "create": {"b": {
                "@type": "User", "name": "bo", "domainId": other.id,
                "aliases": {"0": {"name": "reception", "domainId": fjord.id, "enabled": true}}
            }}}, "1"]
        ]),
    )
    .await;
    assert!(
        made["methodResponses"][0][1]["created"]["l"]["id"].is_string()
            && made["methodResponses"][1][1]["created"]["b"]["id"].is_string(),
        "{made}"
    );

    let usage = mail.domain_usage(&fjord.id).await.unwrap();
    assert_eq!(usage.mailboxes, vec!["ole@fjord-tandklinik.dk"]);
    assert_eq!(usage.aliases, vec!["reception@fjord-tandklinik.dk"]);
    assert_eq!(usage.lists, vec!["team@fjord-tandklinik.dk"]);
    let refused = mail.delete_domain(&fjord.id).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "mail: remove domain: refused: still used by mailboxes ole@fjord-tandklinik.dk; \
         aliases reception@fjord-tandklinik.dk; lists team@fjord-tandklinik.dk"
    );
    assert!(
        mail.find_domain("fjord-tandklinik.dk")
            .await
            .unwrap()
            .is_some()
    );

    mail.delete_mailbox(&ole.id).await.unwrap();
    let ids = |v: &Value, at: &str| {
        v["methodResponses"][0][1]["ids"][0]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{at}: {v}"))
    };
    let lists = jmap(
        &stand_in,
        json!([["x:MailingList/query", {"accountId": "a", "filter": {}}, "0"]]),
    )
    .await;
    let bo = jmap(
        &stand_in,
        json!([["x:Account/query", {"accountId": "a", "filter": {"domainId": other.id}}, "0"]]),
    )
    .await;
    jmap(
        &stand_in,
        json!([
            ["x:MailingList/set", {"accountId": "a", "destroy": [ids(&lists, "list")]}, "0"],
            ["x:Account/set", {"accountId": "a", "update": {ids(&bo, "bo"): {"aliases": {}}}}, "1"]
        ]),
    )
    .await;
    assert!(mail.domain_usage(&fjord.id).await.unwrap().is_empty());
    mail.delete_domain(&fjord.id).await.unwrap();
    assert_eq!(mail.find_domain("fjord-tandklinik.dk").await.unwrap(), None);
}

#[tokio::test]
async fn with_provisioning_off_reads_work_and_changes_are_refused_in_words() {
    let stand_in = servers::stalwart().await;
    let mut vars = stand_in.stalwart_env();
    vars.retain(|(k, _)| *k != "STALWART_PROVISIONING_ENABLED");
    let mail = adapter(vars);
    assert!(!mail.provisioning_enabled());
    mail.check().await.unwrap();
    assert_eq!(mail.domains().await.unwrap(), vec![]);
    let off = mail.create_domain("fjord-tandklinik.dk").await.unwrap_err();
    assert_eq!(
        off.to_string(),
        "mail: create domain: refused: mail provisioning is switched off \
         (STALWART_PROVISIONING_ENABLED)"
    );
    assert_eq!(mail.domains().await.unwrap(), vec![], "nothing was made");
}

#[tokio::test]
async fn wrong_credentials_and_a_failing_server_are_named() {
    let stand_in = servers::stalwart().await;
    let mut vars = stand_in.stalwart_env();
    for (k, v) in &mut vars {
        if *k == "STALWART_ADMIN_SECRET" {
            *v = "wrong".into();
        }
    }
    let err = adapter(vars).check().await.unwrap_err();
    assert_eq!(err.kind, Kind::Unauthorised);
    assert_eq!(
        err.to_string(),
        "mail: check the credentials: the administrator's password was refused"
    );

    for (fault, expect) in faults::JSON_API_FAULTS {
        let stand_in = faults::serve(fault).await;
        let mail = adapter(vec![
            ("STALWART_URL", stand_in.url()),
            ("STALWART_ADMIN_SECRET", "s".into()),
            ("STALWART_TIMEOUT_MS", "500".into()),
            ("STALWART_PROVISIONING_ENABLED", "true".into()),
        ]);
        let err = mail.domains().await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("mail: list domains: ") && text.contains(expect),
            "{fault:?}: {text}"
        );
        // The session is a read: tried twice on a 503, a timeout or no answer.
        let reads = if matches!(fault, Fault::Status(503) | Fault::Hang) {
            2
        } else {
            1
        };
        if !matches!(fault, Fault::Refuse) {
            assert_eq!(stand_in.requests(), reads, "{fault:?}");
        }
        let err = mail.create_domain("fjord-tandklinik.dk").await.unwrap_err();
        assert!(
            err.to_string().starts_with("mail: create domain: "),
            "{err}"
        );
    }
}

/// The stand-in is a test of the adapter only if it refuses what Stalwart
/// refuses: each of these objects breaks one rule of the schema.
#[tokio::test]
async fn the_stand_in_refuses_what_the_schema_refuses() {
    let stand_in = servers::stalwart().await;
    let made = jmap(
        &stand_in,
        json!([["x:Domain/set", {"accountId": "a", "create": {"d": {"name": "fjord.example"}}}, "0"]]),
    )
    .await;
    let domain = made["methodResponses"][0][1]["created"]["d"]["id"].clone();
    let cases = [
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "mailbox": 1}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "emailAddress": "a@fjord.example"}),
            "invalidProperties",
        ),
        (
            json!({"@type": "Person", "name": "a", "domainId": domain}),
            "invalidProperties",
        ),
        (
            json!({"name": "a", "domainId": domain}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "locale": "xx_XX"}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "quotas": {"maxDisk": 1}}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "quotas": {"maxDiskQuota": -1}}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "permissions": {"@type": "Merge", "disabledPermissions": {"fly": true}}}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "a", "domainId": domain, "credentials": [{"@type": "Password", "secret": "x"}]}),
            "invalidProperties",
        ),
        (
            json!({"@type": "User", "name": "", "domainId": domain}),
            "validationFailed",
        ),
        (json!({"@type": "User", "name": "a"}), "validationFailed"),
        (
            json!({"@type": "User", "name": "a", "domainId": "zz"}),
            "invalidForeignKey",
        ),
    ];
    for (object, refusal) in cases {
        let answer = jmap(
            &stand_in,
            json!([["x:Account/set", {"accountId": "a", "create": {"n": object.clone()}}, "0"]]),
        )
        .await;
        assert_eq!(
            answer["methodResponses"][0][1]["notCreated"]["n"]["type"], refusal,
            "{object}: {answer}"
        );
    }
    let answer = jmap(
        &stand_in,
        json!([["x:Domain/set", {"accountId": "a", "update": {domain.as_str().unwrap(): {"dnsZoneFile": "x"}}}, "0"]]),
    )
    .await;
    assert_eq!(
        answer["methodResponses"][0][1]["notUpdated"][domain.as_str().unwrap()]["type"],
        "invalidProperties",
        "a server-set property cannot be written: {answer}"
    );
}

#[test]
fn the_stand_ins_schema_is_upstreams() {
    // Upstream's file sits beside the repository on the team's machines
    // (`../shared/reference/api-specs/`); a clone elsewhere has only the copy.
    let upstream = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/api-specs/stalwart-management-schema.json");
    if !upstream.exists() {
        eprintln!("skipped: no upstream schema at {}", upstream.display());
        return;
    }
    let out = std::process::Command::new("node")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dev/stalwart/trim.mjs"))
        .arg(&upstream)
        .arg("--check")
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
