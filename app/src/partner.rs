//! The partner portal: only partner staff (fails closed: anyone else gets the
//! server's 403 and sees nothing of any partner).
use crate::api::RequestPartnerAccess;
use crate::api::partner::partner_home;
use crate::domain::AppError;
use crate::domain::access::{AccessRequestForm, AccessScope, DURATIONS_HOURS, GrantState};
use crate::domain::health::{Health, HealthLevel, HealthReason};
use crate::domain::model::TenantStatus;
use crate::domain::views::{OpenGrant, TenantCascade};
use crate::faces::Face;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, EmptyState, MrrCard, StatCard, StatCards, access_label};
use crate::kit::{CascadeReport, ConfirmDialog};
use crate::kit::{ChoiceField, ErrorNotice, TextAreaField};
use crate::portal::{grant_hours_label, grant_scope_label, grant_state_pill};
use crate::shell::AppShell;
use leptos::prelude::*;

mod billing;
mod edit_customer;
mod new_customer;
mod reports;
mod settings;
mod team;
pub use billing::PartnerBillingPage;
pub use new_customer::NewCustomerPage;
pub use reports::PartnerReportsPage;
pub use settings::PartnerSettingsPage;
pub use team::PartnerTeamPage;

pub fn status_label(status: TenantStatus) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match status {
        TenantStatus::Active => t_string!(i18n, status_word.active).to_string(),
        TenantStatus::Suspended => t_string!(i18n, status_word.suspended).to_string(),
        TenantStatus::Deleted => t_string!(i18n, status_word.deleted).to_string(),
    })
}

/// The partner face's shell around its pages.
#[component]
pub fn PartnerShell(children: Children) -> impl IntoView {
    view! { <AppShell face=Face::Partner>{children()}</AppShell> }
}

/// What opens above the customer list, one at a time: a form, the suspend
/// question, or what a row's change did. Each is an on-demand part (its code
/// loads when it opens), so the page's first load holds none of them.
#[derive(Clone)]
pub(crate) enum Panel {
    /// The access request form, for (slug, name).
    Request { slug: String, name: String },
    /// The customer edit form.
    Edit(edit_customer::Editing),
    /// Suspend, asked first.
    Suspend { slug: String, name: String },
    /// What a suspend or resume changed, or why a row's change failed, for the
    /// customer named.
    Outcome {
        name: String,
        outcome: Result<TenantCascade, AppError>,
    },
}

/// What a row's buttons act on: the page's panel, the row being changed (its
/// buttons wait), and the list's re-read.
#[derive(Clone, Copy)]
pub(crate) struct RowActions {
    panel: RwSignal<Option<Panel>>,
    busy: RwSignal<Option<String>>,
    on_change: Callback<()>,
}

impl RowActions {
    /// Whether the row of `slug` is being changed.
    fn waits(self, slug: &str) -> bool {
        self.busy.with(|b| b.as_deref() == Some(slug))
    }

    /// Runs a change of the row of `slug`: its buttons wait from the click
    /// (while the change's code loads, the first time, too) until it is done.
    fn run(self, slug: String, change: impl std::future::Future<Output = ()> + 'static) {
        self.busy.set(Some(slug));
        leptos::task::spawn_local(async move {
            change.await;
            self.busy.set(None);
        });
    }
}

/// /partner: the partner's customers.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_home());
    let actions = RowActions {
        panel: RwSignal::new(None),
        busy: RwSignal::new(None),
        on_change: Callback::new(move |()| data.refetch()),
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, partner_portal.title)
            on_refresh=Callback::new(move |()| data.refetch())
        >
            <a class="button button--primary button--small" href="/partner/customers/new" data-testid="new-customer-open">
                {t!(i18n, customers.new_title)}
            </a>
        </ConsoleHeader>
        {move || actions.panel.get().map(|panel| Suspend::new(async move {
            match panel {
                Panel::Request { slug, name } => request_access_panel(slug, name, actions).await,
                Panel::Edit(customer) => edit_customer_panel(customer, actions).await,
                Panel::Suspend { slug, name } => suspend_dialog(slug, name, actions).await,
                Panel::Outcome { name, outcome } => outcome_card(name, outcome, actions).await,
            }
        }))}
        <Async data let:home>
            {
                let lang = i18n.get_locale_untracked();
                let customers = home.tenants.len() as u64;
                let seats: u64 = home
                    .tenants
                    .iter()
                    .filter(|c| c.tenant.status == TenantStatus::Active)
                    .map(|c| u64::from(c.tenant.seats))
                    .sum();
                let empty = home.tenants.is_empty();
                let can_manage = home.partner.access != crate::domain::model::PartnerAccess::Member;
                let standing = home.standing;
                let mrr = home.mrr.clone();
                let mut grants = home.grants;
                view! {
                    <p class="lead" data-testid="partner-name">
                        {home.partner.name.clone()}" · "{access_label(home.partner.access)}
                    </p>
                    <StatCards>
                        <StatCard
                            label=crate::i18n::t_signal!(i18n, partner_portal.customers)
                            value=crate::format::count(lang, customers)
                            test_id="partner-customer-count"
                        />
                        <StatCard
                            label=crate::i18n::t_signal!(i18n, operator.seats)
                            value=crate::format::count(lang, seats)
                        />
                    </StatCards>
                    <MrrCard series=mrr />
                    {
                        let alerts: Vec<(String, String, Vec<HealthReason>)> = home
                            .tenants
                            .iter()
                            .filter(|c| c.health.level != HealthLevel::Healthy)
                            .map(|c| (c.tenant.slug.clone(), c.tenant.name.clone(), c.health.reasons.clone()))
                            .collect();
                        (!alerts.is_empty()).then(|| view! {
                            <section class="card" data-testid="partner-alerts" aria-labelledby="partner-alerts-title">
                                <h2 id="partner-alerts-title">{t!(i18n, partner_portal.alerts)}</h2>
                                <ul class="plain-list">
                                    {alerts.into_iter().map(|(slug, name, reasons)| view! {
                                        <li data-testid="partner-alert" data-tenant=slug>
                                            <strong>{name}</strong> ": "
                                            {reasons.into_iter().map(|r| reason_text(i18n, r)).collect::<Vec<_>>().join("; ")}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })
                    }
                    <h2>{t!(i18n, partner_portal.customers)}</h2>
                    {empty.then(|| view! {
                        <EmptyState title=crate::i18n::t_signal!(i18n, partner_portal.no_customers) />
                    })}
                    <div class="table-scroll">
                        <table class="data-table data-table--nowrap-heads" data-testid="partner-tenants">
                            <thead><tr>
                                <th scope="col">{t!(i18n, partner_portal.col_customer)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_plan)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_seats)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_status)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_health)}</th>
                                <th scope="col">{t!(i18n, access.col_access)}</th>
                                <th scope="col">{t!(i18n, admin.col_actions)}</th>
                            </tr></thead>
                            <tbody>
                                {home.tenants.into_iter().map(|c| { let t = c.tenant; let health = c.health;
                                    let grant = grants.iter().position(|g| g.tenant_slug == t.slug).map(|i| grants.swap_remove(i));
                                    let customer = edit_customer::Editing { slug: t.slug.clone(), name: t.name.clone(), plan: t.plan.clone(), seats: t.seats };
                                    view! {
                                    <tr data-testid="partner-tenant" data-tenant=t.slug.clone()>
                                        <td data-label=t!(i18n, partner_portal.col_customer)>{t.name}</td>
                                        <td data-label=t!(i18n, partner_portal.col_plan)>{t.plan}</td>
                                        <td data-label=t!(i18n, partner_portal.col_seats)>{c.people} " / " {t.seats}</td>
                                        <td data-label=t!(i18n, partner_portal.col_status)>{status_label(t.status)}</td>
                                        <td data-label=t!(i18n, partner_portal.col_health)><HealthCell health /></td>
                                        <td data-label=t!(i18n, access.col_access)>
                                            <AccessCell slug=customer.slug.clone() name=customer.name.clone() grant standing actions />
                                        </td>
                                        <td data-label=t!(i18n, admin.col_actions)>
                                            <ActionsCell customer can_manage suspended=t.status == TenantStatus::Suspended actions />
                                        </td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="add-person__note" data-testid="health-rule">{t!(i18n, partner_portal.health_rule)}</p>
                }
            }
        </Async>
    }
}

/// The access request form: its code loads when a request is opened.
#[lazy]
pub(crate) fn request_access_panel(slug: String, name: String, actions: RowActions) -> AnyView {
    view! { <RequestAccessPanel slug name actions /> }.into_any()
}

/// The customer edit form: its code loads when an edit is opened.
#[lazy]
pub(crate) fn edit_customer_panel(
    customer: edit_customer::Editing,
    actions: RowActions,
) -> AnyView {
    view! { <edit_customer::EditCustomerPanel customer panel=actions.panel on_saved=actions.on_change /> }.into_any()
}

/// Suspend, asked first; then the change (`change_customer`).
#[lazy]
pub(crate) fn suspend_dialog(slug: String, name: String, actions: RowActions) -> AnyView {
    let i18n = use_i18n();
    let open = RwSignal::new(true);
    let body = format!("{} {slug}", t_string!(i18n, tenants.suspend_body));
    let (slug, name) = (StoredValue::new(slug), StoredValue::new(name));
    view! {
        <ConfirmDialog
            open
            title=crate::i18n::t_signal!(i18n, tenants.suspend_title)
            body=Signal::stored(body)
            confirm=crate::i18n::t_signal!(i18n, tenants.suspend)
            on_confirm=Callback::new(move |()| {
                open.set(false);
                let (slug, name) = (slug.get_value(), name.get_value());
                actions.run(slug.clone(), change_customer(slug, name, true, actions));
            })
            test_id="customer-suspend-dialog"
        />
    }
    .into_any()
}

/// Suspends or resumes a customer and shows what changed (or why not) above
/// the list. Its code loads on the first click (`RowActions::run`).
#[lazy]
pub(crate) async fn change_customer(
    slug: String,
    name: String,
    suspend: bool,
    actions: RowActions,
) {
    let outcome = crate::api::partner_set_customer_suspended(slug, suspend).await;
    let changed = outcome.is_ok();
    actions.panel.set(Some(Panel::Outcome { name, outcome }));
    if changed {
        actions.on_change.try_run(());
    }
}

/// Ends the partner's grant on a customer; a failure is shown above the list.
/// Its code loads on the first click (`RowActions::run`).
#[lazy]
pub(crate) async fn end_access(slug: String, name: String, grant_id: String, actions: RowActions) {
    let ended = crate::api::end_partner_access(slug, grant_id).await;
    match ended {
        Ok(()) => {
            actions.on_change.try_run(());
        }
        Err(error) => actions.panel.set(Some(Panel::Outcome {
            name,
            outcome: Err(error),
        })),
    }
}

/// What a row's change did, for the customer named: per system for a suspend
/// or resume, or the error. Kept until dismissed; the list is read again.
#[lazy]
pub(crate) fn outcome_card(
    name: String,
    outcome: Result<TenantCascade, AppError>,
    actions: RowActions,
) -> AnyView {
    let i18n = use_i18n();
    let dismiss = view! {
        <button type="button" class="button button--ghost button--small" data-testid="customer-cascade-dismiss"
            on:click=move |_| actions.panel.set(None)>
            {t!(i18n, shell.dismiss)}
        </button>
    };
    match outcome {
        Ok(c) => view! {
            <section class="card" data-testid="customer-cascade" aria-labelledby="customer-cascade-title">
                <h2 id="customer-cascade-title">{name} " · " {status_label(c.status)}</h2>
                <CascadeReport c />
                {dismiss}
            </section>
        }
        .into_any(),
        Err(error) => view! {
            <section class="card" data-testid="customer-failed" aria-labelledby="customer-failed-title">
                <h2 id="customer-failed-title">{name}</h2>
                <ErrorNotice error />
                {dismiss}
            </section>
        }
        .into_any(),
    }
}

fn reason_text(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, r: HealthReason) -> String {
    match r {
        HealthReason::Suspended => t_string!(i18n, health.suspended),
        HealthReason::DomainDrift => t_string!(i18n, health.domain_drift),
        HealthReason::NoMailDomain => t_string!(i18n, health.no_mail_domain),
        HealthReason::StalledChanges => t_string!(i18n, health.stalled_changes),
        HealthReason::SeatsFull => t_string!(i18n, health.seats_full),
        HealthReason::MfaBelowPolicy => t_string!(i18n, health.mfa_below_policy),
        HealthReason::PaymentFailed => t_string!(i18n, health.payment_failed),
    }
    .to_string()
}

/// THE health rule's verdict, with its reasons in words.
#[component]
fn HealthCell(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let (class, key) = match health.level {
        HealthLevel::Healthy => ("status-pill status-pill--ok", "healthy"),
        HealthLevel::Attention => ("status-pill status-pill--warn", "attention"),
        HealthLevel::Critical => ("status-pill status-pill--down", "critical"),
    };
    let level = move || match health.level {
        HealthLevel::Healthy => t_string!(i18n, health.healthy),
        HealthLevel::Attention => t_string!(i18n, health.attention),
        HealthLevel::Critical => t_string!(i18n, health.critical),
    };
    let reasons: Vec<String> = health
        .reasons
        .iter()
        .map(|r| reason_text(i18n, *r))
        .collect();
    view! {
        <div class="health-cell" data-testid="customer-health" data-health=key>
            <span class=class>{level}</span>
            <ul class="health-cell__reasons">
                {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </div>
    }
}

/// Edit (managers only), and suspend (asked first) or resume, one of the
/// partner's own customers.
#[component]
fn ActionsCell(
    customer: edit_customer::Editing,
    can_manage: bool,
    suspended: bool,
    actions: RowActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let (slug, name) = (customer.slug.clone(), customer.name.clone());
    let waits = {
        let slug = slug.clone();
        move || actions.waits(&slug)
    };
    let edit = can_manage.then(|| {
        view! {
            <button type="button" class="button button--ghost button--small" data-testid="customer-edit"
                on:click=move |_| actions.panel.set(Some(Panel::Edit(customer.clone())))>
                {t!(i18n, customers.edit)}
            </button>
        }
    });
    let (test_id, label) = if suspended {
        (
            "customer-resume",
            crate::i18n::t_signal!(i18n, tenants.resume),
        )
    } else {
        (
            "customer-suspend",
            crate::i18n::t_signal!(i18n, tenants.suspend),
        )
    };
    let change = move |_| {
        let (slug, name) = (slug.clone(), name.clone());
        if suspended {
            actions.run(slug.clone(), change_customer(slug, name, false, actions));
        } else {
            actions.panel.set(Some(Panel::Suspend { slug, name }));
        }
    };
    view! {
        {edit}
        <button type="button" class="button button--ghost button--small" data-testid=test_id
            disabled=waits on:click=change>
            {label}
        </button>
    }
}

/// A customer's access state for the partner: request, wait, enter or end.
#[component]
fn AccessCell(
    slug: String,
    name: String,
    /// The customer's open request or live grant.
    grant: Option<OpenGrant>,
    /// The contract's standing access: enter without a grant.
    standing: bool,
    actions: RowActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let enter = format!("/admin?tenant={slug}");
    match grant {
        Some(g) if g.state == GrantState::Active => {
            let waits = {
                let slug = slug.clone();
                move || actions.waits(&slug)
            };
            let end = move |_| {
                let (slug, name, id) = (slug.clone(), name.clone(), g.grant_id.clone());
                actions.run(slug.clone(), end_access(slug, name, id, actions));
            };
            view! {
                <div class="access-cell" data-testid="access-cell" data-state="active">
                    {grant_state_pill(i18n, g.state)} " " <span class="add-person__note">{grant_scope_label(i18n, g.scope)}</span>
                    <a class="button button--primary button--small" data-testid="partner-enter" href=enter>
                        {t!(i18n, access.enter)}
                    </a>
                    <button type="button" class="button button--ghost button--small" data-testid="partner-end"
                        disabled=waits on:click=end>
                        {t!(i18n, access.end)}
                    </button>
                </div>
            }.into_any()
        }
        Some(g) => view! {
            <div class="access-cell" data-testid="access-cell" data-state="pending">
                {grant_state_pill(i18n, g.state)}
                <span class="add-person__note">{t!(i18n, access.waiting)}</span>
            </div>
        }.into_any(),
        None if standing => view! {
            <div class="access-cell" data-testid="access-cell" data-state="standing">
                <span class="status-pill status-pill--ok">{t!(i18n, access.standing_state)}</span>
                <a class="button button--primary button--small" data-testid="partner-enter" href=enter>
                    {t!(i18n, access.enter)}
                </a>
            </div>
        }.into_any(),
        None => view! {
            <div class="access-cell" data-testid="access-cell" data-state="none">
                <button type="button" class="button button--ghost button--small" data-testid="partner-request"
                    on:click=move |_| actions.panel.set(Some(Panel::Request { slug: slug.clone(), name: name.clone() }))>
                    {t!(i18n, access.request)}
                </button>
            </div>
        }.into_any(),
    }
}

/// The request: why, what scope, for how long.
#[component]
fn RequestAccessPanel(slug: String, name: String, actions: RowActions) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let scope = RwSignal::new("read_only".to_owned());
    let hours = RwSignal::new("4".to_owned());
    let send = ServerAction::<RequestPartnerAccess>::new();
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            actions.panel.set(None);
            actions.on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AccessRequestForm {
            reason: reason.get_untracked(),
            scope: if scope.get_untracked() == "admin" {
                AccessScope::Admin
            } else {
                AccessScope::ReadOnly
            },
            hours: hours.get_untracked().parse().unwrap_or(0),
        };
        if let Err(e) = form.checked() {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        send.dispatch(RequestPartnerAccess {
            slug: slug.get_value(),
            form,
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => Some(
                match reason.as_str() {
                    "required" => t_string!(i18n, form.err_required),
                    "already_pending" => t_string!(i18n, access.err_pending),
                    "partner_admin_only" => t_string!(i18n, access.err_admin_scope),
                    _ => t_string!(i18n, form.err_too_long),
                }
                .to_string(),
            ),
            _ => None,
        })
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let durations: Vec<(&'static str, Signal<String>)> = DURATIONS_HOURS
        .iter()
        .map(|h| {
            let key: &'static str = match h {
                1 => "1",
                4 => "4",
                8 => "8",
                24 => "24",
                _ => "72",
            };
            let h = *h;
            (key, Signal::derive(move || grant_hours_label(i18n, h)))
        })
        .collect();
    view! {
        <section class="card" data-testid="request-access" aria-labelledby="request-access-title">
            <h2 id="request-access-title">{t!(i18n, access.request_title)} " " {name}</h2>
            <p class="add-person__note">{t!(i18n, access.request_intro)}</p>
            <form on:submit=submit novalidate>
                <TextAreaField
                    id="access-reason"
                    label=crate::i18n::t_signal!(i18n, access.reason)
                    value=reason
                    error=field_error("reason")
                />
                <ChoiceField
                    id="access-scope"
                    label=crate::i18n::t_signal!(i18n, access.scope)
                    placeholder=Signal::derive(String::new)
                    options=vec![
                        ("read_only", crate::i18n::t_signal!(i18n, access.scope_read_only)),
                        ("admin", crate::i18n::t_signal!(i18n, access.scope_admin)),
                    ]
                    value=scope
                    error=field_error("scope")
                />
                <ChoiceField
                    id="access-hours"
                    label=crate::i18n::t_signal!(i18n, access.duration)
                    placeholder=Signal::derive(String::new)
                    options=durations
                    value=hours
                    error=field_error("hours")
                />
                {general}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="request-access-submit" disabled=move || send.pending().get()>
                        {t!(i18n, access.send)}
                    </button>
                    <button type="button" class="button button--ghost" on:click=move |_| actions.panel.set(None)>
                        {t!(i18n, access.cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}
