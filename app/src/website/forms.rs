//! Form plumbing shared by the website's intake forms: per-field state, error
//! messages in the reader's language, and sending through `inquiry::submission_url`.
use super::inquiry::{self, FieldError, Inquiry};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::TextAreaField;
use crate::tr;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// One option of a select: its stored value and its translated label. One list
/// serves the select, the validation and the label in the composed submission.
pub type Choice = (&'static str, Signal<String>);

/// The fields of a form posted to a website page, as the server received them.
///
/// The website's pages are documents that do not hydrate: a form is posted to
/// its page (by `document.js`, or by the browser itself without JavaScript), and
/// the server renders the page again with this in context. The form's own
/// component then runs the same checks and composes the same submission as it
/// does in a browser that runs the app (docs/ARCHITECTURE.md, "Payload").
#[derive(Clone, Debug, Default)]
pub struct PostedForm(pub Vec<(String, String)>);

impl PostedForm {
    /// The value posted for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The hidden field that names the posted form (a page may have several).
pub const FORM_ID_FIELD: &str = "form";

/// Whether this render answers a post of the form `form_id`.
pub fn posted(form_id: &str) -> bool {
    use_context::<PostedForm>().is_some_and(|p| p.get(FORM_ID_FIELD) == Some(form_id))
}

/// A field's value and its (untranslated) error. Values survive validation errors.
#[derive(Clone, Copy)]
pub struct FieldState {
    /// The input's id and its name in a posted form.
    pub id: &'static str,
    pub value: RwSignal<String>,
    pub error: RwSignal<Option<FieldError>>,
}

impl FieldState {
    /// A field, holding what was posted for it when the page answers a post.
    pub fn new(id: &'static str) -> Self {
        let posted = use_context::<PostedForm>()
            .and_then(|p| p.get(id).map(str::to_owned))
            .unwrap_or_default();
        Self {
            id,
            value: RwSignal::new(posted),
            error: RwSignal::new(None),
        }
    }

    /// Runs `rule` on the current value, records the outcome, returns the
    /// field's id and whether it passed (for [`validate`]).
    pub fn check(&self, rule: impl Fn(&str) -> Result<(), FieldError>) -> (&'static str, bool) {
        let result = self.value.with_untracked(|v| rule(v));
        self.error.set(result.err());
        (self.id, result.is_ok())
    }

    /// Checks that the value is one of `choices`.
    pub fn check_choice(&self, choices: &[Choice]) -> (&'static str, bool) {
        let allowed: Vec<&str> = choices.iter().map(|(value, _)| *value).collect();
        self.check(|v| inquiry::choice(v, &allowed))
    }

    /// The label of the chosen option, in the reader's language.
    pub fn choice_label(&self, choices: &[Choice]) -> String {
        let value = self.value.get_untracked();
        choices
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, label)| label.get_untracked())
            .unwrap_or_default()
    }

    /// The translated error, for the field component.
    pub fn message(&self, i18n: I18nContext<Locale>) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().map(|e| error_text(i18n, e)))
    }
}

pub fn error_text(i18n: I18nContext<Locale>, error: FieldError) -> String {
    match error {
        FieldError::Required => t_string!(i18n, form.err_required).to_string(),
        FieldError::Email => t_string!(i18n, form.err_email).to_string(),
        FieldError::Website => t_string!(i18n, form.err_website).to_string(),
        FieldError::Choose => t_string!(i18n, form.err_choose).to_string(),
        FieldError::TooLong => t_string!(i18n, form.err_too_long).to_string(),
    }
}

/// Opens the composed submission (today: the visitor's mail app).
pub fn open(url: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Runs every check (all of them, so every field shows its error at once) and
/// moves focus to the first invalid field, so keyboard and screen-reader users
/// land on it. Returns whether all passed.
pub fn validate(checks: &[(&str, bool)]) -> bool {
    match checks.iter().find(|(_, ok)| !ok) {
        None => true,
        Some((id, _)) => {
            focus(id);
            false
        }
    }
}

fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// What happened on the last submit: the error summary, or the composed submission.
#[derive(Clone, Copy)]
pub struct FormOutcome {
    pub invalid: RwSignal<bool>,
    pub sent: RwSignal<Option<String>>,
}

impl FormOutcome {
    pub fn new() -> Self {
        Self {
            invalid: RwSignal::new(false),
            sent: RwSignal::new(None),
        }
    }

    /// Validates (see [`validate`]); when every check passed, composes the inquiry
    /// and sends it through `inquiry::submission_url`.
    pub fn submit(&self, checks: &[(&str, bool)], compose: impl FnOnce() -> Inquiry) {
        if !validate(checks) {
            self.invalid.set(true);
            self.sent.set(None);
            return;
        }
        self.invalid.set(false);
        let url = inquiry::submission_url(&compose());
        self.sent.set(Some(url.clone()));
        open(&url);
    }
}

impl Default for FormOutcome {
    fn default() -> Self {
        Self::new()
    }
}

/// An intake form of the website. Where the app runs (a page reached from a
/// signed-in face), it checks and sends in place. On the website's document
/// pages it is posted to its page (`action`, one of `routes::FORM_PAGES`): by
/// `document.js`, which swaps in the answer, or by the browser itself without
/// JavaScript; the server then renders the page with the post in context and
/// `submit` runs there, with the same checks.
#[component]
pub fn IntakeForm(
    id: &'static str,
    action: &'static str,
    submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    if posted(id) {
        submit.run(());
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run(());
    };
    view! {
        <form
            class="form-card"
            id=id
            method="post"
            action=action
            novalidate=true
            data-enhance=""
            data-testid=id
            on:submit=on_submit
        >
            <input type="hidden" name=FORM_ID_FIELD value=id />
            {children()}
        </form>
    }
}

/// The error summary at the top of a form.
#[component]
pub fn FormSummary(outcome: FormOutcome) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        outcome
            .invalid
            .get()
            .then(|| view! { <p class="form-card__summary" role="alert">{t!(i18n, form.error_summary)}</p> })
    }
}

/// The confirmation under a form, with the composed submission as a link.
#[component]
pub fn FormSent(outcome: FormOutcome, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        outcome.sent.get().map(|url| {
            view! {
                <p class="form-card__sent" role="status">
                    {t!(i18n, form.sent)} " "
                    // `document.js` opens it after a post (the app opens it itself).
                    <a href=url data-testid=testid data-open="">{inquiry::INTAKE_ADDRESS}</a>
                </p>
            }
        })
    }
}

/// The end every intake form shares: the optional message, the submit button, the
/// note on how sending works, and the confirmation with the composed submission.
#[component]
pub fn FormEnd(
    message_id: &'static str,
    message: FieldState,
    #[prop(into)] submit_label: Signal<String>,
    outcome: FormOutcome,
    sent_testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextAreaField
            id=message_id
            label=tr!(i18n, form.message)
            value=message.value
            error=message.message(i18n)
            hint=tr!(i18n, common.optional)
        />
        <button type="submit" class="button button--primary">{move || submit_label.get()}</button>
        <p class="fine-print">{t!(i18n, home.bp_mail_note)}</p>
        <FormSent outcome testid=sent_testid />
    }
}
