use crate::api::{AuditArchiveRun, AuditCheckpoint, AuditVerify, audit_cold, audit_status};
use crate::audit_log::{AuditList, AuditSource};
use crate::domain::audit::{Break, ColdStatus};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ConsoleHeader, ErrorNotice};
use leptos::prelude::*;

/// /operator/audit: the tamper-evidence card and the filtered, paginated list.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped when an action changed the chain (checkpoint, archive run), so
    // the list and the head re-read.
    let changed = RwSignal::new(0u32);
    provide_context(AuditChanged(changed));
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, audit.audit_title)
            on_refresh=Callback::new(move |()| changed.update(|n| *n += 1))
        />
        <TamperCard />
        <ColdCard />
        <AuditList source=AuditSource::Platform changed=changed />
    }
}

#[derive(Clone, Copy)]
struct AuditChanged(RwSignal<u32>);

/// The change counter of the page (None outside it).
fn audit_changed() -> Option<RwSignal<u32>> {
    use_context::<AuditChanged>().map(|c| c.0)
}

/// Bumps the page's change counter each time an action completes.
fn bump_after(version: RwSignal<usize>, changed: Option<RwSignal<u32>>) {
    Effect::new(move |_| {
        if version.get() > 0
            && let Some(c) = changed
        {
            c.update(|n| *n += 1);
        }
    });
}

#[component]
fn TamperCard() -> impl IntoView {
    let i18n = use_i18n();
    let verify = ServerAction::<AuditVerify>::new();
    let checkpoint = ServerAction::<AuditCheckpoint>::new();
    let changed = audit_changed();
    bump_after(checkpoint.version(), changed);
    let status = Resource::new(
        move || (changed.map(|c| c.get()), verify.version().get()),
        |_| audit_status(),
    );
    let tint = move || match verify.value().get() {
        Some(Ok(r)) if r.ok => "card tamper tamper--ok",
        Some(Ok(_)) => "card tamper tamper--broken",
        _ => "card tamper",
    };
    view! {
        <section class=tint data-testid="tamper-card" aria-labelledby="tamper-title">
            <h2 id="tamper-title">{t!(i18n, audit.tamper_title)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok(s) => {
                            let lang = i18n.get_locale();
                            view! {
                                <dl class="kv">
                                    <dt>{t!(i18n, audit.head_seq)}</dt>
                                    <dd data-testid="head-seq">{s.head_seq.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</dd>
                                    <dt>{t!(i18n, audit.signer)}</dt>
                                    <dd>{s.signer.clone().unwrap_or_else(|| t_string!(i18n, audit.signing_off).to_string())}</dd>
                                    <dt>{t!(i18n, audit.third_party)}</dt>
                                    <dd data-testid="note-key">
                                        {match s.note_key.clone() {
                                            Some(k) => view! { <code class="break-all">{k}</code> }.into_any(),
                                            None => view! { <span>{t!(i18n, audit.third_party_no)}</span> }.into_any(),
                                        }}
                                    </dd>
                                    <dt>{t!(i18n, audit.last_checkpoint)}</dt>
                                    <dd data-testid="last-checkpoint">
                                        {match (s.last_checkpoint_seq, s.last_checkpoint_at) {
                                            (Some(seq), Some(at)) => format!("#{seq} · {}", crate::format::date_time(lang, at)),
                                            _ => "–".into(),
                                        }}
                                    </dd>
                                    <dt>{t!(i18n, audit.failures)}</dt>
                                    <dd data-testid="audit-failures">{s.failures}</dd>
                                </dl>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            <div class="tamper__actions">
                <button type="button" class="button button--primary" data-testid="verify-chain" on:click=move |_| { verify.dispatch(AuditVerify {}); }>
                    {t!(i18n, audit.verify)}
                </button>
                <button type="button" class="button button--ghost" data-testid="force-checkpoint" on:click=move |_| { checkpoint.dispatch(AuditCheckpoint {}); }>
                    {t!(i18n, audit.force_checkpoint)}
                </button>
            </div>
            <div aria-live="polite">
                {move || verify.value().get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(r) if r.ok => view! {
                        <p class="tamper__result" data-testid="verify-result" data-ok="true">
                            <strong>{t!(i18n, audit.verified_ok)}</strong>": "
                            {r.events_checked}" "{t!(i18n, audit.events_checked)}", "
                            {r.checkpoints_checked}" "{t!(i18n, audit.checkpoints_checked)}
                            {(r.batches_checked > 0).then(|| view! {
                                "; "{t!(i18n, audit.archived_checked)}" "{r.archived_events_checked}
                                " ("{t!(i18n, audit.batches)}" "{r.batches_checked}")"
                            })}
                        </p>
                        {r.highest_archived_seq.map(|archived| {
                            let hot = r.oldest_hot_seq.map_or_else(|| "–".to_owned(), |n| n.to_string());
                            view! {
                                <p data-testid="tier-boundary">
                                    {t!(i18n, audit.boundary)}": "
                                    {t!(i18n, audit.boundary_value, archived = archived, hot = hot)}
                                </p>
                            }
                        })}
                        {(r.highest_archived_seq.is_some() && !r.archives_verified).then(|| view! {
                            <p>{t!(i18n, audit.archives_unread)}</p>
                        })}
                    }.into_any(),
                    Ok(r) => {
                        let detail = r.first_break.as_ref().map(|b| break_detail(i18n, b)).unwrap_or_default();
                        let kind = r.first_break.as_ref().map(|b| b.kind()).unwrap_or_default();
                        view! {
                            <p class="tamper__result" data-testid="verify-result" data-ok="false" data-kind=kind>
                                <strong>{t!(i18n, audit.broken)}</strong>": "{detail}
                            </p>
                        }.into_any()
                    }
                })}
                {move || checkpoint.value().get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    Ok(Some(seq)) => view! { <p data-testid="checkpoint-result">{t!(i18n, audit.checkpoint_taken)}" "{seq}</p> }.into_any(),
                    Ok(None) => view! { <p data-testid="checkpoint-result">{t!(i18n, audit.checkpoint_skipped)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// The precise break, in the operator's language.
fn break_detail(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, b: &Break) -> String {
    let short = |h: &str| h.get(..12).unwrap_or(h).to_owned();
    let at = t_string!(i18n, audit.break_at).to_string();
    let (expected_l, actual_l) = (
        t_string!(i18n, audit.expected).to_string(),
        t_string!(i18n, audit.actual).to_string(),
    );
    let kind = b.kind();
    match b {
        Break::EventHashMismatch {
            seq,
            expected,
            actual,
        } => format!(
            "{kind} {at} {seq}: {expected_l} {}…, {actual_l} {}…",
            short(expected),
            short(actual)
        ),
        Break::EventPrevHashMismatch { seq } => format!("{kind} {at} {seq}"),
        Break::CheckpointSignatureMismatch { head_seq }
        | Break::CheckpointRootMismatch { head_seq } => format!("{kind} {at} {head_seq}"),
        Break::TreeRootMismatch { size } => format!("{kind} {at} {size}"),
        Break::ArchiveObjectMissing { key } => format!("{kind}: {key}"),
        Break::ArchiveObjectHashMismatch {
            key,
            expected,
            actual,
        } => format!(
            "{kind}: {key}: {expected_l} {}…, {actual_l} {}…",
            short(expected),
            short(actual)
        ),
        Break::ManifestSignatureMismatch { start_seq, end_seq } => {
            format!("{kind} {at} {start_seq}–{end_seq}")
        }
        Break::ManifestContentMismatch {
            start_seq,
            end_seq,
            field,
        } => format!("{kind} {at} {start_seq}–{end_seq}: {field}"),
    }
}

/// The Cold storage card: where and when batches go, the batches, and "Run
/// archive now" with the run's result line.
#[component]
fn ColdCard() -> impl IntoView {
    let i18n = use_i18n();
    let run = ServerAction::<AuditArchiveRun>::new();
    let changed = audit_changed();
    bump_after(run.version(), changed);
    let status = Resource::new(
        move || (run.version().get(), changed.map(|c| c.get())),
        |_| audit_cold(),
    );
    view! {
        <section class="card cold" data-testid="cold-card" aria-labelledby="cold-title">
            <h2 id="cold-title">{t!(i18n, audit.cold_title)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok(s) => cold_status(i18n, s, run).into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn cold_status(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    s: ColdStatus,
    run: ServerAction<AuditArchiveRun>,
) -> impl IntoView {
    let lang = i18n.get_locale();
    let configured = s.target.is_some();
    let hour = format!("{:02}", s.run_hour_utc);
    let batches = s.batches;
    view! {
        <dl class="kv">
            <dt>{t!(i18n, audit.cold_target)}</dt>
            <dd data-testid="cold-target">{match s.target {
                Some(t) => t.into_any(),
                None => t!(i18n, audit.cold_off).into_any(),
            }}</dd>
            {configured.then(|| view! {
                <dt>{t!(i18n, audit.cold_schedule)}</dt>
                <dd>{if s.scheduled {
                    t!(i18n, audit.cold_daily_at, hour = hour.clone()).into_any()
                } else {
                    t!(i18n, audit.cold_daily_off).into_any()
                }}</dd>
                <dt>{t!(i18n, audit.cold_retention)}</dt>
                <dd>{t!(i18n, audit.cold_days, n = s.retention_days)}</dd>
                <dt>{t!(i18n, audit.cold_sse)}</dt>
                <dd>{if s.sse { t!(i18n, audit.cold_sse_on).into_any() } else { t!(i18n, audit.cold_sse_off).into_any() }}</dd>
            })}
        </dl>
        <div class="tamper__actions">
            <button
                type="button"
                class="button button--primary"
                data-testid="run-archive"
                disabled=move || !configured || run.pending().get()
                on:click=move |_| { run.dispatch(AuditArchiveRun {}); }
            >
                {t!(i18n, audit.run_archive)}
            </button>
        </div>
        <div aria-live="polite">
            {move || run.value().get().map(|r| match r {
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                Ok(r) => view! {
                    <p data-testid="archive-result" data-ok=if r.failure.is_none() { "true" } else { "false" }>
                        {(r.leftovers_deleted > 0).then(|| view! {
                            {t!(i18n, audit.run_leftovers, n = r.leftovers_deleted)}" "
                        })}
                        {match (&r.failure, r.batches.len()) {
                            (Some(f), _) => t!(i18n, audit.run_failed, step = f.step.clone(), system = crate::kit::system_name(f.system), message = f.message.clone()).into_any(),
                            (None, 0) => t!(i18n, audit.run_nothing).into_any(),
                            (None, n) => t!(i18n, audit.run_archived, events = r.events_archived, batches = n).into_any(),
                        }}
                    </p>
                }.into_any(),
            })}
        </div>
        {if batches.is_empty() {
            view! { <p data-testid="no-batches">{t!(i18n, audit.no_batches)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table" data-testid="batch-table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, audit.col_archived_at)}</th>
                            <th scope="col">{t!(i18n, audit.col_seq_range)}</th>
                            <th scope="col">{t!(i18n, audit.col_events)}</th>
                            <th scope="col">{t!(i18n, audit.col_size)}</th>
                            <th scope="col">{t!(i18n, audit.col_manifest)}</th>
                        </tr></thead>
                        <tbody>
                            {batches.into_iter().map(|b| view! {
                                <tr data-testid="batch-row">
                                    <td data-label=t!(i18n, audit.col_archived_at)>{crate::format::date_time(lang, b.archived_at)}</td>
                                    <td data-label=t!(i18n, audit.col_seq_range)>{format!("{}–{}", b.start_seq, b.end_seq)}</td>
                                    <td data-label=t!(i18n, audit.col_events)>{crate::format::count(lang, b.event_count)}</td>
                                    <td data-label=t!(i18n, audit.col_size)>{crate::format::bytes(lang, b.bytes_compressed)}</td>
                                    <td data-label=t!(i18n, audit.col_manifest)><code title=b.manifest_sha256.clone()>{b.manifest_sha256.get(..12).unwrap_or_default().to_owned()}"…"</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
