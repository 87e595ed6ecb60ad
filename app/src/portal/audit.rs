use crate::i18n::{t, use_i18n};
use crate::kit::ErrorNotice;
use crate::operator::{AuditFilterControls, AuditRow};
use crate::platform::AppError;
use crate::platform::api::{tenant_audit, whoami};
use crate::platform::audit::{AuditFilter, Outcome};
use crate::platform::model::TenantRole;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// /admin/audit?tenant=SLUG: the tenant's own slice of the audit log (scoped on
/// the server), with CSV export of the current filter.
#[component]
pub fn TenantAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (outcome, set_outcome) = signal(None::<Outcome>);
    let (q, set_q) = signal(String::new());
    let data = Resource::new(
        move || (query.read().get("tenant"), outcome.get(), q.get()),
        |(slug, outcome, q)| async move {
            let slug = match slug {
                Some(s) => s,
                None => match whoami().await? {
                    Some(w) => match w.tenants.into_iter().find(|t| t.role == TenantRole::Admin) {
                        Some(t) => t.slug,
                        None => return Err(AppError::Forbidden),
                    },
                    None => return Err(AppError::Unauthenticated),
                },
            };
            let filter = AuditFilter {
                outcome,
                q: q.clone(),
                ..AuditFilter::default()
            };
            let page = tenant_audit(slug.clone(), filter, None).await?;
            Ok::<_, AppError>((slug, outcome, q, page))
        },
    );
    view! {
        <h1>{t!(i18n, audit.audit_title)}</h1>
        <div class="inline-form audit-filters">
            <AuditFilterControls set_outcome q set_q />
        </div>
        <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok((slug, outcome, q, page)) => {
                        let outcome = outcome.map_or("", Outcome::as_str);
                        let q: String = url_encode(&q);
                        let csv = format!("/admin/audit.csv?tenant={slug}&outcome={outcome}&q={q}");
                        let empty = page.items.is_empty();
                        view! {
                            <p>
                                <a class="button button--ghost" rel="external" download="" href=csv data-testid="audit-csv">{t!(i18n, audit.export_csv)}</a>
                            </p>
                            {empty.then(|| view! { <p>{t!(i18n, audit.no_events)}</p> })}
                            <ol class="audit-rows" data-testid="audit-rows">
                                {page.items.into_iter().map(|e| view! { <AuditRow e /> }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Percent-encodes a query value.
fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
