use super::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// Liveness: the process is up and serving.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: every dependency check passes; 503 naming the failing ones otherwise.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
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
    (
        status,
        Json(json!({ "status": if ready { "ready" } else { "not-ready" }, "checks": reports })),
    )
}
