//! Generates the typed `i18n` module from `locales/*.json` (Danish is the default).
use leptos_i18n_build::{Config, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let cfg = Config::new("da")?
        .add_locale("en")?
        .locales_path("../locales");
    let infos = TranslationsInfos::parse(cfg)?;
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos.generate_i18n_module(PathBuf::from(out_dir).join("i18n"))?;
    Ok(())
}
