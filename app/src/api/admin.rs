//! The tenant admin's server functions (`/admin`).
mod audit;
mod members;
mod people;

pub use audit::*;
pub use members::*;
pub use people::*;
