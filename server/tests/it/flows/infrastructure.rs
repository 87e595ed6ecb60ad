//! The Infrastructure page's data: every configured system probed live
//! against its real stand-in, the rest "not connected"; a stopped stand-in is
//! down with its error and time, and up again when it returns.
use super::auth::{operator_session, start_with};
use crate::servers;
use app::domain::System;
use app::domain::views::{Health, SystemStatus};
use reqwest::header::{COOKIE, ORIGIN};

const ZONE: &str = "dezky-probe.test";
const AUDIT_KEY: &str = "6465a7a5d1f0c0b8e3b7b0c39a1f4e2d5c6b7a8990a1b2c3d4e5f60718293a4b";

#[tokio::test]
async fn every_system_is_probed_live_and_a_stopped_one_shows_down() {
    let s3 = servers::s3().await;
    let knot = servers::knot(ZONE, "@ TXT \"probe\"").await;
    let catcher = servers::maildev().await;
    let stripe = servers::stripe_mock().await;
    let dns_port = knot.server.port;
    let mut vars: Vec<(&str, String)> = s3.cold_env();
    vars.push(("AUDIT_ED25519_SECRET_KEY", AUDIT_KEY.into()));
    vars.push(("DNS_RESOLVERS", knot.addr()));
    vars.push(("DNS_TIMEOUT_MS", "500".into()));
    vars.push(("DNS_PROBE_NAME", ZONE.into()));
    vars.extend(catcher.smtp_env());
    vars.extend(stripe.stripe_env());
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = start_with(&vars).await;
    let app = &env.app;
    let operator = operator_session(app).await;
    let status = || async {
        let res = app
            .client
            .post(app.url("/api/infrastructure_status"))
            .header(COOKIE, format!("dezky_session={operator}"))
            .header(ORIGIN, app.url(""))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        for secret in [
            servers::S3_SECRET_KEY,
            servers::SMTP_PASSWORD,
            "dev-portal-secret",
            "sk_test_123",
            "whsec_dezky_test",
            AUDIT_KEY,
        ] {
            assert!(!text.contains(secret), "a secret in {text}");
        }
        serde_json::from_str::<Vec<SystemStatus>>(&text).unwrap()
    };
    let of =
        |rows: &[SystemStatus], s: System| rows.iter().find(|r| r.system == s).unwrap().clone();
    let rows = status().await;
    assert_eq!(rows.len(), System::ALL.len());
    for s in [
        System::Store,
        System::Identity,
        System::ObjectStorage,
        System::Dns,
        System::AuditSigningKey,
        System::Smtp,
        System::Billing,
    ] {
        let row = of(&rows, s);
        assert_eq!(row.health, Health::Up, "{row:?}");
        assert!(
            row.latency_ms.is_some() && !row.target.is_empty(),
            "{row:?}"
        );
        assert_eq!(row.last_error, None);
    }
    assert!(of(&rows, System::Store).required);
    assert_eq!(
        of(&rows, System::Identity).target,
        format!("sign-in {}", env.oidc.issuer())
    );
    assert!(of(&rows, System::Billing).target.contains("test mode"));
    assert!(of(&rows, System::Dns).target.contains(&knot.addr()));
    for s in [System::Mail, System::Files] {
        let row = of(&rows, s);
        assert_eq!(row.health, Health::NotConnected, "{row:?}");
        assert_eq!((row.latency_ms, row.target.as_str()), (None, ""));
    }
    // The operator's test message goes through the relay to their own address.
    let res = app
        .client
        .post(app.url("/api/send_test_mail"))
        .header(COOKIE, format!("dezky_session={operator}"))
        .header(ORIGIN, app.url(""))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let got = catcher.received().await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["subject"], "dezky test message");
    let to = got[0]["to"][0]["address"].as_str().unwrap().to_owned();
    assert_eq!(res.json::<String>().await.unwrap(), to);
    assert!(
        app.events("smtp.test_sent")
            .await
            .iter()
            .any(|e| e.metadata["to"] == to.as_str())
    );
    // SMTP stops: the test message fails by name, and is recorded as failed.
    drop(catcher);
    let res = app
        .client
        .post(app.url("/api/send_test_mail"))
        .header(COOKIE, format!("dezky_session={operator}"))
        .header(ORIGIN, app.url(""))
        .form(&[("lang", "da")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["system"].as_str()),
        (Some("unavailable"), Some("smtp"))
    );
    assert_eq!(of(&status().await, System::Smtp).health, Health::Down);
    // DNS stops: down with its error, the others unaffected.
    drop(knot);
    let rows = status().await;
    let dns = of(&rows, System::Dns);
    assert_eq!(dns.health, Health::Down);
    assert!(
        dns.error.as_deref().unwrap_or("").starts_with("dns: "),
        "{dns:?}"
    );
    let failed_at = dns.last_error_at.expect("when it failed");
    assert_eq!(of(&rows, System::ObjectStorage).health, Health::Up);
    // The same for object storage.
    drop(s3);
    let rows = status().await;
    let bucket = of(&rows, System::ObjectStorage);
    assert_eq!(bucket.health, Health::Down);
    assert!(
        bucket
            .error
            .as_deref()
            .unwrap_or("")
            .starts_with("object_storage: "),
        "{bucket:?}"
    );
    // DNS comes back: up, with the last failure still shown.
    let _knot = servers::knot_at(dns_port, ZONE, "@ TXT \"probe\"").await;
    let rows = status().await;
    let dns = of(&rows, System::Dns);
    assert_eq!(dns.health, Health::Up, "{dns:?}");
    assert_eq!(dns.error, None);
    assert!(dns.last_error_at.is_some_and(|t| t >= failed_at));
}
