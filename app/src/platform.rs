//! The platform core shared by the three signed-in faces: identity, roles and
//! tenancy, feature flags, and the ports the server implements (store, audit).
//!
//! Everything outside `#[cfg(feature = "ssr")]` is pure and also compiles to wasm
//! (types, validation, authorisation rules, flag evaluation); the ports, services
//! and request context are server-only.
pub mod api;
pub mod audit;
pub mod authz;
pub mod error;
pub mod flag_gate;
pub mod flags;
pub mod model;
pub mod slug;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod store;

pub use error::AppError;
