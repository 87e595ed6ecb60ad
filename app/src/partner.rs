//! The partner portal: only partner staff (fails closed: anyone else gets the
//! server's 403 and sees nothing of any partner).
use crate::api::partner::partner_home;
use crate::domain::model::TenantStatus;
use crate::faces::Face;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, EmptyState, StatCard, StatCards, access_label};
use crate::shell::AppShell;
use leptos::prelude::*;

pub fn status_label(status: TenantStatus) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match status {
        TenantStatus::Active => t_string!(i18n, status_word.active).to_string(),
        TenantStatus::Suspended => t_string!(i18n, status_word.suspended).to_string(),
        TenantStatus::Deleted => t_string!(i18n, status_word.deleted).to_string(),
    })
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    view! {
        <AppShell face=Face::Partner>
            <PartnerHome />
        </AppShell>
    }
}

#[component]
fn PartnerHome() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_home());
    view! {
        <ConsoleHeader
            title=Signal::derive(move || t_string!(i18n, partner_portal.title).to_string())
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:home>
            {
                let lang = i18n.get_locale_untracked();
                let customers = home.tenants.len() as u64;
                let seats: u64 = home
                    .tenants
                    .iter()
                    .filter(|t| t.status == TenantStatus::Active)
                    .map(|t| u64::from(t.seats))
                    .sum();
                let empty = home.tenants.is_empty();
                view! {
                    <p class="lead" data-testid="partner-name">
                        {home.partner.name.clone()}" · "{access_label(home.partner.access)}
                    </p>
                    <StatCards>
                        <StatCard
                            label=Signal::derive(move || t_string!(i18n, partner_portal.customers).to_string())
                            value=crate::format::count(lang, customers)
                            test_id="partner-customer-count"
                        />
                        <StatCard
                            label=Signal::derive(move || t_string!(i18n, operator.seats).to_string())
                            value=crate::format::count(lang, seats)
                        />
                    </StatCards>
                    <h2>{t!(i18n, partner_portal.customers)}</h2>
                    {empty.then(|| view! {
                        <EmptyState title=Signal::derive(move || t_string!(i18n, partner_portal.no_customers).to_string()) />
                    })}
                    <div class="table-scroll">
                        <table class="data-table" data-testid="partner-tenants">
                            <thead><tr>
                                <th scope="col">{t!(i18n, partner_portal.col_customer)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_plan)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_seats)}</th>
                                <th scope="col">{t!(i18n, partner_portal.col_status)}</th>
                            </tr></thead>
                            <tbody>
                                {home.tenants.into_iter().map(|t| view! {
                                    <tr data-testid="partner-tenant" data-tenant=t.slug.clone()>
                                        <td data-label=move || t_string!(i18n, partner_portal.col_customer)>{t.name}</td>
                                        <td data-label=move || t_string!(i18n, partner_portal.col_plan)>{t.plan}</td>
                                        <td data-label=move || t_string!(i18n, partner_portal.col_seats)>{t.seats}</td>
                                        <td data-label=move || t_string!(i18n, partner_portal.col_status)>{status_label(t.status)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }
        </Async>
    }
}
