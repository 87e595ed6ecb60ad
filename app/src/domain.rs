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
