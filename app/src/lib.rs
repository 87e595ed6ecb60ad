//! The dezky Leptos application: every face of the product (public website, and
//! later the customer portal, partner portal and operator console) as one router.
//!
//! This crate is built twice: with `ssr` for the server and with `hydrate` for the
//! browser (wasm). Server-only code is behind `#[cfg(feature = "ssr")]`.
#![recursion_limit = "512"]

/// Typed translations generated from `locales/*.json` by `build.rs` (leptos_i18n).
/// The generated code is not ours to lint.
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

mod app;
pub mod format;
pub mod kit;
pub mod lang;
pub mod operator;
pub mod partner;
pub mod platform;
pub mod portal;
pub mod pricing;
#[cfg(feature = "ssr")]
pub mod security;
pub mod website;

pub use app::{App, shell};

/// A translated string as a reactive `Signal<String>`, for component props:
/// `tr!(i18n, home.hero_title)`.
#[macro_export]
macro_rules! tr {
    ($i18n:ident, $($key:tt)+) => {
        ::leptos::prelude::Signal::derive(move || $crate::i18n::t_string!($i18n, $($key)+).to_string())
    };
}
