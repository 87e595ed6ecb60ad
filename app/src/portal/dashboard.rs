//! /admin?tenant=SLUG: the tenant admin's dashboard, in the manner of the
//! Microsoft 365 admin center's home: the plan and seats, files storage (a
//! capacity bar and the people using the most), what wants the admin's
//! action, and the latest events of the tenant's audit log.
use crate::api::tenant_dashboard;
use crate::audit_log::RecentEvents;
use crate::domain::AppError;
use crate::domain::views::{AdminDashboard, AttentionItem, Quota, StorageView};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, StatCard, StatCards};
use crate::shell::first_admin_tenant;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("tenant"),
        |slug| async move {
            let slug = match slug {
                Some(s) => s,
                None => match first_admin_tenant().await? {
                    Some(s) => s,
                    None => return Ok(None),
                },
            };
            Ok::<_, AppError>(Some(tenant_dashboard(slug).await?))
        },
    );
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, dashboard.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {match found {
                None => view! { <super::NoAdminTenant /> }.into_any(),
                Some(d) => view! { <Dashboard d /> }.into_any(),
            }}
        </Async>
    }
}

#[component]
fn Dashboard(d: AdminDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let slug = d.tenant.slug.clone();
    let users_href = format!("/admin/users?tenant={slug}");
    let audit_href = format!("/admin/audit?tenant={slug}");
    let seats = format!(
        "{} / {}",
        crate::format::count(lang, u64::from(d.seats_used)),
        crate::format::count(lang, u64::from(d.tenant.seats))
    );
    let storage_value = match &d.storage {
        StorageView::Known { tenant, .. } => Some(quota_text(tenant)),
        _ => None,
    };
    let status = d.tenant.status;
    view! {
        <section class="dashboard" data-testid="dashboard" data-tenant=slug.clone()>
            <h2>{d.tenant.name.clone()}</h2>
            <StatCards>
                <StatCard label=crate::i18n::t_signal!(i18n, admin.plan) value=d.tenant.plan.clone() />
                <StatCard
                    label=crate::i18n::t_signal!(i18n, dashboard.seats)
                    value=seats
                    test_id="dashboard-seats"
                />
                <StatCard label=crate::i18n::t_signal!(i18n, admin.col_status) value=crate::partner::status_label(status).get_untracked() />
                {storage_value.map(|v| view! {
                    <StatCard
                        label=crate::i18n::t_signal!(i18n, dashboard.storage)
                        value=v
                        test_id="dashboard-storage-used"
                    />
                })}
            </StatCards>
            <div class="dashboard__grid">
                <Attention items=d.attention users_href=users_href.clone() />
                <Storage storage=d.storage />
                <section class="card dashboard__card dashboard__card--wide" data-testid="dashboard-recent" aria-labelledby="recent-title">
                    <h3 id="recent-title">{t!(i18n, dashboard.recent)}</h3>
                    {if d.recent.is_empty() {
                        view! { <p class="add-person__note">{t!(i18n, dashboard.no_recent)}</p> }.into_any()
                    } else {
                        view! { <RecentEvents events=d.recent audit_href=audit_href.clone() /> }.into_any()
                    }}
                    <a href=audit_href>{t!(i18n, dashboard.all_events)}</a>
                </section>
            </div>
        </section>
    }
}

/// "3,2 GB af 40,0 GB" (or only what is used, without a limit).
fn quota_text(q: &Quota) -> String {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let used = crate::format::bytes(lang, q.used);
    match q.total {
        Some(total) => format!(
            "{used} {} {}",
            t_string!(i18n, dashboard.of),
            crate::format::bytes(lang, total)
        ),
        None => used,
    }
}

#[component]
fn Attention(items: Vec<AttentionItem>, users_href: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card dashboard__card" data-testid="dashboard-attention" aria-labelledby="attention-title">
            <h3 id="attention-title">{t!(i18n, dashboard.attention)}</h3>
            {if items.is_empty() {
                view! { <p class="notice notice--success" data-testid="attention-none">{t!(i18n, dashboard.attention_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="attention-list">
                        {items.into_iter().map(|item| {
                            let href = users_href.clone();
                            let domains_href = href.replace("/admin/users", "/admin/domains");
                            match item {
                                AttentionItem::Suspended { names } => view! {
                                    <li data-testid="attention-item" data-kind="suspended">
                                        <strong>{t!(i18n, dashboard.suspended)}</strong> " " {names.join(", ")}
                                        " · " <a href=href>{t!(i18n, dashboard.open_users)}</a>
                                    </li>
                                }.into_any(),
                                AttentionItem::StoppedJob { kind, name, .. } => {
                                    let what = match kind.as_str() {
                                        "add_person" => t_string!(i18n, dashboard.stopped_add),
                                        "remove" => t_string!(i18n, dashboard.stopped_remove),
                                        _ => t_string!(i18n, dashboard.stopped_change),
                                    };
                                    view! {
                                        <li data-testid="attention-item" data-kind="stopped_job">
                                            <strong>{what}</strong> " " {name}
                                            " · " <a href=href>{t!(i18n, dashboard.open_users_retry)}</a>
                                        </li>
                                    }.into_any()
                                }
                                AttentionItem::NoMfa { names } => view! {
                                    <li data-testid="attention-item" data-kind="no_mfa">
                                        <strong>{t!(i18n, dashboard.no_mfa)}</strong> " " {names.join(", ")}
                                    </li>
                                }.into_any(),
                                AttentionItem::DomainsNeedAttention { names } => view! {
                                    <li data-testid="attention-item" data-kind="domains_need_attention">
                                        <strong>{t!(i18n, dashboard.domains_drifted)}</strong> " " {names.join(", ")}
                                        " · " <a href=domains_href.clone()>{t!(i18n, dashboard.open_domains)}</a>
                                    </li>
                                }.into_any(),
                                AttentionItem::DomainsPending { names } => view! {
                                    <li data-testid="attention-item" data-kind="domains_pending">
                                        <strong>{t!(i18n, dashboard.domains_pending)}</strong> " " {names.join(", ")}
                                        " · " <a href=domains_href.clone()>{t!(i18n, dashboard.open_domains)}</a>
                                    </li>
                                }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Storage(storage: StorageView) -> impl IntoView {
    let i18n = use_i18n();
    let body = match storage {
        StorageView::NotConnected => view! {
            <p class="add-person__note" data-testid="storage-not-connected">{t!(i18n, dashboard.storage_not_connected)}</p>
        }.into_any(),
        StorageView::Unavailable => view! {
            <p class="notice notice--error" role="alert" data-testid="storage-unavailable">{t!(i18n, dashboard.storage_unavailable)}</p>
        }.into_any(),
        StorageView::Known { tenant, people } => {
            let pct = tenant.percent();
            view! {
                {pct.map(|p| {
                    let fill = if p >= 90 { "capacity__fill capacity__fill--high" } else { "capacity__fill" };
                    let bar = NodeRef::<leptos::html::Div>::new();
                    crate::kit::paint(bar, move || vec![("width", Some(format!("{p}%")))]);
                    view! {
                        <div class="capacity" data-testid="storage-bar" data-percent=p role="progressbar"
                            aria-valuemin="0" aria-valuemax="100" aria-valuenow=p
                            aria-label=t!(i18n, dashboard.storage)>
                            <div class=fill node_ref=bar></div>
                        </div>
                    }
                })}
                <p data-testid="storage-total">{quota_text(&tenant)}</p>
                <table class="data-table data-table--compact" data-testid="storage-people">
                    <thead><tr>
                        <th scope="col">{t!(i18n, admin.col_name)}</th>
                        <th scope="col">{t!(i18n, dashboard.storage_used)}</th>
                    </tr></thead>
                    <tbody>
                        {people.into_iter().take(10).map(|p| view! {
                            <tr data-testid="storage-person" data-email=p.email.clone()>
                                <td data-label=t!(i18n, admin.col_name)>{p.name}</td>
                                <td data-label=t!(i18n, dashboard.storage_used)>
                                    {match p.quota {
                                        Some(q) => quota_text(&q).into_any(),
                                        None => t!(i18n, dashboard.no_files_account).into_any(),
                                    }}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }
    };
    view! {
        <section class="card dashboard__card" data-testid="dashboard-storage" aria-labelledby="storage-title">
            <h3 id="storage-title">{t!(i18n, dashboard.storage)}</h3>
            {body}
        </section>
    }
}
