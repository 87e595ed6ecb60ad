//! The browser side of feature flags: the portal evaluates the flags ONCE per
//! page load (one `evaluate_flags` call, shared through context by every gated
//! component), and gated UI stays hidden until the answer is known, and on any
//! error (fail closed).
use crate::api::evaluate_flags;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The shared evaluation, provided by a signed-in shell.
#[derive(Clone, Copy)]
pub struct FlagMap(Resource<Option<BTreeMap<String, bool>>>);

impl FlagMap {
    /// Starts the one evaluation for this page and shares it.
    pub fn provide() -> Self {
        let map = FlagMap(Resource::new(
            || (),
            |_| async { evaluate_flags(None).await.ok() },
        ));
        provide_context(map);
        map
    }

    /// True only when the flag is known to be on.
    pub fn is_on(map: Option<&BTreeMap<String, bool>>, key: &str) -> bool {
        map.and_then(|m| m.get(key)).copied().unwrap_or(false)
    }
}

/// Renders its children only when `flag` is on for the signed-in person's
/// tenant; nothing while loading, when off, when unknown, or on error.
#[component]
pub fn FlagGate(flag: &'static str, children: ChildrenFn) -> impl IntoView {
    let map = use_context::<FlagMap>();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                Suspend::new(async move {
                    let on = match map {
                        Some(FlagMap(resource)) => FlagMap::is_on(resource.await.as_ref(), flag),
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
    fn unknown_and_missing_flags_are_off() {
        let mut m = BTreeMap::new();
        m.insert("files-app".to_owned(), true);
        m.insert("other".to_owned(), false);
        assert!(FlagMap::is_on(Some(&m), "files-app"));
        assert!(!FlagMap::is_on(Some(&m), "other"));
        assert!(!FlagMap::is_on(Some(&m), "missing"));
        assert!(
            !FlagMap::is_on(None, "files-app"),
            "an error or no answer keeps gated UI hidden"
        );
    }
}
