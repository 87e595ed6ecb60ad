use crate::api::{person_systems, tenant_members};
use crate::domain::AppError;
use crate::i18n::{t, use_i18n};
use crate::kit::{Async, ConsoleHeader, StatCard, StatCards, role_label};
use crate::shell::{admin_page_tenant, first_admin_tenant};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// /admin/users?tenant=SLUG: the tenant admin's users page. Without a slug it opens
/// the first tenant the person administers. Every figure comes from a server
/// function that checks the role for THAT tenant, so a member sees an error and
/// nothing else.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let slug = move || query.read().get("tenant");
    let data = Resource::new(slug, |slug| async move {
        let slug = match slug {
            Some(s) => s,
            None => match first_admin_tenant().await? {
                Some(s) => s,
                None => return Ok(None),
            },
        };
        let found = tenant_members(slug).await?;
        Ok::<_, AppError>(Some((found.tenant, found.members)))
    });
    // A change to people reloads the members and the recent changes.
    let changes = RwSignal::new(0u32);
    // Each member's accounts, read live from the three servers.
    let systems = Resource::new(
        move || (slug(), changes.get()),
        |(slug, _)| async move { person_systems(admin_page_tenant(slug).await?).await },
    );
    let reload = Callback::new(move |()| {
        changes.update(|n| *n += 1);
        data.refetch();
    });
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, admin.users_title)
            on_refresh=reload
        />
        <Async data let:found>
            {match found {
                None => view! { <super::NoAdminTenant /> }.into_any(),
                Some((tenant, members)) => {
                    let lang = i18n.get_locale_untracked();
                    let active = members.iter().filter(|m| m.active).count() as u64;
                    let seats = u64::from(tenant.seats);
                    let status = tenant.status;
                    let slug = tenant.slug.clone();
                    view! {
                        <section data-testid="admin-tenant" data-tenant=tenant.slug.clone()>
                            <h2>{tenant.name}</h2>
                            <StatCards>
                                <StatCard label=crate::i18n::t_signal!(i18n, admin.plan) value=tenant.plan />
                                <StatCard
                                    label=crate::i18n::t_signal!(i18n, admin.seats)
                                    value=format!("{} / {}", crate::format::count(lang, active), crate::format::count(lang, seats))
                                    test_id="admin-seats"
                                />
                                <StatCard label=crate::i18n::t_signal!(i18n, admin.col_status) value=crate::partner::status_label(status).get_untracked() />
                            </StatCards>
                            <h3>{t!(i18n, admin.members)}</h3>
                            <super::people::AddPersonPanel
                                slug=tenant.slug.clone()
                                on_change=reload
                            />
                            <div class="table-scroll">
                                <table class="data-table" data-testid="members">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, admin.col_name)}</th>
                                        <th scope="col">{t!(i18n, admin.col_email)}</th>
                                        <th scope="col">{t!(i18n, admin.col_role)}</th>
                                        <th scope="col">{t!(i18n, admin.col_status)}</th>
                                        <th scope="col">{t!(i18n, admin.col_systems)}</th>
                                        <th scope="col">{t!(i18n, admin.col_actions)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {members.into_iter().map(|m| view! {
                                            <tr data-testid="member-row" data-email=m.email.clone() data-active=if m.active { "true" } else { "false" } data-role=m.role.as_str()>
                                                <td data-label=t!(i18n, admin.col_name)>{m.name}</td>
                                                <td data-label=t!(i18n, admin.col_email)>{m.email.clone()}</td>
                                                <td data-label=t!(i18n, admin.col_role)>{role_label(m.role)}</td>
                                                <td data-label=t!(i18n, admin.col_status)>
                                                    {if m.active { t!(i18n, admin.active).into_any() } else { t!(i18n, admin.inactive).into_any() }}
                                                </td>
                                                <td data-label=t!(i18n, admin.col_systems)>
                                                    <super::people::SystemsCell email=m.email.clone() systems />
                                                </td>
                                                <td data-label=t!(i18n, admin.col_actions)>
                                                    <super::people::MemberActions
                                                        slug=slug.clone()
                                                        email=m.email.clone()
                                                        active=m.active
                                                        role=m.role
                                                        you=m.you
                                                        on_change=reload
                                                    />
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <super::people::RecentJobs
                                slug=tenant.slug.clone()
                                version=Signal::derive(move || changes.get())
                                on_change=reload
                            />
                        </section>
                    }.into_any()
                }
            }}
        </Async>
    }
}
