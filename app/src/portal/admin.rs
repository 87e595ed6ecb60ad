use crate::i18n::{t, use_i18n};
use crate::kit::{ErrorNotice, role_label};
use crate::platform::AppError;
use crate::platform::api::{tenant_home, tenant_members, whoami};
use crate::platform::model::TenantRole;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// /admin?tenant=SLUG: the tenant admin area. Without a slug it opens the first
/// tenant the person administers. Every figure comes from a server function that
/// checks the role for THAT tenant, so a member sees an error and nothing else.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let slug = move || query.read().get("tenant");
    let data = Resource::new(slug, |slug| async move {
        let slug = match slug {
            Some(s) => s,
            None => match whoami().await? {
                Some(w) => match w.tenants.into_iter().find(|t| t.role == TenantRole::Admin) {
                    Some(t) => t.slug,
                    None => return Ok(None),
                },
                None => return Err(AppError::Unauthenticated),
            },
        };
        let members = tenant_members(slug.clone()).await?;
        let tenant = tenant_home(slug).await?;
        Ok::<_, AppError>(Some((tenant, members)))
    });
    view! {
        <h1>{t!(i18n, admin.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(None) => view! { <p data-testid="no-admin-tenant">{t!(i18n, admin.no_admin_tenant)}</p> }.into_any(),
                    Ok(Some((tenant, members))) => view! {
                        <section data-testid="admin-tenant" data-tenant=tenant.slug.clone()>
                            <h2>{tenant.name}</h2>
                            <dl class="kv">
                                <dt>{t!(i18n, admin.plan)}</dt><dd>{tenant.plan}</dd>
                                <dt>{t!(i18n, admin.seats)}</dt><dd>{tenant.seats}</dd>
                            </dl>
                            <h3>{t!(i18n, admin.members)}</h3>
                            <table class="data-table" data-testid="members">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, admin.col_name)}</th>
                                    <th scope="col">{t!(i18n, admin.col_email)}</th>
                                    <th scope="col">{t!(i18n, admin.col_role)}</th>
                                </tr></thead>
                                <tbody>
                                    {members.into_iter().map(|m| view! {
                                        <tr data-testid="member-row">
                                            <td>{m.name}</td>
                                            <td>{m.email}</td>
                                            <td>{role_label(m.role)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
