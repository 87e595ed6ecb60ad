//! A tenant's account at the payment provider and THE rule for applying the
//! provider's events to it. Events arrive at least once and in any order:
//! each kind of state (payment, subscription) remembers the `created` time
//! of the event it came from, and an older event never overwrites a newer
//! one. A failed payment marks the tenant until a later invoice is paid.
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The page that collects a card: the only one whose policy allows
/// Stripe.js (`security::PageScope`).
pub const CARD_PAGE: &str = "/admin/billing/card";

/// Stripe.js itself, as the card page loads it.
pub const STRIPE_JS: &str = "https://js.stripe.com/v3/";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingAccount {
    /// The provider's customer (`cus_...`), ensured on demand.
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub subscription_id: Option<String>,
    /// The provider's status (`active`, `past_due`, `canceled`, ...).
    #[serde(default)]
    pub subscription_status: Option<String>,
    /// The invoice whose payment failed, while none newer was paid.
    #[serde(default)]
    pub payment_failed: Option<PaymentFailure>,
    /// `created` (Unix seconds) of the event the payment state came from.
    #[serde(default)]
    pub payment_as_of: i64,
    /// The same for the subscription state.
    #[serde(default)]
    pub subscription_as_of: i64,
    /// The subscription's (one) item: what seats and re-pricing change.
    #[serde(default)]
    pub subscription_item_id: Option<String>,
    /// The provider's price the item bills at.
    #[serde(default)]
    pub price_id: Option<String>,
    /// The per-seat amount the subscription bills at, minor units: the
    /// snapshot MRR reads (re-pricing refreshes it).
    #[serde(default)]
    pub seat_price_minor: Option<i64>,
    /// The currency the tenant is billed in (lower-case ISO 4217); the
    /// catalog's default currency until a subscription says otherwise.
    #[serde(default)]
    pub currency: Option<String>,
    /// The end of the current period (Unix seconds): the next renewal.
    #[serde(default)]
    pub renews_at: Option<i64>,
    /// The card invoices are charged to.
    #[serde(default)]
    pub card: Option<Card>,
    /// `created` of the customer event the card came from.
    #[serde(default)]
    pub customer_as_of: i64,
}

/// A card as the page shows it: brand and last four digits, never more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub payment_method_id: String,
    /// `visa`, `mastercard`, ...
    pub brand: String,
    pub last4: String,
    pub exp_month: u8,
    pub exp_year: u16,
}

impl BillingAccount {
    /// The currency the tenant is billed in.
    pub fn currency(&self) -> &str {
        self.currency
            .as_deref()
            .unwrap_or(super::revenue::DEFAULT_CURRENCY)
    }

    /// A subscription that bills: one exists, with an item, and has not
    /// ended. Seats and re-pricing act on it.
    pub fn live(&self) -> bool {
        self.subscription_item_id.is_some()
            && !matches!(
                self.subscription_status.as_deref(),
                Some("canceled" | "incomplete_expired") | None
            )
    }
}

/// Seats follow people (with a live subscription): adding a person to a
/// tenant whose seats are all taken buys one more; never a person without
/// a seat. The seats the subscription needs before `people` + 1 are in.
pub fn seats_for_one_more(seats: u32, people: u32) -> u32 {
    seats.max(people.saturating_add(1))
}

/// Removing a person releases one seat, never below the people left (and
/// never below one: a subscription bills at least one seat).
pub fn seats_after_removal(seats: u32, people_left: u32) -> u32 {
    seats.saturating_sub(1).max(people_left).max(1)
}

/// Why a card-setup read back is not this customer's confirmed card.
pub fn check_setup(
    customer_id: &str,
    setup_customer: Option<&str>,
    status: &str,
    card: Option<&Card>,
) -> Result<(), &'static str> {
    if setup_customer != Some(customer_id) {
        return Err("not_yours");
    }
    if status != "succeeded" {
        return Err("not_confirmed");
    }
    if card.is_none() {
        return Err("not_a_card");
    }
    Ok(())
}

/// The default payment method a customer object names (an id, or the
/// expanded object's id).
pub fn default_payment_method(customer: &Value) -> Option<String> {
    match &customer["invoice_settings"]["default_payment_method"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentFailure {
    pub invoice_id: String,
    /// Minor units.
    pub amount_due: i64,
    pub currency: String,
    /// Unix seconds (the event's `created`).
    pub at: i64,
}

/// What an event did to the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    PaymentFailed,
    /// Paid after a failure: the mark is gone.
    PaymentRecovered,
    Paid,
    Subscription(String),
    SubscriptionEnded,
    /// The customer's default payment method is now this one (None: no
    /// card): the caller reads the card's brand and last four.
    CardChanged(Option<String>),
    /// Older than the state it would change (out of order): ignored.
    Stale,
    /// A kind dezky does not act on.
    Ignored,
}

/// The customer an event's object belongs to (`customer` on invoices and
/// subscriptions; the object itself for customer events).
pub fn customer_of(kind: &str, object: &Value) -> Option<String> {
    if kind.starts_with("customer.") && !kind.starts_with("customer.subscription.") {
        return object["id"].as_str().map(str::to_owned);
    }
    match &object["customer"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// THE rule: the account after an event of `kind` about `object` created
/// at `created`, and what changed.
pub fn apply(
    account: &BillingAccount,
    kind: &str,
    object: &Value,
    created: i64,
) -> (BillingAccount, Applied) {
    let mut next = account.clone();
    let text = |k: &str| object[k].as_str().unwrap_or_default().to_owned();
    let applied = match kind {
        "invoice.payment_failed" | "invoice.paid" if created < account.payment_as_of => {
            Applied::Stale
        }
        "invoice.payment_failed" => {
            next.payment_failed = Some(PaymentFailure {
                invoice_id: text("id"),
                amount_due: object["amount_due"].as_i64().unwrap_or(0),
                currency: text("currency"),
                at: created,
            });
            next.payment_as_of = created;
            Applied::PaymentFailed
        }
        "invoice.paid" => {
            let was = next.payment_failed.take();
            next.payment_as_of = created;
            if was.is_some() {
                Applied::PaymentRecovered
            } else {
                Applied::Paid
            }
        }
        "customer.subscription.created"
        | "customer.subscription.updated"
        | "customer.subscription.deleted"
            if created < account.subscription_as_of =>
        {
            Applied::Stale
        }
        "customer.subscription.created" | "customer.subscription.updated" => {
            let status = text("status");
            next.subscription_id = Some(text("id"));
            next.subscription_status = Some(status.clone());
            next.subscription_as_of = created;
            let item = &object["items"]["data"][0];
            if let Some(id) = item["id"].as_str() {
                next.subscription_item_id = Some(id.to_owned());
            }
            if let Some(price) = item["price"]["id"].as_str() {
                next.price_id = Some(price.to_owned());
            }
            if let Some(amount) = item["price"]["unit_amount"].as_i64() {
                next.seat_price_minor = Some(amount);
            }
            if let Some(currency) = object["currency"].as_str() {
                next.currency = Some(currency.to_owned());
            }
            // The period lives on the item in current API versions.
            if let Some(end) = item["current_period_end"]
                .as_i64()
                .or_else(|| object["current_period_end"].as_i64())
            {
                next.renews_at = Some(end);
            }
            Applied::Subscription(status)
        }
        "customer.subscription.deleted" => {
            next.subscription_id = Some(text("id"));
            next.subscription_status = Some("canceled".into());
            next.subscription_as_of = created;
            Applied::SubscriptionEnded
        }
        "customer.updated" if created < account.customer_as_of => Applied::Stale,
        "customer.updated" => {
            next.customer_as_of = created;
            let now = default_payment_method(object);
            let had = account.card.as_ref().map(|c| c.payment_method_id.clone());
            if now == had {
                Applied::Ignored
            } else {
                if now.is_none() {
                    next.card = None;
                }
                Applied::CardChanged(now)
            }
        }
        _ => Applied::Ignored,
    };
    (next, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn invoice(id: &str) -> Value {
        json!({ "id": id, "object": "invoice", "customer": "cus_1", "amount_due": 68_600, "currency": "dkk" })
    }

    #[test]
    fn a_failure_marks_the_account_until_a_later_invoice_is_paid() {
        let start = BillingAccount::default();
        let (failed, a) = apply(&start, "invoice.payment_failed", &invoice("in_1"), 100);
        assert_eq!(a, Applied::PaymentFailed);
        let f = failed.payment_failed.clone().expect("marked");
        assert_eq!(
            (f.invoice_id.as_str(), f.amount_due, f.at),
            ("in_1", 68_600, 100)
        );
        let (paid, a) = apply(&failed, "invoice.paid", &invoice("in_1"), 200);
        assert_eq!((a, paid.payment_failed), (Applied::PaymentRecovered, None));
        let (_, a) = apply(
            &BillingAccount::default(),
            "invoice.paid",
            &invoice("in_2"),
            5,
        );
        assert_eq!(a, Applied::Paid);
    }

    #[test]
    fn an_older_event_never_overwrites_a_newer_one() {
        // Paid at 200 arrives first; the failure from 100 arrives after it.
        let (paid, _) = apply(
            &BillingAccount::default(),
            "invoice.paid",
            &invoice("in_1"),
            200,
        );
        let (after, a) = apply(&paid, "invoice.payment_failed", &invoice("in_1"), 100);
        assert_eq!((a, after.clone()), (Applied::Stale, paid));
        let sub = |status: &str| json!({ "id": "sub_1", "customer": "cus_1", "status": status });
        let (active, a) = apply(&after, "customer.subscription.updated", &sub("active"), 300);
        assert_eq!(a, Applied::Subscription("active".into()));
        let (same, a) = apply(
            &active,
            "customer.subscription.updated",
            &sub("past_due"),
            250,
        );
        assert_eq!(
            (a, same.subscription_status.as_deref()),
            (Applied::Stale, Some("active"))
        );
        let (ended, a) = apply(
            &active,
            "customer.subscription.deleted",
            &sub("canceled"),
            400,
        );
        assert_eq!(
            (a, ended.subscription_status.as_deref()),
            (Applied::SubscriptionEnded, Some("canceled"))
        );
        // A redelivery of the same event applies to the same result.
        assert_eq!(
            apply(
                &ended,
                "customer.subscription.deleted",
                &sub("canceled"),
                400
            )
            .0,
            ended
        );
        assert_eq!(
            apply(&ended, "charge.refunded", &json!({}), 500).1,
            Applied::Ignored
        );
    }

    #[test]
    fn a_subscription_event_records_its_item_price_and_renewal() {
        let sub = json!({
            "id": "sub_1", "customer": "cus_1", "status": "active", "currency": "eur",
            "items": { "data": [{
                "id": "si_1", "current_period_end": 1_800_000_000,
                "price": { "id": "price_9", "unit_amount": 650 }
            }] }
        });
        let (a, applied) = apply(
            &BillingAccount::default(),
            "customer.subscription.created",
            &sub,
            10,
        );
        assert_eq!(applied, Applied::Subscription("active".into()));
        assert_eq!(
            (
                a.subscription_item_id.as_deref(),
                a.price_id.as_deref(),
                a.seat_price_minor,
                a.currency(),
                a.renews_at
            ),
            (
                Some("si_1"),
                Some("price_9"),
                Some(650),
                "eur",
                Some(1_800_000_000)
            )
        );
        assert!(a.live());
        let (ended, _) = apply(&a, "customer.subscription.deleted", &sub, 20);
        assert!(!ended.live());
        assert_eq!(BillingAccount::default().currency(), "dkk");
    }

    #[test]
    fn a_customer_event_names_a_new_default_card_in_its_order() {
        let cus = |pm: Value| json!({ "id": "cus_1", "invoice_settings": { "default_payment_method": pm } });
        let mut a = BillingAccount::default();
        let (next, applied) = apply(&a, "customer.updated", &cus(json!("pm_2")), 10);
        assert_eq!(applied, Applied::CardChanged(Some("pm_2".into())));
        assert_eq!(next.customer_as_of, 10);
        a.card = Some(Card {
            payment_method_id: "pm_2".into(),
            brand: "visa".into(),
            last4: "4242".into(),
            exp_month: 8,
            exp_year: 2030,
        });
        a.customer_as_of = 10;
        // The same card (expanded this time): nothing to read.
        assert_eq!(
            apply(&a, "customer.updated", &cus(json!({ "id": "pm_2" })), 11).1,
            Applied::Ignored
        );
        // Removed at the provider: no card.
        let (none, applied) = apply(&a, "customer.updated", &cus(Value::Null), 12);
        assert_eq!((applied, none.card), (Applied::CardChanged(None), None));
        // An older event changes nothing.
        assert_eq!(
            apply(&a, "customer.updated", &cus(json!("pm_1")), 5).1,
            Applied::Stale
        );
    }

    #[test]
    fn seats_follow_people_and_never_leave_one_without() {
        // Spare seats are used first; a full tenant buys one more.
        assert_eq!(seats_for_one_more(20, 14), 20);
        assert_eq!(seats_for_one_more(14, 14), 15);
        assert_eq!(seats_for_one_more(0, 0), 1);
        // A removal releases one seat, never below the people left or one.
        assert_eq!(seats_after_removal(15, 14), 14);
        assert_eq!(seats_after_removal(20, 13), 19);
        assert_eq!(seats_after_removal(14, 14), 14);
        assert_eq!(seats_after_removal(1, 0), 1);
    }

    #[test]
    fn a_card_setup_counts_only_when_confirmed_for_this_customer() {
        let card = Card {
            payment_method_id: "pm_1".into(),
            brand: "visa".into(),
            last4: "4242".into(),
            exp_month: 8,
            exp_year: 2030,
        };
        assert_eq!(
            check_setup("cus_1", Some("cus_1"), "succeeded", Some(&card)),
            Ok(())
        );
        assert_eq!(
            check_setup("cus_1", Some("cus_2"), "succeeded", Some(&card)),
            Err("not_yours")
        );
        assert_eq!(
            check_setup("cus_1", None, "succeeded", Some(&card)),
            Err("not_yours")
        );
        assert_eq!(
            check_setup(
                "cus_1",
                Some("cus_1"),
                "requires_payment_method",
                Some(&card)
            ),
            Err("not_confirmed")
        );
        assert_eq!(
            check_setup("cus_1", Some("cus_1"), "succeeded", None),
            Err("not_a_card")
        );
    }

    #[test]
    fn the_customer_is_read_from_the_object() {
        assert_eq!(
            customer_of("invoice.paid", &invoice("in_1")).as_deref(),
            Some("cus_1")
        );
        assert_eq!(
            customer_of(
                "customer.updated",
                &json!({ "id": "cus_9", "object": "customer" })
            )
            .as_deref(),
            Some("cus_9")
        );
        assert_eq!(
            customer_of(
                "customer.subscription.updated",
                &json!({ "customer": { "id": "cus_3" } })
            )
            .as_deref(),
            Some("cus_3")
        );
        assert_eq!(customer_of("invoice.paid", &json!({})), None);
    }
}
