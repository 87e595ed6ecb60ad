//! The dezky Leptos application: every face of the product (public website, and
//! later the customer portal, partner portal and operator console) as one router.
//!
//! This crate is built twice: with `ssr` for the server and with `hydrate` for the
//! browser (wasm). Server-only code is behind `#[cfg(feature = "ssr")]`.
#![recursion_limit = "256"]

// Typed translations generated from `locales/*.json` by `build.rs`: `pub mod i18n`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod app;
pub mod kit;
pub mod format;
pub mod lang;
pub mod pricing;
#[cfg(feature = "ssr")]
pub mod security;
pub mod website;

pub use app::{App, shell};
