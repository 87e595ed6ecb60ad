use crate::api::{FlagInput, RemoveFlag, SaveFlag, flag_history, list_flags};
use crate::domain::flags::{Flag, FlagChangeKind, FlagState, KILL_SWITCH_NOTE};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, ToastKind, use_toasts};
use leptos::prelude::*;

/// /operator/flags: list, create, edit state (off / on / rollout with a share and
/// an allow-list), kill switch, remove, history. Every change is a server
/// function that records history and an audit event.
#[component]
pub fn FlagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveFlag>::new();
    let remove = ServerAction::<RemoveFlag>::new();
    let flags = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_flags(),
    );
    let (key, set_key) = signal(String::new());
    let (description, set_description) = signal(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveFlag {
            input: FlagInput {
                key: key.get_untracked(),
                description: description.get_untracked(),
                state: FlagState::Off,
                note: String::new(),
                version: None,
            },
        });
    };
    // Results as toasts; errors stay on the page until the next action.
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let (Some(Ok(flag)), Some(toasts)) = (save.value().get(), toasts) {
            toasts.show(
                ToastKind::Success,
                format!("{} {}", t_string!(i18n, operator.flag_saved), flag.key),
            );
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(toasts)) = (remove.value().get(), toasts) {
            toasts.show(
                ToastKind::Success,
                t_string!(i18n, operator.flag_removed).to_string(),
            );
        }
    });
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
            .map(|e| view! { <ErrorNotice error=e /> })
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, operator.flags_title)
            on_refresh=Callback::new(move |()| flags.refetch())
        />
        {error}
        <form class="inline-form" on:submit=create data-testid="flag-create">
            <label>
                <span>{t!(i18n, operator.flag_key)}</span>
                <input name="key" required prop:value=key on:input=move |ev| set_key.set(event_target_value(&ev)) />
            </label>
            <label>
                <span>{t!(i18n, operator.flag_description)}</span>
                <input
                    name="description"
                    prop:value=description
                    on:input=move |ev| set_description.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" class="button button--primary">{t!(i18n, operator.flag_create)}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match flags.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title=crate::i18n::t_signal!(i18n, operator.flags_empty) />
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="flag-list" role="list" data-testid="flags">
                            {list.into_iter().map(|flag| view! { <FlagRow flag save remove /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn state_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, s: &FlagState) -> String {
    match s {
        FlagState::Off => t_string!(i18n, operator.state_off).to_string(),
        FlagState::On => t_string!(i18n, operator.state_on).to_string(),
        FlagState::Rollout {
            percentage,
            tenants,
        } => {
            let mut label = format!("{} {percentage} %", t_string!(i18n, operator.state_rollout));
            if !tenants.is_empty() {
                label.push_str(&format!(" + {}", tenants.join(", ")));
            }
            label
        }
    }
}

#[component]
fn FlagRow(
    flag: Flag,
    save: ServerAction<SaveFlag>,
    remove: ServerAction<RemoveFlag>,
) -> impl IntoView {
    let i18n = use_i18n();
    let is_off = flag.state == FlagState::Off;
    let flag = StoredValue::new(flag);
    let change = move |state: FlagState, note: String| {
        let f = flag.get_value();
        save.dispatch(SaveFlag {
            input: FlagInput {
                key: f.key,
                description: f.description,
                state,
                note,
                version: Some(f.version),
            },
        });
    };
    let (percentage, tenants) = match flag.with_value(|f| f.state.clone()) {
        FlagState::Rollout {
            percentage,
            tenants,
        } => (percentage.to_string(), tenants.join(", ")),
        _ => ("0".to_owned(), String::new()),
    };
    let (pct, set_pct) = signal(percentage);
    let (allow, set_allow) = signal(tenants);
    let (note, set_note) = signal(String::new());
    let (show_history, set_show_history) = signal(false);
    let confirm_remove = RwSignal::new(false);
    let save_rollout = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Out of range or not a number: the server names the field.
        let percentage = pct.get_untracked().trim().parse::<u8>().unwrap_or(u8::MAX);
        let tenants = allow
            .get_untracked()
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        change(
            FlagState::Rollout {
                percentage,
                tenants,
            },
            note.get_untracked(),
        );
    };
    let key = flag.with_value(|f| f.key.clone());
    view! {
        <li class="flag-row" data-testid="flag-row" data-flag=key.clone()>
            <div class="flag-row__head">
                <code class="flag-row__key">{key.clone()}</code>
                <span class="flag-row__desc">{flag.with_value(|f| f.description.clone())}</span>
                <span class="flag-row__state" data-testid="flag-state">{move || flag.with_value(|f| state_label(i18n, &f.state))}</span>
                <span class="flag-row__actions">
                    {if is_off {
                        view! {
                            <button type="button" class="button button--ghost" data-testid="flag-on" on:click=move |_| change(FlagState::On, String::new())>
                                {t!(i18n, operator.flag_turn_on)}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button--danger" data-testid="flag-kill" on:click=move |_| change(FlagState::Off, KILL_SWITCH_NOTE.to_owned())>
                                {t!(i18n, operator.flag_kill)}
                            </button>
                        }.into_any()
                    }}
                </span>
            </div>
            <details class="flag-row__details">
                <summary data-testid="flag-edit">{t!(i18n, operator.flag_edit)}</summary>
                <form class="inline-form" on:submit=save_rollout data-testid="flag-rollout">
                    <label>
                        <span>{t!(i18n, operator.flag_percentage)}</span>
                        <input name="percentage" inputmode="numeric" prop:value=pct on:input=move |ev| set_pct.set(event_target_value(&ev)) />
                    </label>
                    <label>
                        <span>{t!(i18n, operator.flag_tenants)}</span>
                        <input name="tenants" prop:value=allow on:input=move |ev| set_allow.set(event_target_value(&ev)) />
                    </label>
                    <label>
                        <span>{t!(i18n, operator.flag_note)}</span>
                        <input name="note" prop:value=note on:input=move |ev| set_note.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class="button button--primary">{t!(i18n, operator.flag_save)}</button>
                    <button
                        type="button"
                        class="button button--ghost"
                        data-testid="flag-remove"
                        on:click=move |_| confirm_remove.set(true)
                    >
                        {t!(i18n, operator.flag_remove)}
                    </button>
                    <button type="button" class="button button--ghost" data-testid="flag-history" on:click=move |_| set_show_history.set(true)>
                        {t!(i18n, operator.flag_history)}
                    </button>
                </form>
                {move || show_history.get().then(|| view! { <FlagHistory key=flag.with_value(|f| f.key.clone()) /> })}
            </details>
            <ConfirmDialog
                open=confirm_remove
                title=crate::i18n::t_signal!(i18n, operator.flag_remove_title)
                body=Signal::derive(move || format!("{}: {}", flag.with_value(|f| f.key.clone()), t_string!(i18n, operator.flag_remove_body)))
                confirm=crate::i18n::t_signal!(i18n, operator.flag_remove)
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(RemoveFlag { key: flag.with_value(|f| f.key.clone()) });
                })
                test_id="flag-remove-dialog"
            />
        </li>
    }
}

#[component]
fn FlagHistory(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let history = Resource::new(move || key.clone(), flag_history);
    let kind_label = move |k: FlagChangeKind| match k {
        FlagChangeKind::Created => t_string!(i18n, operator.history_created),
        FlagChangeKind::Updated => t_string!(i18n, operator.history_updated),
        FlagChangeKind::Killed => t_string!(i18n, operator.history_killed),
        FlagChangeKind::Removed => t_string!(i18n, operator.history_removed),
    };
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, operator.history_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="flag-history" data-testid="flag-history-list">
                            {list.into_iter().map(|c| {
                                let lang = i18n.get_locale();
                                let to = c.to.as_ref().map(|s| state_label(i18n, s)).unwrap_or_default();
                                view! {
                                    <li data-kind=c.kind.action()>
                                        <time>{crate::format::date_time(lang, c.at)}</time>" · "
                                        <strong>{kind_label(c.kind)}</strong>" "{to}" · "
                                        {t!(i18n, operator.history_by)}" "{c.actor}
                                        {(!c.note.is_empty()).then(|| format!(" · {}", c.note))}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
