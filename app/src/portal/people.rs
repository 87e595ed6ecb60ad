//! "Add person" on the tenant admin's users page: one form, one provisioning
//! job across the identity provider, the mail server and the files server,
//! and its report step by step. A failure halfway says what was changed and
//! what not, with "Retry"; the one-time password is shown once, with a copy
//! button, and kept nowhere.
use crate::api::{AddPerson, PersonJob, RetryPersonJob};
use crate::domain::model::TenantRole;
use crate::domain::provisioning::{JobStatus, JobStep, StepState};
use crate::domain::{AppError, System};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ChoiceField, ErrorNotice, TextField, system_title};
use leptos::prelude::*;

#[component]
pub fn AddPersonPanel(slug: String, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("member".to_owned());
    let add = ServerAction::<AddPerson>::new();
    let retry = ServerAction::<RetryPersonJob>::new();
    let report = RwSignal::new(None::<PersonJob>);
    let error = RwSignal::new(None::<AppError>);
    // The member list is reloaded when the panel closes, so the one-time
    // password stays on screen until the admin is done with it.
    let changed = RwSignal::new(false);
    let close = move || {
        open.set(false);
        report.set(None);
        if changed.get_untracked() {
            changed.set(false);
            on_change.run(());
        }
    };
    for action in [add.value(), retry.value()] {
        Effect::new(move |_| match action.get() {
            Some(Ok(job)) => {
                error.set(None);
                if job.job.status == JobStatus::Done {
                    name.set(String::new());
                    email.set(String::new());
                    changed.set(true);
                }
                report.set(Some(job));
            }
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        });
    }
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let role = match role.get_untracked().as_str() {
            "admin" => TenantRole::Admin,
            _ => TenantRole::Member,
        };
        report.set(None);
        add.dispatch(AddPerson {
            slug: slug.get_value(),
            name: name.get_untracked(),
            email: email.get_untracked(),
            role,
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => Some(
                match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required),
                    "invalid_email" => t_string!(i18n, form.err_email),
                    "domain_of_other_tenant" => t_string!(i18n, admin.err_domain_other_tenant),
                    _ => t_string!(i18n, form.err_too_long),
                }
                .to_string(),
            ),
            Some(AppError::Taken { field }) if field == which => {
                Some(t_string!(i18n, admin.email_taken).to_string())
            }
            _ => None,
        })
    };
    // Errors that belong to no field.
    let general_error = move || {
        match error.get() {
        Some(AppError::Invalid { field, .. }) if field == "seats" => Some(
            view! { <div class="notice notice--error" role="alert" data-testid="seat-limit">{t!(i18n, admin.seat_limit)}</div> }
                .into_any(),
        ),
        Some(AppError::Invalid { field, .. } | AppError::Taken { field })
            if field == "name" || field == "email" =>
        {
            None
        }
        Some(e) => Some(view! { <ErrorNotice error=e /> }.into_any()),
        None => None,
    }
    };
    let pending = move || add.pending().get() || retry.pending().get();
    view! {
        <div class="add-person">
            <button
                type="button"
                class="button button--primary"
                data-testid="add-person-open"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="add-person-panel"
                on:click=move |_| if open.get_untracked() { close() } else { open.set(true) }
            >
                {t!(i18n, admin.add_person)}
            </button>
            <Show when=move || open.get()>
                <section class="card add-person__panel" id="add-person-panel" data-testid="add-person" aria-labelledby="add-person-title">
                    <h3 id="add-person-title">{t!(i18n, admin.add_person)}</h3>
                    <p class="add-person__note">{t!(i18n, admin.add_person_intro)}</p>
                    <form on:submit=submit novalidate>
                        <TextField
                            id="person-name"
                            label=crate::i18n::t_signal!(i18n, admin.col_name)
                            value=name
                            error=field_error("name")
                            required=true
                            autocomplete="off"
                        />
                        <TextField
                            id="person-email"
                            label=crate::i18n::t_signal!(i18n, admin.col_email)
                            value=email
                            error=field_error("email")
                            kind="email"
                            required=true
                            autocomplete="off"
                        />
                        <ChoiceField
                            id="person-role"
                            label=crate::i18n::t_signal!(i18n, admin.col_role)
                            placeholder=crate::i18n::t_signal!(i18n, form.choose)
                            options=vec![
                                ("member", crate::i18n::t_signal!(i18n, admin.role_member)),
                                ("admin", crate::i18n::t_signal!(i18n, admin.role_admin)),
                            ]
                            value=role
                            error=Signal::derive(|| None::<String>)
                            required=true
                        />
                        {general_error}
                        <div class="form-actions">
                            <button type="submit" class="button button--primary" data-testid="add-person-submit" disabled=pending>
                                {t!(i18n, admin.add_submit)}
                            </button>
                            <button type="button" class="button button--ghost" data-testid="add-person-close" on:click=move |_| close()>
                                {t!(i18n, admin.add_cancel)}
                            </button>
                        </div>
                    </form>
                    {move || report.get().map(|r| view! {
                        <JobReport
                            report=r
                            pending=Signal::derive(pending)
                            on_retry=Callback::new(move |job_id: String| {
                                retry.dispatch(RetryPersonJob { slug: slug.get_value(), job_id });
                            })
                        />
                    })}
                </section>
            </Show>
        </div>
    }
}

#[component]
pub fn JobReport(
    report: PersonJob,
    pending: Signal<bool>,
    on_retry: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let job = report.job;
    let status = job.status;
    let adding = job.kind == "add_person";
    let job_id = StoredValue::new(job.id.clone());
    let copied = RwSignal::new(false);
    view! {
        <div class="job-report" data-testid="job-report" data-status=status.as_str()>
            <p class=if status == JobStatus::Done { "notice notice--success" } else { "notice notice--error" } role="status">
                {match (status == JobStatus::Done, adding) {
                    (true, true) => t!(i18n, admin.job_done).into_any(),
                    (false, true) => t!(i18n, admin.job_failed).into_any(),
                    (true, false) => t!(i18n, admin.change_done).into_any(),
                    (false, false) => t!(i18n, admin.change_failed).into_any(),
                }}
            </p>
            <ul class="job-steps">
                {job.steps.into_iter().map(|s| view! { <StepLine step=s adding /> }).collect_view()}
            </ul>
            {(status == JobStatus::Failed).then(|| view! {
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="job-retry"
                    disabled=move || pending.get()
                    on:click=move |_| on_retry.run(job_id.get_value())
                >
                    {t!(i18n, admin.job_retry)}
                </button>
            })}
            {report.one_time_password.map(|password| {
                let shown = password.clone();
                view! {
                    <div class="one-time-password" data-testid="one-time-password">
                        <p class="field__label">{t!(i18n, admin.one_time_password)}</p>
                        <code data-testid="one-time-password-value">{shown}</code>
                        <button
                            type="button"
                            class="button button--ghost"
                            data-testid="copy-password"
                            on:click=move |_| {
                                crate::kit::copy_to_clipboard(&password);
                                copied.set(true);
                            }
                        >
                            {move || if copied.get() { t_string!(i18n, admin.copied) } else { t_string!(i18n, admin.copy) }}
                        </button>
                        <p class="add-person__note">{t!(i18n, admin.one_time_password_note)}</p>
                    </div>
                }
            })}
        </div>
    }
}

#[component]
fn StepLine(step: JobStep, adding: bool) -> impl IntoView {
    let i18n = use_i18n();
    let system = step.system;
    let label = move || {
        if system == System::Store {
            t_string!(i18n, admin.membership).to_string()
        } else {
            system_title(system).get()
        }
    };
    let (state, words) = match step.state {
        StepState::Done { .. } if !adding => {
            ("done", t_string!(i18n, admin.step_changed).to_string())
        }
        StepState::Done { created: true, .. } => {
            ("done", t_string!(i18n, admin.step_created).to_string())
        }
        StepState::Done { created: false, .. } => {
            ("done", t_string!(i18n, admin.step_existing).to_string())
        }
        StepState::Pending => ("pending", t_string!(i18n, admin.step_pending).to_string()),
        StepState::Failed { error } => (
            "failed",
            format!("{} {error}", t_string!(i18n, admin.step_failed)),
        ),
        StepState::Skipped { reason } => {
            let why = match reason.as_str() {
                "not_connected" => t_string!(i18n, admin.skip_not_connected),
                "provisioning_off" => t_string!(i18n, admin.skip_provisioning_off),
                "no_mail_domain" => t_string!(i18n, admin.skip_no_mail_domain),
                "no_account" => t_string!(i18n, admin.skip_no_account),
                "kept_other_tenant" => t_string!(i18n, admin.skip_kept_other_tenant),
                _ => t_string!(i18n, admin.skip_not_on_mail_domain),
            };
            (
                "skipped",
                format!("{} {why}", t_string!(i18n, admin.step_skipped)),
            )
        }
    };
    view! {
        <li class="job-step" data-testid="job-step" data-system=system.as_str() data-state=state>
            <strong>{label}</strong>": "{words}
        </li>
    }
}

/// A member's row actions: suspend or resume (suspend asks first), reset
/// the password (the new one-time password shows once, here), and sign out
/// everywhere. None on the admin's own row.
#[component]
pub fn MemberActions(
    slug: String,
    email: String,
    active: bool,
    role: TenantRole,
    you: bool,
    on_change: Callback<()>,
) -> impl IntoView {
    use crate::api::{ChangePersonRole, ForceLogout, PersonLifecycle};
    use crate::domain::provisioning::Lifecycle;
    use crate::kit::ConfirmDialog;
    let i18n = use_i18n();
    let change = ServerAction::<PersonLifecycle>::new();
    let retry = ServerAction::<RetryPersonJob>::new();
    let logout = ServerAction::<ForceLogout>::new();
    let set_role = ServerAction::<ChangePersonRole>::new();
    let confirm_suspend = RwSignal::new(false);
    let confirm_remove = RwSignal::new(false);
    let target = StoredValue::new((slug, email));
    let run = move |what: Lifecycle| {
        let (slug, email) = target.get_value();
        change.dispatch(PersonLifecycle { slug, email, what });
    };
    // The latest report, from the change or its retry.
    let report = RwSignal::new(None::<Result<PersonJob, AppError>>);
    for action in [change.value(), retry.value()] {
        Effect::new(move |_| {
            if let Some(r) = action.get() {
                report.set(Some(r));
            }
        });
    }
    // Suspend, resume and remove change the list; a reset keeps it (and its
    // one-time password on screen).
    Effect::new(move |_| {
        if let Some(Ok(job)) = report.get()
            && job.job.kind != Lifecycle::ResetPassword.kind()
            && job.job.status == JobStatus::Done
        {
            on_change.run(());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = set_role.value().get() {
            on_change.run(());
        }
    });
    if you {
        return view! { <span class="add-person__note">"(" {t!(i18n, admin.you)} ")"</span> }
            .into_any();
    }
    let pending = move || {
        change.pending().get()
            || retry.pending().get()
            || logout.pending().get()
            || set_role.pending().get()
    };
    let other_role = if role == TenantRole::Admin {
        TenantRole::Member
    } else {
        TenantRole::Admin
    };
    view! {
        <div class="member-actions" data-testid="member-actions">
            <button type="button" class="button button--ghost button--small" data-testid="member-role"
                disabled=pending on:click=move |_| {
                    let (slug, email) = target.get_value();
                    set_role.dispatch(ChangePersonRole { slug, email, role: other_role });
                }>
                {if other_role == TenantRole::Admin { t!(i18n, admin.make_admin).into_any() } else { t!(i18n, admin.make_member).into_any() }}
            </button>
            {if active {
                view! {
                    <button type="button" class="button button--ghost button--small" data-testid="member-suspend"
                        disabled=pending on:click=move |_| confirm_suspend.set(true)>
                        {t!(i18n, admin.suspend)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button--ghost button--small" data-testid="member-resume"
                        disabled=pending on:click=move |_| run(Lifecycle::Resume)>
                        {t!(i18n, admin.resume)}
                    </button>
                }.into_any()
            }}
            <button type="button" class="button button--ghost button--small" data-testid="member-reset"
                disabled=pending on:click=move |_| run(Lifecycle::ResetPassword)>
                {t!(i18n, admin.reset_password)}
            </button>
            <button type="button" class="button button--ghost button--small" data-testid="member-logout"
                disabled=pending on:click=move |_| {
                    let (slug, email) = target.get_value();
                    logout.dispatch(ForceLogout { slug, email });
                }>
                {t!(i18n, admin.force_logout)}
            </button>
            <button type="button" class="button button--danger button--small" data-testid="member-remove"
                disabled=pending on:click=move |_| confirm_remove.set(true)>
                {t!(i18n, admin.remove)}
            </button>
            <ConfirmDialog
                open=confirm_remove
                title=crate::i18n::t_signal!(i18n, admin.remove_title)
                body=crate::i18n::t_signal!(i18n, admin.remove_body)
                confirm=crate::i18n::t_signal!(i18n, admin.remove)
                on_confirm=Callback::new(move |()| {
                    confirm_remove.set(false);
                    run(Lifecycle::Remove);
                })
                test_id="remove-dialog"
            />
            <ConfirmDialog
                open=confirm_suspend
                title=crate::i18n::t_signal!(i18n, admin.suspend_title)
                body=crate::i18n::t_signal!(i18n, admin.suspend_body)
                confirm=crate::i18n::t_signal!(i18n, admin.suspend)
                on_confirm=Callback::new(move |()| {
                    confirm_suspend.set(false);
                    run(Lifecycle::Suspend);
                })
                test_id="suspend-dialog"
            />
            {move || report.get().map(|r| match r {
                Ok(job) => view! {
                    <JobReport
                        report=job
                        pending=Signal::derive(pending)
                        on_retry=Callback::new(move |job_id: String| {
                            let (slug, _) = target.get_value();
                            retry.dispatch(RetryPersonJob { slug, job_id });
                        })
                    />
                }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
            {move || set_role.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || logout.value().get().map(|r| match r {
                Ok(n) => view! {
                    <p class="notice notice--success" role="status" data-testid="sessions-ended">
                        {t!(i18n, admin.sessions_ended)} " " {n}
                    </p>
                }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </div>
    }
    .into_any()
}

/// The tenant's recent changes to people, newest first: what, who, when,
/// and how it ended, with Retry on one that stopped halfway (its report
/// opens in place).
#[component]
pub fn RecentJobs(slug: String, version: Signal<u32>, on_change: Callback<()>) -> impl IntoView {
    use crate::api::person_jobs;
    let i18n = use_i18n();
    let slug = StoredValue::new(slug);
    let jobs = Resource::new(
        move || version.get(),
        move |_| person_jobs(slug.get_value()),
    );
    let retry = ServerAction::<RetryPersonJob>::new();
    Effect::new(move |_| {
        if let Some(Ok(job)) = retry.value().get()
            && job.job.status == JobStatus::Done
        {
            on_change.run(());
        }
    });
    view! {
        <section class="recent-jobs" data-testid="recent-jobs" aria-labelledby="recent-jobs-title">
            <h3 id="recent-jobs-title">{t!(i18n, admin.recent_changes)}</h3>
            <crate::kit::Async data=jobs let:list>
                {if list.is_empty() {
                    view! { <p class="add-person__note">{t!(i18n, admin.no_changes)}</p> }.into_any()
                } else {
                    let lang = i18n.get_locale_untracked();
                    view! {
                        <ul class="org-list" role="list">
                            {list.into_iter().take(10).map(|job| {
                                let what = match job.kind.as_str() {
                                    "add_person" => t_string!(i18n, admin.kind_add),
                                    "suspend" => t_string!(i18n, admin.kind_suspend),
                                    "resume" => t_string!(i18n, admin.kind_resume),
                                    "remove" => t_string!(i18n, admin.kind_remove),
                                    _ => t_string!(i18n, admin.kind_reset),
                                };
                                let (pill, state) = match job.status {
                                    JobStatus::Done => ("status-pill status-pill--ok", t_string!(i18n, admin.status_done)),
                                    JobStatus::Failed => ("status-pill status-pill--down", t_string!(i18n, admin.status_stopped)),
                                    JobStatus::Running => ("status-pill status-pill--warn", t_string!(i18n, admin.status_running)),
                                };
                                let failed = job.status == JobStatus::Failed;
                                let id = job.id.clone();
                                view! {
                                    <li class="org-list__row" data-testid="recent-job" data-kind=job.kind.clone() data-status=job.status.as_str()>
                                        <span class="org-list__name">{what} " " <strong>{job.name}</strong></span>
                                        <span class="add-person__note">{crate::format::date_time(lang, job.updated_at)}</span>
                                        <span class=pill>{state}</span>
                                        {failed.then(|| view! {
                                            <button type="button" class="button button--ghost button--small" data-testid="recent-job-retry"
                                                disabled=move || retry.pending().get()
                                                on:click=move |_| { retry.dispatch(RetryPersonJob { slug: slug.get_value(), job_id: id.clone() }); }>
                                                {t!(i18n, admin.job_retry)}
                                            </button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </crate::kit::Async>
            {move || retry.value().get().map(|r| match r {
                Ok(job) => view! { <JobReport report=job pending=Signal::derive(move || retry.pending().get()) on_retry=Callback::new(move |job_id: String| { retry.dispatch(RetryPersonJob { slug: slug.get_value(), job_id }); }) /> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </section>
    }
}

/// A member's accounts in the three systems, as small labelled pills.
#[component]
pub fn SystemsCell(
    email: String,
    systems: Resource<Result<Vec<crate::domain::views::PersonAccounts>, AppError>>,
) -> impl IntoView {
    use crate::domain::views::AccountState;
    let i18n = use_i18n();
    let email = StoredValue::new(email);
    let pill = move |system: System, state: AccountState| {
        let name = match system {
            System::Identity => t_string!(i18n, admin.sys_login),
            System::Mail => t_string!(i18n, admin.sys_mail),
            _ => t_string!(i18n, admin.sys_files),
        };
        let (class, word, code) = match state {
            AccountState::Active => (
                "status-pill status-pill--ok",
                t_string!(i18n, admin.acc_active),
                "active",
            ),
            AccountState::Suspended => (
                "status-pill status-pill--warn",
                t_string!(i18n, admin.acc_suspended),
                "suspended",
            ),
            AccountState::None => (
                "status-pill status-pill--soon",
                t_string!(i18n, admin.acc_none),
                "none",
            ),
            AccountState::NotConnected => (
                "status-pill status-pill--soon",
                t_string!(i18n, admin.acc_not_connected),
                "not_connected",
            ),
            AccountState::Unavailable => (
                "status-pill status-pill--down",
                t_string!(i18n, admin.acc_unavailable),
                "unavailable",
            ),
        };
        view! {
            <span class=class data-testid="account" data-system=system.as_str() data-state=code>
                {name} ": " {word}
            </span>
        }
    };
    view! {
        <Suspense fallback=move || view! { <span class="add-person__note">"…"</span> }>
            {move || Suspend::new(async move {
                match systems.await {
                    Ok(list) => list
                        .into_iter()
                        .find(|p| p.email == email.get_value())
                        .map(|p| view! {
                            <span class="accounts">
                                {pill(System::Identity, p.identity)}
                                {pill(System::Mail, p.mail)}
                                {pill(System::Files, p.files)}
                            </span>
                        }.into_any())
                        .unwrap_or_else(|| view! { <span>"—"</span> }.into_any()),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
