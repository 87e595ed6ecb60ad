//! A value shown once with a copy button (a temporary password, a recovery
//! link, a client secret): the hand-over every face uses.
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Puts the text on the clipboard (the browser asks nothing for a click).
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// `label`, the value in code with Copy (`{test_id}-value`,
/// `{test_id}-copy`), then `children` (a note, a Done button).
#[component]
pub fn CopyValue(
    #[prop(into)] label: Signal<String>,
    value: String,
    test_id: &'static str,
    /// What kind of value it is, for tests (`data-handoff`).
    #[prop(optional)]
    kind: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let shown = value.clone();
    view! {
        <div class="one-time-password" data-testid=test_id data-handoff=kind role="status">
            <p>{move || label.get()}</p>
            <code data-testid=format!("{test_id}-value")>{shown}</code>
            <button type="button" class="button button--ghost" data-testid=format!("{test_id}-copy")
                on:click=move |_| { copy_to_clipboard(&value); copied.set(true); }>
                {move || if copied.get() { t_string!(i18n, admin.copied) } else { t_string!(i18n, admin.copy) }}
            </button>
            {children.map(|c| c())}
        </div>
    }
}

/// The label, value and kind of an invited person's hand-off (an
/// operator's, a partner's colleague's).
pub fn handoff_parts(
    handoff: crate::domain::views::OperatorHandoff,
) -> (Signal<String>, String, &'static str) {
    use crate::domain::views::OperatorHandoff;
    let i18n = use_i18n();
    match handoff {
        OperatorHandoff::RecoveryLink { url } => (
            crate::i18n::t_signal!(i18n, team.recovery_link),
            url,
            "recovery_link",
        ),
        OperatorHandoff::TemporaryPassword { password } => (
            crate::i18n::t_signal!(i18n, team.temporary_password),
            password,
            "temporary_password",
        ),
    }
}
