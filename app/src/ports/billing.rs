//! The billing port: customers, cards (SetupIntents and the default payment
//! method), prices, subscriptions and invoices at the payment provider. The
//! adapter is `server/src/integrations/stripe/` (async-stripe, only the API
//! modules used); its contract suite runs against stripe-mock, Stripe's own
//! API mock. Amounts are minor units (øre, cents) throughout.
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use crate::domain::billing_state::Card;

/// How often a price recurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Interval {
    Month,
    Year,
}

/// A new customer at the provider, for one tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomer {
    pub tenant_slug: String,
    pub name: String,
    pub email: String,
}

/// What the browser needs to collect a card (Stripe.js `confirmCardSetup`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSetup {
    pub id: String,
    pub client_secret: String,
}

/// A recurring price. Prices are immutable: a new amount is a new price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPrice {
    /// The product's name ("dezky Business, per seat").
    pub product_name: String,
    pub unit_amount_minor: i64,
    /// ISO 4217, lower case (`dkk`, `eur`).
    pub currency: String,
    pub interval: Interval,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionItem {
    pub id: String,
    pub price_id: String,
    pub quantity: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub customer_id: String,
    /// The provider's status (`active`, `past_due`, `canceled`, ...).
    pub status: String,
    pub items: Vec<SubscriptionItem>,
    pub currency: String,
    /// The first item's period end (Unix seconds): the next renewal.
    pub current_period_end: Option<i64>,
}

/// A card-setup as the provider holds it (read back after the browser
/// confirmed it, so the server never trusts the browser's word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupOutcome {
    pub customer_id: Option<String>,
    /// `succeeded` once the card is collected.
    pub status: String,
    pub card: Option<Card>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    /// The customer billed (`cus_...`).
    pub customer_id: Option<String>,
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible`, `void`.
    pub status: String,
    pub amount_due_minor: i64,
    pub amount_paid_minor: i64,
    pub currency: String,
    /// Unix seconds.
    pub created: i64,
    pub hosted_url: Option<String>,
    pub pdf_url: Option<String>,
}

#[async_trait]
pub trait Billing: Send + Sync + 'static {
    /// "Stripe (test mode) at https://api.stripe.com/", never the key.
    fn describe(&self) -> String;
    /// One authenticated round trip.
    async fn check(&self) -> Result<(), BillingError>;

    /// The customer id: `existing` when the provider still has it, else a new
    /// customer (ensure on demand; the caller stores the id).
    async fn ensure_customer(
        &self,
        existing: Option<&str>,
        customer: &NewCustomer,
    ) -> Result<String, BillingError>;
    /// Starts collecting a card for later, off-session use.
    async fn card_setup(&self, customer_id: &str) -> Result<CardSetup, BillingError>;
    /// A card-setup read back, with the card it collected.
    async fn setup_outcome(&self, setup_intent_id: &str) -> Result<SetupOutcome, BillingError>;
    /// The customer's default card, if any.
    async fn default_card(&self, customer_id: &str) -> Result<Option<Card>, BillingError>;
    /// Makes a collected card the one invoices are charged to.
    async fn set_default_payment_method(
        &self,
        customer_id: &str,
        payment_method_id: &str,
    ) -> Result<(), BillingError>;

    /// Mints a new price (and its product); returns the price id.
    async fn create_price(&self, price: &NewPrice) -> Result<String, BillingError>;
    async fn create_subscription(
        &self,
        customer_id: &str,
        price_id: &str,
        quantity: u64,
    ) -> Result<Subscription, BillingError>;
    /// Seats changed: the new quantity, without proration.
    async fn set_quantity(&self, item_id: &str, quantity: u64) -> Result<(), BillingError>;
    /// Re-pricing: the item now bills at `price_id`, without proration.
    async fn repoint(&self, item_id: &str, price_id: &str) -> Result<(), BillingError>;
    /// The customer's invoices, newest first.
    async fn invoices(&self, customer_id: &str, limit: u8) -> Result<Vec<Invoice>, BillingError>;
    /// The account's latest invoices across customers, newest first.
    async fn recent_invoices(&self, limit: u8) -> Result<Vec<Invoice>, BillingError>;
}

/// Billing failures: the shared API error, with `System::Billing`.
pub type BillingError = super::api_error::ApiError;
pub type BillingErrorKind = super::api_error::ApiErrorKind;
