//! The typed `i18n` module is generated from `locales/*.json` by
//! `leptos_i18n::load_locales!()` (configured under
//! `[package.metadata.leptos-i18n]`); this script only tells cargo to rebuild the
//! crate when a locale file changes.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../locales");
}
