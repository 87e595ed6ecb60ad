//! `/readyz`: the dependencies the server needs are reachable. Each dependency
//! contributes one named check; later layers (store, identity provider) add theirs.
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait ReadinessCheck: Send + Sync {
    fn name(&self) -> &'static str;
    fn check(&self) -> CheckFuture<'_>;
}

/// The result of one check, as shown by `/readyz`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub name: &'static str,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Default)]
pub struct Readiness {
    checks: Vec<Arc<dyn ReadinessCheck>>,
}

impl Readiness {
    pub fn with(mut self, check: impl ReadinessCheck + 'static) -> Self {
        self.checks.push(Arc::new(check));
        self
    }

    pub async fn run(&self) -> Vec<CheckReport> {
        let mut out = Vec::with_capacity(self.checks.len());
        for check in &self.checks {
            let result = check.check().await;
            out.push(CheckReport {
                name: check.name(),
                ok: result.is_ok(),
                error: result.err(),
            });
        }
        out
    }
}

/// The compiled site bundle (wasm + JS under `pkg/`) is present: without it pages
/// render but never hydrate.
pub struct SiteBundle {
    pub pkg_dir: PathBuf,
}

impl ReadinessCheck for SiteBundle {
    fn name(&self) -> &'static str {
        "site-bundle"
    }
    fn check(&self) -> CheckFuture<'_> {
        Box::pin(async move {
            let mut entries = tokio::fs::read_dir(&self.pkg_dir)
                .await
                .map_err(|e| format!("{}: {e}", self.pkg_dir.display()))?;
            while let Ok(Some(entry)) = entries.next_entry().await {
                if entry.file_name().to_string_lossy().ends_with(".wasm") {
                    return Ok(());
                }
            }
            Err(format!("no .wasm file in {}", self.pkg_dir.display()))
        })
    }
}

/// A required system's liveness probe (the same one the Infrastructure page
/// runs).
pub struct RequiredProbe(pub Arc<dyn app::ports::probe::Probe>);

impl ReadinessCheck for RequiredProbe {
    fn name(&self) -> &'static str {
        self.0.system().as_str()
    }
    fn check(&self) -> CheckFuture<'_> {
        Box::pin(self.0.check())
    }
}
