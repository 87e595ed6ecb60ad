//! Flows per area, through the services and the HTTP surface: sign-in, roles and
//! refusals (`auth`), the audit chain (`audit`) and its cold archive (`archive`).
pub mod archive;
pub mod audit;
pub mod auth;
