//! The billing port against stripe-mock (Stripe's own mock, built from its
//! OpenAPI spec): every request the adapter sends must carry parameters the
//! spec accepts (stripe-mock answers 400 otherwise), and every answer must
//! read as the typed objects async-stripe generates from that spec.
//! stripe-mock keeps no state, so read-after-write is not provable here: the
//! tests check the calls are accepted and the answers read, not the amounts.
use crate::servers::{
    self,
    faults::{self, Fault},
};
use app::ports::billing::{Billing, Interval, NewCustomer, NewPrice};
use server::config::Env;
use server::integrations::stripe::{StripeBilling, StripeConfig};

fn adapter(vars: Vec<(&'static str, String)>) -> StripeBilling {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = StripeConfig::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .unwrap();
    StripeBilling::new(&config).unwrap()
}

fn customer() -> NewCustomer {
    NewCustomer {
        tenant_slug: "fjord-tandklinik".into(),
        name: "Fjord Tandklinik ApS".into(),
        email: "faktura@fjord-tandklinik.example".into(),
    }
}

#[tokio::test]
async fn every_billing_call_is_accepted_by_stripes_own_spec() {
    let mock = servers::stripe_mock().await;
    let stripe = adapter(mock.stripe_env());
    assert!(!stripe.describe().contains("sk_test_123"));
    assert!(stripe.describe().contains("test mode"));
    stripe.check().await.expect("the key is accepted");

    let id = stripe.ensure_customer(None, &customer()).await.unwrap();
    assert!(id.starts_with("cus_"), "{id}");
    // An existing id is kept (stripe-mock answers any id with a customer).
    assert_eq!(
        stripe
            .ensure_customer(Some(&id), &customer())
            .await
            .unwrap(),
        id
    );
    let setup = stripe.card_setup(&id).await.unwrap();
    assert!(setup.id.starts_with("seti_") && !setup.client_secret.is_empty());
    // Read back with the card expanded: brand and last four, nothing more.
    let outcome = stripe.setup_outcome(&setup.id).await.unwrap();
    assert!(!outcome.status.is_empty());
    if let Some(card) = &outcome.card {
        assert_eq!(card.last4.len(), 4, "{card:?}");
    }
    stripe
        .set_default_payment_method(&id, "pm_card_visa")
        .await
        .unwrap();
    let card = stripe.default_card(&id).await.unwrap();
    if let Some(card) = card {
        assert!(card.payment_method_id.starts_with("pm_") && card.last4.len() == 4);
    }

    let price = stripe
        .create_price(&NewPrice {
            product_name: "dezky Business, per seat".into(),
            unit_amount_minor: 4900,
            currency: "dkk".into(),
            interval: Interval::Month,
        })
        .await
        .unwrap();
    assert!(price.starts_with("price_"), "{price}");
    let sub = stripe.create_subscription(&id, &price, 5).await.unwrap();
    assert!(sub.id.starts_with("sub_"), "{}", sub.id);
    assert!(sub.current_period_end.is_some() && !sub.currency.is_empty());
    let item = sub.items.first().expect("one item").id.clone();
    stripe.set_quantity(&item, 6).await.unwrap();
    stripe.repoint(&item, &price).await.unwrap();
    let invoices = stripe.invoices(&id, 12).await.unwrap();
    assert!(invoices.iter().all(|i| i.id.starts_with("in_")));
    let recent = stripe.recent_invoices(20).await.unwrap();
    assert!(recent.iter().all(|i| {
        i.id.starts_with("in_")
            && i.customer_id
                .as_deref()
                .is_some_and(|c| c.starts_with("cus_"))
    }));

    // A currency is checked before anything is sent.
    let bad = stripe
        .create_price(&NewPrice {
            product_name: "x".into(),
            unit_amount_minor: 1,
            currency: "kroner".into(),
            interval: Interval::Month,
        })
        .await
        .unwrap_err();
    assert_eq!(
        bad.to_string(),
        "billing: create price: refused: \"kroner\" is not a currency"
    );
}

#[tokio::test]
async fn a_failing_stripe_is_named_with_the_operation() {
    for (fault, expect) in [
        // Stripe's own error words reach the caller.
        (Fault::Status(400), "refused: injected failure"),
        (Fault::Status(402), "refused: injected failure"),
        (Fault::Status(401), "the API key was refused"),
        (Fault::Status(500), "answered 500"),
        (Fault::Garbage, "unreadable answer"),
        (Fault::Hang, "timed out"),
        (Fault::Refuse, "no answer"),
    ] {
        let stand_in = faults::serve(fault).await;
        let stripe = adapter(vec![
            ("STRIPE_SECRET_KEY", "sk_test_1".into()),
            ("STRIPE_API_BASE", format!("{}/", stand_in.url())),
            ("STRIPE_TIMEOUT_MS", "500".into()),
        ]);
        let err = stripe.ensure_customer(None, &customer()).await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("billing: ensure customer: ") && text.contains(expect),
            "{fault:?}: {text}"
        );
        assert!(!text.contains("sk_test_1"), "{text}");
    }
}
