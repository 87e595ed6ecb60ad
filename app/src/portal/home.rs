use crate::api::{EndMySession, my_area};
use crate::domain::AppError;
use crate::domain::flags::FILES_APP_FLAG;
use crate::domain::model::TenantRole;
use crate::domain::views::PersonalArea;
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
    let me = use_context::<crate::shell::Me>();
    // The apps' addresses and the person's sessions.
    let area = Resource::new(|| (), |()| my_area());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, portal.title)
            on_refresh=Callback::new(move |()| {
                if let Some(crate::shell::Me(state)) = me {
                    state.refetch();
                }
            })
        />
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match crate::shell::who_am_i().await {
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
                                    <AppTile test_id="app-mail" url=Signal::derive(move || area.get().and_then(|a| a.ok()).and_then(|a| a.mail_url))>
                                        {t!(i18n, portal.app_mail)}
                                    </AppTile>
                                    // Files is rolled out per tenant behind a flag.
                                    <FlagGate flag=FILES_APP_FLAG>
                                        <AppTile test_id="app-files" url=Signal::derive(move || area.get().and_then(|a| a.ok()).and_then(|a| a.files_url))>
                                            {t!(i18n, portal.app_files)}
                                        </AppTile>
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
                            <MySessions area />
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

/// A launcher tile: a link to the app when its address is configured, else
/// "not connected".
#[component]
fn AppTile(
    test_id: &'static str,
    url: Signal<Option<String>>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    move || {
        match url.get() {
        Some(href) => view! {
            <li class="launcher__tile" data-testid=test_id data-connected="true">
                <a href=href rel="noopener noreferrer" target="_blank"><strong>{children.with_value(|c| c())}</strong></a>
                <span>{t!(i18n, portal.app_open)}</span>
            </li>
        }
        .into_any(),
        None => view! {
            <li class="launcher__tile launcher__tile--off" data-testid=test_id data-connected="false">
                <strong>{children.with_value(|c| c())}</strong>
                <span>{t!(i18n, portal.app_not_connected)}</span>
            </li>
        }
        .into_any(),
    }
    }
}

/// "My sessions": this device and the others, each can be ended (ending
/// this device's signs the person out).
#[component]
fn MySessions(area: Resource<Result<PersonalArea, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let end = ServerAction::<EndMySession>::new();
    // Ending this device's session signed the person out: leave the page.
    let ended_here = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = end.value().get() {
            if ended_here.get_untracked() {
                #[cfg(feature = "hydrate")]
                let _ = window().location().set_href("/");
            } else {
                area.refetch();
            }
        }
    });
    view! {
        <section aria-labelledby="sessions-title" data-testid="my-sessions">
            <h2 id="sessions-title">{t!(i18n, portal.sessions)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match area.await {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok(a) => {
                            let lang = i18n.get_locale_untracked();
                            view! {
                                <ul class="org-list" role="list">
                                    {a.sessions.into_iter().map(|s| {
                                        let id = s.id.clone();
                                        let this = s.this_device;
                                        let agent = if s.user_agent.is_empty() { t_string!(i18n, portal.unknown_device).to_string() } else { browser_of(&s.user_agent) };
                                        view! {
                                            <li class="org-list__row session-row" data-testid="my-session" data-this=if this { "true" } else { "false" }>
                                                <span class="org-list__name">
                                                    {agent}
                                                    {this.then(|| view! { " " <span class="status-pill status-pill--ok">{t!(i18n, portal.this_device)}</span> })}
                                                </span>
                                                <span class="add-person__note">
                                                    {s.ip} " · " {t!(i18n, portal.last_active)} " " {crate::format::date_time(lang, s.last_seen_at)}
                                                </span>
                                                <button type="button" class="button button--ghost button--small" data-testid="end-session"
                                                    disabled=move || end.pending().get()
                                                    on:click=move |_| {
                                                        ended_here.set(this);
                                                        end.dispatch(EndMySession { id: id.clone() });
                                                    }>
                                                    {if this { t!(i18n, portal.sign_out_here).into_any() } else { t!(i18n, portal.end_session).into_any() }}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            {move || end.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

/// "Firefox on Linux" from a user agent; the raw string when nothing is known.
fn browser_of(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| *name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) => agent.chars().take(60).collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_user_agent_reads_as_browser_and_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(super::browser_of(chrome), "Chrome · Linux");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(super::browser_of(safari), "Safari · iOS");
        assert_eq!(super::browser_of("curl/8"), "curl/8");
    }
}
