//! The partner portal: only partner staff (fails closed: anyone else gets the
//! server's 403 and sees nothing of any partner).
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{AppShell, ErrorNotice, access_label};
use crate::platform::api::partner_home;
use crate::platform::model::TenantStatus;
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
    let i18n = use_i18n();
    let face = Signal::derive(move || t_string!(i18n, shell.partner).to_string());
    let nav = vec![(
        "/partner",
        Signal::derive(move || t_string!(i18n, shell.nav_customers).to_string()),
        "nav-partner",
        false,
    )];
    let data = Resource::new(|| (), |_| partner_home());
    view! {
        <AppShell face nav>
            <h1>{t!(i18n, partner_portal.title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok(home) => {
                            let empty = home.tenants.is_empty();
                            view! {
                                <p class="lead" data-testid="partner-name">
                                    {home.partner.name}" · "{access_label(home.partner.access)}
                                </p>
                                <h2>{t!(i18n, partner_portal.customers)}</h2>
                                {empty.then(|| view! { <p>{t!(i18n, partner_portal.no_customers)}</p> })}
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
                                                <td>{t.name}</td>
                                                <td>{t.plan}</td>
                                                <td>{t.seats}</td>
                                                <td>{status_label(t.status)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </AppShell>
    }
}
