//! /operator/team: dezky's platform admins, and "Invite operator" with the
//! hand-off shown once (a recovery link, or a temporary password when the
//! identity provider has no recovery flow) with copy buttons.
use crate::api::operator::{InviteOperator, operator_team};
use crate::domain::AppError;
use crate::domain::views::{InvitedOperator, OperatorRow};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, CopyValue, ErrorNotice, TextField, handoff_parts};
use leptos::prelude::*;

#[component]
pub fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let team = Resource::new(move || version.get(), |_| operator_team());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, team.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        />
        <p class="page-intro">{t!(i18n, team.intro)}</p>
        <InviteForm on_change=Callback::new(move |()| version.update(|v| *v += 1)) />
        <Async data=team let:rows>
            <TeamList rows />
        </Async>
    }
}

#[component]
fn InviteForm(on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let invite = ServerAction::<InviteOperator>::new();
    let error = RwSignal::new(None::<AppError>);
    let invited = RwSignal::new(None::<InvitedOperator>);
    Effect::new(move |_| match invite.value().get() {
        Some(Ok(i)) => {
            error.set(None);
            name.set(String::new());
            email.set(String::new());
            invited.set(Some(i));
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invited.set(None);
        invite.dispatch(InviteOperator {
            name: name.get_untracked(),
            email: email.get_untracked(),
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => Some(
                match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required),
                    "invalid_email" => t_string!(i18n, form.err_email),
                    _ => t_string!(i18n, form.err_too_long),
                }
                .to_string(),
            ),
            Some(AppError::Taken { field }) if field == which => {
                Some(t_string!(i18n, team.err_taken).to_string())
            }
            _ => None,
        })
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. } | AppError::Taken { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card" data-testid="invite-operator" aria-labelledby="invite-title">
            <h2 id="invite-title">{t!(i18n, team.invite)}</h2>
            <form on:submit=submit novalidate>
                <TextField id="operator-name" label=crate::i18n::t_signal!(i18n, team.name) value=name error=field_error("name") required=true autocomplete="off" />
                <TextField id="operator-email" kind="email" label=crate::i18n::t_signal!(i18n, team.email) value=email error=field_error("email") required=true autocomplete="off" />
                {general}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="invite-operator-submit" disabled=move || invite.pending().get()>
                        {t!(i18n, team.invite_submit)}
                    </button>
                </div>
            </form>
            {move || invited.get().map(|i| view! { <Handoff invited=i on_done=Callback::new(move |()| invited.set(None)) /> })}
        </section>
    }
}

/// What the new operator needs to sign in: shown once, copyable.
#[component]
fn Handoff(invited: InvitedOperator, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (label, value, kind) = handoff_parts(invited.handoff);
    view! {
        <p class="notice notice--success" role="status">{t!(i18n, team.invited)} " " <strong>{invited.name}</strong> " (" {invited.email} ")"</p>
        <CopyValue label value kind test_id="operator-handoff">
            <p class="add-person__note">{t!(i18n, team.handoff_note)}</p>
            <button type="button" class="button button--primary button--wrap" data-testid="operator-handoff-done" on:click=move |_| on_done.run(())>
                {t!(i18n, team.done)}
            </button>
        </CopyValue>
    }
}

#[component]
fn TeamList(rows: Vec<OperatorRow>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="operator-team">
                <thead><tr>
                    <th scope="col">{t!(i18n, team.name)}</th>
                    <th scope="col">{t!(i18n, team.email)}</th>
                    <th scope="col">{t!(i18n, team.state)}</th>
                    <th scope="col">{t!(i18n, team.since)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let (class, key, text) = match (r.active, r.signed_in) {
                            (false, _) => ("status-pill status-pill--down", "inactive", t_string!(i18n, team.state_inactive)),
                            (true, true) => ("status-pill status-pill--ok", "active", t_string!(i18n, team.state_active)),
                            (true, false) => ("status-pill status-pill--warn", "invited", t_string!(i18n, team.state_invited)),
                        };
                        let email = r.email.clone();
                        view! {
                            <tr data-testid="operator-row" data-email=email data-state=key>
                                <td data-label=t!(i18n, team.name)>{r.name}</td>
                                <td data-label=t!(i18n, team.email)>{r.email}</td>
                                <td data-label=t!(i18n, team.state)><span class=class>{text}</span></td>
                                <td data-label=t!(i18n, team.since)>{crate::format::date_time(lang, r.since)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
