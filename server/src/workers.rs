//! Background work of the server process.
use app::services::audit::Auditor;
use app::services::audit::checkpoint::Reason;
use std::sync::Arc;
use std::time::Duration;

/// How often the chain head is signed (skipped when nothing changed).
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Signs the audit chain head every five minutes.
pub fn spawn_checkpoints(auditor: Arc<Auditor>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_INTERVAL);
        tick.tick().await; // the first tick is immediate: start-up already signed
        loop {
            tick.tick().await;
            if let Err(e) = auditor.checkpoint(Reason::Interval).await {
                tracing::error!(error = %e, "interval checkpoint failed");
            }
        }
    })
}

/// Reads the identity, mail and files servers' logs into the audit log every
/// `interval` (the first run at start-up). A feed that fails keeps its
/// cursor and is retried at the next run; its failure shows on the
/// Infrastructure page.
pub fn spawn_audit_ingest(
    ingest: Arc<app::services::audit::ingest::Ingest>,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            ingest.run_all().await;
        }
    })
}

/// How often the archive worker looks at the clock.
pub const ARCHIVE_TICK: Duration = Duration::from_secs(5 * 60);

/// The daily cold-archive run: at the configured UTC hour, at most once per
/// UTC day across every instance (the day is claimed in the store first).
pub fn spawn_daily_archive(
    archiver: Arc<app::services::audit::archive::Archiver>,
    repo: app::repo::Repo,
    run_hour_utc: u8,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(ARCHIVE_TICK);
        loop {
            tick.tick().await;
            daily_archive_tick(&archiver, &repo, run_hour_utc).await;
        }
    })
}

/// One look at the clock: runs the archive if it is the hour and today's run
/// has not been claimed yet. Returns whether it ran.
pub async fn daily_archive_tick(
    archiver: &app::services::audit::archive::Archiver,
    repo: &app::repo::Repo,
    run_hour_utc: u8,
) -> bool {
    use app::services::audit::archive::{utc_day, utc_hour};
    let now = repo.now();
    if utc_hour(now) != run_hour_utc {
        return false;
    }
    match repo.claim_archive_day(&utc_day(now)).await {
        Ok(true) => {
            // The run records its own outcome in the audit log and the log.
            let _ = archiver.run("schedule").await;
            true
        }
        Ok(false) => false,
        Err(e) => {
            tracing::error!(error = %e, "archive day guard: audit store failed");
            false
        }
    }
}

/// How often expired sign-ins and sessions are deleted.
pub const PURGE_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Deletes pending sign-ins never completed and sessions past their timeouts,
/// every ten minutes (the first sweep at start-up).
pub fn spawn_session_purge(
    repo: app::repo::Repo,
    lifetimes: app::services::sessions::Lifetimes,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_INTERVAL);
        loop {
            tick.tick().await;
            match app::services::sessions::purge_expired(&repo, lifetimes).await {
                Ok(p) if p.logins + p.sessions > 0 => {
                    tracing::info!(
                        logins = p.logins,
                        sessions = p.sessions,
                        "purged expired sign-ins and sessions"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "session purge failed"),
            }
        }
    })
}

/// How often interrupted provisioning jobs are looked for.
pub const JOB_SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// Marks provisioning jobs left running by a stopped process as failed (at
/// start-up, then every minute), so the page offers Retry instead of a job
/// that looks busy for ever.
pub fn spawn_job_sweeper(repo: app::repo::Repo) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(JOB_SWEEP_INTERVAL);
        loop {
            tick.tick().await;
            if let Err(e) = app::services::provisioning::sweep_interrupted(&repo).await {
                tracing::error!(error = %e, "provisioning job sweep failed");
            }
        }
    })
}

/// Rechecks mail domains against DNS when their slot in the interval comes
/// (`DNS_RECHECK_INTERVAL_SECS`): drift marks a domain "needs attention".
/// Looks at the schedule every minute, or more often for short intervals.
pub fn spawn_domain_checks(
    services: app::services::context::Services,
) -> tokio::task::JoinHandle<()> {
    let every = Duration::from_secs(services.domain_recheck_secs.clamp(1, 60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = app::services::domains::check_due(&services).await {
                tracing::error!(error = ?e, "scheduled domain checks failed");
            }
        }
    })
}

/// Purges the tenants deleted longer ago than `TENANT_RETENTION_DAYS`, hourly
/// (and at start-up).
pub fn spawn_tenant_purge(
    services: app::services::context::Services,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match app::services::operator_tenants::purge_due(&services).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(purged = n, "deleted tenants purged"),
                Err(e) => tracing::error!(error = ?e, "tenant purge failed"),
            }
        }
    })
}

/// Takes the day's MRR snapshot: at start-up and every hour, so the first
/// run after midnight UTC takes the new day (and a day missed while the
/// server was down is taken late, not invented). Then, with
/// `PAYOUTS_AUTOGEN`, generates the current month's partner payouts from
/// it: pending rows follow the figures, paid ones are never touched.
pub fn spawn_revenue(repo: app::repo::Repo, payouts: bool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match app::services::revenue::take(&repo).await {
                Ok(r) if r.days.is_empty() => {}
                Ok(r) => tracing::info!(days = ?r.days, rows = r.rows, "MRR snapshot taken"),
                Err(e) => tracing::error!(error = %e, "MRR snapshot failed"),
            }
            if !payouts {
                continue;
            }
            let today = app::domain::revenue::day_label(app::domain::revenue::day_of(repo.now()));
            let month = app::domain::payouts::month_of(&today).to_owned();
            match app::services::payouts::generate(&repo, &month).await {
                Ok(g) if g.written == 0 => {}
                Ok(g) => {
                    tracing::info!(%month, written = g.written, as_of = ?g.as_of, "payouts generated")
                }
                Err(e) => tracing::error!(error = %e, "payout generation failed"),
            }
        }
    })
}

/// Writes the collapsed events of closed sign-in failure windows.
pub fn spawn_failure_flush(
    auth: Arc<crate::auth::Auth>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            auth.flush_failures(false).await;
        }
    })
}
