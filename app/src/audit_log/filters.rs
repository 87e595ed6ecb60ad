use crate::domain::audit::Outcome;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// The outcome select and the free-text search, shared by the operator's and the
/// tenant admin's audit pages.
#[component]
pub fn AuditFilterControls(
    set_outcome: WriteSignal<Option<Outcome>>,
    q: ReadSignal<String>,
    set_q: WriteSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span>{t!(i18n, audit.outcome)}</span>
            <select data-testid="audit-outcome" on:change=move |ev| set_outcome.set(Outcome::parse(&event_target_value(&ev)))>
                <option value="">{t!(i18n, audit.outcome_any)}</option>
                <option value="success">{t!(i18n, audit.outcome_success)}</option>
                <option value="failure">{t!(i18n, audit.outcome_failure)}</option>
                <option value="denied">{t!(i18n, audit.outcome_denied)}</option>
            </select>
        </label>
        <label class="audit-filters__search">
            <span>{t!(i18n, audit.search)}</span>
            <input type="search" data-testid="audit-search" prop:value=q on:change=move |ev| set_q.set(event_target_value(&ev)) />
        </label>
    }
}
