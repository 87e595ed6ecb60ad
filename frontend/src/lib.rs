//! Browser entry point: hydrates the server-rendered HTML with the same `App`, once
//! the modules of the routes in front of the visitor have loaded (lazy routes).
#![allow(clippy::unused_unit)]
// Release builds (no `erase_components`) instantiate deep view types.
#![recursion_limit = "512"]
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let path = leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default();
        app::load_routes(&path).await;
        leptos::mount::hydrate_body(app::App);
    });
}
