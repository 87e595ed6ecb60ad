//! The tenant admin's server functions (`/admin`).
mod audit;
mod domains;
mod members;
mod people;
mod security;
mod sso_apps;

pub use audit::*;
pub use domains::*;
pub use members::*;
pub use people::*;
pub use security::*;
pub use sso_apps::*;
