//! Session housekeeping: sign-ins never completed and sessions past their idle
//! or absolute timeout are deleted by a worker, so an anonymous stream of
//! `GET /auth/login` cannot grow the store without bound.
use crate::domain::model::Millis;
use crate::ports::store::StoreResult;
use crate::repo::Repo;

/// The timeouts the purge applies (the same ones the session layer enforces).
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    /// A sign-in must complete within this long.
    pub login_ms: Millis,
    /// A session unused for this long is over.
    pub idle_ms: Millis,
}

/// What one purge removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub logins: u64,
    pub sessions: u64,
}

/// Deletes the expired pending sign-ins and sessions; live ones stay.
pub async fn purge_expired(repo: &Repo, lifetimes: Lifetimes) -> StoreResult<Purged> {
    let now = repo.now();
    Ok(Purged {
        logins: repo.delete_logins_before(now - lifetimes.login_ms).await?,
        sessions: repo
            .delete_dead_sessions(now, now - lifetimes.idle_ms)
            .await?,
    })
}
