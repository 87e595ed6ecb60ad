//! The confirm dialog in front of every destructive action: a modal that names
//! what will happen, with Cancel focused first; Escape and a click on the
//! backdrop (pressed AND released on it, so a drag out of a field never closes
//! it) cancel. Its code loads the first time it opens (`confirm_dialog`, a
//! lazy function: most visits open none).
use crate::i18n::{t, use_i18n};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    /// The confirm button's label ("Remove").
    #[prop(into)]
    confirm: Signal<String>,
    on_confirm: Callback<()>,
    /// Stable id for tests (`{id}-confirm`, `{id}-cancel`).
    test_id: &'static str,
) -> impl IntoView {
    let opened =
        Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || open.get());
    move || {
        opened.get().then(|| {
            Suspend::new(async move {
                confirm_dialog(open, title, body, confirm, on_confirm, test_id).await
            })
        })
    }
}

/// The dialog itself, once it has opened.
#[lazy]
fn confirm_dialog(
    open: RwSignal<bool>,
    title: Signal<String>,
    body: Signal<String>,
    confirm: Signal<String>,
    on_confirm: Callback<()>,
    test_id: &'static str,
) -> AnyView {
    let i18n = use_i18n();
    let cancel_ref = NodeRef::<html::Button>::new();
    let pressed_on_backdrop = RwSignal::new(false);
    // Focused once it is in the document: the first time, the dialog is
    // built when its code has loaded and put in place after that.
    Effect::new(move |_| {
        if open.get()
            && let Some(cancel) = cancel_ref.get()
        {
            request_animation_frame(move || {
                let _ = cancel.focus();
            });
        }
    });
    let title_id = format!("{test_id}-title");
    let body_id = format!("{test_id}-body");
    view! {
        <Show when=move || open.get()>
            <div
                class="dialog-backdrop"
                on:pointerdown=move |ev| {
                    pressed_on_backdrop.set(ev.target() == ev.current_target());
                }
                on:pointerup=move |ev| {
                    if pressed_on_backdrop.get_untracked() && ev.target() == ev.current_target() {
                        open.set(false);
                    }
                    pressed_on_backdrop.set(false);
                }
            >
                <div
                    class="dialog"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    aria-describedby=body_id.clone()
                    data-testid=test_id
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <h2 class="dialog__title" id=title_id.clone()>{move || title.get()}</h2>
                    <p id=body_id.clone()>{move || body.get()}</p>
                    <div class="dialog__actions">
                        <button
                            type="button"
                            class="button button--ghost"
                            node_ref=cancel_ref
                            data-testid=format!("{test_id}-cancel")
                            on:click=move |_| open.set(false)
                        >{t!(i18n, shell.cancel)}</button>
                        <button
                            type="button"
                            class="button button--danger"
                            data-testid=format!("{test_id}-confirm")
                            on:click=move |_| {
                                open.set(false);
                                on_confirm.run(());
                            }
                        >{move || confirm.get()}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
    .into_any()
}
