use crate::i18n::{t, t_string, use_i18n};
use crate::kit::ErrorNotice;
use crate::platform::api::{FlagInput, SaveFlag, list_flags};
use crate::platform::flags::{Flag, FlagState, KILL_SWITCH_NOTE};
use leptos::prelude::*;

/// /operator/flags: list, create, turn on, kill switch. Every change is a
/// server function that records history and an audit event.
#[component]
pub fn FlagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveFlag>::new();
    let flags = Resource::new(move || save.version().get(), |_| list_flags());
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
    let change = move |flag: &Flag, state: FlagState, note: &str| {
        save.dispatch(SaveFlag {
            input: FlagInput {
                key: flag.key.clone(),
                description: flag.description.clone(),
                state,
                note: note.to_owned(),
                version: Some(flag.version),
            },
        });
    };
    let state_label = move |s: &FlagState| match s {
        FlagState::Off => t_string!(i18n, operator.state_off).to_string(),
        FlagState::On => t_string!(i18n, operator.state_on).to_string(),
        FlagState::Rollout { percentage, .. } => {
            format!("{} {percentage} %", t_string!(i18n, operator.state_rollout))
        }
    };
    view! {
        <h1>{t!(i18n, operator.flags_title)}</h1>
        {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        <form class="inline-form" on:submit=create data-testid="flag-create">
            <label>
                <span>{t!(i18n, operator.flag_key)}</span>
                <input name="key" required prop:value=key on:input=move |ev| set_key.set(event_target_value(&ev)) />
            </label>
            <label>
                <span>{t!(i18n, operator.flag_description)}</span>
                <input name="description" prop:value=description on:input=move |ev| set_description.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button button--primary">{t!(i18n, operator.flag_create)}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match flags.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, operator.flags_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data-table" data-testid="flags">
                            <thead><tr>
                                <th scope="col">{t!(i18n, operator.flag_key)}</th>
                                <th scope="col">{t!(i18n, operator.flag_description)}</th>
                                <th scope="col">{t!(i18n, operator.flag_state)}</th>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, operator.flag_state)}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|flag| {
                                    let on = flag.clone();
                                    let off = flag.clone();
                                    let is_off = flag.state == FlagState::Off;
                                    view! {
                                        <tr data-testid="flag-row" data-flag=flag.key.clone()>
                                            <td><code>{flag.key.clone()}</code></td>
                                            <td>{flag.description.clone()}</td>
                                            <td data-testid="flag-state">{state_label(&flag.state)}</td>
                                            <td>
                                                {if is_off {
                                                    view! { <button type="button" class="button button--ghost" data-testid="flag-on" on:click=move |_| change(&on, FlagState::On, "")>{t!(i18n, operator.flag_turn_on)}</button> }.into_any()
                                                } else {
                                                    view! { <button type="button" class="button button--danger" data-testid="flag-kill" on:click=move |_| change(&off, FlagState::Off, KILL_SWITCH_NOTE)>{t!(i18n, operator.flag_kill)}</button> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
