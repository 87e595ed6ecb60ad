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

/// An event about `customer` as Stripe sends it.
fn about(id: &str, kind: &str, created: i64, object: serde_json::Value) -> String {
    serde_json::json!({
        "id": id, "object": "event", "type": kind, "created": created,
        "livemode": false, "data": { "object": object }
    })
    .to_string()
}

/// Events acted on, against stripe-mock for the customer: the tenant's
/// customer is ensured at the provider; a failed payment marks the tenant
/// (the partner's health alert reads it, the audit records it); a paid
/// invoice older than the failure changes nothing (out of order); a replay
/// changes nothing; a newer payment clears the mark; a subscription event
/// is applied by its own time.
#[tokio::test]
async fn payment_events_mark_the_tenant_in_their_own_order_and_once() {
    use super::auth::{session_for, start_with};
    use super::provisioning::post;
    use app::domain::model::ClientKind;
    use serde_json::json;
    let stripe = crate::servers::stripe_mock().await;
    let vars = stripe.stripe_env();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = start_with(&vars).await;
    let app = &env.app;
    let services = &app.state.services;
    let repo = &services.repo;
    let fjord_now = || async {
        repo.tenant_by_slug("fjord-tandklinik")
            .await
            .unwrap()
            .expect("seeded")
    };
    let fjord = fjord_now().await;
    let customer = app::services::billing::ensure_customer(services, &fjord)
        .await
        .expect("stripe-mock accepts the customer");
    assert!(customer.starts_with("cus_"), "{customer}");
    let stored = fjord_now().await;
    assert_eq!(
        stored.billing_account.customer_id.as_deref(),
        Some(customer.as_str())
    );
    assert_eq!(
        repo.tenant_by_customer(&customer)
            .await
            .unwrap()
            .map(|t| t.slug),
        Some("fjord-tandklinik".to_owned())
    );

    let now = repo.now() / 1000;
    let invoice = |id: &str| json!({ "id": id, "object": "invoice", "customer": customer, "amount_due": 68_600, "currency": "dkk" });
    let send = |body: String| async move {
        deliver(app, &body, Some(sign(body.as_bytes(), SECRET, now))).await
    };
    let failed = about(
        "evt_fail",
        "invoice.payment_failed",
        now - 100,
        invoice("in_2"),
    );
    let (status, text) = send(failed.clone()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let marked = fjord_now().await;
    let f = marked
        .billing_account
        .payment_failed
        .clone()
        .expect("marked");
    assert_eq!((f.invoice_id.as_str(), f.amount_due), ("in_2", 68_600));
    let e = &app.events("billing.payment_failed").await;
    assert_eq!(
        (e.len(), e[0].tenant_slug.as_deref()),
        (1, Some("fjord-tandklinik"))
    );

    // The partner sees it as a critical alert on its customer.
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let (_, home) = post(app, &partner, "partner_home", &[]).await;
    let row = home["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "fjord-tandklinik")
        .cloned()
        .unwrap();
    assert_eq!(row["health"]["level"], "critical", "{row}");
    assert_eq!(row["health"]["reasons"][0], "payment_failed", "{row}");
    // And the operator's tenant list.
    let operator = session_for(
        app,
        "operator",
        ClientKind::Operator,
        &[app::domain::model::PLATFORM_ADMIN_GROUP],
    )
    .await;
    let (_, list) = super::provisioning::post_json(
        app,
        &operator,
        "operator_tenants",
        &json!({ "q": "fjord", "status": null, "after": null }),
    )
    .await;
    assert_eq!(list["rows"][0]["payment_failed"], true, "{list}");

    // An older paid invoice, delivered late, does not clear a newer failure;
    // the failure delivered again changes nothing and is not audited twice.
    let (status, _) = send(about(
        "evt_old_paid",
        "invoice.paid",
        now - 200,
        invoice("in_1"),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, text) = send(failed).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains(r#""duplicate":true"#), "{text}");
    let still = fjord_now().await;
    assert_eq!(still.billing_account, marked.billing_account);
    assert_eq!(app.events("billing.payment_failed").await.len(), 1);

    // Paid later: the mark is gone, and the recovery is audited.
    let (status, _) = send(about("evt_paid", "invoice.paid", now - 50, invoice("in_2"))).await;
    assert_eq!(status, StatusCode::OK);
    let paid = fjord_now().await;
    assert_eq!(paid.billing_account.payment_failed, None);
    assert_eq!(app.events("billing.payment_recovered").await.len(), 1);

    // Subscriptions by their own time: updated, then an older update ignored,
    // then deleted.
    let sub = |status: &str| json!({ "id": "sub_1", "object": "subscription", "customer": customer, "status": status });
    send(about(
        "evt_s1",
        "customer.subscription.updated",
        now - 40,
        sub("active"),
    ))
    .await;
    send(about(
        "evt_s0",
        "customer.subscription.updated",
        now - 60,
        sub("incomplete"),
    ))
    .await;
    let t = fjord_now().await;
    assert_eq!(
        t.billing_account.subscription_status.as_deref(),
        Some("active")
    );
    send(about(
        "evt_s2",
        "customer.subscription.deleted",
        now - 30,
        sub("canceled"),
    ))
    .await;
    let t = fjord_now().await;
    assert_eq!(
        t.billing_account.subscription_status.as_deref(),
        Some("canceled")
    );
    assert_eq!(app.events("billing.subscription_ended").await.len(), 1);

    // An event about a customer of no tenant is recorded and left alone.
    let (status, _) = send(about(
        "evt_other",
        "invoice.payment_failed",
        now,
        json!({ "id": "in_9", "customer": "cus_unknown" }),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(repo.billing_event("evt_other").await.unwrap().is_some());
}

/// The customer's Billing page: the plan at the catalog's price, details
/// checked by THE VAT format and audited, invoices read from the provider
/// once the customer exists there; without a provider, said so.
#[tokio::test]
async fn a_customer_admin_reads_plan_and_invoices_and_edits_billing_details() {
    use super::auth::{session_for, start, start_with};
    use super::provisioning::post;
    use app::domain::model::ClientKind;
    let stripe = crate::servers::stripe_mock().await;
    let vars = stripe.stripe_env();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = start_with(&vars).await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let fjord = [("slug", "fjord-tandklinik")];
    let (status, view) = post(app, &admin, "tenant_billing", &fjord).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(
        (
            view["connected"].as_bool(),
            view["seats"].as_u64(),
            view["seat_price_minor"].as_i64()
        ),
        (Some(true), Some(14), Some(4_900))
    );
    assert_eq!(view["invoices"], serde_json::json!([]), "no customer yet");
    let version = view["version"].as_u64().unwrap().to_string();

    let save = |vat: &'static str, version: String| {
        let admin = admin.clone();
        async move {
            post(
                app,
                &admin,
                "save_tenant_billing",
                &[
                    ("slug", "fjord-tandklinik"),
                    ("form[company]", "Fjord Tandklinik ApS"),
                    ("form[vat_id]", vat),
                    ("form[country]", "dk"),
                    ("form[email]", "faktura@fjord-tandklinik.example"),
                    ("version", version.as_str()),
                ],
            )
            .await
        }
    };
    for (vat, reason) in [("1234", "vat_format"), ("DE123456789", "vat_country")] {
        let (status, body) = save(vat, version.clone()).await;
        assert_eq!(
            (status, body["field"].as_str(), body["reason"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("vat_id"),
                Some(reason)
            ),
            "{body}"
        );
    }
    let (status, saved) = save("dk 12 34 56 78", version).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["details"]["vat_id"], "DK12345678");
    let t = app
        .state
        .services
        .repo
        .tenant_by_slug("fjord-tandklinik")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (t.billing.vat_id.as_str(), t.billing.country.as_str()),
        ("DK12345678", "DK")
    );
    let e = &app.events("tenant.billing_updated").await[0];
    assert_eq!(
        e.metadata["diff"]["vat_id"],
        serde_json::json!({ "from": "", "to": "DK12345678" })
    );

    // Once the customer exists at the provider, its invoices are listed
    // (stripe-mock answers its fixture invoice).
    app::services::billing::ensure_customer(&app.state.services, &t)
        .await
        .unwrap();
    let (_, view) = post(app, &admin, "tenant_billing", &fjord).await;
    let invoices = view["invoices"].as_array().unwrap();
    assert!(!invoices.is_empty(), "{view}");
    assert!(invoices[0]["status"].is_string() && invoices[0]["amount_minor"].is_i64());
    assert_eq!(view["invoices_failed"], false);

    // Without a payment provider the page says so, and the details stay.
    let plain = start().await;
    let admin = session_for(&plain.app, "admin", ClientKind::Portal, &[]).await;
    let (status, view) = post(&plain.app, &admin, "tenant_billing", &fjord).await;
    assert_eq!(
        (status, view["connected"].as_bool()),
        (StatusCode::OK, Some(false))
    );
}
