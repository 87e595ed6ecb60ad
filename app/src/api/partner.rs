//! The partner portal's server functions (`/partner`).
mod access;
mod customers;
mod home;

pub use access::*;
pub use customers::*;
pub use home::*;
