//! The domain: what dezky's records are and the rules about them, written once
//! and compiled for both targets (the browser validates with the same code the
//! server enforces). Nothing here performs I/O.
pub mod access;
pub mod audit;
pub mod authz;
pub mod billing_details;
pub mod billing_state;
pub mod branding;
pub mod customers;
pub mod dmarc;
pub mod error;
pub mod flags;
pub mod health;
pub mod logo;
pub mod mail_domains;
pub mod model;
pub mod partner_edit;
pub mod partner_team;
pub mod payouts;
pub mod provisioning;
pub mod reports;
pub mod repricing;
pub mod revenue;
pub mod security;
pub mod slug;
pub mod spf;
pub mod sso;
pub mod validate;
pub mod vat;
pub mod views;

pub use error::{AppError, System, Unavailable};

#[cfg(test)]
mod tests {
    use serde::Serialize;

    fn serde_name(value: impl Serialize) -> String {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(name)) => name,
            other => panic!("not a unit variant: {other:?}"),
        }
    }

    /// The `as_str` names the pages write into `data-*` attributes are the
    /// serde names, variant by variant.
    #[test]
    fn as_str_is_the_serde_name() {
        use super::access::GrantState as G;
        use super::customers::WizardStep as W;
        use super::health::HealthLevel as H;
        use super::model::TenantStatus as T;
        use super::provisioning::JobStatus as J;
        use super::views::UserIdentityOutcome as U;
        let mut pairs: Vec<(String, &str)> = Vec::new();
        for v in [T::Active, T::Suspended, T::Deleted] {
            pairs.push((serde_name(v), v.as_str()));
        }
        for v in [G::Pending, G::Active, G::Expired, G::Denied, G::Revoked] {
            pairs.push((serde_name(v), v.as_str()));
        }
        for v in [J::Running, J::Failed, J::Done] {
            pairs.push((serde_name(v), v.as_str()));
        }
        for v in [H::Healthy, H::Attention, H::Critical] {
            pairs.push((serde_name(v), v.as_str()));
        }
        for v in [U::Done, U::NoAccount, U::NotConnected, U::Failed] {
            pairs.push((serde_name(v), v.as_str()));
        }
        for v in W::ALL {
            pairs.push((serde_name(v), v.as_str()));
        }
        assert_eq!(pairs.len(), 22);
        for (serde, ours) in pairs {
            assert_eq!(serde, ours);
        }
    }
}
