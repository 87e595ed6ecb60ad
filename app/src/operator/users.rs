//! /operator/users: every user of the platform with search; deactivate (all
//! sessions end at once, the identity provider's account inactive) and
//! reactivate, asked first, with what happened at the provider said by name.
use crate::api::operator::{SetUserActive, list_platform_users};
use crate::domain::views::{PlatformUserRow, PlatformUsers, UserIdentityOutcome};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice};
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let users = Resource::new(
        move || (applied.get(), version.get()),
        |(q, _)| list_platform_users(q, None),
    );
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(q.get_untracked());
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, users.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        />
        <p class="page-intro">{t!(i18n, users.intro)}</p>
        <form class="inline-form" role="search" on:submit=search>
            <label>
                {t!(i18n, users.search)}
                <input type="search" id="user-search" data-testid="user-search" prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button button--ghost button--small" data-testid="user-search-submit">{t!(i18n, users.search_submit)}</button>
        </form>
        <Async data=users let:page>
            <UserList page on_change=Callback::new(move |()| version.update(|v| *v += 1)) />
        </Async>
    }
}

#[component]
fn UserList(page: PlatformUsers, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if page.rows.is_empty() {
        return view! {
            <EmptyState title=crate::i18n::t_signal!(i18n, users.none) test_id="users-none" />
        }
        .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="platform-users">
                <thead><tr>
                    <th scope="col">{t!(i18n, users.col_user)}</th>
                    <th scope="col">{t!(i18n, users.col_where)}</th>
                    <th scope="col">{t!(i18n, users.col_state)}</th>
                    <th scope="col">{t!(i18n, admin.col_actions)}</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|u| view! { <UserRow u on_change /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {page.next.is_some().then(|| view! { <p class="add-person__note" data-testid="users-more">{t!(i18n, users.more)}</p> })}
    }
    .into_any()
}

#[component]
fn UserRow(u: PlatformUserRow, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetUserActive>::new();
    let confirm = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = set.value().get() {
            on_change.run(());
        }
    });
    let id = StoredValue::new(u.id.clone());
    let active = u.active;
    let email = u.email.clone();
    let mut places: Vec<String> = u.tenants.clone();
    if let Some(p) = &u.partner {
        places.push(format!("{} {p}", t_string!(i18n, users.partner)));
    }
    if u.operator {
        places.push(t_string!(i18n, users.operator).to_string());
    }
    let (class, key, text) = match (u.active, u.signed_in) {
        (false, _) => (
            "status-pill status-pill--down",
            "inactive",
            t_string!(i18n, users.state_inactive),
        ),
        (true, true) => (
            "status-pill status-pill--ok",
            "active",
            t_string!(i18n, users.state_active),
        ),
        (true, false) => (
            "status-pill status-pill--warn",
            "invited",
            t_string!(i18n, users.state_invited),
        ),
    };
    let outcome = move || {
        set.value().get().map(|r| match r {
            Ok(d) => {
                let (cls, words) = match d.identity {
                    UserIdentityOutcome::Done => ("notice notice--success", t_string!(i18n, users.idp_done)),
                    UserIdentityOutcome::NoAccount => ("notice notice--success", t_string!(i18n, users.idp_no_account)),
                    UserIdentityOutcome::NotConnected => ("notice notice--warn", t_string!(i18n, users.idp_not_connected)),
                    UserIdentityOutcome::Failed => ("notice notice--error", t_string!(i18n, users.idp_failed)),
                };
                view! { <p class=cls data-testid="user-outcome" data-identity=d.identity.as_str()>{words}</p> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <tr data-testid="platform-user" data-email=u.email.clone() data-state=key>
            <td data-label=t!(i18n, users.col_user)><strong>{u.name.clone()}</strong><br /><span class="add-person__note">{u.email.clone()}</span></td>
            <td data-label=t!(i18n, users.col_where)>{places.join(", ")}</td>
            <td data-label=t!(i18n, users.col_state)><span class=class>{text}</span></td>
            <td data-label=t!(i18n, admin.col_actions)>
                {if active {
                    view! {
                        <button type="button" class="button button--danger button--small" data-testid="user-deactivate"
                            disabled=move || set.pending().get() on:click=move |_| confirm.set(true)>
                            {t!(i18n, users.deactivate)}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button--ghost button--small" data-testid="user-reactivate"
                            disabled=move || set.pending().get()
                            on:click=move |_| { set.dispatch(SetUserActive { user_id: id.get_value(), active: true }); }>
                            {t!(i18n, users.reactivate)}
                        </button>
                    }.into_any()
                }}
                <ConfirmDialog
                    open=confirm
                    title=crate::i18n::t_signal!(i18n, users.deactivate_title)
                    body=Signal::derive(move || format!("{} {email}", t_string!(i18n, users.deactivate_body)))
                    confirm=crate::i18n::t_signal!(i18n, users.deactivate)
                    on_confirm=Callback::new(move |()| {
                        confirm.set(false);
                        set.dispatch(SetUserActive { user_id: id.get_value(), active: false });
                    })
                    test_id="user-deactivate-dialog"
                />
                {outcome}
            </td>
        </tr>
    }
}
