use crate::audit_log::{AuditList, AuditSource};
use crate::i18n::use_i18n;
use crate::kit::{Async, ConsoleHeader};
use crate::shell::admin_page_tenant;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// /admin/audit?tenant=SLUG: the tenant's own slice of the audit log (scoped on
/// the server), with CSV export of the current filter.
#[component]
pub fn TenantAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let changed = RwSignal::new(0u32);
    let slug = Resource::new(move || query.read().get("tenant"), admin_page_tenant);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, audit.audit_title)
            on_refresh=Callback::new(move |()| changed.update(|n| *n += 1))
        />
        <Async data=slug let:slug>
            <AuditList source=AuditSource::Tenant(slug) changed=changed />
        </Async>
    }
}
