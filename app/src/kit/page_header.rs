use leptos::prelude::*;

/// The header of a content page: eyebrow, the page's single h1, and a lead.
#[component]
pub fn PageHeader(
    #[prop(into)] eyebrow: Signal<String>,
    #[prop(into)] title: Signal<String>,
    #[prop(into, optional)] lead: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div class="container">
                <p class="eyebrow">{move || eyebrow.get()}</p>
                <h1 class="page-header__title">{move || title.get()}</h1>
                {lead.map(|lead| view! { <p class="page-header__lead">{move || lead.get()}</p> })}
            </div>
        </header>
    }
}
