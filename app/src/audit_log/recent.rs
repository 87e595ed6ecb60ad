//! The newest events as a summary table (time, action, who, on what, outcome),
//! for the dashboards: each action opens the audit list searched for it, where
//! the event's full record is.
use crate::domain::audit::RecentEvent;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// `audit_href`: the audit list these events are in (`/operator/audit`,
/// `/admin/audit?tenant=…`); each action links to it with `q=` the action.
#[component]
pub fn RecentEvents(events: Vec<RecentEvent>, audit_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let join = if audit_href.contains('?') { '&' } else { '?' };
    view! {
        <div class="table-scroll">
            <table class="data-table data-table--compact recent-events">
                <thead><tr>
                    <th scope="col">{t!(i18n, audit.col_time)}</th>
                    <th scope="col">{t!(i18n, audit.col_action)}</th>
                    <th scope="col">{t!(i18n, audit.col_actor)}</th>
                    <th scope="col">{t!(i18n, audit.col_resource)}</th>
                    <th scope="col">{t!(i18n, audit.col_outcome)}</th>
                </tr></thead>
                <tbody>
                    {events.into_iter().map(|e| {
                        let href = format!("{audit_href}{join}q={}", crate::format::url_encode(&e.action));
                        view! {
                            <tr data-testid="recent-event" data-seq=e.seq data-action=e.action.clone()>
                                <td data-label=t!(i18n, audit.col_time)>{crate::format::date_time(lang, e.at)}</td>
                                <td data-label=t!(i18n, audit.col_action)><a href=href><code>{e.action.clone()}</code></a></td>
                                <td data-label=t!(i18n, audit.col_actor)>{e.actor_email.clone()}</td>
                                <td data-label=t!(i18n, audit.col_resource)>{e.resource.clone()}</td>
                                <td data-label=t!(i18n, audit.col_outcome)>
                                    <super::OutcomePill outcome=e.outcome />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
