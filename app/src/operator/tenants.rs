//! /operator/tenants: every tenant with search, a status filter and pages;
//! /operator/tenants/:slug: one tenant in tabs (overview, users with their
//! role in it, billing, audit) with Suspend / Resume, asked first, and what
//! the cascade did per system. There is no "new tenant" here: a tenant comes
//! to exist only through its partner's New customer wizard.
use crate::api::operator::{
    DeleteTenant, RestoreTenant, SetTenantSuspended, operator_tenant, operator_tenants,
};
use crate::audit_log::{AuditList, AuditSource};
use crate::domain::model::TenantStatus;
use crate::domain::views::{OperatorTenantDetail, TenantCascade, TenantListPage};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::{
    Async, CascadeReport, ConfirmDialog, ConsoleHeader, EmptyState, ErrorNotice, FilterChips,
    TextField, role_label,
};
use crate::partner::status_label;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

fn status_pill(status: TenantStatus) -> impl IntoView {
    let class = match status {
        TenantStatus::Active => "status-pill status-pill--ok",
        TenantStatus::Suspended => "status-pill status-pill--warn",
        TenantStatus::Deleted => "status-pill status-pill--down",
    };
    let text = status_label(status);
    view! { <span class=class data-testid="tenant-status" data-status=status.as_str()>{move || text.get()}</span> }
}

/// The payment provider reported a failed payment not yet made good.
#[component]
fn PaymentFailedPill() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="status-pill status-pill--down" data-testid="tenant-payment-failed">
            {t!(i18n, health.payment_failed)}
        </span>
    }
}

fn status_chip(s: &Option<TenantStatus>) -> &'static str {
    match s {
        None => "all",
        Some(TenantStatus::Active) => "active",
        Some(TenantStatus::Suspended) => "suspended",
        Some(TenantStatus::Deleted) => "deleted",
    }
}

#[component]
pub fn TenantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let status = RwSignal::new(None::<TenantStatus>);
    // The cursors of the pages before this one (Previous pops one).
    let trail = RwSignal::new(Vec::<Option<String>>::new());
    let after = RwSignal::new(None::<String>);
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (applied.get(), status.get(), after.get(), version.get()),
        |(q, status, after, _)| operator_tenants(q, status, after),
    );
    let restart = move || {
        trail.set(Vec::new());
        after.set(None);
    };
    Effect::new(move |first: Option<()>| {
        status.track();
        if first.is_some() {
            restart();
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        restart();
        applied.set(q.get_untracked());
    };
    let next = Callback::new(move |cursor: String| {
        trail.update(|t| t.push(after.get_untracked()));
        after.set(Some(cursor));
    });
    let previous = Callback::new(move |()| {
        let mut t = trail.get_untracked();
        let back = t.pop().flatten();
        trail.set(t);
        after.set(back);
    });
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, tenants.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        />
        <p class="page-intro">{t!(i18n, tenants.intro)}</p>
        <form class="inline-form" role="search" on:submit=search>
            <label>
                {t!(i18n, tenants.search)}
                <input type="search" id="tenant-search" data-testid="tenant-search" prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button button--ghost button--small" data-testid="tenant-search-submit">{t!(i18n, users.search_submit)}</button>
        </form>
        <FilterChips
            options=vec![
                (None, crate::i18n::t_signal!(i18n, tenants.all)),
                (Some(TenantStatus::Active), status_label(TenantStatus::Active)),
                (Some(TenantStatus::Suspended), status_label(TenantStatus::Suspended)),
                (Some(TenantStatus::Deleted), status_label(TenantStatus::Deleted)),
            ]
            selected=status
            label=crate::i18n::t_signal!(i18n, tenants.status)
            test_id="tenant-status-filter"
            chip_id=status_chip
        />
        <Async data=list let:page>
            <TenantList page has_previous=Signal::derive(move || !trail.get().is_empty()) next previous />
        </Async>
    }
}

#[component]
fn TenantList(
    page: TenantListPage,
    has_previous: Signal<bool>,
    next: Callback<String>,
    previous: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let cursor = page.next.clone();
    let rows = if page.rows.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, tenants.none) test_id="tenants-none" /> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data-table" data-testid="operator-tenants">
                    <thead><tr>
                        <th scope="col">{t!(i18n, tenants.col_tenant)}</th>
                        <th scope="col">{t!(i18n, tenants.col_partner)}</th>
                        <th scope="col">{t!(i18n, partner_portal.col_plan)}</th>
                        <th scope="col">{t!(i18n, tenants.col_people)}</th>
                        <th scope="col">{t!(i18n, partner_portal.col_status)}</th>
                        <th scope="col">{t!(i18n, tenants.col_created)}</th>
                    </tr></thead>
                    <tbody>
                        {page.rows.into_iter().map(|r| view! {
                            <tr data-testid="operator-tenant" data-tenant=r.slug.clone()>
                                <td data-label=t!(i18n, tenants.col_tenant)>
                                    <a href=format!("/operator/tenants/{}", r.slug) data-testid="tenant-open"><strong>{r.name.clone()}</strong></a>
                                    <br /><span class="add-person__note">{r.slug.clone()}{r.primary_domain.clone().map(|d| format!(" · {d}"))}</span>
                                </td>
                                <td data-label=t!(i18n, tenants.col_partner)>{r.partner.clone()}</td>
                                <td data-label=t!(i18n, partner_portal.col_plan)>{r.plan.clone()} " · " {r.seats} " " {t!(i18n, tenants.seats)}</td>
                                <td data-label=t!(i18n, tenants.col_people)>{r.members}</td>
                                <td data-label=t!(i18n, partner_portal.col_status)>
                                    {status_pill(r.status)}
                                    {r.payment_failed.then(|| view! { " " <PaymentFailedPill /> })}
                                </td>
                                <td data-label=t!(i18n, tenants.col_created)>{crate::format::date_time(lang, r.created_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        {rows}
        <div class="form-actions pager">
            <Show when=move || has_previous.get()>
                <button type="button" class="button button--ghost button--small" data-testid="tenants-previous" on:click=move |_| previous.run(())>
                    {t!(i18n, tenants.previous)}
                </button>
            </Show>
            {cursor.map(|c| view! {
                <button type="button" class="button button--ghost button--small" data-testid="tenants-next" on:click=move |_| next.run(c.clone())>
                    {t!(i18n, tenants.next)}
                </button>
            })}
        </div>
    }
}

/// The detail's actions, owned by the page (their results outlive a re-read).
#[derive(Clone, Copy)]
struct TenantActions {
    set: ServerAction<SetTenantSuspended>,
    delete: ServerAction<DeleteTenant>,
    restore: ServerAction<RestoreTenant>,
    /// The latest result of any of them.
    last: RwSignal<Option<Result<TenantCascade, crate::domain::AppError>>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Users,
    Billing,
    Audit,
}

#[component]
pub fn TenantDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || (slug.get(), version.get()),
        |(s, _)| operator_tenant(s),
    );
    let tab = RwSignal::new(Tab::Overview);
    // Kept here, so the cascade's report outlives the detail's re-read.
    let set = ServerAction::<SetTenantSuspended>::new();
    let delete = ServerAction::<DeleteTenant>::new();
    let restore = ServerAction::<RestoreTenant>::new();
    let last = RwSignal::new(None::<Result<TenantCascade, crate::domain::AppError>>);
    Effect::new(move |_| {
        for v in [
            set.value().get(),
            delete.value().get(),
            restore.value().get(),
        ]
        .into_iter()
        .flatten()
        {
            if v.is_ok() {
                version.update(|n| *n += 1);
            }
            last.set(Some(v));
        }
    });
    let actions = TenantActions {
        set,
        delete,
        restore,
        last,
    };
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, tenants.detail_title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        >
            <a class="button button--ghost button--small" href="/operator/tenants">{t!(i18n, tenants.back)}</a>
        </ConsoleHeader>
        <Async data let:d>
            <TenantDetail d tab actions />
        </Async>
    }
}

fn tab_label(i18n: I18n, tab: Tab) -> String {
    match tab {
        Tab::Overview => t_string!(i18n, tenants.tab_overview),
        Tab::Users => t_string!(i18n, tenants.tab_users),
        Tab::Billing => t_string!(i18n, tenants.tab_billing),
        Tab::Audit => t_string!(i18n, tenants.tab_audit),
    }
    .to_string()
}

#[component]
fn TenantDetail(
    d: OperatorTenantDetail,
    tab: RwSignal<Tab>,
    actions: TenantActions,
) -> impl IntoView {
    let TenantActions {
        set,
        delete,
        restore,
        last,
    } = actions;
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let r = d.row.clone();
    let slug = StoredValue::new(r.slug.clone());
    let confirm = RwSignal::new(false);
    let suspended = r.status == TenantStatus::Suspended;
    let deleted = r.status == TenantStatus::Deleted;
    let name = r.name.clone();
    let deleting = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let busy = move || set.pending().get() || delete.pending().get() || restore.pending().get();
    let outcome = move || {
        last.get().map(|res| match res {
            Ok(c) => view! { <CascadeReport c /> }.into_any(),
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    let tabs = [Tab::Overview, Tab::Users, Tab::Billing, Tab::Audit];
    let members = d.members.clone();
    let billing = d.billing.clone();
    let domains = d.domains.join(", ");
    view! {
        <section class="card tenant-detail" data-testid="tenant-detail" data-tenant=r.slug.clone() data-status=r.status.as_str()>
            <div class="domain-detail__head">
                <h2>{r.name.clone()}</h2>
                {status_pill(r.status)}
                {r.payment_failed.then(|| view! { <PaymentFailedPill /> })}
            </div>
            <p class="add-person__note">{r.slug.clone()} " · " {r.partner.clone()}</p>
            {r.purge_after.map(|p| view! {
                <p class="notice notice--warn" data-testid="tenant-purge-after">
                    {t!(i18n, tenants.deleted_until)} " " {crate::format::date_time(lang, p)}
                </p>
            })}
            <div class="form-actions">
                {if deleted {
                    view! {
                        <button type="button" class="button button--primary button--small" data-testid="tenant-restore"
                            disabled=busy
                            on:click=move |_| { restore.dispatch(RestoreTenant { slug: slug.get_value() }); }>
                            {t!(i18n, tenants.restore)}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        {if suspended {
                            view! {
                                <button type="button" class="button button--primary button--small" data-testid="tenant-resume"
                                    disabled=busy
                                    on:click=move |_| { set.dispatch(SetTenantSuspended { slug: slug.get_value(), suspend: false }); }>
                                    {t!(i18n, tenants.resume)}
                                </button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="button button--danger button--small" data-testid="tenant-suspend"
                                    disabled=busy on:click=move |_| confirm.set(true)>
                                    {t!(i18n, tenants.suspend)}
                                </button>
                            }.into_any()
                        }}
                        <button type="button" class="button button--ghost button--small" data-testid="tenant-delete-open"
                            disabled=busy on:click=move |_| deleting.update(|d| *d = !*d)>
                            {t!(i18n, tenants.delete)}
                        </button>
                    }.into_any()
                }}
            </div>
            <Show when=move || deleting.get() && !deleted>
                <form class="danger-zone" data-testid="tenant-delete" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    deleting.set(false);
                    delete.dispatch(DeleteTenant { slug: slug.get_value(), confirm: typed.get_untracked() });
                }>
                    <p>{t!(i18n, tenants.delete_body)}</p>
                    <TextField id="tenant-delete-confirm"
                        label=Signal::derive(move || format!("{} {}", t_string!(i18n, tenants.delete_type), slug.get_value()))
                        value=typed error=Signal::derive(|| None::<String>) autocomplete="off" />
                    <div class="form-actions">
                        <button type="submit" class="button button--danger button--small" data-testid="tenant-delete-confirm"
                            disabled=move || typed.get().trim() != slug.get_value()>
                            {t!(i18n, tenants.delete_submit)}
                        </button>
                        <button type="button" class="button button--ghost button--small" on:click=move |_| deleting.set(false)>
                            {t!(i18n, customers.previous)}
                        </button>
                    </div>
                </form>
            </Show>
            <ConfirmDialog
                open=confirm
                title=crate::i18n::t_signal!(i18n, tenants.suspend_title)
                body=Signal::derive(move || format!("{} {}", t_string!(i18n, tenants.suspend_body), name))
                confirm=crate::i18n::t_signal!(i18n, tenants.suspend)
                on_confirm=Callback::new(move |()| {
                    confirm.set(false);
                    set.dispatch(SetTenantSuspended { slug: slug.get_value(), suspend: true });
                })
                test_id="tenant-suspend-dialog"
            />
            {outcome}
        </section>
        <div class="tabs" role="tablist" aria-label=t!(i18n, tenants.detail_title)>
            {tabs.into_iter().map(|x| {
                let key = match x { Tab::Overview => "overview", Tab::Users => "users", Tab::Billing => "billing", Tab::Audit => "audit" };
                view! {
                    <button type="button" role="tab" class="tabs__tab" id=format!("tab-{key}") data-testid=format!("tab-{key}")
                        aria-selected=move || if tab.get() == x { "true" } else { "false" }
                        aria-controls="tenant-tabpanel"
                        on:click=move |_| tab.set(x)>
                        {move || tab_label(i18n, x)}
                    </button>
                }
            }).collect_view()}
        </div>
        <section class="card" role="tabpanel" id="tenant-tabpanel" data-testid="tenant-tabpanel">
            {move || match tab.get() {
                Tab::Overview => view! {
                    <dl class="summary-list" data-testid="tenant-overview">
                        <dt>{t!(i18n, partner_portal.col_plan)}</dt><dd>{r.plan.clone()}</dd>
                        <dt>{t!(i18n, tenants.seats_bought)}</dt><dd>{r.seats}</dd>
                        <dt>{t!(i18n, tenants.col_people)}</dt><dd>{r.members}</dd>
                        <dt>{t!(i18n, tenants.domains)}</dt><dd>{if domains.is_empty() { t_string!(i18n, customers.no_domain).to_string() } else { domains.clone() }}</dd>
                        <dt>{t!(i18n, tenants.col_created)}</dt><dd>{crate::format::date_time(lang, r.created_at)}</dd>
                    </dl>
                }.into_any(),
                Tab::Users if members.is_empty() => view! {
                    <EmptyState title=crate::i18n::t_signal!(i18n, tenants.no_people) test_id="tenant-members-none" />
                }.into_any(),
                Tab::Users => view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="tenant-members">
                            <thead><tr>
                                <th scope="col">{t!(i18n, users.col_user)}</th>
                                <th scope="col">{t!(i18n, tenants.role)}</th>
                                <th scope="col">{t!(i18n, users.col_state)}</th>
                            </tr></thead>
                            <tbody>
                                {members.clone().into_iter().map(|m| {
                                    let state = if !m.active || m.suspended {
                                        t_string!(i18n, users.state_inactive)
                                    } else if m.signed_in {
                                        t_string!(i18n, users.state_active)
                                    } else {
                                        t_string!(i18n, users.state_invited)
                                    };
                                    let role = role_label(m.role);
                                    let email = m.email.clone();
                                    view! {
                                        <tr data-testid="tenant-member" data-email=email>
                                            <td data-label=t!(i18n, users.col_user)><strong>{m.name}</strong><br /><span class="add-person__note">{m.email}</span></td>
                                            <td data-label=t!(i18n, tenants.role)>{move || role.get()}</td>
                                            <td data-label=t!(i18n, users.col_state)>{state}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                Tab::Billing => view! {
                    <dl class="summary-list" data-testid="tenant-billing">
                        <dt>{t!(i18n, tenants.company)}</dt><dd>{billing.company.clone()}</dd>
                        <dt>{t!(i18n, tenants.vat)}</dt><dd>{billing.vat_id.clone()}</dd>
                        <dt>{t!(i18n, tenants.country)}</dt><dd>{billing.country.clone()}</dd>
                        <dt>{t!(i18n, tenants.billing_email)}</dt><dd>{billing.email.clone()}</dd>
                    </dl>
                    <p class="add-person__note">{t!(i18n, tenants.billing_note)}</p>
                }.into_any(),
                Tab::Audit => view! { <AuditList source=AuditSource::OperatorTenant(slug.get_value()) /> }.into_any(),
            }}
        </section>
    }
}
