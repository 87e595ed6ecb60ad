//! The liveness-probe port: every adapter offers one, so the Infrastructure
//! page and `/readyz` ask the same question of each system and nothing there
//! is invented. The probe's error text goes to operators only.
use crate::domain::System;
use async_trait::async_trait;

#[async_trait]
pub trait Probe: Send + Sync + 'static {
    fn system(&self) -> System;
    /// What is probed, for operators (never credentials).
    fn target(&self) -> String;
    /// `/readyz` fails while a required system is down.
    fn required(&self) -> bool {
        false
    }
    /// One cheap round trip to the system.
    async fn check(&self) -> Result<(), String>;
}
