use crate::api::operator::{ReadAuditFeeds, SendTestMail, audit_feeds, infrastructure_status};
use crate::domain::audit::FeedStatus;
use crate::domain::views::{Health, SystemStatus};
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, ErrorNotice, ToastKind, system_title, use_toasts};
use leptos::prelude::*;

/// /operator/infrastructure: every system dezky depends on, probed live when
/// the page loads (or on Refresh): health, round trip, what was probed, and the
/// last failure with its time. Nothing here is remembered across restarts or
/// invented.
#[component]
pub fn InfrastructurePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| infrastructure_status());
    // A test message to the operator's own address, through the real relay.
    let send = ServerAction::<SendTestMail>::new();
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let (Some(Ok(to)), Some(toasts)) = (send.value().get(), toasts) {
            toasts.show(
                ToastKind::Success,
                format!("{} {to}", t_string!(i18n, operator.infra_test_sent)),
            );
        }
    });
    let send_error = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <ErrorNotice error=e /> })
    };
    let send_test = move |_| {
        let lang = leptos_i18n::Locale::as_str(i18n.get_locale_untracked()).to_owned();
        send.dispatch(SendTestMail { lang });
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, operator.infrastructure_title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <p class="muted">{t!(i18n, operator.infrastructure_lead)}</p>
        {send_error}
        <Async data let:rows>
            // The relay is configured: offer a test message (rendered with
            // the rows, so server and browser agree on it).
            {rows
                .iter()
                .any(|r| r.system == crate::domain::System::Smtp && r.health != Health::NotConnected)
                .then(|| view! {
                    <p>
                        <button
                            type="button"
                            class="button button--ghost"
                            data-testid="send-test-mail"
                            disabled=move || send.pending().get()
                            on:click=send_test
                        >
                            {t!(i18n, operator.infra_send_test)}
                        </button>
                    </p>
                })}
            <table class="data-table" data-testid="systems">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, operator.infra_system)}</th>
                        <th scope="col">{t!(i18n, operator.infra_health)}</th>
                        <th scope="col" class="nowrap">{t!(i18n, operator.infra_latency)}</th>
                        <th scope="col">{t!(i18n, operator.infra_target)}</th>
                        <th scope="col">{t!(i18n, operator.infra_last_error)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <SystemRow row /> }).collect_view()}
                </tbody>
            </table>
        </Async>
        <AuditFeeds />
    }
}

/// The audit feeds: each connected system whose log is read into the audit
/// log, with what was read and a failure while it fails; "Read now" runs
/// them at once.
#[component]
fn AuditFeeds() -> impl IntoView {
    let i18n = use_i18n();
    let read = ServerAction::<ReadAuditFeeds>::new();
    let data = Resource::new(move || read.version().get(), |_| audit_feeds());
    let read_error = move || {
        read.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <ErrorNotice error=e /> })
    };
    view! {
        <section class="stack" data-testid="audit-feeds" aria-labelledby="audit-feeds-title">
            <h2 id="audit-feeds-title">{t!(i18n, operator.feeds_title)}</h2>
            <p class="muted">{t!(i18n, operator.feeds_lead)}</p>
            {read_error}
            <Async data let:rows>
                {if rows.is_empty() {
                    view! { <p data-testid="audit-feeds-none">{t!(i18n, operator.feeds_none)}</p> }.into_any()
                } else {
                    view! {
                        <p>
                            <button
                                type="button"
                                class="button button--ghost"
                                data-testid="read-audit-feeds"
                                disabled=move || read.pending().get()
                                on:click=move |_| { read.dispatch(ReadAuditFeeds {}); }
                            >
                                {t!(i18n, operator.feed_read_now)}
                            </button>
                        </p>
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, operator.feed_system)}</th>
                                    <th scope="col">{t!(i18n, operator.feed_state)}</th>
                                    <th scope="col" class="nowrap">{t!(i18n, operator.feed_read)}</th>
                                    <th scope="col">{t!(i18n, operator.feed_up_to)}</th>
                                    <th scope="col">{t!(i18n, operator.feed_last_run)}</th>
                                    <th scope="col">{t!(i18n, operator.feed_failure)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <FeedRow row /> }).collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }}
            </Async>
        </section>
    }
}

#[component]
fn FeedRow(row: FeedStatus) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let when =
        |at: Option<i64>| at.map_or_else(|| "—".to_owned(), |at| format::date_time(lang, at));
    // A file read by position says how far into it; a log read by time, when.
    let up_to = match (row.read_up_to, row.position) {
        (None, Some(bytes)) => format!(
            "{} {}",
            format::count(lang, bytes),
            t_string!(i18n, operator.feed_bytes)
        ),
        (at, _) => when(at),
    };
    let health = row.health;
    let (class, state) = match (&health.error, health.last_success_at) {
        (Some(_), _) => ("status-pill status-pill--down", "failing"),
        (None, Some(_)) => ("status-pill status-pill--ok", "ok"),
        (None, None) => ("status-pill status-pill--soon", "waiting"),
    };
    let word = move || match state {
        "failing" => t_string!(i18n, operator.feed_failing).to_string(),
        "ok" => t_string!(i18n, operator.feed_ok).to_string(),
        _ => t_string!(i18n, operator.feed_waiting).to_string(),
    };
    let failure = match (health.error, health.failing_since) {
        (Some(e), Some(since)) => format!(
            "{e} ({} {})",
            t_string!(i18n, operator.feed_since),
            format::date_time(lang, since)
        ),
        (Some(e), None) => e,
        _ => "—".to_owned(),
    };
    view! {
        <tr data-testid="feed-row" data-source=row.source.as_str() data-state=state>
            <th scope="row">
                {row.source.product()}
                <code class="muted feed-row__target">{row.target}</code>
            </th>
            <td data-label=move || t_string!(i18n, operator.feed_state).to_string()>
                <span class=class>{word}</span>
            </td>
            <td class="nowrap" data-label=move || t_string!(i18n, operator.feed_read).to_string() data-testid="feed-read">
                {format::count(lang, health.ingested)}
            </td>
            <td data-label=move || t_string!(i18n, operator.feed_up_to).to_string()>{up_to}</td>
            <td data-label=move || t_string!(i18n, operator.feed_last_run).to_string()>{when(health.last_attempt_at)}</td>
            <td data-label=move || t_string!(i18n, operator.feed_failure).to_string() data-testid="feed-error">{failure}</td>
        </tr>
    }
}

#[component]
fn SystemRow(row: SystemStatus) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let health_key = row.health.as_str();
    let name = system_title(row.system);
    let required = row
        .required
        .then(|| view! { <span class="muted">" · "{t!(i18n, operator.infra_required)}</span> });
    let latency = row
        .latency_ms
        .map(|ms| format!("{} ms", format::count(lang, ms)));
    let last_error = match (row.last_error, row.last_error_at) {
        (Some(e), Some(at)) => Some(format!("{} · {e}", format::date_time(lang, at))),
        _ => None,
    };
    view! {
        <tr data-testid="system-row" data-system=row.system.as_str() data-health=health_key>
            <th scope="row">{move || name.get()}{required}</th>
            <td data-label=move || t_string!(i18n, operator.infra_health).to_string()>
                <HealthPill health=row.health />
            </td>
            <td class="nowrap" data-label=move || t_string!(i18n, operator.infra_latency).to_string()>{latency.unwrap_or_else(|| "—".into())}</td>
            <td data-label=move || t_string!(i18n, operator.infra_target).to_string()>
                {if row.target.is_empty() {
                    "—".into_any()
                } else {
                    view! { <code>{row.target}</code> }.into_any()
                }}
            </td>
            <td data-label=move || t_string!(i18n, operator.infra_last_error).to_string() data-testid="system-error">
                {last_error.unwrap_or_else(|| "—".into())}
            </td>
        </tr>
    }
}

/// A system's health as a coloured word ("Up", "Down", "Not connected"): the
/// Infrastructure table and the overview's service-health panel share it.
#[component]
pub fn HealthPill(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let class = match health {
        Health::Up => "status-pill status-pill--ok",
        Health::Down => "status-pill status-pill--down",
        Health::NotConnected => "status-pill status-pill--soon",
    };
    let word = move || match health {
        Health::Up => t_string!(i18n, operator.infra_up).to_string(),
        Health::Down => t_string!(i18n, operator.infra_down).to_string(),
        Health::NotConnected => t_string!(i18n, operator.infra_not_connected).to_string(),
    };
    view! { <span class=class data-testid="system-health">{word}</span> }
}
