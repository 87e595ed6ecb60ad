//! Stripe webhooks end to end, as Stripe sends them: a correctly signed event
//! is recorded once (a redelivery is a no-op); a wrong signature, a stale
//! timestamp and a body changed after signing are refused with 400 and
//! record nothing; without a webhook secret the endpoint says it is not
//! connected.
use crate::TestApp;
use reqwest::StatusCode;
use server::integrations::stripe::webhook::sign;

const SECRET: &str = "whsec_dezky_test";

fn event(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"invoice.paid","created":1764720000,"livemode":false,"data":{{"object":{{"id":"in_1Fjord","object":"invoice","amount_paid":24500}}}}}}"#
    )
}

async fn deliver(app: &TestApp, body: &str, signature: Option<String>) -> (StatusCode, String) {
    let mut req = app
        .client
        .post(app.url("/webhooks/stripe"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(s) = signature {
        req = req.header("stripe-signature", s);
    }
    let res = req.send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn signed_events_are_recorded_once_and_forgeries_change_nothing() {
    let app = TestApp::start(&[
        ("STRIPE_SECRET_KEY", "sk_test_123"),
        ("STRIPE_WEBHOOK_SECRET", SECRET),
    ])
    .await;
    let repo = &app.state.services.repo;
    let now = repo.now() / 1000;
    let body = event("evt_1");

    let (status, text) = deliver(&app, &body, Some(sign(body.as_bytes(), SECRET, now))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains(r#""duplicate":false"#), "{text}");
    let stored = repo
        .billing_event("evt_1")
        .await
        .unwrap()
        .expect("recorded");
    assert_eq!(
        (stored.kind.as_str(), stored.object_id.as_deref()),
        ("invoice.paid", Some("in_1Fjord"))
    );
    // Stripe delivers at least once: the second delivery changes nothing.
    let (status, text) = deliver(&app, &body, Some(sign(body.as_bytes(), SECRET, now))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains(r#""duplicate":true"#), "{text}");
    assert_eq!(repo.billing_event("evt_1").await.unwrap(), Some(stored));

    // Forgeries: each answered 400, none recorded.
    let forged = event("evt_2");
    let changed = event("evt_2").replace("24500", "1");
    for (what, body, signature) in [
        (
            "wrong secret",
            forged.clone(),
            Some(sign(forged.as_bytes(), "whsec_other", now)),
        ),
        (
            "stale",
            forged.clone(),
            Some(sign(forged.as_bytes(), SECRET, now - 301)),
        ),
        (
            "changed after signing",
            changed,
            Some(sign(forged.as_bytes(), SECRET, now)),
        ),
        ("unsigned", forged.clone(), None),
    ] {
        let (status, text) = deliver(&app, &body, signature).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {text}");
        assert!(text.contains("billing: webhook"), "{what}: {text}");
        assert_eq!(repo.billing_event("evt_2").await.unwrap(), None, "{what}");
    }
}

#[tokio::test]
async fn without_a_webhook_secret_the_endpoint_is_not_connected() {
    let app = TestApp::start(&[]).await;
    let body = event("evt_3");
    let (status, text) = deliver(&app, &body, Some(sign(body.as_bytes(), SECRET, 0))).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(text.contains("not connected"), "{text}");
}
