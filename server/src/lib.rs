// Release builds (no `erase_components`) instantiate deep view types.
#![recursion_limit = "512"]
//! The dezky server: configuration (`config`), the composition root
//! (`composition`), the HTTP stack (`http`, `auth`), adapters to the outside
//! world (`store`, `integrations/<system>`) and background workers (`workers`).
pub mod auth;
pub mod clock;
pub mod composition;
pub mod config;
pub mod http;
pub mod integrations;
pub mod observability;
pub mod probes;
pub mod readiness;
pub mod seed;
pub mod store;
pub mod workers;

pub use composition::StartError;
pub use http::{AppState, router};
