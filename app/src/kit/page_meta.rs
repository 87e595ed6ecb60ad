use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Per-page `<title>` and meta description; both follow the current language.
#[component]
pub fn PageMeta(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] description: Signal<String>,
) -> impl IntoView {
    view! {
        <Title text=move || title.get() />
        <Meta name="description" content=move || description.get() />
    }
}
