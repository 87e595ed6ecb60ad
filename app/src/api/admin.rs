//! The tenant admin's server functions (`/admin`).
mod audit;
mod members;

pub use audit::*;
pub use members::*;
