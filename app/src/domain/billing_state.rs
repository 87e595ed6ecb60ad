//! A tenant's account at the payment provider and THE rule for applying the
//! provider's events to it. Events arrive at least once and in any order:
//! each kind of state (payment, subscription) remembers the `created` time
//! of the event it came from, and an older event never overwrites a newer
//! one. A failed payment marks the tenant until a later invoice is paid.
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
            Applied::Subscription(status)
        }
        "customer.subscription.deleted" => {
            next.subscription_id = Some(text("id"));
            next.subscription_status = Some("canceled".into());
            next.subscription_as_of = created;
            Applied::SubscriptionEnded
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
