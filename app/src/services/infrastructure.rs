//! The systems dezky depends on, probed live: one probe per configured
//! system (the adapters provide them), run concurrently with a deadline. What
//! the Infrastructure page, the operator overview and `/readyz` show.
use crate::domain::System;
use crate::domain::model::Millis;
use crate::domain::views::{Health, SystemStatus};
use crate::ports::clock::Clock;
use crate::ports::probe::Probe;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A probe that has not answered by then is down.
pub const PROBE_DEADLINE: Duration = Duration::from_secs(5);

pub struct Infrastructure {
    probes: Vec<Arc<dyn Probe>>,
    /// The last failure per system since start-up, and when.
    last_errors: Mutex<HashMap<System, (String, Millis)>>,
}

impl Infrastructure {
    pub fn new(probes: Vec<Arc<dyn Probe>>) -> Self {
        Self {
            probes,
            last_errors: Mutex::new(HashMap::new()),
        }
    }

    /// Every system in `System::ALL` order: probed when configured, else
    /// not connected.
    pub async fn status(&self, clock: &dyn Clock) -> Vec<SystemStatus> {
        // All at once: the page waits for the slowest probe, not their sum.
        let runs: Vec<_> = self
            .probes
            .iter()
            .map(|p| {
                let p = p.clone();
                tokio::spawn(async move {
                    let started = Instant::now();
                    let result = match tokio::time::timeout(PROBE_DEADLINE, p.check()).await {
                        Ok(r) => r,
                        Err(_) => Err(format!("no answer within {} s", PROBE_DEADLINE.as_secs())),
                    };
                    let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    (result, latency)
                })
            })
            .collect();
        let mut results = Vec::with_capacity(runs.len());
        for (probe, run) in self.probes.iter().zip(runs) {
            let (result, latency) = run
                .await
                .unwrap_or_else(|_| (Err("the probe panicked".to_owned()), 0));
            results.push((probe.clone(), result, latency));
        }
        let now = clock.now();
        let mut last = self
            .last_errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = Vec::with_capacity(System::ALL.len());
        for system in System::ALL {
            let Some((probe, result, latency)) =
                results.iter().find(|(p, ..)| p.system() == system)
            else {
                out.push(SystemStatus {
                    system,
                    health: Health::NotConnected,
                    target: String::new(),
                    latency_ms: None,
                    error: None,
                    last_error: None,
                    last_error_at: None,
                    required: false,
                    checked_at: now,
                });
                continue;
            };
            if let Err(e) = result {
                tracing::warn!(system = system.as_str(), error = %e, "probe failed");
                last.insert(system, (e.clone(), now));
            }
            let (last_error, last_error_at) = last
                .get(&system)
                .map_or((None, None), |(e, at)| (Some(e.clone()), Some(*at)));
            out.push(SystemStatus {
                system,
                health: if result.is_ok() {
                    Health::Up
                } else {
                    Health::Down
                },
                target: probe.target(),
                latency_ms: Some(*latency),
                error: result.as_ref().err().cloned(),
                last_error,
                last_error_at,
                required: probe.required(),
                checked_at: now,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use std::sync::atomic::{AtomicBool, Ordering};

    struct Flaky(AtomicBool);

    #[async_trait]
    impl Probe for Flaky {
        fn system(&self) -> System {
            System::Dns
        }
        fn target(&self) -> String {
            "resolvers 127.0.0.1:53".into()
        }
        async fn check(&self) -> Result<(), String> {
            if self.0.load(Ordering::SeqCst) {
                Ok(())
            } else {
                Err("dns: no resolver answered in time".into())
            }
        }
    }

    struct FixedClock;
    impl Clock for FixedClock {
        fn now(&self) -> Millis {
            1_000
        }
        fn new_id(&self) -> String {
            "id".into()
        }
    }

    #[tokio::test]
    async fn unprobed_systems_are_not_connected_and_failures_are_remembered() {
        let probe = Arc::new(Flaky(AtomicBool::new(false)));
        let infra = Infrastructure::new(vec![probe.clone()]);
        let rows = infra.status(&FixedClock).await;
        assert_eq!(rows.len(), System::ALL.len());
        let dns = rows.iter().find(|r| r.system == System::Dns).unwrap();
        assert_eq!(dns.health, Health::Down);
        assert_eq!(
            dns.error.as_deref(),
            Some("dns: no resolver answered in time")
        );
        assert!(
            rows.iter()
                .filter(|r| r.system != System::Dns)
                .all(|r| r.health == Health::NotConnected && r.latency_ms.is_none())
        );
        probe.0.store(true, Ordering::SeqCst);
        let rows = infra.status(&FixedClock).await;
        let dns = rows.iter().find(|r| r.system == System::Dns).unwrap();
        assert_eq!(dns.health, Health::Up);
        assert_eq!(dns.error, None);
        assert_eq!(
            dns.last_error_at,
            Some(1_000),
            "the last failure stays visible"
        );
    }
}
