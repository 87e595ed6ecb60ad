//! /partner/reports: the partner's customers by health (THE health rule),
//! its revenue by plan and top customers from the latest MRR snapshot,
//! signup and churn cohorts, and its saved custom reports (a metric grouped
//! by one dimension: create, list, delete; owners and admins edit).
use crate::api::partner::partner_reports;
use crate::api::{DeleteReport, SaveReport};
use crate::domain::AppError;
use crate::domain::health::HealthLevel;
use crate::domain::reports::{GroupBy, Metric};
use crate::domain::views::{PartnerReportsView, SavedReportRun};
use crate::format;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::settings_field_error as field_error;
use crate::kit::{
    Async, BarList, ChoiceField, CohortsCard, ConfirmDialog, ConsoleHeader, EmptyState,
    ErrorNotice, PlanCard, TextField, TopCard,
};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

fn health_word(i18n: I18n, level: HealthLevel) -> String {
    match level {
        HealthLevel::Healthy => t_string!(i18n, health.healthy),
        HealthLevel::Attention => t_string!(i18n, health.attention),
        HealthLevel::Critical => t_string!(i18n, health.critical),
    }
    .to_string()
}

fn metric_word(i18n: I18n, m: Metric) -> String {
    match m {
        Metric::Customers => t_string!(i18n, reports.metric_customers),
        Metric::Seats => t_string!(i18n, reports.metric_seats),
        Metric::Mrr => t_string!(i18n, reports.metric_mrr),
    }
    .to_string()
}

fn group_word(i18n: I18n, g: GroupBy) -> String {
    match g {
        GroupBy::Plan => t_string!(i18n, reports.group_plan),
        GroupBy::Status => t_string!(i18n, reports.group_status),
        GroupBy::Health => t_string!(i18n, reports.group_health),
        GroupBy::SignupMonth => t_string!(i18n, reports.group_signup),
    }
    .to_string()
}

/// A group's key in words (health levels and statuses are translated).
fn key_word(i18n: I18n, g: GroupBy, key: &str) -> String {
    match (g, key) {
        (GroupBy::Health, "healthy") => health_word(i18n, HealthLevel::Healthy),
        (GroupBy::Health, "attention") => health_word(i18n, HealthLevel::Attention),
        (GroupBy::Health, "critical") => health_word(i18n, HealthLevel::Critical),
        (GroupBy::Status, "active") => t_string!(i18n, status_word.active).to_string(),
        (GroupBy::Status, "suspended") => t_string!(i18n, status_word.suspended).to_string(),
        _ => key.to_owned(),
    }
}

#[component]
pub fn PartnerReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| partner_reports());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, reports.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:r>
            {
                let r: PartnerReportsView = r;
                let lang = i18n.get_locale_untracked();
                let health: Vec<_> = r
                    .health
                    .iter()
                    .map(|(level, n)| (health_word(i18n, *level), i64::try_from(*n).unwrap_or(0), format::count(lang, *n)))
                    .collect();
                view! {
                    <p class="add-person__note" data-testid="reports-as-of">
                        {match r.as_of.clone() {
                            Some(day) => view! { {t!(i18n, reports.as_of)} " " {format::date(lang, &day)} }.into_any(),
                            None => t!(i18n, revenue.none_yet).into_any(),
                        }}
                    </p>
                    <div class="report-grid">
                        <section class="card" aria-labelledby="health-title" data-testid="health-cohorts">
                            <h2 id="health-title">{t!(i18n, reports.health)}</h2>
                            <p class="add-person__note">{t!(i18n, reports.health_note)}</p>
                            {if health.is_empty() {
                                view! { <EmptyState title=crate::i18n::t_signal!(i18n, reports.no_customers) /> }.into_any()
                            } else {
                                view! { <BarList rows=health test_id="health-bars" /> }.into_any()
                            }}
                        </section>
                        <PlanCard rows=r.by_plan.clone() />
                    </div>
                    <TopCard rows=r.top.clone() />
                    <CohortsCard rows=r.cohorts.clone() />
                    <SavedReports saved=r.saved.clone() can_edit=r.can_edit currency=r.currency.clone()
                        on_change=Callback::new(move |()| data.refetch()) />
                }
            }
        </Async>
    }
}

#[component]
fn SavedReports(
    saved: Vec<SavedReportRun>,
    can_edit: bool,
    currency: String,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let name = RwSignal::new(String::new());
    let metric = RwSignal::new("customers".to_owned());
    let group = RwSignal::new("plan".to_owned());
    let error = RwSignal::new(None::<AppError>);
    let save = ServerAction::<SaveReport>::new();
    let delete = ServerAction::<DeleteReport>::new();
    let confirming = RwSignal::new(false);
    let chosen = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            name.set(String::new());
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(_)) => on_change.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = crate::domain::reports::check_name(&name.get_untracked()) {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        let metric = match metric.get_untracked().as_str() {
            "seats" => Metric::Seats,
            "mrr" => Metric::Mrr,
            _ => Metric::Customers,
        };
        let group_by = match group.get_untracked().as_str() {
            "status" => GroupBy::Status,
            "health" => GroupBy::Health,
            "signup_month" => GroupBy::SignupMonth,
            _ => GroupBy::Plan,
        };
        save.dispatch(SaveReport {
            name: name.get_untracked(),
            metric,
            group_by,
        });
    };
    let label = move |f: fn(I18n) -> String| Signal::derive(move || f(i18n));
    let general = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let list = if saved.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, reports.no_saved) /> }.into_any()
    } else {
        saved
            .into_iter()
            .map(|s| {
                let report = s.report;
                let (metric, group_by) = (report.metric, report.group_by);
                let cur = currency.clone();
                let bars: Vec<_> = s
                    .rows
                    .into_iter()
                    .map(|(k, v)| {
                        let shown = match metric {
                            Metric::Mrr => format::money(lang, v, &cur),
                            _ => format::count(lang, u64::try_from(v).unwrap_or(0)),
                        };
                        (key_word(i18n, group_by, &k), v, shown)
                    })
                    .collect();
                let id = report.id.clone();
                view! {
                    <article class="saved-report" data-testid="saved-report" data-name=report.name.clone()>
                        <header class="saved-report__head">
                            <h3>{report.name.clone()}</h3>
                            {can_edit.then(|| view! {
                                <button type="button" class="button button--ghost button--small" data-testid="saved-report-delete"
                                    on:click=move |_| { chosen.set(Some(id.clone())); confirming.set(true); }>
                                    {t!(i18n, reports.delete)}
                                </button>
                            })}
                        </header>
                        <p class="add-person__note">{metric_word(i18n, metric)} " · " {group_word(i18n, group_by)}</p>
                        {if bars.is_empty() {
                            view! { <p class="muted">{t!(i18n, reports.no_customers)}</p> }.into_any()
                        } else {
                            view! { <BarList rows=bars /> }.into_any()
                        }}
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    let metric_opts = vec![
        ("customers", label(|i| metric_word(i, Metric::Customers))),
        ("seats", label(|i| metric_word(i, Metric::Seats))),
        ("mrr", label(|i| metric_word(i, Metric::Mrr))),
    ];
    let group_opts = vec![
        ("plan", label(|i| group_word(i, GroupBy::Plan))),
        ("status", label(|i| group_word(i, GroupBy::Status))),
        ("health", label(|i| group_word(i, GroupBy::Health))),
        (
            "signup_month",
            label(|i| group_word(i, GroupBy::SignupMonth)),
        ),
    ];
    view! {
        <section class="card" aria-labelledby="saved-title" data-testid="saved-reports">
            <h2 id="saved-title">{t!(i18n, reports.saved)}</h2>
            {can_edit.then(|| view! {
                <form on:submit=submit novalidate class="reprice-form" data-testid="new-report">
                    <TextField id="report-name" label=label(|i| t_string!(i, reports.name).to_string())
                        value=name error=field_error(error, "name") required=true />
                    <ChoiceField id="report-metric" label=label(|i| t_string!(i, reports.metric).to_string())
                        placeholder=label(|i| t_string!(i, reports.metric).to_string())
                        options=metric_opts value=metric error=Signal::derive(|| None::<String>) required=true />
                    <ChoiceField id="report-group" label=label(|i| t_string!(i, reports.group).to_string())
                        placeholder=label(|i| t_string!(i, reports.group).to_string())
                        options=group_opts value=group error=Signal::derive(|| None::<String>) required=true />
                    <button type="submit" class="button button--primary" data-testid="report-save"
                        disabled=move || save.pending().get()>{t!(i18n, reports.save)}</button>
                </form>
            })}
            {general}
            {list}
            <ConfirmDialog open=confirming
                title=crate::i18n::t_signal!(i18n, reports.delete_title)
                body=crate::i18n::t_signal!(i18n, reports.delete_body)
                confirm=crate::i18n::t_signal!(i18n, reports.delete)
                on_confirm=Callback::new(move |()| {
                    if let Some(id) = chosen.get_untracked() {
                        delete.dispatch(DeleteReport { id });
                    }
                    confirming.set(false);
                })
                test_id="report-delete-dialog" />
        </section>
    }
}
