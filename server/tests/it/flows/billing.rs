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

/// The money paths against stripe-mock behind the switchable proxy
/// (`servers::stripe_proxy`): the card form's SetupIntent, the confirmed
/// card read back from the provider and made the default, the first card
/// starting the subscription, seats following people (a refused seat adds
/// nobody), a removal releasing a seat, re-pricing with one subscription
/// refused and retried, and a `customer.updated` naming a new card.
#[tokio::test]
async fn money_paths_collect_a_card_subscribe_follow_people_and_reprice() {
    use super::auth::{operator_session, session_for};
    use super::provisioning::{post, world_with};
    use app::domain::model::ClientKind;
    use app::domain::revenue::{day_label, day_of};
    use serde_json::json;
    let mock = crate::servers::stripe_mock().await;
    let proxy = crate::servers::stripe_proxy::start(&mock).await;
    let w = world_with(&proxy.stripe_env()).await;
    let app = &w.env.app;
    let services = &app.state.services;
    let repo = &services.repo;
    services
        .mail_admin
        .as_ref()
        .unwrap()
        .create_domain("fjord-tandklinik.example")
        .await
        .unwrap();
    let tenant = |slug: &'static str| async move {
        repo.tenant_by_slug(slug).await.unwrap().expect("seeded")
    };
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let fjord = [("slug", "fjord-tandklinik")];

    // The card form: the customer ensured, a SetupIntent, the publishable key.
    let (status, setup) = post(app, &admin, "start_card_setup", &fjord).await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    assert_eq!(setup["publishable_key"], "pk_test_123");
    assert!(!setup["client_secret"].as_str().unwrap().is_empty());
    let customer = tenant("fjord-tandklinik")
        .await
        .billing_account
        .customer_id
        .expect("ensured");

    // A malformed id, and a setup the browser has not confirmed (stripe-mock's
    // own answer, for no customer): refused by field, nothing stored.
    let save = |id: &'static str| {
        let admin = admin.clone();
        async move {
            post(
                app,
                &admin,
                "save_card",
                &[("slug", "fjord-tandklinik"), ("setup_intent_id", id)],
            )
            .await
        }
    };
    for (id, reason) in [("pm_123", "invalid"), ("seti_123", "not_yours")] {
        let (status, body) = save(id).await;
        assert_eq!(
            (status, body["field"].as_str(), body["reason"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("setup_intent_id"),
                Some(reason)
            ),
            "{body}"
        );
    }
    assert_eq!(tenant("fjord-tandklinik").await.billing_account.card, None);
    assert_eq!(proxy.seen("POST /v1/subscriptions"), 0);

    // Confirmed (as Stripe answers then): the card is the default, and the
    // first card starts the subscription at the catalog's provider price.
    proxy.confirm_setups_for(&customer);
    let (status, view) = save("seti_123").await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(
        (view["card"]["last4"].as_str(), view["live"].as_bool()),
        (Some("4242"), Some(true)),
        "{view}"
    );
    let t = tenant("fjord-tandklinik").await;
    let item = t
        .billing_account
        .subscription_item_id
        .clone()
        .expect("an item");
    let price = t.billing_account.price_id.clone().expect("a price");
    assert_eq!(t.billing_account.seat_price_minor, Some(4_900));
    let row = repo.price_row("standard").await.unwrap().unwrap();
    assert_eq!(row.provider_prices.get("dkk"), Some(&price), "cached");
    assert_eq!(proxy.seen("POST /v1/subscriptions"), 1);
    assert_eq!(proxy.seen("POST /v1/customers/"), 1, "the default card set");
    assert_eq!(app.events("billing.card_updated").await.len(), 1);
    assert_eq!(app.events("billing.subscription_started").await.len(), 1);
    // Live already: starting again is a conflict.
    let (status, _) = post(app, &admin, "start_subscription", &fjord).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Seats follow people: every seat taken, the provider refuses the
    // change: nobody is added, the refusal is audited.
    let mut full = tenant("fjord-tandklinik").await;
    let people = u32::try_from(repo.users_of_tenant(&full.id).await.unwrap().len()).unwrap();
    full.seats = people;
    repo.save_tenant(&mut full).await.unwrap();
    let ny = [
        ("slug", "fjord-tandklinik"),
        ("name", "Ny Person"),
        ("email", "ny@fjord-tandklinik.example"),
        ("role", "member"),
    ];
    proxy.refuse(&format!("/v1/subscription_items/{item}"));
    let (status, body) = post(app, &admin, "add_person", &ny).await;
    assert_eq!(
        (status, body["system"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("billing")),
        "{body}"
    );
    let idp = services.identity_admin.as_ref().unwrap();
    assert!(
        idp.find_user_by_email("ny@fjord-tandklinik.example")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(tenant("fjord-tandklinik").await.seats, people);
    // Accepted: one seat bought first, then the person is added.
    proxy.allow_all();
    let (status, added) = post(app, &admin, "add_person", &ny).await;
    assert_eq!(
        (status, added["job"]["status"].as_str()),
        (StatusCode::OK, Some("done")),
        "{added}"
    );
    assert_eq!(tenant("fjord-tandklinik").await.seats, people + 1);
    let changes = app.events("billing.seats_changed").await;
    assert_eq!(changes.len(), 2, "the refusal and the change");
    // Removed: the seat is released.
    let (status, removed) = post(
        app,
        &admin,
        "person_lifecycle",
        &[
            ("slug", "fjord-tandklinik"),
            ("email", "ny@fjord-tandklinik.example"),
            ("what", "remove"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{removed}");
    assert_eq!(tenant("fjord-tandklinik").await.seats, people);

    // Re-pricing: a second live subscription, which the provider refuses.
    let mut bager = tenant("bager-hansen").await;
    bager.billing_account.subscription_item_id = Some("si_bagerhansen".into());
    bager.billing_account.subscription_status = Some("active".into());
    bager.billing_account.seat_price_minor = Some(4_900);
    repo.save_tenant(&mut bager).await.unwrap();
    app::services::revenue::take(repo).await.unwrap();
    proxy.refuse("/v1/subscription_items/si_bagerhansen");
    let operator = operator_session(app).await;
    let edit = [
        ("plan", "standard"),
        ("currency", "dkk"),
        ("amount_minor", "5900"),
    ];
    let (status, impact) = post(app, &operator, "price_impact", &edit).await;
    assert_eq!(status, StatusCode::OK, "{impact}");
    assert_eq!(
        (
            impact["customers"].as_u64(),
            impact["subscriptions"].as_u64(),
            impact["mrr_after_minor"].as_i64()
        ),
        (Some(3), Some(2), Some((i64::from(people) + 6 + 23) * 5_900)),
        "{impact}"
    );
    let version = impact["row_version"].as_u64().unwrap().to_string();
    let mut apply = edit.to_vec();
    apply.push(("row_version", version.as_str()));
    let (status, done) = post(app, &operator, "reprice", &apply).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let repoints = done["repoints"].as_array().unwrap();
    assert_eq!(repoints.len(), 2, "{done}");
    let failed: Vec<_> = repoints.iter().filter(|p| !p["error"].is_null()).collect();
    assert_eq!(failed.len(), 1, "{done}");
    assert_eq!(failed[0]["tenant_slug"], "bager-hansen");
    assert!(
        failed[0]["error"].as_str().unwrap().contains("declined"),
        "{done}"
    );
    // The same edit again over the old version: a conflict, nothing minted.
    let (status, _) = post(app, &operator, "reprice", &apply).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let fjord_now = tenant("fjord-tandklinik").await;
    assert_eq!(fjord_now.billing_account.seat_price_minor, Some(5_900));
    assert_ne!(
        fjord_now.billing_account.price_id.as_deref(),
        Some(price.as_str())
    );
    assert_eq!(
        tenant("bager-hansen")
            .await
            .billing_account
            .seat_price_minor,
        Some(4_900),
        "not repointed yet"
    );
    // Today's MRR follows at once.
    let today = day_label(day_of(repo.now()));
    let rows = repo.tenant_mrr_of_day(&today).await.unwrap();
    let of = |id: &str| {
        rows.iter()
            .find(|r| r.tenant_id == id)
            .unwrap()
            .seat_price_minor
    };
    assert_eq!((of(&fjord_now.id), of(&bager.id)), (5_900, 4_900));
    let e = &app.events("pricing.updated").await[0];
    assert_eq!(
        (
            e.metadata["diff"]["amount"].clone(),
            e.metadata["failed"].clone()
        ),
        (json!({ "from": 4900, "to": 5900 }), json!(["bager-hansen"]))
    );

    // Retry once the provider takes it: completed, audited.
    proxy.allow_all();
    let id = done["id"].as_str().unwrap();
    let v = done["version"].as_u64().unwrap().to_string();
    let (status, retried) = post(
        app,
        &operator,
        "retry_repricing",
        &[("id", id), ("version", v.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    assert!(
        retried["repoints"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["error"].is_null() && p["attempts"].as_u64() >= Some(1)),
        "{retried}"
    );
    assert_eq!(
        tenant("bager-hansen")
            .await
            .billing_account
            .seat_price_minor,
        Some(5_900)
    );
    assert_eq!(app.events("pricing.repoint_retried").await.len(), 1);
    let (_, catalog) = post(app, &operator, "price_catalog", &[]).await;
    assert_eq!(catalog["rows"][0]["amounts"]["dkk"], 5_900, "{catalog}");
    assert_eq!(catalog["repricings"][0]["id"], id);

    // customer.updated naming another card: its brand and last four are read.
    let now = repo.now() / 1000;
    let body = about(
        "evt_card",
        "customer.updated",
        now,
        json!({ "id": customer, "object": "customer",
                "invoice_settings": { "default_payment_method": "pm_elsewhere" } }),
    );
    let (status, text) = deliver(app, &body, Some(sign(body.as_bytes(), SECRET, now))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let card = tenant("fjord-tandklinik")
        .await
        .billing_account
        .card
        .unwrap();
    assert_eq!(card.last4, "4242");
    assert_eq!(app.events("billing.card_updated").await.len(), 2);
}

/// Reports read the latest snapshot and the tenants as they are: the
/// operator's revenue by plan, top tenants, cohorts and summary; a
/// partner's own share, its customers by health, and its saved reports
/// (checked by name, run on its customers, deleted only by their partner).
#[tokio::test]
async fn reports_read_the_snapshot_and_saved_reports_stay_with_their_partner() {
    use super::auth::{operator_session, session_for, start};
    use super::provisioning::post;
    use app::domain::model::ClientKind;
    use app::domain::reports::{GroupBy, Metric, SavedReport, month_label};
    let env = start().await;
    let app = &env.app;
    let repo = &app.state.services.repo;
    app::services::revenue::take(repo).await.unwrap();
    let operator = operator_session(app).await;
    let (status, r) = post(app, &operator, "operator_reports", &[]).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let today = app::domain::revenue::day_label(app::domain::revenue::day_of(repo.now()));
    assert_eq!(r["as_of"], today.as_str());
    assert_eq!(r["by_plan"][0]["plan"], "standard");
    assert_eq!(r["by_plan"][0]["seats"], 43);
    assert_eq!(r["by_plan"][0]["mrr_minor"], 43 * 4900);
    let top: Vec<_> = r["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["ravn-arkitekter", "fjord-tandklinik", "bager-hansen"]);
    assert_eq!(r["top"][0]["partner_name"], "dezky (direkte salg)");
    // One snapshot day: no growth yet, said by its absence.
    assert_eq!(r["growth"], serde_json::Value::Null);
    let cohorts = r["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 12);
    let this_month = cohorts.last().unwrap();
    assert_eq!(this_month["month"], month_label(repo.now()).as_str());
    assert_eq!(this_month["signed_up"], 3, "the seeded tenants");
    let (_, summary) = post(app, &operator, "revenue_summary", &[]).await;
    assert_eq!(summary["mrr"]["dkk"], 43 * 4900);
    assert_eq!(
        (summary["tenants"].as_u64(), summary["seats"].as_u64()),
        (Some(3), Some(43))
    );
    assert_eq!(summary["connected"], false);

    // Nordlys IT sees its own two customers only.
    let partner = session_for(app, "partner", ClientKind::Portal, &[]).await;
    let (status, p) = post(app, &partner, "partner_reports", &[]).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["by_plan"][0]["seats"], 20);
    let top: Vec<_> = p["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["fjord-tandklinik", "bager-hansen"]);
    let counted: u64 = p["health"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[1].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2);
    assert_eq!(p["can_edit"], true);

    // Saved reports: checked by name, run on its customers.
    let (status, bad) = post(
        app,
        &partner,
        "save_report",
        &[("name", "  "), ("metric", "mrr"), ("group_by", "plan")],
    )
    .await;
    assert_eq!(
        (status, bad["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let (status, saved) = post(
        app,
        &partner,
        "save_report",
        &[
            ("name", "Seats by plan"),
            ("metric", "seats"),
            ("group_by", "plan"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let run = &saved["saved"][0];
    assert_eq!(run["report"]["name"], "Seats by plan");
    assert_eq!(run["rows"], serde_json::json!([["standard", 20]]));
    assert_eq!(app.events("report.saved").await.len(), 1);
    // Another partner's report is not found, and not deleted.
    let other = SavedReport {
        id: "other-report".into(),
        partner_id: "someone-else".into(),
        name: "Theirs".into(),
        metric: Metric::Mrr,
        group_by: GroupBy::Health,
        created_by: "x@example.com".into(),
        created_at: repo.now(),
        version: 1,
    };
    repo.insert_saved_report(&other).await.unwrap();
    let (status, _) = post(app, &partner, "delete_report", &[("id", "other-report")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(repo.saved_report("other-report").await.unwrap().is_some());
    let id = run["report"]["id"].as_str().unwrap().to_owned();
    let (status, after) = post(app, &partner, "delete_report", &[("id", id.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["saved"], serde_json::json!([]));
    assert_eq!(app.events("report.deleted").await.len(), 1);
}
