//! Toasts: short results of an action ("Saved", "Removed"), announced politely
//! to screen readers and dismissed after a few seconds or by hand.
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The page's toasts, provided by the signed-in shell.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

impl Toasts {
    /// Makes the toast list of this page (the shell calls it once).
    pub fn provide() -> Self {
        let toasts = Self {
            list: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
        };
        provide_context(toasts);
        toasts
    }

    /// Shows `text` for a few seconds.
    pub fn show(&self, kind: ToastKind, text: String) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|l| l.push(Toast { id, kind, text }));
        let list = self.list;
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

/// The toasts of the page, if a shell provided them.
pub fn use_toasts() -> Option<Toasts> {
    use_context::<Toasts>()
}

/// Where toasts appear (bottom right; full width on phones). The live region is
/// there from the first render, so screen readers announce what comes into it;
/// the list's code loads with the page's first toast (`toast_list`, a lazy
/// function: most visits show none).
#[component]
pub fn Toaster(toasts: Toasts) -> impl IntoView {
    let list = toasts.list;
    let seen = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || list.with(|l| !l.is_empty())
    });
    view! {
        <div class="toaster" role="status" aria-live="polite" data-testid="toaster">
            {move || seen.get().then(|| Suspend::new(async move { toast_list(toasts).await }))}
        </div>
    }
}

/// The toasts themselves, each with its close button.
#[lazy]
fn toast_list(toasts: Toasts) -> AnyView {
    let i18n = use_i18n();
    view! {
        <For each=move || toasts.list.get() key=|t| t.id let:toast>
            <div
                class=match toast.kind {
                    ToastKind::Success => "toast toast--success",
                    ToastKind::Error => "toast toast--error",
                }
                data-testid="toast"
            >
                <span>{toast.text.clone()}</span>
                <button
                    type="button"
                    class="toast__close"
                    aria-label=t!(i18n, shell.dismiss)
                    on:click=move |_| toasts.dismiss(toast.id)
                >"×"</button>
            </div>
        </For>
    }
    .into_any()
}
