//! /admin/domains?tenant=SLUG: the tenant's mail domains. The list with each
//! domain's status and last check; the add wizard (domain -> the records to
//! publish, read from the mail server -> verify); per domain: every record
//! with copy buttons and its state at the last check in words an admin can
//! act on, the zone-file export, "Check now", primary, remove (refused,
//! naming what still uses it), the DMARC ladder and the SPF lookup meter.
use crate::api::{
    AddDomain, CheckDomain, ChooseDmarcStep, MakePrimaryDomain, RemoveDomain, domain_records,
    spf_meter, tenant_domains,
};
use crate::domain::AppError;
use crate::domain::dmarc::{Blocked, Policy};
use crate::domain::mail_domains::{DomainStatus, RecordKind, RecordState};
use crate::domain::spf::{LOOKUP_LIMIT, SpfNode, SpfProblem, SpfReport, SpfVerdict, VOID_LIMIT};
use crate::domain::views::{
    DmarcGuide, DomainDetail, DomainSummary, DomainsView, RecordRow, RemoveDomainOutcome,
};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::copy_to_clipboard;
use crate::kit::{
    Async, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, TextField, WizardSteps,
};
use crate::shell::admin_page_tenant;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn DomainsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let adding = RwSignal::new(false);
    let selected = RwSignal::new(query.read_untracked().get("domain"));
    let slug = Resource::new(move || query.read().get("tenant"), admin_page_tenant);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, domains.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        >
            <button type="button" class="button button--primary button--small" data-testid="add-domain-open"
                on:click=move |_| adding.update(|a| *a = !*a)>
                {t!(i18n, domains.add)}
            </button>
        </ConsoleHeader>
        <p class="page-intro">{t!(i18n, domains.intro)}</p>
        <Async data=slug let:slug>
            <DomainsBody slug version adding selected />
        </Async>
    }
}

#[component]
fn DomainsBody(
    slug: String,
    version: RwSignal<u32>,
    adding: RwSignal<bool>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let list = Resource::new(
        move || version.get(),
        move |_| tenant_domains(slug.get_value()),
    );
    let on_change = Callback::new(move |()| version.update(|v| *v += 1));
    let prefill = RwSignal::new(String::new());
    view! {
        {move || adding.get().then(|| view! {
            <AddDomainPanel slug=slug.get_value() prefill adding selected on_change />
        })}
        <Async data=list let:view>
            <DomainList view adding prefill selected />
        </Async>
        {move || selected.get().map(|name| view! {
            <DomainPanel slug=slug.get_value() name selected on_change version />
        })}
    }
}

/// Step 1 of the wizard: the name. Steps 2 and 3 are the domain's panel.
#[component]
fn AddDomainPanel(
    slug: String,
    prefill: RwSignal<String>,
    adding: RwSignal<bool>,
    selected: RwSignal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(prefill.get_untracked());
    let add = ServerAction::<AddDomain>::new();
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match add.value().get() {
        Some(Ok(detail)) => {
            error.set(None);
            prefill.set(String::new());
            adding.set(false);
            selected.set(Some(detail.summary.name));
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(AddDomain {
            slug: slug.get_value(),
            name: name.get_untracked(),
        });
    };
    let field_error = Signal::derive(move || match error.get() {
        Some(AppError::Invalid { field, reason }) if field == "name" => {
            Some(domain_refusal(i18n, &reason))
        }
        _ => None,
    });
    let general_error = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card domain-add" data-testid="add-domain" aria-labelledby="add-domain-title">
            <h2 id="add-domain-title">{t!(i18n, domains.add_title)}</h2>
            {domain_steps(1)}
            <form on:submit=submit novalidate>
                <TextField
                    id="domain-name"
                    label=crate::i18n::t_signal!(i18n, domains.name)
                    value=name
                    error=field_error
                    required=true
                    autocomplete="off"
                    inputmode="url"
                    hint=crate::i18n::t_signal!(i18n, domains.name_hint)
                />
                {general_error}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="add-domain-submit" disabled=move || add.pending().get()>
                        {move || if add.pending().get() { t_string!(i18n, domains.adding) } else { t_string!(i18n, domains.add_submit) }}
                    </button>
                    <button type="button" class="button button--ghost" on:click=move |_| adding.set(false)>
                        {t!(i18n, domains.cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Why a domain name was refused, in words (the add form's and the New
/// customer wizard's).
pub fn domain_refusal(i18n: I18n, reason: &str) -> String {
    match reason {
        "required" => t_string!(i18n, form.err_required),
        "single_label" => t_string!(i18n, domains.err_single_label),
        "too_long" => t_string!(i18n, form.err_too_long),
        "dezky_domain" => t_string!(i18n, domains.err_dezky_domain),
        "already_added" => t_string!(i18n, domains.err_already_added),
        "domain_of_other_tenant" => t_string!(i18n, domains.err_other_tenant),
        _ => t_string!(i18n, domains.err_invalid),
    }
    .to_string()
}

/// The three steps of adding a domain; `at` is the current one (4: done).
fn domain_steps(at: usize) -> impl IntoView {
    let i18n = use_i18n();
    let labels = vec![
        crate::i18n::t_signal!(i18n, domains.step_name),
        crate::i18n::t_signal!(i18n, domains.step_publish),
        crate::i18n::t_signal!(i18n, domains.step_verify),
    ];
    view! { <WizardSteps labels at=at /> }
}

fn status_pill(i18n: I18n, status: DomainStatus) -> impl IntoView {
    let (class, text) = match status {
        DomainStatus::Verified => (
            "status-pill status-pill--ok",
            t_string!(i18n, domains.status_verified),
        ),
        DomainStatus::Pending => (
            "status-pill status-pill--soon",
            t_string!(i18n, domains.status_pending),
        ),
        DomainStatus::NeedsAttention => (
            "status-pill status-pill--down",
            t_string!(i18n, domains.status_attention),
        ),
    };
    view! { <span class=class data-testid="domain-status" data-status=status.as_str()>{text}</span> }
}

#[component]
fn DomainList(
    view: DomainsView,
    adding: RwSignal<bool>,
    prefill: RwSignal<String>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let missing_primary = view.primary_not_added.clone().map(|primary| {
        let p = primary.clone();
        view! {
            <div class="notice notice--warn" data-testid="primary-not-added" role="status">
                <p>{t!(i18n, domains.primary_not_added)} " " <strong>{primary}</strong></p>
                <button type="button" class="button button--primary button--small" data-testid="add-primary"
                    on:click=move |_| { prefill.set(p.clone()); adding.set(false); adding.set(true); }>
                    {t!(i18n, domains.add_it)}
                </button>
            </div>
        }
    });
    let every = view.check_every_minutes;
    let schedule = move || {
        let hours = every / 60;
        if every <= 1 {
            t_string!(i18n, domains.rechecked_every_minute).to_string()
        } else if every.is_multiple_of(60) && hours > 0 {
            format!(
                "{} {hours} {}",
                t_string!(i18n, domains.rechecked_every),
                t_string!(i18n, domains.hours)
            )
        } else {
            format!(
                "{} {every} {}",
                t_string!(i18n, domains.rechecked_every),
                t_string!(i18n, domains.minutes)
            )
        }
    };
    let not_connected = (!view.mail_connected).then(|| view! {
        <p class="notice notice--warn" data-testid="mail-not-connected">{t!(i18n, domains.mail_not_connected)}</p>
    });
    if view.domains.is_empty() {
        return view! {
            {not_connected}
            {missing_primary}
            <EmptyState title=crate::i18n::t_signal!(i18n, domains.none) test_id="domains-none">
                <p>{t!(i18n, domains.none_body)}</p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        {not_connected}
        {missing_primary}
        <div class="table-scroll">
            <table class="data-table" data-testid="domains">
                <thead><tr>
                    <th scope="col">{t!(i18n, domains.col_domain)}</th>
                    <th scope="col">{t!(i18n, domains.col_status)}</th>
                    <th scope="col">{t!(i18n, domains.col_checked)}</th>
                    <th scope="col">{t!(i18n, admin.col_actions)}</th>
                </tr></thead>
                <tbody>
                    {view.domains.into_iter().map(|d| domain_row(i18n, lang, d, selected)).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="add-person__note" data-testid="recheck-schedule">{schedule}</p>
    }
    .into_any()
}

fn domain_row(
    i18n: I18n,
    lang: Locale,
    d: DomainSummary,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let name = d.name.clone();
    let open = name.clone();
    let is_selected = Signal::derive(move || selected.get().as_deref() == Some(name.as_str()));
    view! {
        <tr data-testid="domain-row" data-name=d.name.clone() class:data-table__row--selected=is_selected>
            <td data-label=t!(i18n, domains.col_domain)>
                <strong>{d.display_name.clone()}</strong>
                {(d.display_name != d.name).then(|| view! { <br /><code class="add-person__note">{d.name.clone()}</code> })}
                {d.primary.then(|| view! { " " <span class="status-pill status-pill--ok" data-testid="domain-primary">{t!(i18n, domains.primary)}</span> })}
            </td>
            <td data-label=t!(i18n, domains.col_status)>
                {status_pill(i18n, d.status)}
                {(d.problems > 0).then(|| view! { <span class="add-person__note">" " {d.problems} " " {t!(i18n, domains.problems)}</span> })}
            </td>
            <td data-label=t!(i18n, domains.col_checked)>
                {match d.checked_at {
                    Some(at) => crate::format::date_time(lang, at),
                    None => t_string!(i18n, domains.never_checked).to_string(),
                }}
            </td>
            <td data-label=t!(i18n, admin.col_actions)>
                <button type="button" class="button button--ghost button--small" data-testid="domain-open"
                    aria-pressed=move || if is_selected.get() { "true" } else { "false" }
                    on:click=move |_| selected.set(Some(open.clone()))>
                    {t!(i18n, domains.open)}
                </button>
            </td>
        </tr>
    }
}

/// One domain: steps 2 and 3 of the wizard for a pending one, the records,
/// the actions, the DMARC guide and the SPF meter.
#[component]
fn DomainPanel(
    slug: String,
    name: String,
    selected: RwSignal<Option<String>>,
    on_change: Callback<()>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let target = StoredValue::new((slug, name));
    let detail = Resource::new(
        move || version.get(),
        move |_| {
            let (slug, name) = target.get_value();
            domain_records(slug, name)
        },
    );
    view! {
        <Async data=detail let:d>
            <DomainDetailView d selected on_change />
        </Async>
    }
}

#[component]
fn DomainDetailView(
    d: DomainDetail,
    selected: RwSignal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let check = ServerAction::<CheckDomain>::new();
    let primary = ServerAction::<MakePrimaryDomain>::new();
    let remove = ServerAction::<RemoveDomain>::new();
    let confirm = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = check.value().get() {
            on_change.run(());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = primary.value().get() {
            on_change.run(());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(RemoveDomainOutcome::Removed)) = remove.value().get() {
            selected.set(None);
            on_change.run(());
        }
    });
    let s = d.summary.clone();
    let target = StoredValue::new((d.tenant.clone(), s.name.clone()));
    let at = match s.status {
        DomainStatus::Pending if s.checked_at.is_none() => 2,
        DomainStatus::Pending => 3,
        _ => 4,
    };
    let zone_href = format!(
        "data:text/plain;charset=utf-8,{}",
        crate::format::url_encode(&d.zone_file)
    );
    let (required, optional): (Vec<RecordRow>, Vec<RecordRow>) = d
        .records
        .clone()
        .into_iter()
        .partition(|r| r.record.kind != RecordKind::Other);
    let display = s.display_name.clone();
    let can_primary = s.status == DomainStatus::Verified && !s.primary;
    let in_use = move || match remove.value().get() {
        Some(Ok(RemoveDomainOutcome::InUse {
            mailboxes,
            aliases,
            lists,
        })) => Some(view! {
            <div class="notice notice--error" role="alert" data-testid="domain-in-use">
                <p>{t!(i18n, domains.in_use)}</p>
                <ul class="plain-list">
                    {mailboxes.into_iter().map(|m| view! { <li>{t!(i18n, domains.in_use_mailbox)} " " <code>{m}</code></li> }).collect_view()}
                    {aliases.into_iter().map(|m| view! { <li>{t!(i18n, domains.in_use_alias)} " " <code>{m}</code></li> }).collect_view()}
                    {lists.into_iter().map(|m| view! { <li>{t!(i18n, domains.in_use_list)} " " <code>{m}</code></li> }).collect_view()}
                </ul>
            </div>
        }),
        _ => None,
    };
    let action_error = move || {
        [check.value().get().and_then(Result::err), primary.value().get().and_then(Result::err), remove.value().get().and_then(Result::err)]
            .into_iter()
            .flatten()
            .next()
            .map(|e| match e {
                AppError::Invalid { reason, .. } if reason == "primary" => view! {
                    <p class="notice notice--error" role="alert" data-testid="domain-error">{t!(i18n, domains.err_remove_primary)}</p>
                }.into_any(),
                e => view! { <ErrorNotice error=e /> }.into_any(),
            })
    };
    view! {
        <section class="card domain-detail" data-testid="domain-detail" data-name=s.name.clone() data-status=s.status.as_str() aria-labelledby="domain-detail-title">
            <div class="domain-detail__head">
                <h2 id="domain-detail-title">{display.clone()}</h2>
                {status_pill(i18n, s.status)}
            </div>
            {(at < 4).then(|| domain_steps(at))}
            <p class="add-person__note">
                {match s.checked_at {
                    Some(t) => format!("{} {}", t_string!(i18n, domains.last_checked), crate::format::date_time(lang, t)),
                    None => t_string!(i18n, domains.publish_then_check).to_string(),
                }}
            </p>
            <div class="form-actions domain-detail__actions">
                <button type="button" class="button button--primary" data-testid="domain-check"
                    disabled=move || check.pending().get()
                    on:click=move |_| { let (slug, name) = target.get_value(); check.dispatch(CheckDomain { slug, name }); }>
                    {move || if check.pending().get() { t_string!(i18n, domains.checking) } else { t_string!(i18n, domains.check_now) }}
                </button>
                <a class="button button--ghost" data-testid="zone-export" href=zone_href download=format!("{}.zone", s.name)>
                    {t!(i18n, domains.export_zone)}
                </a>
                {can_primary.then(|| view! {
                    <button type="button" class="button button--ghost" data-testid="domain-make-primary"
                        disabled=move || primary.pending().get()
                        on:click=move |_| { let (slug, name) = target.get_value(); primary.dispatch(MakePrimaryDomain { slug, name }); }>
                        {t!(i18n, domains.make_primary)}
                    </button>
                })}
                <button type="button" class="button button--danger" data-testid="domain-remove"
                    disabled=move || remove.pending().get() on:click=move |_| confirm.set(true)>
                    {t!(i18n, domains.remove)}
                </button>
            </div>
            <ConfirmDialog
                open=confirm
                title=crate::i18n::t_signal!(i18n, domains.remove_title)
                body=Signal::derive(move || format!("{} {}", t_string!(i18n, domains.remove_body), target.get_value().1))
                confirm=crate::i18n::t_signal!(i18n, domains.remove)
                on_confirm=Callback::new(move |()| {
                    confirm.set(false);
                    let (slug, name) = target.get_value();
                    remove.dispatch(RemoveDomain { slug, name });
                })
                test_id="domain-remove-dialog"
            />
            {in_use}
            {action_error}
            <h3>{t!(i18n, domains.records_title)}</h3>
            <p class="add-person__note">{t!(i18n, domains.records_intro)}</p>
            <RecordTable rows=required test_id="records" />
            {(!optional.is_empty()).then(|| view! {
                <details class="domain-detail__optional">
                    <summary>{t!(i18n, domains.optional_title)}</summary>
                    <p class="add-person__note">{t!(i18n, domains.optional_intro)}</p>
                    <RecordTable rows=optional test_id="optional-records" />
                </details>
            })}
        </section>
        <DmarcGuideView guide=d.dmarc.clone() target on_change />
        <SpfMeter target version_key=s.checked_at.unwrap_or_default() />
    }
}

fn kind_label(i18n: I18n, kind: RecordKind) -> String {
    match kind {
        RecordKind::Ownership => t_string!(i18n, domains.kind_ownership),
        RecordKind::Mx => t_string!(i18n, domains.kind_mx),
        RecordKind::Spf => t_string!(i18n, domains.kind_spf),
        RecordKind::Dkim => t_string!(i18n, domains.kind_dkim),
        RecordKind::Dmarc => t_string!(i18n, domains.kind_dmarc),
        RecordKind::Other => t_string!(i18n, domains.kind_other),
    }
    .to_string()
}

fn state_words(i18n: I18n, state: Option<RecordState>) -> (&'static str, &'static str, String) {
    let (class, key, text) = match state {
        None => (
            "status-pill status-pill--soon",
            "unchecked",
            t_string!(i18n, domains.state_unchecked),
        ),
        Some(RecordState::Ok) => (
            "status-pill status-pill--ok",
            "ok",
            t_string!(i18n, domains.state_ok),
        ),
        Some(RecordState::Missing) => (
            "status-pill status-pill--down",
            "missing",
            t_string!(i18n, domains.state_missing),
        ),
        Some(RecordState::Wrong) => (
            "status-pill status-pill--down",
            "wrong",
            t_string!(i18n, domains.state_wrong),
        ),
        Some(RecordState::Extra) => (
            "status-pill status-pill--warn",
            "extra",
            t_string!(i18n, domains.state_extra),
        ),
        Some(RecordState::OtherStep) => (
            "status-pill status-pill--warn",
            "other_step",
            t_string!(i18n, domains.state_other_step),
        ),
        Some(RecordState::NotChecked) => (
            "status-pill status-pill--soon",
            "not_checked",
            t_string!(i18n, domains.state_not_checked),
        ),
    };
    (class, key, text.to_string())
}

/// A value with a copy button beside it.
#[component]
fn Copyable(value: String, #[prop(into)] label: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let shown = value.clone();
    view! {
        <span class="copyable">
            <code class="copyable__value">{shown}</code>
            <button type="button" class="button button--ghost button--small copyable__button" data-testid="copy"
                aria-label=move || format!("{} {label}", t_string!(i18n, admin.copy))
                on:click=move |_| { copy_to_clipboard(&value); copied.set(true); }>
                {move || if copied.get() { t_string!(i18n, admin.copied) } else { t_string!(i18n, admin.copy) }}
            </button>
        </span>
    }
}

#[component]
fn RecordTable(rows: Vec<RecordRow>, test_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table record-table" data-testid=test_id>
                <thead><tr>
                    <th scope="col">{t!(i18n, domains.col_record)}</th>
                    <th scope="col">{t!(i18n, domains.col_name)}</th>
                    <th scope="col">{t!(i18n, domains.col_value)}</th>
                    <th scope="col">{t!(i18n, domains.col_state)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let (class, key, words) = state_words(i18n, row.state);
                        let kind = kind_label(i18n, row.record.kind);
                        let show_found = !matches!(row.state, None | Some(RecordState::Ok | RecordState::NotChecked)) && !row.found.is_empty();
                        let name_label = format!("{kind} {}", t_string!(i18n, domains.col_name));
                        let value_label = format!("{kind} {}", t_string!(i18n, domains.col_value));
                        view! {
                            <tr data-testid="record" data-kind=row.record.kind.as_str() data-state=key data-name=row.record.name.clone() data-value=row.zone_value.clone()>
                                <td data-label=t!(i18n, domains.col_record)>
                                    <strong>{kind}</strong> <br /> <span class="add-person__note">{row.record.rtype.clone()}</span>
                                </td>
                                <td data-label=t!(i18n, domains.col_name)><Copyable value=row.record.name.clone() label=name_label /></td>
                                <td data-label=t!(i18n, domains.col_value)><Copyable value=row.zone_value.clone() label=value_label /></td>
                                <td data-label=t!(i18n, domains.col_state)>
                                    <span class=class data-testid="record-state">{words}</span>
                                    {show_found.then(|| view! {
                                        <p class="add-person__note">{t!(i18n, domains.found)}</p>
                                        <ul class="plain-list">{row.found.iter().map(|f| view! { <li><code class="copyable__value">{f.clone()}</code></li> }).collect_view()}</ul>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn step_title(i18n: I18n, policy: Policy, pct: u8) -> String {
    match (policy, pct) {
        (Policy::None, _) => t_string!(i18n, domains.dmarc_none).to_string(),
        (Policy::Quarantine, 100) => t_string!(i18n, domains.dmarc_quarantine_all).to_string(),
        (Policy::Quarantine, pct) => {
            format!("{} {pct} %", t_string!(i18n, domains.dmarc_quarantine_pct))
        }
        (Policy::Reject, _) => t_string!(i18n, domains.dmarc_reject).to_string(),
    }
}

fn step_body(i18n: I18n, policy: Policy) -> String {
    match policy {
        Policy::None => t_string!(i18n, domains.dmarc_none_body),
        Policy::Quarantine => t_string!(i18n, domains.dmarc_quarantine_body),
        Policy::Reject => t_string!(i18n, domains.dmarc_reject_body),
    }
    .to_string()
}

fn blocked_words(i18n: I18n, b: Blocked) -> String {
    match b {
        Blocked::NotVerified => t_string!(i18n, domains.blocked_not_verified),
        Blocked::SpfNotAligned => t_string!(i18n, domains.blocked_spf),
        Blocked::DkimNotAligned => t_string!(i18n, domains.blocked_dkim),
    }
    .to_string()
}

#[component]
fn DmarcGuideView(
    guide: DmarcGuide,
    target: StoredValue<(String, String)>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choose = ServerAction::<ChooseDmarcStep>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = choose.value().get() {
            on_change.run(());
        }
    });
    let published = match (&guide.published, guide.published_error.is_some()) {
        (None, _) => t_string!(i18n, domains.dmarc_published_none).to_string(),
        (Some(p), true) => format!("{} {p}", t_string!(i18n, domains.dmarc_published_invalid)),
        (Some(p), false) => format!("{} {p}", t_string!(i18n, domains.dmarc_published)),
    };
    let chosen = guide.chosen;
    let matches = guide.matches;
    view! {
        <section class="card dmarc-guide" data-testid="dmarc-guide" data-chosen=chosen data-matches=matches.to_string() aria-labelledby="dmarc-title">
            <h2 id="dmarc-title">{t!(i18n, domains.dmarc_title)}</h2>
            <p class="page-intro">{t!(i18n, domains.dmarc_intro)}</p>
            <p data-testid="dmarc-published"><code class="copyable__value">{published}</code></p>
            <ol class="dmarc-ladder">
                {guide.steps.into_iter().map(|s| {
                    let index = s.index;
                    let is_chosen = index == chosen;
                    let title = step_title(i18n, s.step.policy, s.step.pct);
                    let body = step_body(i18n, s.step.policy);
                    let blocked = s.blocked.clone();
                    let is_blocked = !blocked.is_empty();
                    let can = !is_blocked && !is_chosen;
                    view! {
                        <li class="dmarc-ladder__step" class:dmarc-ladder__step--chosen=is_chosen data-testid="dmarc-step" data-index=index data-blocked=is_blocked.to_string()>
                            <div class="dmarc-ladder__head">
                                <strong>{title}</strong>
                                {is_chosen.then(|| view! {
                                    <span class="status-pill status-pill--ok">{t!(i18n, domains.dmarc_chosen)}</span>
                                    {if matches {
                                        view! { <span class="status-pill status-pill--ok" data-testid="dmarc-matches">{t!(i18n, domains.dmarc_matches)}</span> }.into_any()
                                    } else {
                                        view! { <span class="status-pill status-pill--warn" data-testid="dmarc-not-published">{t!(i18n, domains.dmarc_not_published)}</span> }.into_any()
                                    }}
                                })}
                            </div>
                            <p>{body}</p>
                            <Copyable value=s.record.clone() label=t_string!(i18n, domains.kind_dmarc).to_string() />
                            {is_blocked.then(|| view! {
                                <ul class="plain-list dmarc-ladder__blocked">
                                    {blocked.into_iter().map(|b| view! { <li>{blocked_words(i18n, b)}</li> }).collect_view()}
                                </ul>
                            })}
                            {can.then(|| view! {
                                <button type="button" class="button button--ghost button--small" data-testid="dmarc-choose"
                                    disabled=move || choose.pending().get()
                                    on:click=move |_| {
                                        let (slug, name) = target.get_value();
                                        choose.dispatch(ChooseDmarcStep { slug, name, step: index });
                                    }>
                                    {t!(i18n, domains.dmarc_choose)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || choose.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

#[component]
fn SpfMeter(target: StoredValue<(String, String)>, version_key: i64) -> impl IntoView {
    let i18n = use_i18n();
    let report = Resource::new(
        move || version_key,
        move |_| {
            let (slug, name) = target.get_value();
            spf_meter(slug, name)
        },
    );
    view! {
        <section class="card spf-meter" data-testid="spf-meter" aria-labelledby="spf-title">
            <h2 id="spf-title">{t!(i18n, domains.spf_title)}</h2>
            <p class="page-intro">{t!(i18n, domains.spf_intro)}</p>
            <Async data=report let:r>
                {spf_report_view(i18n, r)}
            </Async>
        </section>
    }
}

fn spf_report_view(i18n: I18n, r: SpfReport) -> impl IntoView {
    let (class, key, words) = match r.verdict {
        SpfVerdict::Ok => (
            "notice notice--success",
            "ok",
            t_string!(i18n, domains.spf_ok),
        ),
        SpfVerdict::NearLimit => (
            "notice notice--warn",
            "near_limit",
            t_string!(i18n, domains.spf_near),
        ),
        SpfVerdict::Broken => (
            "notice notice--error",
            "broken",
            t_string!(i18n, domains.spf_broken),
        ),
        SpfVerdict::Invalid => (
            "notice notice--error",
            "invalid",
            t_string!(i18n, domains.spf_invalid),
        ),
    };
    view! {
        <div data-testid="spf-report" data-verdict=key data-lookups=r.lookups data-voids=r.voids>
            <div class="spf-meter__figures">
                <label class="spf-meter__figure">
                    <span>{r.lookups} " " {t!(i18n, domains.spf_of)} " " {LOOKUP_LIMIT} " " {t!(i18n, domains.spf_lookups)}</span>
                    <meter min="0" max=LOOKUP_LIMIT.to_string() low="7" high="9" optimum="0" value=r.lookups.to_string()></meter>
                </label>
                <label class="spf-meter__figure">
                    <span>{r.voids} " " {t!(i18n, domains.spf_of)} " " {VOID_LIMIT} " " {t!(i18n, domains.spf_voids)}</span>
                    <meter min="0" max=VOID_LIMIT.to_string() low="1" high="2" optimum="0" value=r.voids.to_string()></meter>
                </label>
            </div>
            <p class=class role="status">{words}</p>
            <div class="spf-tree" data-testid="spf-tree">{spf_node_view(i18n, r.root)}</div>
        </div>
    }
}

fn problem_words(i18n: I18n, p: &SpfProblem) -> String {
    match p {
        SpfProblem::NoRecord => t_string!(i18n, domains.spf_p_no_record).to_string(),
        SpfProblem::Multiple { count } => {
            format!("{} ({count})", t_string!(i18n, domains.spf_p_multiple))
        }
        SpfProblem::Syntax { term } => format!("{} {term}", t_string!(i18n, domains.spf_p_syntax)),
        SpfProblem::Loop => t_string!(i18n, domains.spf_p_loop).to_string(),
        SpfProblem::TooDeep => t_string!(i18n, domains.spf_p_too_deep).to_string(),
        SpfProblem::NotFollowed => t_string!(i18n, domains.spf_p_not_followed).to_string(),
        SpfProblem::TooManyMx { count } => {
            format!("{} ({count})", t_string!(i18n, domains.spf_p_too_many_mx))
        }
        SpfProblem::Macro => t_string!(i18n, domains.spf_p_macro).to_string(),
        SpfProblem::PtrDeprecated => t_string!(i18n, domains.spf_p_ptr).to_string(),
        SpfProblem::RedirectIgnored => t_string!(i18n, domains.spf_p_redirect_ignored).to_string(),
        SpfProblem::DnsFailed => t_string!(i18n, domains.spf_p_dns_failed).to_string(),
    }
}

/// One record of the tree and the records its includes read.
fn spf_node_view(i18n: I18n, node: SpfNode) -> AnyView {
    view! {
        <div class="spf-node" data-testid="spf-node" data-domain=node.domain.clone()>
            <p class="spf-node__domain"><strong>{node.domain.clone()}</strong></p>
            {node.record.clone().map(|r| view! { <code class="copyable__value">{r}</code> })}
            {node.problem.as_ref().map(|p| view! { <p class="notice notice--error" data-testid="spf-problem">{problem_words(i18n, p)}</p> })}
            <ul class="spf-node__terms" role="list">
                {node.terms.into_iter().map(|t| {
                    let counted = (t.lookups > 0).then(|| view! {
                        <span class="status-pill status-pill--soon">{format!("+{}", t.lookups)} " " {t!(i18n, domains.spf_lookup)}</span>
                    });
                    view! {
                        <li class="spf-term" data-testid="spf-term" data-text=t.text.clone() data-lookups=t.lookups data-void=t.void.to_string()>
                            <code>{t.text.clone()}</code> " " {counted}
                            {t.void.then(|| view! { " " <span class="status-pill status-pill--warn">{t!(i18n, domains.spf_void)}</span> })}
                            {t.note.as_ref().map(|p| view! { " " <span class="add-person__note" data-testid="spf-note">{problem_words(i18n, p)}</span> })}
                            {t.child.map(|c| spf_node_view(i18n, *c))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
