use super::infrastructure::HealthPill;
use crate::api::operator::{operator_overview, service_health};
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, MrrCard, StatCard, StatCards, system_name};
use leptos::prelude::*;

/// /operator: the platform's figures, and every system's health from the same
/// live probes the Infrastructure page runs.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| operator_overview());
    let health = Resource::new(|| (), |_| service_health());
    let label = move |f: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> String| {
        Signal::derive(move || f(i18n))
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, operator.title)
            on_refresh=Callback::new(move |()| {
                data.refetch();
                health.refetch();
            })
        />
        <Async data let:o>
            {
                let lang = i18n.get_locale_untracked();
                view! {
                    <StatCards test_id="operator-counts">
                        <StatCard label=label(|i| t_string!(i, operator.tenants).to_string()) value=format::count(lang, o.tenants) test_id="count-tenants" />
                        <StatCard label=label(|i| t_string!(i, operator.partners).to_string()) value=format::count(lang, o.partners) test_id="count-partners" />
                        <StatCard label=label(|i| t_string!(i, operator.users).to_string()) value=format::count(lang, o.users) test_id="count-users" />
                        <StatCard label=label(|i| t_string!(i, operator.seats).to_string()) value=format::count(lang, o.seats) />
                        <StatCard label=label(|i| t_string!(i, operator.audit_failures).to_string()) value=format::count(lang, o.audit_failures) test_id="audit-failures" />
                        <StatCard label=label(|i| t_string!(i, operator.store).to_string()) value=o.store />
                    </StatCards>
                    <MrrCard series=o.mrr />
                }
            }
        </Async>
        <Async data let:o>
            <RecentActivity events=o.recent />
        </Async>
        <section class="card service-health" aria-labelledby="service-health-title" data-testid="service-health">
            <h2 id="service-health-title">{t!(i18n, operator.service_health)}</h2>
            <Async data=health let:rows>
                <ul class="health-list">
                    {rows
                        .into_iter()
                        .map(|(system, health)| {
                            let name = system_name(system);
                            view! {
                                <li data-testid="health-item" data-system=system.as_str() data-health=health.as_str()>
                                    <span>{move || name.get()}</span>
                                    <HealthPill health />
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Async>
            <p><a href="/operator/infrastructure">{t!(i18n, operator.service_health_all)}</a></p>
        </section>
    }
}

/// The newest audit events; each opens the audit list on its action.
#[component]
fn RecentActivity(events: Vec<crate::domain::audit::RecentEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="recent-title" data-testid="recent-activity">
            <h2 id="recent-title">{t!(i18n, operator.recent_activity)}</h2>
            {if events.is_empty() {
                view! { <p>{t!(i18n, audit.no_events)}</p> }.into_any()
            } else {
                view! { <crate::audit_log::RecentEvents events audit_href="/operator/audit".to_owned() /> }.into_any()
            }}
            <p><a href="/operator/audit">{t!(i18n, operator.recent_all)}</a></p>
        </section>
    }
}
