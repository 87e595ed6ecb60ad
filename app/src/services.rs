//! The services: dezky's business rules, one module per area, server-only.
//! Server functions and HTTP handlers (the CSV export included) call these and
//! never the repository; services call the repository and the ports.
//!
//! Each function takes the request context ([`Ctx`]): the services bag and the
//! caller. Authorisation is the caller's first line (`Ctx::authorize`); a service
//! that needs to look a record up before it can be authorised (a tenant by
//! slug) does both in one place ([`tenants::authorized`]).
pub mod attention;
pub mod audit;
pub mod billing;
pub mod branding;
pub mod context;
pub mod customers;
pub mod dashboard;
pub mod domains;
pub mod flags;
pub mod infrastructure;
pub mod mail;
pub mod me;
pub mod members;
pub mod operator_partners;
pub mod operator_tenants;
pub mod operators;
pub mod overview;
pub mod partner_access;
pub mod partner_settings;
pub mod partner_team;
pub mod partners;
pub mod passwords;
pub mod payouts;
pub mod platform_users;
pub mod provisioning;
pub mod reports;
pub mod repricing;
pub mod revenue;
pub mod security;
pub mod sessions;
pub mod sso_apps;
pub mod tenant_billing;
pub mod tenants;

pub use context::{Ctx, Services};
