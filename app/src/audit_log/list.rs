use super::{AuditFilterControls, AuditRow};
use crate::api::{audit_list, tenant_audit};
use crate::domain::AppError;
use crate::domain::audit::{AuditEntries, AuditEntry, AuditFilter, CATEGORIES, Outcome};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{EmptyState, ErrorNotice, FilterChips, ListToolbar, LoadMore};
use leptos::prelude::*;

/// Whose events the list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditSource {
    /// Every event (operators).
    Platform,
    /// One tenant's events (its admins); the server scopes it whatever the filter.
    Tenant(String),
    /// One tenant's events in the operator console (its tenant detail).
    OperatorTenant(String),
}

impl AuditSource {
    async fn page(
        self,
        filter: AuditFilter,
        after: Option<String>,
    ) -> Result<AuditEntries, AppError> {
        match self {
            AuditSource::Platform => audit_list(filter, after).await,
            AuditSource::OperatorTenant(slug) => {
                let filter = AuditFilter {
                    tenant: Some(slug),
                    ..filter
                };
                audit_list(filter, after).await
            }
            AuditSource::Tenant(slug) => tenant_audit(slug, filter, after).await,
        }
    }
}

impl AuditSource {
    /// The download link of event `seq`'s inclusion proof: a tenant's admins
    /// prove within their tenant, operators any event.
    fn proof_href(&self, seq: u64) -> String {
        match self {
            AuditSource::Tenant(slug) => format!(
                "/audit/proof/{seq}?tenant={}",
                crate::format::url_encode(slug)
            ),
            AuditSource::Platform | AuditSource::OperatorTenant(_) => {
                format!("/audit/proof/{seq}")
            }
        }
    }
}

const HOUR_MS: i64 = 3_600_000;

/// The `data-chip` of a category chip.
fn category_chip(category: &Option<&'static str>) -> &'static str {
    category.unwrap_or("all")
}

/// The export link of the current filter, parameters percent-encoded.
fn csv_href(slug: &str, f: &AuditFilter) -> String {
    let enc = |v: &str| -> String { crate::format::url_encode(v) };
    let mut href = format!(
        "/admin/audit.csv?tenant={}&outcome={}&q={}",
        enc(slug),
        f.outcome.map_or("", Outcome::as_str),
        enc(&f.q)
    );
    if let Some(c) = &f.category {
        href.push_str(&format!("&category={}", enc(c)));
    }
    if let Some(since) = f.since {
        href.push_str(&format!("&since={since}"));
    }
    href
}

#[component]
pub fn AuditList(
    source: AuditSource,
    /// Bumped by the page when the log changed (a checkpoint, an archive run, a
    /// refresh): the list re-reads.
    #[prop(optional, into)]
    changed: Option<Signal<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = RwSignal::new(None::<&'static str>);
    let (outcome, set_outcome) = signal(None::<Outcome>);
    // A link into the list may carry its search (`?q=`).
    let (q, set_q) = signal(
        leptos_router::hooks::use_query_map()
            .with_untracked(|m| m.get("q"))
            .unwrap_or_default(),
    );
    let (range_hours, set_range_hours) = signal(0i64);
    let filter = move || AuditFilter {
        category: category.get().map(str::to_owned),
        outcome: outcome.get(),
        q: q.get(),
        since: None,
        tenant: None,
    };
    let first = {
        let source = source.clone();
        Resource::new(
            move || (filter(), range_hours.get(), changed.map(|c| c.get())),
            move |(mut f, hours, _)| {
                let source = source.clone();
                async move {
                    if hours > 0 {
                        // The window is anchored at the newest event: the server's
                        // clock, not the browser's.
                        let newest = source
                            .clone()
                            .page(AuditFilter::default(), None)
                            .await?
                            .items
                            .first()
                            .map(|e| e.at);
                        f.since = newest.map(|at| at - hours * HOUR_MS);
                    }
                    source.page(f.clone(), None).await.map(|p| (f, p))
                }
            },
        )
    };
    let older = RwSignal::new(Vec::<AuditEntry>::new());
    let cursor = RwSignal::new(None::<String>);
    let current = RwSignal::new(AuditFilter::default());
    let load_older = {
        let source = source.clone();
        Action::new(move |(f, after): &(AuditFilter, String)| {
            source.clone().page(f.clone(), Some(after.clone()))
        })
    };
    Effect::new(move |_| {
        if let Some(Ok(page)) = load_older.value().get() {
            older.update(|o| o.extend(page.items));
            cursor.set(page.next);
        }
    });
    let mut chips: Vec<(Option<&'static str>, Signal<String>)> =
        vec![(None, crate::i18n::t_signal!(i18n, audit.all))];
    for (name, _) in CATEGORIES {
        let label = Signal::derive(move || {
            match *name {
                "tenants" => t_string!(i18n, audit.cat_tenants),
                "partners" => t_string!(i18n, audit.cat_partners),
                "flags" => t_string!(i18n, audit.cat_flags),
                "users" => t_string!(i18n, audit.cat_users),
                "people" => t_string!(i18n, audit.cat_people),
                "apps" => t_string!(i18n, audit.cat_apps),
                "files" => t_string!(i18n, audit.cat_files),
                "security" => t_string!(i18n, audit.cat_security),
                _ => t_string!(i18n, audit.cat_billing),
            }
            .to_string()
        });
        chips.push((Some(*name), label));
    }
    let proofs = StoredValue::new(source.clone());
    let tenant = match &source {
        AuditSource::Tenant(slug) => Some(slug.clone()),
        AuditSource::Platform | AuditSource::OperatorTenant(_) => None,
    };
    view! {
        <section class="audit-list" aria-label=t!(i18n, audit.audit_title)>
            <FilterChips
                options=chips
                selected=category
                label=crate::i18n::t_signal!(i18n, audit.audit_title)
                test_id="audit-chips"
                chip_id=category_chip
            />
            <ListToolbar>
                <div class="inline-form audit-filters">
                    <AuditFilterControls set_outcome q set_q />
                    <label>
                        <span>{t!(i18n, audit.range)}</span>
                        <select data-testid="audit-range" on:change=move |ev| set_range_hours.set(event_target_value(&ev).parse().unwrap_or(0))>
                            <option value="0">{t!(i18n, audit.range_all)}</option>
                            <option value="24">{t!(i18n, audit.range_24h)}</option>
                            <option value="168">{t!(i18n, audit.range_7d)}</option>
                            <option value="720">{t!(i18n, audit.range_30d)}</option>
                        </select>
                    </label>
                </div>
                {tenant.map(|slug| view! {
                    <a
                        class="button button--ghost"
                        rel="external"
                        download=""
                        href=move || csv_href(&slug, &current.get())
                        data-testid="audit-csv"
                    >{t!(i18n, audit.export_csv)}</a>
                })}
            </ListToolbar>
            <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match first.await {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok((f, page)) => {
                            older.set(Vec::new());
                            cursor.set(page.next.clone());
                            current.set(f);
                            let empty = page.items.is_empty();
                            view! {
                                {empty.then(|| view! {
                                    <EmptyState
                                        title=crate::i18n::t_signal!(i18n, audit.no_events)
                                        test_id="audit-empty"
                                    />
                                })}
                                <ol class="audit-rows" data-testid="audit-rows">
                                    {page.items.into_iter().map(|e| {
                                        let proof_href = proofs.with_value(|s| s.proof_href(e.seq));
                                        view! { <AuditRow e proof_href /> }
                                    }).collect_view()}
                                    <For each=move || older.get() key=|e| e.seq let:e>
                                        <AuditRow proof_href=proofs.with_value(|s| s.proof_href(e.seq)) e />
                                    </For>
                                </ol>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            <LoadMore
                more=Signal::derive(move || cursor.get().is_some())
                pending=load_older.pending()
                on_load=Callback::new(move |()| {
                    if let Some(after) = cursor.get_untracked() {
                        load_older.dispatch((current.get_untracked(), after));
                    }
                })
                test_id="audit-load-older"
                label=crate::i18n::t_signal!(i18n, audit.load_older)
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_link_encodes_every_parameter() {
        let f = AuditFilter {
            category: Some("flags".into()),
            outcome: Some(Outcome::Denied),
            q: "a&b=c d/ø".into(),
            since: Some(1_800_000_000_000),
            tenant: None,
        };
        assert_eq!(
            csv_href("fjord-tandklinik", &f),
            "/admin/audit.csv?tenant=fjord-tandklinik&outcome=denied&q=a%26b%3Dc%20d%2F%C3%B8&category=flags&since=1800000000000"
        );
    }
}
