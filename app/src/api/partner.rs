//! The partner portal's server functions (`/partner`).
mod home;

pub use home::*;
