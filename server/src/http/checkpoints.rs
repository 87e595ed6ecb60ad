//! The audit log's published checkpoints, for anyone: the newest signed note
//! at `/.well-known/dezky-audit/checkpoint` and every kept one by its tree
//! size at `/.well-known/dezky-audit/checkpoint/{size}` (C2SP
//! `tlog-checkpoint` in a `signed-note`, verified with the note key in
//! `/.well-known/dezky-audit-keys.json`). Only Ed25519 checkpoints have a
//! note: an HMAC checkpoint proves nothing to someone without the secret, so
//! it is not published.
use super::AppState;
use app::services::audit::checkpoint::Checkpoint;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn latest(State(state): State<AppState>) -> Response {
    note(state.services.repo.latest_checkpoint().await)
}

pub async fn by_size(State(state): State<AppState>, Path(size): Path<String>) -> Response {
    let Ok(size) = size.parse::<u64>() else {
        return (StatusCode::NOT_FOUND, "the tree size is a whole number\n").into_response();
    };
    note(state.services.repo.checkpoint_at(size).await)
}

fn note(found: Result<Option<Checkpoint>, app::ports::store::StoreError>) -> Response {
    match found {
        Ok(Some(Checkpoint {
            note: Some(note), ..
        })) => {
            let mut res = note.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Ok(_) => (
            StatusCode::NOT_FOUND,
            "no Ed25519-signed checkpoint of that size\n",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "checkpoint read failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit store is unavailable\n",
            )
                .into_response()
        }
    }
}
