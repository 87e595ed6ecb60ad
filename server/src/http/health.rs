use super::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// Liveness: the process is up and serving.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: every dependency check passes, else 503. The checks' names and
/// errors (paths, store messages) go to the log, and to a signed-in operator;
/// anyone else (a load balancer) gets the status only.
pub async fn readyz(
    State(state): State<AppState>,
    caller: Option<axum::Extension<app::services::context::Caller>>,
) -> (StatusCode, Json<Value>) {
    let operator = caller
        .and_then(|c| c.0.principal)
        .is_some_and(|p| p.is_operator());
    let reports = state.readiness.run().await;
    let ready = reports.iter().all(|r| r.ok);
    for failed in reports.iter().filter(|r| !r.ok) {
        tracing::warn!(check = failed.name, error = ?failed.error, "readiness check failed");
    }
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = if ready { "ready" } else { "not-ready" };
    let body = if operator {
        json!({ "status": word, "checks": reports })
    } else {
        json!({ "status": word })
    };
    (status, Json(body))
}
