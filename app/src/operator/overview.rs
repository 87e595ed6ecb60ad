use crate::format;
use crate::i18n::{t, use_i18n};
use crate::kit::ErrorNotice;
use crate::platform::api::operator_overview;
use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| operator_overview());
    view! {
        <h1>{t!(i18n, operator.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(o) => {
                        let lang = i18n.get_locale();
                        view! {
                            <dl class="stat-grid" data-testid="operator-counts">
                                <div class="stat"><dt>{t!(i18n, operator.tenants)}</dt><dd data-testid="count-tenants">{format::count(lang, o.tenants)}</dd></div>
                                <div class="stat"><dt>{t!(i18n, operator.partners)}</dt><dd data-testid="count-partners">{format::count(lang, o.partners)}</dd></div>
                                <div class="stat"><dt>{t!(i18n, operator.users)}</dt><dd data-testid="count-users">{format::count(lang, o.users)}</dd></div>
                                <div class="stat"><dt>{t!(i18n, operator.seats)}</dt><dd>{format::count(lang, o.seats)}</dd></div>
                                <div class="stat"><dt>{t!(i18n, operator.audit_failures)}</dt><dd data-testid="audit-failures">{format::count(lang, o.audit_failures)}</dd></div>
                                <div class="stat"><dt>{t!(i18n, operator.store)}</dt><dd>{o.store}</dd></div>
                            </dl>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
