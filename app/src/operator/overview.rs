use crate::api::operator::operator_overview;
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, StatCard, StatCards};
use leptos::prelude::*;

/// /operator: the platform's figures.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| operator_overview());
    let label = move |f: fn(leptos_i18n::I18nContext<crate::i18n::Locale>) -> String| {
        Signal::derive(move || f(i18n))
    };
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, operator.title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
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
                }
            }
        </Async>
    }
}
