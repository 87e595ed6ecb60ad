//! Repeated identical sign-in failures from one address, collapsed (ASVS 5.0
//! V16.3 with the log kept readable): the first failure of a (address, reason)
//! pair is recorded at once; the ones after it within the window are counted
//! and written as ONE event with the count when the window closes. A flood of
//! bogus callbacks therefore costs the audit log two events per address and
//! reason per window, and buries nothing.
use super::Client;
use std::collections::HashMap;
use std::sync::Mutex;

/// One open window.
#[derive(Clone, Debug)]
pub struct Window {
    pub opened_at: i64,
    pub last_at: i64,
    /// Failures after the first (the first was recorded when it happened).
    pub repeated: u64,
    pub user_agent: String,
}

/// A window that closed with repeats: the collapsed event to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collapsed {
    pub ip: String,
    pub reason: String,
    pub count: u64,
    pub first_at: i64,
    pub last_at: i64,
    pub user_agent: String,
}

pub struct FailureCollapser {
    window_ms: i64,
    open: Mutex<HashMap<(String, String), Window>>,
}

impl FailureCollapser {
    pub fn new(window_ms: i64) -> Self {
        Self {
            window_ms,
            open: Mutex::new(HashMap::new()),
        }
    }

    /// Notes a failure at `now`; true when it is the first of its window (and
    /// is to be recorded at once).
    pub fn note(&self, client: &Client, reason: &str, now: i64) -> bool {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (client.ip.clone(), reason.to_owned());
        match open.get_mut(&key) {
            Some(w) if now - w.opened_at < self.window_ms => {
                w.repeated += 1;
                w.last_at = now;
                false
            }
            _ => {
                open.insert(
                    key,
                    Window {
                        opened_at: now,
                        last_at: now,
                        repeated: 0,
                        user_agent: client.user_agent.clone(),
                    },
                );
                true
            }
        }
    }

    /// Closes the windows older than the window length (all of them with
    /// `everything`, at shutdown) and returns those that had repeats.
    pub fn close_due(&self, now: i64, everything: bool) -> Vec<Collapsed> {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let due: Vec<(String, String)> = open
            .iter()
            .filter(|(_, w)| everything || now - w.opened_at >= self.window_ms)
            .map(|(k, _)| k.clone())
            .collect();
        let mut out = Vec::new();
        for key in due {
            if let Some(w) = open.remove(&key)
                && w.repeated > 0
            {
                out.push(Collapsed {
                    ip: key.0,
                    reason: key.1,
                    count: w.repeated,
                    first_at: w.opened_at,
                    last_at: w.last_at,
                    user_agent: w.user_agent,
                });
            }
        }
        out.sort_by_key(|c| c.first_at);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(ip: &str) -> Client {
        Client {
            ip: ip.into(),
            user_agent: "curl".into(),
        }
    }

    #[test]
    fn the_first_failure_is_recorded_and_the_rest_collapse() {
        let c = FailureCollapser::new(1_000);
        assert!(c.note(&client("192.0.2.1"), "unknown_login", 0));
        for t in 1..=5 {
            assert!(!c.note(&client("192.0.2.1"), "unknown_login", t * 10));
        }
        assert!(
            c.note(&client("192.0.2.1"), "state_mismatch", 60),
            "another reason"
        );
        assert!(
            c.note(&client("192.0.2.2"), "unknown_login", 70),
            "another address"
        );
        assert!(c.close_due(999, false).is_empty(), "still open");
        let closed = c.close_due(1_000, false);
        assert_eq!(closed.len(), 1, "only windows with repeats make an event");
        assert_eq!(
            (closed[0].count, closed[0].first_at, closed[0].last_at),
            (5, 0, 50)
        );
        assert!(
            c.note(&client("192.0.2.1"), "unknown_login", 1_001),
            "a new window"
        );
    }
}
