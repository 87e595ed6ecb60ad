use crate::domain::flags::FILES_APP_FLAG;
use crate::domain::model::TenantRole;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ConsoleHeader, ErrorNotice, role_label};
use crate::shell::flag_gate::FlagGate;
use leptos::prelude::*;

/// /portal: the app launcher, the person's organisations with their role in
/// each, and their profile.
#[component]
pub fn PortalHome() -> impl IntoView {
    let i18n = use_i18n();
    // The shell's "who am I": asked once per page.
    let me = crate::shell::use_me();
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, portal.title).to_string())
            on_refresh=Callback::new(move |()| me.refetch())
        />
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(None) => view! { <ErrorNotice error=crate::domain::AppError::Unauthenticated /> }.into_any(),
                    Ok(Some(w)) => {
                        let admin_of = w.tenants.iter().find(|t| t.role == TenantRole::Admin).map(|t| t.slug.clone());
                        let empty = w.tenants.is_empty();
                        view! {
                            <p class="lead">{t!(i18n, portal.hello)}", "{w.name.clone()}</p>
                            <section aria-labelledby="apps-title">
                                <h2 id="apps-title">{t!(i18n, portal.apps)}</h2>
                                <ul class="launcher" role="list" data-testid="launcher">
                                    <li class="launcher__tile launcher__tile--off" data-testid="app-mail">
                                        <strong>{t!(i18n, portal.app_mail)}</strong>
                                        <span>{t!(i18n, portal.app_not_connected)}</span>
                                    </li>
                                    // Files is rolled out per tenant behind a flag.
                                    <FlagGate flag=FILES_APP_FLAG>
                                        <li class="launcher__tile launcher__tile--off" data-testid="app-files">
                                            <strong>{t!(i18n, portal.app_files)}</strong>
                                            <span>{t!(i18n, portal.app_not_connected)}</span>
                                        </li>
                                    </FlagGate>
                                    <li class="launcher__tile" data-testid="app-personal">
                                        <a href="#profile"><strong>{t!(i18n, portal.app_personal)}</strong></a>
                                        <span>{t!(i18n, portal.app_personal_body)}</span>
                                    </li>
                                    {admin_of.map(|slug| view! {
                                        <li class="launcher__tile" data-testid="app-admin">
                                            <a href=format!("/admin?tenant={slug}")><strong>{t!(i18n, portal.app_admin)}</strong></a>
                                            <span>{t!(i18n, portal.app_admin_body)}</span>
                                        </li>
                                    })}
                                </ul>
                            </section>
                            <section aria-labelledby="orgs-title">
                                <h2 id="orgs-title">{t!(i18n, portal.organisations)}</h2>
                                {empty.then(|| view! { <p data-testid="no-tenants">{t!(i18n, portal.no_organisations)}</p> })}
                                <ul class="org-list" role="list">
                                    {w.tenants.into_iter().map(|t| view! {
                                        <li class="org-list__row" data-testid="tenant-row" data-tenant=t.slug.clone()>
                                            <span class="org-list__name">{t.name}</span>
                                            <span class="org-list__role" data-testid="tenant-role">{role_label(t.role)}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            <section id="profile" aria-labelledby="profile-title">
                                <h2 id="profile-title">{t!(i18n, portal.profile)}</h2>
                                <dl class="kv">
                                    <dt>{t!(i18n, portal.name)}</dt><dd>{w.name}</dd>
                                    <dt>{t!(i18n, portal.email)}</dt><dd>{w.email}</dd>
                                </dl>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
