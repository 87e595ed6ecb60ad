//! The browser side of feature flags: the portal's shell evaluates the flags
//! ONCE per page load (in the shell's one `shell_state` answer, `ShellState`, shared
//! through context by every gated component), and gated UI stays hidden until
//! the answer is known, and on any error (fail closed).
use super::app_shell::Me;
use leptos::prelude::*;

/// True only when the flag is known to be on.
pub fn is_on(flags_on: &[String], key: &str) -> bool {
    flags_on.iter().any(|f| f == key)
}

/// Renders its children only when `flag` is on for the signed-in person's
/// tenant; nothing while loading, when off, when unknown, or on error.
#[component]
pub fn FlagGate(flag: &'static str, children: ChildrenFn) -> impl IntoView {
    let me = use_context::<Me>();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                Suspend::new(async move {
                    let on = match me {
                        Some(Me(state)) => state.await.is_ok_and(|s| is_on(&s.flags_on, flag)),
                        None => false,
                    };
                    on.then(|| children.with_value(|c| c()))
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_flag_known_to_be_on_is_on() {
        let on = vec!["files-app".to_owned()];
        assert!(is_on(&on, "files-app"));
        assert!(!is_on(&on, "other"), "off or unknown");
        assert!(
            !is_on(&[], "files-app"),
            "an error or no answer keeps gated UI hidden"
        );
    }
}
