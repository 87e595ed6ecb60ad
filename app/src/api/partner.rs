//! The partner portal's server functions (`/partner`).
mod access;
mod home;

pub use access::*;
pub use home::*;
