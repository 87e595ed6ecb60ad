//! The building blocks of a signed-in page (the admin-center look): the page
//! header with Refresh and the primary action, figure cards, empty states and
//! the async wrapper that shows loading and errors the same way everywhere.
//! Like the rest of the kit, nothing here fetches: data arrives as props.
use super::ErrorNotice;
use crate::domain::AppError;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A signed-in page's header: its single h1, a Refresh button when the page can
/// re-read its data, and the primary action (children) on the right.
#[component]
pub fn ConsoleHeader(
    #[prop(into)] title: Signal<String>,
    /// Re-reads the page's data.
    #[prop(optional)]
    on_refresh: Option<Callback<()>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="console-header">
            <h1 class="console-header__title">{move || title.get()}</h1>
            <div class="console-header__actions">
                {on_refresh.map(|refresh| view! {
                    <button
                        type="button"
                        class="button button--ghost button--small"
                        data-testid="page-refresh"
                        on:click=move |_| refresh.run(())
                    >
                        <span aria-hidden="true">"↻ "</span>{t!(i18n, shell.refresh)}
                    </button>
                })}
                {children.map(|c| c())}
            </div>
        </div>
    }
}

/// A figure on a card: label above, value below.
#[component]
pub fn StatCard(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: String,
    /// Stable id for tests on the value.
    #[prop(optional)]
    test_id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="stat-card">
            <dt class="stat-card__label">{move || label.get()}</dt>
            <dd class="stat-card__value" data-testid=test_id>{value}</dd>
        </div>
    }
}

/// A row of figure cards.
#[component]
pub fn StatCards(
    #[prop(optional)] test_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! { <dl class="stat-cards" data-testid=test_id>{children()}</dl> }
}

/// What to show where a list is empty: what it is, and what to do next.
#[component]
pub fn EmptyState(
    #[prop(into)] title: Signal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(optional)] test_id: Option<&'static str>,
    /// The next step (a link or button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid=test_id>
            <p class="empty-state__title">{move || title.get()}</p>
            {hint.map(|h| view! { <p class="empty-state__hint">{move || h.get()}</p> })}
            {children.map(|c| view! { <div class="empty-state__action">{c()}</div> })}
        </div>
    }
}

/// Awaits a server function's result: a loading line meanwhile, the translated
/// error notice on failure, `children(value)` on success. Every signed-in page
/// goes through this one wrapper.
#[component]
pub fn Async<T, F, V>(data: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! {
            <p class="loading" role="status" aria-busy="true">{t!(i18n, shell.loading)}</p>
        }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The toolbar above a list: filters on the left, actions on the right.
#[component]
pub fn ListToolbar(children: Children) -> impl IntoView {
    view! { <div class="list-toolbar" role="toolbar">{children()}</div> }
}

/// One choice among a few, as pressed/unpressed chips (a radio group in
/// behaviour, buttons for the keyboard).
#[component]
pub fn FilterChips<T>(
    /// (value, label) per chip.
    options: Vec<(T, Signal<String>)>,
    selected: RwSignal<T>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] test_id: Option<&'static str>,
    /// The `data-chip` attribute of each chip.
    chip_id: fn(&T) -> &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="chips" role="group" aria-label=move || label.get() data-testid=test_id>
            {options.into_iter().map(|(value, text)| {
                let pressed = {
                    let value = value.clone();
                    move || if selected.get() == value { "true" } else { "false" }
                };
                let chip = chip_id(&value);
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=pressed
                        data-chip=chip
                        on:click=move |_| selected.set(value.clone())
                    >{move || text.get()}</button>
                }
            }).collect_view()}
        </div>
    }
}

/// "Load more" under a cursor-paginated list; hidden on the last page.
#[component]
pub fn LoadMore(
    /// Whether there is a next page.
    #[prop(into)]
    more: Signal<bool>,
    #[prop(into)] pending: Signal<bool>,
    on_load: Callback<()>,
    #[prop(optional)] test_id: Option<&'static str>,
    #[prop(into, optional)] label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = label.unwrap_or_else(|| crate::i18n::t_signal!(i18n, shell.load_more));
    view! {
        <Show when=move || more.get()>
            <button
                type="button"
                class="button button--ghost load-more"
                data-testid=test_id
                disabled=move || pending.get()
                aria-busy=move || if pending.get() { "true" } else { "false" }
                on:click=move |_| on_load.run(())
            >{move || label.get()}</button>
        </Show>
    }
}
