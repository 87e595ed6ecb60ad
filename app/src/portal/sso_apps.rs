//! /admin/apps?tenant=SLUG: the tenant's own single-sign-on applications.
//! Create shows the client secret once (with a copy button) and keeps it
//! nowhere; delete asks first. Without an identity provider the page says so
//! by name and offers nothing.
use crate::api::{CreateSsoApp, DeleteSsoApp, sso_apps};
use crate::domain::AppError;
use crate::domain::sso::{CreatedSsoApp, SsoApp, SsoAppForm};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::copy_to_clipboard;
use crate::kit::{
    Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, TextAreaField, TextField,
};
use crate::shell::admin_page_tenant;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SsoAppsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Bumped by a create, a delete or the refresh button: the list re-reads
    // on its own, so the secret just shown stays on screen.
    let version = RwSignal::new(0u32);
    let slug = Resource::new(move || query.read().get("tenant"), admin_page_tenant);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, sso.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        />
        <p class="page-intro">{t!(i18n, sso.intro)}</p>
        <Async data=slug let:slug>
            <CreateApp slug=slug.clone() on_change=Callback::new(move |()| version.update(|v| *v += 1)) />
            <AppListLoader slug version />
        </Async>
    }
}

#[component]
fn AppListLoader(slug: String, version: RwSignal<u32>) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let apps = Resource::new(move || version.get(), move |_| sso_apps(slug.get_value()));
    view! {
        <Async data=apps let:found>
            <AppList slug=slug.get_value() apps=found on_change=Callback::new(move |()| version.update(|v| *v += 1)) />
        </Async>
    }
}

#[component]
fn CreateApp(slug: String, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let uris = RwSignal::new(String::new());
    let launch = RwSignal::new(String::new());
    let create = ServerAction::<CreateSsoApp>::new();
    let created = RwSignal::new(None::<CreatedSsoApp>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match create.value().get() {
        Some(Ok(app)) => {
            error.set(None);
            name.set(String::new());
            uris.set(String::new());
            launch.set(String::new());
            created.set(Some(app));
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let form = SsoAppForm {
            name: name.get_untracked(),
            redirect_uris: uris.get_untracked(),
            launch_url: launch.get_untracked(),
        };
        // The same check the server makes, before the round trip.
        if let Err(e) = form.checked() {
            error.set(Some(AppError::Invalid {
                field: e.field.into(),
                reason: e.reason.into(),
            }));
            return;
        }
        create.dispatch(CreateSsoApp {
            slug: slug.get_value(),
            app: form,
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => Some(
                match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required),
                    "invalid_url" => t_string!(i18n, sso.err_url),
                    "too_many" => t_string!(i18n, sso.err_too_many),
                    "no_letters" => t_string!(i18n, sso.err_no_letters),
                    _ => t_string!(i18n, form.err_too_long),
                }
                .to_string(),
            ),
            Some(AppError::Taken { field }) if field == which => {
                Some(t_string!(i18n, sso.err_taken).to_string())
            }
            _ => None,
        })
    };
    let general_error = move || match error.get() {
        Some(AppError::Invalid { .. } | AppError::Taken { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card sso-create" data-testid="sso-create" aria-labelledby="sso-create-title">
            <h2 id="sso-create-title">{t!(i18n, sso.create)}</h2>
            <form on:submit=submit novalidate>
                <TextField
                    id="sso-name"
                    label=crate::i18n::t_signal!(i18n, sso.name)
                    value=name
                    error=field_error("name")
                    required=true
                    autocomplete="off"
                />
                <TextAreaField
                    id="sso-redirect-uris"
                    label=crate::i18n::t_signal!(i18n, sso.redirect_uris)
                    value=uris
                    error=field_error("redirect_uris")
                    hint=crate::i18n::t_signal!(i18n, sso.redirect_uris_hint)
                />
                <TextField
                    id="sso-launch-url"
                    label=crate::i18n::t_signal!(i18n, sso.launch_url)
                    value=launch
                    error=field_error("launch_url")
                    kind="url"
                    autocomplete="off"
                />
                {general_error}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="sso-create-submit" disabled=move || create.pending().get()>
                        {t!(i18n, sso.create_submit)}
                    </button>
                </div>
            </form>
            {move || created.get().map(|c| view! { <CreatedSecret created=c on_done=Callback::new(move |()| created.set(None)) /> })}
        </section>
    }
}

/// The new application's credentials: the secret once, with a copy button.
#[component]
fn CreatedSecret(created: CreatedSsoApp, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let secret = created.client_secret;
    let shown = secret.clone();
    view! {
        <div class="one-time-password" data-testid="sso-created" role="status">
            <p class="notice notice--success">{t!(i18n, sso.created)} " " <strong>{created.app.name}</strong></p>
            <dl class="sso-credentials">
                <dt>{t!(i18n, sso.client_id)}</dt>
                <dd><code data-testid="sso-client-id">{created.app.client_id}</code></dd>
                <dt>{t!(i18n, sso.client_secret)}</dt>
                <dd><code data-testid="sso-client-secret">{shown}</code></dd>
            </dl>
            <button type="button" class="button button--ghost" data-testid="sso-copy-secret"
                on:click=move |_| { copy_to_clipboard(&secret); copied.set(true); }>
                {move || if copied.get() { t_string!(i18n, admin.copied) } else { t_string!(i18n, admin.copy) }}
            </button>
            <p class="add-person__note">{t!(i18n, sso.secret_note)}</p>
            <button type="button" class="button button--primary button--wrap" data-testid="sso-created-done" on:click=move |_| on_done.run(())>
                {t!(i18n, sso.done)}
            </button>
        </div>
    }
}

#[component]
fn AppList(slug: String, apps: Vec<SsoApp>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if apps.is_empty() {
        return view! {
            <EmptyState title=crate::i18n::t_signal!(i18n, sso.none) test_id="sso-none">
                <p>{t!(i18n, sso.none_body)}</p>
            </EmptyState>
        }
        .into_any();
    }
    let slug = StoredValue::new(slug);
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="sso-apps">
                <thead><tr>
                    <th scope="col">{t!(i18n, sso.name)}</th>
                    <th scope="col">{t!(i18n, sso.client_id)}</th>
                    <th scope="col">{t!(i18n, sso.redirect_uris)}</th>
                    <th scope="col">{t!(i18n, admin.col_actions)}</th>
                </tr></thead>
                <tbody>
                    {apps.into_iter().map(|app| view! { <AppRow slug=slug.get_value() app on_change /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AppRow(slug: String, app: SsoApp, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteSsoApp>::new();
    let confirm = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            on_change.run(());
        }
    });
    let target = StoredValue::new((slug, app.slug.clone()));
    let name = app.name.clone();
    view! {
        <tr data-testid="sso-app" data-slug=app.slug.clone()>
            <td data-label=t!(i18n, sso.name)>
                {match app.launch_url.clone() {
                    Some(url) => view! { <a href=url rel="noopener noreferrer" target="_blank">{app.name.clone()}</a> }.into_any(),
                    None => view! { <span>{app.name.clone()}</span> }.into_any(),
                }}
            </td>
            <td data-label=t!(i18n, sso.client_id)><code>{app.client_id.clone()}</code></td>
            <td data-label=t!(i18n, sso.redirect_uris)>
                <ul class="plain-list">{app.redirect_uris.iter().map(|u| view! { <li><code>{u.clone()}</code></li> }).collect_view()}</ul>
            </td>
            <td data-label=t!(i18n, admin.col_actions)>
                <button type="button" class="button button--danger button--small" data-testid="sso-delete"
                    disabled=move || delete.pending().get() on:click=move |_| confirm.set(true)>
                    {t!(i18n, sso.delete)}
                </button>
                <ConfirmDialog
                    open=confirm
                    title=crate::i18n::t_signal!(i18n, sso.delete_title)
                    body=Signal::derive(move || format!("{} {name}", t_string!(i18n, sso.delete_body)))
                    confirm=crate::i18n::t_signal!(i18n, sso.delete)
                    on_confirm=Callback::new(move |()| {
                        confirm.set(false);
                        let (slug, app_slug) = target.get_value();
                        delete.dispatch(DeleteSsoApp { slug, app_slug });
                    })
                    test_id="sso-delete-dialog"
                />
                {move || delete.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            </td>
        </tr>
    }
}
