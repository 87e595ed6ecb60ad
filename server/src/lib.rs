// Release builds (no `erase_components`) instantiate deep view types.
#![recursion_limit = "512"]
//! The dezky server: configuration, HTTP stack (axum + Leptos SSR) and, in later
//! layers, adapters to the outside world and background workers.
pub mod auth;
pub mod clock;
pub mod cold;
pub mod config;
pub mod http;
pub mod observability;
pub mod readiness;
pub mod seed;
pub mod store;
pub mod workers;

pub use http::{AppState, router};
