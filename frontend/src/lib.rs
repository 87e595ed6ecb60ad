//! Browser entry point: hydrates the server-rendered HTML with the same `App`, once
//! the chunk of the page in front of the visitor has loaded (lazy routes).
#![allow(clippy::unused_unit)]
// Release builds (no `erase_components`) instantiate deep view types.
#![recursion_limit = "512"]
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
