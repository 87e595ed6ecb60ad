//! The partner portal's server functions (`/partner`).
mod access;
mod billing;
mod customers;
mod home;
mod reports;
mod settings;
mod team;

pub use access::*;
pub use billing::*;
pub use customers::*;
pub use home::*;
pub use reports::*;
pub use settings::*;
pub use team::*;
