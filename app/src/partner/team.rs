//! /partner/team: the partner's staff with access level, second factors and
//! state; owners and admins invite, change access and remove by THE rule
//! (`domain::partner_team`), which also decides what the page offers.
use crate::api::partner::partner_team;
use crate::api::{InviteColleague, RemoveColleague, SetColleagueAccess};
use crate::domain::AppError;
use crate::domain::model::PartnerAccess;
use crate::domain::partner_team::{check_change, grantable};
use crate::domain::views::{InvitedColleague, MfaOverview, PartnerTeamRow, PartnerTeamView};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{
    Async, ChoiceField, ConfirmDialog, ConsoleHeader, CopyValue, ErrorNotice, TextField,
    access_label, handoff_parts, system_name,
};
use crate::portal::FactorPill;
use leptos::prelude::*;

fn access_value(a: PartnerAccess) -> &'static str {
    match a {
        PartnerAccess::Owner => "owner",
        PartnerAccess::Admin => "admin",
        PartnerAccess::Member => "member",
    }
}

fn parse_access(v: &str) -> Option<PartnerAccess> {
    match v {
        "owner" => Some(PartnerAccess::Owner),
        "admin" => Some(PartnerAccess::Admin),
        "member" => Some(PartnerAccess::Member),
        _ => None,
    }
}

/// The words for a refusal of THE team rule (or None for another error).
fn refusal(e: &AppError) -> Option<String> {
    let i18n = use_i18n();
    match e {
        AppError::Invalid { field, reason } if field == "access" => Some(
            match reason.as_str() {
                "last_owner" => t_string!(i18n, partner_team.err_last_owner),
                "owner_only" => t_string!(i18n, partner_team.err_owner_only),
                "partner_admin_only" => t_string!(i18n, partner_team.err_member),
                _ => t_string!(i18n, form.err_required),
            }
            .to_string(),
        ),
        _ => None,
    }
}

#[component]
pub fn PartnerTeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let team = Resource::new(move || version.get(), |_| partner_team());
    let on_change = Callback::new(move |()| version.update(|v| *v += 1));
    // Outlive the list's re-read after a change: what was just done.
    let done = Done {
        invited: RwSignal::new(None),
        warning: RwSignal::new(None),
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, partner_team.title)
            on_refresh=on_change
        />
        <p class="page-intro">{t!(i18n, partner_team.intro)}</p>
        <Async data=team let:view>
            <TeamBody view done on_change />
        </Async>
    }
}

/// The outcome of the last invitation or removal, kept by the page.
#[derive(Clone, Copy)]
struct Done {
    invited: RwSignal<Option<InvitedColleague>>,
    warning: RwSignal<Option<AppError>>,
}

#[component]
fn TeamBody(view: PartnerTeamView, done: Done, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = view.access;
    let owners = view
        .rows
        .iter()
        .filter(|r| r.access == PartnerAccess::Owner)
        .count();
    let mfa_note = match &view.mfa {
        MfaOverview::NotConnected => Some(t_string!(i18n, security.factors_not_connected)),
        MfaOverview::Unavailable => Some(t_string!(i18n, security.factors_unavailable)),
        MfaOverview::Known { .. } => None,
    };
    let factors = match view.mfa {
        MfaOverview::Known { rows } => rows,
        _ => Vec::new(),
    };
    let error = RwSignal::new(None::<AppError>);
    let removing = RwSignal::new(None::<PartnerTeamRow>);
    view! {
        {(!grantable(actor).is_empty()).then(|| view! { <InviteForm actor invited=done.invited on_change /> })}
        {mfa_note.map(|n| view! { <p class="add-person__note" data-testid="team-mfa-note">{n}</p> })}
        {move || error.get().map(|e| match refusal(&e) {
            Some(text) => view! { <p class="notice notice--error" role="alert" data-testid="team-refusal">{text}</p> }.into_any(),
            None => view! { <ErrorNotice error=e /> }.into_any(),
        })}
        <div class="table-scroll">
            <table class="data-table" data-testid="partner-team">
                <thead><tr>
                    <th scope="col">{t!(i18n, team.name)}</th>
                    <th scope="col">{t!(i18n, team.email)}</th>
                    <th scope="col">{t!(i18n, partner_team.access)}</th>
                    <th scope="col">{t!(i18n, security.second_factor)}</th>
                    <th scope="col">{t!(i18n, team.state)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, partner_team.actions)}</span></th>
                </tr></thead>
                <tbody>
                    {view.rows.into_iter().map(|r| {
                        let you = r.email.eq_ignore_ascii_case(&view.you);
                        let factor = factors.iter().find(|f| f.email.eq_ignore_ascii_case(&r.email)).cloned();
                        let may_remove = !you && check_change(actor, Some(r.access), None, owners).is_ok();
                        view! { <TeamRow row=r you factor actor owners may_remove error removing on_change /> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <RemoveDialog removing error warning=done.warning on_change />
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TeamRow(
    row: PartnerTeamRow,
    you: bool,
    factor: Option<crate::domain::views::MfaRow>,
    actor: PartnerAccess,
    owners: usize,
    may_remove: bool,
    error: RwSignal<Option<AppError>>,
    removing: RwSignal<Option<PartnerTeamRow>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, key, text) = match (row.active, row.signed_in) {
        (false, _) => (
            "status-pill status-pill--down",
            "inactive",
            t_string!(i18n, team.state_inactive),
        ),
        (true, true) => (
            "status-pill status-pill--ok",
            "active",
            t_string!(i18n, team.state_active),
        ),
        (true, false) => (
            "status-pill status-pill--warn",
            "invited",
            t_string!(i18n, team.state_invited),
        ),
    };
    // The levels this actor may move this colleague to (their own row:
    // none, so nobody demotes themselves by accident).
    let choices: Vec<PartnerAccess> = if you {
        Vec::new()
    } else {
        grantable(actor)
            .iter()
            .copied()
            .filter(|a| check_change(actor, Some(row.access), Some(*a), owners).is_ok())
            .collect()
    };
    let set_access = ServerAction::<SetColleagueAccess>::new();
    Effect::new(move |_| match set_access.value().get() {
        Some(Ok(())) => {
            error.set(None);
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let email = row.email.clone();
    let select_id = format!("access-{}", row.email);
    let current = row.access;
    let access_cell = if choices.len() > 1 {
        let email = email.clone();
        view! {
            <label class="visually-hidden" for=select_id.clone()>{t!(i18n, partner_team.access)} " " {row.name.clone()}</label>
            <select class="field__input field__input--compact" id=select_id data-testid="team-access"
                disabled=move || set_access.pending().get()
                on:change=move |ev| {
                    if let Some(a) = parse_access(&event_target_value(&ev)) {
                        set_access.dispatch(SetColleagueAccess { email: email.clone(), access: a });
                    }
                }>
                {choices.into_iter().map(|a| view! {
                    <option value=access_value(a) selected=a == current>{move || access_label(a).get()}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! { <span data-testid="team-access-label">{move || access_label(current).get()}</span> }
            .into_any()
    };
    let remove_row = row.clone();
    let mfa_state = factor
        .as_ref()
        .map(crate::portal::factor_state)
        .unwrap_or("unknown");
    view! {
        <tr data-testid="team-row" data-email=row.email.clone() data-access=access_value(row.access) data-state=key
            data-mfa=mfa_state>
            <td data-label=t!(i18n, team.name)>
                {row.name.clone()}
                {you.then(|| view! { " " <span class="tag" data-testid="team-you">{t!(i18n, partner_team.you)}</span> })}
            </td>
            <td data-label=t!(i18n, team.email)>{row.email.clone()}</td>
            <td data-label=t!(i18n, partner_team.access)>{access_cell}</td>
            <td data-label=t!(i18n, security.second_factor)>
                {match factor {
                    Some(f) => view! { <FactorPill row=f /> }.into_any(),
                    None => view! { <span>"–"</span> }.into_any(),
                }}
            </td>
            <td data-label=t!(i18n, team.state)><span class=class>{text}</span></td>
            <td class="cell-actions">
                {may_remove.then(|| view! {
                    <button type="button" class="button button--ghost button--small" data-testid="team-remove"
                        on:click=move |_| removing.set(Some(remove_row.clone()))>
                        {t!(i18n, partner_team.remove)}
                    </button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn RemoveDialog(
    removing: RwSignal<Option<PartnerTeamRow>>,
    error: RwSignal<Option<AppError>>,
    warning: RwSignal<Option<AppError>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Open while a colleague is chosen; closing (Cancel, Escape, confirm)
    // forgets them.
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        let chosen = removing.with(Option::is_some);
        if chosen != open.get_untracked() {
            open.set(chosen);
        }
    });
    Effect::new(move |_| {
        if !open.get() && removing.with_untracked(Option::is_some) {
            removing.set(None);
        }
    });
    let remove = ServerAction::<RemoveColleague>::new();
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(problem)) => {
            error.set(None);
            warning.set(problem);
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let name = move || removing.with(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    view! {
        {move || warning.get().map(|e| {
            let system = match &e {
                AppError::Unavailable { system, .. } => Some(system_name(*system)),
                _ => None,
            };
            view! {
                <p class="notice notice--warn" role="status" data-testid="team-removed-warning">
                    {t!(i18n, partner_team.removed_partly)}
                    {system.map(|s| view! { " (" {move || s.get()} ")" })}
                </p>
            }
        })}
        <ConfirmDialog
            open
            title=Signal::derive(move || format!("{} {}?", t_string!(i18n, partner_team.remove), name()))
            body=crate::i18n::t_signal!(i18n, partner_team.remove_body)
            confirm=crate::i18n::t_signal!(i18n, partner_team.remove)
            on_confirm=Callback::new(move |()| {
                if let Some(r) = removing.get_untracked() {
                    remove.dispatch(RemoveColleague { email: r.email });
                }
            })
            test_id="team-remove-dialog"
        />
    }
}

#[component]
fn InviteForm(
    actor: PartnerAccess,
    invited: RwSignal<Option<InvitedColleague>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let access = RwSignal::new("member".to_string());
    let invite = ServerAction::<InviteColleague>::new();
    let error = RwSignal::new(None::<AppError>);
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
        let Some(level) = parse_access(&access.get_untracked()) else {
            error.set(Some(AppError::invalid("access", "required")));
            return;
        };
        invite.dispatch(InviteColleague {
            name: name.get_untracked(),
            email: email.get_untracked(),
            access: level,
            lang: i18n.get_locale_untracked().to_string(),
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => {
                Some(match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required).to_string(),
                    "invalid_email" => t_string!(i18n, form.err_email).to_string(),
                    _ if which == "access" => {
                        refusal(&AppError::invalid(&field, &reason)).unwrap_or_default()
                    }
                    _ => t_string!(i18n, form.err_too_long).to_string(),
                })
            }
            Some(AppError::Taken { field }) if field == which => {
                Some(t_string!(i18n, partner_team.err_taken).to_string())
            }
            _ => None,
        })
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. } | AppError::Taken { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let options = grantable(actor)
        .iter()
        .map(|a| (access_value(*a), access_label(*a)))
        .collect::<Vec<_>>();
    view! {
        <section class="card" data-testid="invite-colleague" aria-labelledby="invite-colleague-title">
            <h2 id="invite-colleague-title">{t!(i18n, partner_team.invite)}</h2>
            <form on:submit=submit novalidate class="form-grid">
                <TextField id="colleague-name" label=crate::i18n::t_signal!(i18n, team.name) value=name error=field_error("name") required=true autocomplete="off" />
                <TextField id="colleague-email" kind="email" label=crate::i18n::t_signal!(i18n, team.email) value=email error=field_error("email") required=true autocomplete="off" />
                <ChoiceField id="colleague-access"
                    label=crate::i18n::t_signal!(i18n, partner_team.access)
                    placeholder=crate::i18n::t_signal!(i18n, partner_team.choose_access)
                    options value=access error=field_error("access") required=true />
                {general}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="invite-colleague-submit" disabled=move || invite.pending().get()>
                        {t!(i18n, partner_team.invite_submit)}
                    </button>
                </div>
            </form>
            {move || invited.get().map(|i| view! { <Invited invited=i on_done=Callback::new(move |()| invited.set(None)) /> })}
        </section>
    }
}

/// The result of an invitation: in their inbox, or what to hand over.
#[component]
fn Invited(invited: InvitedColleague, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let headline = if invited.mailed {
        t_string!(i18n, partner_team.mailed)
    } else {
        t_string!(i18n, partner_team.not_mailed)
    };
    view! {
        <div data-testid="colleague-invited" data-mailed=invited.mailed.to_string()>
            <p class=if invited.mailed { "notice notice--success" } else { "notice notice--warn" } role="status">
                {headline} " " <strong>{invited.name.clone()}</strong> " (" {invited.email.clone()} ")"
            </p>
            {invited.existing_account.then(|| view! { <p class="add-person__note">{t!(i18n, partner_team.existing_account)}</p> })}
            {invited.handoff.map(|h| {
                let (label, value, kind) = handoff_parts(h);
                view! {
                    <CopyValue label value kind test_id="colleague-handoff">
                        <p class="add-person__note">{t!(i18n, team.handoff_note)}</p>
                    </CopyValue>
                }
            })}
            <button type="button" class="button button--ghost button--wrap" data-testid="colleague-invited-done" on:click=move |_| on_done.run(())>
                {t!(i18n, team.done)}
            </button>
        </div>
    }
}
