//! Background work of the server process.
use app::platform::audit::Auditor;
use app::platform::audit::checkpoint::Reason;
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
