//! Flows per area, through the services and the HTTP surface: sign-in, roles and
//! refusals (`auth`), the attacks of ASVS level 2 sent as raw HTTP (`hardening`), the live probes of every system (`infrastructure`), the audit chain (`audit`) and its cold archive (`archive`), adding a person across the
//! stand-ins (`provisioning`).
pub mod archive;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod customers;
pub mod dashboard;
pub mod domains;
pub mod hardening;
pub mod identity;
pub mod infrastructure;
pub mod ingest;
pub mod operators;
pub mod partner_access;
pub mod partner_team;
pub mod personal;
pub mod proofs;
pub mod provisioning;
pub mod security;
pub mod sso_apps;
pub mod tenants;
