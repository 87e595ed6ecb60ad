//! The dezky Leptos application: every face of the product (public website, and
//! later the customer portal, partner portal and operator console) as one router.
//!
//! This crate is built twice: with `ssr` for the server and with `hydrate` for the
//! browser (wasm). Server-only code is behind `#[cfg(feature = "ssr")]`.
#![recursion_limit = "512"]

/// Typed translations generated from `locales/*.json` (leptos_i18n; see
/// `[package.metadata.leptos-i18n]`). The generated code is not ours to lint.
///
/// leptos_i18n deprecates the macro in favour of `leptos_i18n_build` in a build
/// script, which pulls ~180 build-time crates (ICU data generation with an HTTP
/// client and a wasm interpreter) that none of our translations use and that a
/// cold build compiled twice (server and wasm): minutes of every CI run on a new
/// machine. The macro generates the same module from the same files.
#[allow(deprecated, clippy::expect_used, clippy::unwrap_used, clippy::all)]
mod generated {
    leptos_i18n::load_locales!();
}
/// The generated translations, with our own `t!` for plain keys.
pub mod i18n {
    pub use super::generated::i18n::*;
    pub use crate::__dezky_t as t;
    pub use crate::__dezky_t_signal as t_signal;
}

/// `t!(i18n, key)`: a plain key's text through [`lang::tr`] (one closure type
/// for all of them); with interpolations or components, leptos_i18n's `t!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __dezky_t {
    ($i18n:ident, $($key:ident).+) => {
        $crate::lang::tr($i18n, |l| $crate::i18n::td_string!(l, $($key).+))
    };
    ($($tt:tt)*) => {
        ::leptos_i18n::t! { $($tt)* }
    };
}

/// `t_signal!(i18n, key)`: a plain key's text as a `Signal<String>`, for the
/// props that take one (through [`lang::tr_signal`]: one closure type for all).
#[doc(hidden)]
#[macro_export]
macro_rules! __dezky_t_signal {
    ($i18n:ident, $($key:ident).+) => {
        $crate::lang::tr_signal($i18n, |l| $crate::i18n::td_string!(l, $($key).+))
    };
}

// Layers, innermost first (docs/ARCHITECTURE.md has the map and the rules):
/// Server functions, a folder per face and a file per function: authorise, call a
/// service, return a DTO.
pub mod api;
/// Pure rules and types, on both targets: models, authorisation, flags,
/// validation, slugs, errors, audit types.
pub mod domain;
/// Server-only: one trait per external capability (store, clock, object storage).
#[cfg(feature = "ssr")]
pub mod ports;
/// Server-only: typed persistence over the store port, one file per aggregate.
#[cfg(feature = "ssr")]
pub mod repo;
/// Server-only: the business rules, one module per area; the request context.
#[cfg(feature = "ssr")]
pub mod services;

// The UI: the face table, the kit (fetches nothing), the signed-in shell, and
// the four faces.
mod app;
pub mod audit_log;
pub mod faces;
pub mod format;
pub mod kit;
pub mod lang;
pub mod mail_text;
pub mod operator;
pub mod partner;
pub mod portal;
pub mod pricing;
#[cfg(feature = "ssr")]
pub mod security;
pub mod shell;
pub mod website;

#[cfg(feature = "hydrate")]
pub use app::load_routes;
pub use app::{App, shell};

/// A translated string as a reactive `Signal<String>`, for component props:
/// `tr!(i18n, home.hero_title)`.
#[macro_export]
macro_rules! tr {
    ($i18n:ident, $($key:tt)+) => {
        ::leptos::prelude::Signal::derive(move || $crate::i18n::t_string!($i18n, $($key)+).to_string())
    };
}
