use leptos::prelude::*;

/// Marks `<body data-hydrated="true">` once the wasm bundle has hydrated the page.
/// Effects never run on the server, so the attribute proves hydration happened.
#[component]
pub fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
