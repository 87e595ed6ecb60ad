use crate::domain::audit::{AuditEntry, Detail, Outcome};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// One event: the summary line, and on opening the diff, every field and
/// (`proof_href`) the link that downloads its inclusion proof.
#[component]
pub fn AuditRow(e: AuditEntry, #[prop(optional)] proof_href: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let outcome = e.outcome.as_str();
    let diff = e.diff;
    let other: Vec<(String, String)> = e
        .details
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Detail::Text(text) => text,
                Detail::At(at) => crate::format::date_time(lang, at),
            };
            (k, text)
        })
        .collect();
    let has_diff = !diff.is_empty();
    view! {
        <li class="audit-row" data-testid="audit-row" data-seq=e.seq data-action=e.action.clone() data-outcome=outcome data-source=e.source.as_str()>
            <details>
                <summary class="audit-row__summary">
                    <time class="audit-row__time">{crate::format::date_time(lang, e.at)}</time>
                    <code class="audit-row__action">{e.action.clone()}</code>
                    <span class="audit-row__actor">{e.actor_email.clone()}</span>
                    <span class="audit-row__resource">{e.resource_name.clone()}</span>
                    <span class="audit-row__tenant">{e.tenant_slug.clone().unwrap_or_default()}</span>
                    <OutcomePill outcome=e.outcome />
                </summary>
                {has_diff.then(|| view! {
                    <table class="data-table diff-table" data-testid="audit-diff">
                        <thead><tr>
                            <th scope="col">{t!(i18n, audit.field)}</th>
                            <th scope="col">{t!(i18n, audit.from)}</th>
                            <th scope="col">{t!(i18n, audit.to)}</th>
                        </tr></thead>
                        <tbody>
                            {diff.into_iter().map(|(k, from, to)| view! { <tr><td>{k}</td><td>{from}</td><td>{to}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                })}
                <dl class="kv">
                    <dt>"seq"</dt><dd>{e.seq}</dd>
                    <dt>"source"</dt><dd>{e.source.product()}</dd>
                    <dt>"actorIp"</dt><dd>{e.actor_ip.clone()}</dd>
                    <dt>"resource"</dt><dd>{format!("{} {}", e.resource_type, e.resource_id)}</dd>
                    {other.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    <dt>"hash"</dt><dd><code>{e.hash}"…"</code></dd>
                </dl>
                {proof_href.map(|href| view! {
                    <div class="audit-row__proof">
                        <a class="button button--secondary" rel="external" download="" href=href data-testid="audit-proof">
                            {t!(i18n, audit.download_proof)}
                        </a>
                        <p class="muted">{t!(i18n, audit.proof_hint)}</p>
                    </div>
                })}
            </details>
        </li>
    }
}

/// An event's outcome in words, coloured by kind.
#[component]
pub fn OutcomePill(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("audit-row__outcome outcome--{}", outcome.as_str())>
            {move || match outcome {
                Outcome::Success => t_string!(i18n, audit.outcome_success),
                Outcome::Failure => t_string!(i18n, audit.outcome_failure),
                Outcome::Denied => t_string!(i18n, audit.outcome_denied),
            }}
        </span>
    }
}
