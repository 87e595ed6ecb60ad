use leptos::prelude::*;

fn described_by(id: &'static str) -> String {
    format!("{id}-error")
}

/// A labelled text input with its error message underneath (when there is one).
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <FieldLabel id label hint />
            <input
                class="field__input"
                id=id
                name=id
                type=kind
                required=required
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=move || error.get().map(|_| described_by(id))
                // The attribute for the server's render (a posted form keeps
                // what was typed), the property for the app.
                value=move || value.get()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldError id error />
        </div>
    }
}

/// A labelled multi-line input.
#[component]
pub fn TextAreaField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <FieldLabel id label hint />
            <textarea
                class="field__input field__input--area"
                id=id
                name=id
                rows="5"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=move || error.get().map(|_| described_by(id))
                // The content for the server's render (escaped: it is what the
                // visitor typed), the property for the app.
                inner_html=move || escape_text(&value.get())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <FieldError id error />
        </div>
    }
}

/// A labelled select with a "choose" placeholder option.
#[component]
pub fn ChoiceField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] placeholder: Signal<String>,
    options: Vec<(&'static str, Signal<String>)>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <FieldLabel id label hint=None />
            <select
                class="field__input"
                id=id
                name=id
                required=required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=move || error.get().map(|_| described_by(id))
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">{move || placeholder.get()}</option>
                {options
                    .into_iter()
                    .map(|(v, text)| view! { <option value=v selected=move || value.get() == v>{move || text.get()}</option> })
                    .collect_view()}
            </select>
            <FieldError id error />
        </div>
    }
}

/// A field's label, with an optional hint such as "(optional)".
#[component]
fn FieldLabel(
    id: &'static str,
    label: Signal<String>,
    hint: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <label class="field__label" for=id>
            {move || label.get()}
            {hint.map(|h| view! { <span class="field__hint">" (" {move || h.get()} ")"</span> })}
        </label>
    }
}

#[component]
fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p class="field__error" id=described_by(id) data-testid=described_by(id)>
                    {message}
                </p>
            }
        })
    }
}

/// Text as HTML character data: `&`, `<` and `>` escaped.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_text_cannot_close_the_textarea() {
        assert_eq!(
            super::escape_text("a </textarea><script>x</script> & b"),
            "a &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt; &amp; b"
        );
    }
}
