//! `Billing` over async-stripe. Every call is tried up to twice with one
//! idempotency key (`RequestStrategy::Retry`): Stripe answers a repeated
//! write with the first answer, so a retried write never happens twice.
use super::StripeConfig;
use ::stripe::{Client, ClientBuilder, RequestStrategy, StripeError};
use app::domain::System;
use app::ports::billing::{
    Billing, BillingError as Error, BillingErrorKind as Kind, Card, CardSetup, Interval, Invoice,
    NewCustomer, NewPrice, SetupOutcome, Subscription, SubscriptionItem,
};
use async_trait::async_trait;
use secrecy::ExposeSecret;
use std::str::FromStr;
use stripe_billing::invoice::ListInvoice;
use stripe_billing::subscription::{CreateSubscription, CreateSubscriptionItems};
use stripe_billing::subscription_item::{
    UpdateSubscriptionItem, UpdateSubscriptionItemProrationBehavior,
};
use stripe_core::customer::{
    CreateCustomer, ListCustomer, RetrieveCustomer, RetrieveCustomerReturned, UpdateCustomer,
    UpdateCustomerInvoiceSettings,
};
use stripe_core::setup_intent::{CreateSetupIntent, CreateSetupIntentUsage, RetrieveSetupIntent};
use stripe_product::price::{
    CreatePrice, CreatePriceProductData, CreatePriceRecurring, CreatePriceRecurringInterval,
};

pub struct StripeBilling {
    client: Client,
    describe: String,
}

impl StripeBilling {
    pub fn new(config: &StripeConfig) -> Result<Self, String> {
        let client = ClientBuilder::new(config.secret_key.expose_secret())
            .url(config.api_base.clone())
            .timeout(config.timeout)
            .request_strategy(RequestStrategy::Retry(2))
            .build()
            .map_err(|e| format!("billing: {e}"))?;
        let mode = if config.test_mode {
            "test mode"
        } else {
            "live mode"
        };
        let money = if config.enabled {
            "payments on"
        } else {
            "payments off"
        };
        Ok(Self {
            client,
            describe: format!("Stripe ({mode}, {money}) at {}", config.api_base),
        })
    }
}

fn err(op: &'static str, kind: Kind) -> Error {
    Error::new(System::Billing, op, kind)
}

fn error(op: &'static str, e: StripeError) -> Error {
    let kind = match e {
        StripeError::Stripe(api, status) => Kind::from_status(
            status,
            api.message.clone().unwrap_or_else(|| format!("{status}")),
        ),
        StripeError::Timeout => Kind::Unavailable("timed out".into()),
        StripeError::JSONDeserialize(m) => Kind::Unavailable(format!("unreadable answer: {m}")),
        StripeError::ClientError(m) => Kind::Unavailable(format!("no answer: {m}")),
        StripeError::ConfigError(m) => Kind::Unavailable(format!("client configuration: {m}")),
    };
    err(op, kind)
}

/// Brand and last four of a card payment method (None for other kinds).
fn card(pm: &stripe_shared::PaymentMethod) -> Option<Card> {
    let c = pm.card.as_ref()?;
    Some(Card {
        payment_method_id: pm.id.to_string(),
        brand: c.brand.clone(),
        last4: c.last4.clone(),
        exp_month: u8::try_from(c.exp_month).unwrap_or(0),
        exp_year: u16::try_from(c.exp_year).unwrap_or(0),
    })
}

fn invoice(i: stripe_shared::Invoice) -> Invoice {
    Invoice {
        id: i.id.map(|id| id.to_string()).unwrap_or_default(),
        customer_id: i.customer.as_ref().map(|c| c.id().to_string()),
        number: i.number,
        status: i.status.map(|s| s.to_string()).unwrap_or_default(),
        amount_due_minor: i.amount_due,
        amount_paid_minor: i.amount_paid,
        currency: i.currency.to_string(),
        created: i.created,
        hosted_url: i.hosted_invoice_url,
        pdf_url: i.invoice_pdf,
    }
}

fn subscription(s: stripe_shared::Subscription) -> Subscription {
    let current_period_end = s.items.data.first().map(|i| i.current_period_end);
    Subscription {
        currency: s.currency.to_string(),
        current_period_end,
        id: s.id.to_string(),
        customer_id: s.customer.id().to_string(),
        status: s.status.to_string(),
        items: s
            .items
            .data
            .into_iter()
            .map(|i| SubscriptionItem {
                id: i.id.to_string(),
                price_id: i.price.id.to_string(),
                quantity: i.quantity.unwrap_or(1),
            })
            .collect(),
    }
}

#[async_trait]
impl Billing for StripeBilling {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn check(&self) -> Result<(), Error> {
        ListCustomer::new()
            .limit(1)
            .send(&self.client)
            .await
            .map(|_| ())
            .map_err(|e| error("check the key", e))
    }

    async fn ensure_customer(
        &self,
        existing: Option<&str>,
        customer: &NewCustomer,
    ) -> Result<String, Error> {
        let op = "ensure customer";
        if let Some(id) = existing {
            match RetrieveCustomer::new(id).send(&self.client).await {
                Ok(RetrieveCustomerReturned::Customer(c)) => return Ok(c.id.to_string()),
                // Deleted at Stripe (or never there): make a new one.
                Ok(RetrieveCustomerReturned::DeletedCustomer(_)) => {}
                Err(e) => {
                    let e = error(op, e);
                    if e.kind != Kind::NotFound {
                        return Err(e);
                    }
                }
            }
        }
        let metadata = std::collections::HashMap::from([(
            "dezky_tenant".to_owned(),
            customer.tenant_slug.clone(),
        )]);
        CreateCustomer::new()
            .name(customer.name.clone())
            .email(customer.email.clone())
            .metadata(metadata)
            .send(&self.client)
            .await
            .map(|c| c.id.to_string())
            .map_err(|e| error(op, e))
    }

    async fn card_setup(&self, customer_id: &str) -> Result<CardSetup, Error> {
        let op = "start card setup";
        let intent = CreateSetupIntent::new()
            .customer(customer_id)
            .usage(CreateSetupIntentUsage::OffSession)
            .send(&self.client)
            .await
            .map_err(|e| error(op, e))?;
        let client_secret = intent.client_secret.ok_or_else(|| {
            err(
                op,
                Kind::Unavailable("the SetupIntent has no client secret".into()),
            )
        })?;
        Ok(CardSetup {
            id: intent.id.to_string(),
            client_secret,
        })
    }

    async fn setup_outcome(&self, setup_intent_id: &str) -> Result<SetupOutcome, Error> {
        let intent = RetrieveSetupIntent::new(setup_intent_id)
            .expand(vec!["payment_method".to_owned()])
            .send(&self.client)
            .await
            .map_err(|e| error("read the card setup", e))?;
        Ok(SetupOutcome {
            customer_id: intent.customer.as_ref().map(|c| c.id().to_string()),
            status: intent.status.to_string(),
            card: intent
                .payment_method
                .as_ref()
                .and_then(|p| p.as_object())
                .and_then(card),
        })
    }

    async fn default_card(&self, customer_id: &str) -> Result<Option<Card>, Error> {
        let customer = RetrieveCustomer::new(customer_id)
            .expand(vec!["invoice_settings.default_payment_method".to_owned()])
            .send(&self.client)
            .await
            .map_err(|e| error("read the default card", e))?;
        Ok(match customer {
            RetrieveCustomerReturned::Customer(c) => c
                .invoice_settings
                .and_then(|s| s.default_payment_method)
                .and_then(|p| p.into_object())
                .and_then(|p| card(&p)),
            RetrieveCustomerReturned::DeletedCustomer(_) => None,
        })
    }

    async fn set_default_payment_method(
        &self,
        customer_id: &str,
        payment_method_id: &str,
    ) -> Result<(), Error> {
        let settings = UpdateCustomerInvoiceSettings {
            default_payment_method: Some(payment_method_id.to_owned()),
            ..Default::default()
        };
        UpdateCustomer::new(customer_id)
            .invoice_settings(settings)
            .send(&self.client)
            .await
            .map(|_| ())
            .map_err(|e| error("set the default card", e))
    }

    async fn create_price(&self, price: &NewPrice) -> Result<String, Error> {
        let op = "create price";
        let currency = stripe_types::Currency::from_str(&price.currency)
            .ok()
            .filter(|c| !matches!(c, stripe_types::Currency::Unknown(_)))
            .ok_or_else(|| {
                err(
                    op,
                    Kind::Rejected(format!("{:?} is not a currency", price.currency)),
                )
            })?;
        let interval = match price.interval {
            Interval::Month => CreatePriceRecurringInterval::Month,
            Interval::Year => CreatePriceRecurringInterval::Year,
        };
        CreatePrice::new(currency)
            .unit_amount(price.unit_amount_minor)
            .recurring(CreatePriceRecurring::new(interval))
            .product_data(CreatePriceProductData::new(price.product_name.clone()))
            .send(&self.client)
            .await
            .map(|p| p.id.to_string())
            .map_err(|e| error(op, e))
    }

    async fn create_subscription(
        &self,
        customer_id: &str,
        price_id: &str,
        quantity: u64,
    ) -> Result<Subscription, Error> {
        let item = CreateSubscriptionItems {
            price: Some(price_id.to_owned()),
            quantity: Some(quantity),
            ..Default::default()
        };
        CreateSubscription::new()
            .customer(customer_id)
            .items(vec![item])
            .send(&self.client)
            .await
            .map(subscription)
            .map_err(|e| error("create subscription", e))
    }

    async fn set_quantity(&self, item_id: &str, quantity: u64) -> Result<(), Error> {
        UpdateSubscriptionItem::new(item_id)
            .quantity(quantity)
            .proration_behavior(UpdateSubscriptionItemProrationBehavior::None)
            .send(&self.client)
            .await
            .map(|_| ())
            .map_err(|e| error("change seats", e))
    }

    async fn repoint(&self, item_id: &str, price_id: &str) -> Result<(), Error> {
        UpdateSubscriptionItem::new(item_id)
            .price(price_id)
            .proration_behavior(UpdateSubscriptionItemProrationBehavior::None)
            .send(&self.client)
            .await
            .map(|_| ())
            .map_err(|e| error("change price", e))
    }

    async fn invoices(&self, customer_id: &str, limit: u8) -> Result<Vec<Invoice>, Error> {
        let list = ListInvoice::new()
            .customer(customer_id)
            .limit(i64::from(limit.clamp(1, 100)))
            .send(&self.client)
            .await
            .map_err(|e| error("list invoices", e))?;
        Ok(list.data.into_iter().map(invoice).collect())
    }

    async fn recent_invoices(&self, limit: u8) -> Result<Vec<Invoice>, Error> {
        let list = ListInvoice::new()
            .limit(i64::from(limit.clamp(1, 100)))
            .send(&self.client)
            .await
            .map_err(|e| error("list the latest invoices", e))?;
        Ok(list.data.into_iter().map(invoice).collect())
    }
}
