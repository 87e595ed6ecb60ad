//! The customer portal's server functions (`/portal`).
mod evaluate_flags;
mod tenant_home;

pub use evaluate_flags::*;
pub use tenant_home::*;
