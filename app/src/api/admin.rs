//! The tenant admin's server functions (`/admin`).
mod audit;
mod billing;
mod branding;
mod domains;
mod members;
mod partner_access;
mod people;
mod security;
mod sso_apps;

pub use audit::*;
pub use billing::*;
pub use branding::*;
pub use domains::*;
pub use members::*;
pub use partner_access::*;
pub use people::*;
pub use security::*;
pub use sso_apps::*;
