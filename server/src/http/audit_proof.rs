//! `GET /audit/proof/{seq}[?tenant=SLUG]`: one event's inclusion proof as a
//! file to save (what "Download proof" on an audit row links to), and
//! `GET /audit/consistency?from=M&to=N[&tenant=SLUG]`: the consistency proof
//! between two kept checkpoints. With `tenant`, a tenant admin proves that
//! tenant's events; without, operators prove any. Authorised like the server
//! functions `audit_event_proof` and `audit_consistency_proof`, through the
//! same services.
use crate::AppState;
use app::domain::AppError;
use app::services::audit::console;
use app::services::context::{Caller, Ctx};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Scope {
    tenant: Option<String>,
}

fn file(body: Result<String, AppError>, name: &str) -> Response {
    match body {
        Err(e) => super::api_errors::error_response(&e),
        Ok(text) => {
            let mut res = text.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
    }
}

pub async fn event(
    State(state): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Path(seq): Path<String>,
    Query(q): Query<Scope>,
) -> Response {
    let ctx = Ctx::new(
        state.services.clone(),
        caller.map(|c| c.0).unwrap_or_default(),
    )
    .attempting("audit proof");
    let body = async {
        let tenant = console::proof_scope(&ctx, q.tenant.as_deref()).await?;
        let seq = seq.parse::<u64>().map_err(|_| AppError::NotFound)?;
        console::event_proof(&ctx, tenant.as_ref(), seq).await
    }
    .await;
    file(body, &format!("dezky-audit-proof-{seq}.json"))
}

#[derive(Deserialize)]
pub struct Sizes {
    from: Option<u64>,
    to: Option<u64>,
    tenant: Option<String>,
}

pub async fn consistency(
    State(state): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Query(q): Query<Sizes>,
) -> Response {
    let ctx = Ctx::new(
        state.services.clone(),
        caller.map(|c| c.0).unwrap_or_default(),
    )
    .attempting("audit consistency proof");
    let (from, to) = (q.from.unwrap_or(0), q.to.unwrap_or(0));
    let body = async {
        console::proof_scope(&ctx, q.tenant.as_deref()).await?;
        console::consistency_proof(&ctx, from, to).await
    }
    .await;
    file(body, &format!("dezky-audit-consistency-{from}-{to}.json"))
}
