//! `GET /logos/{id}`: an uploaded logo. The content type is the one found in
//! the bytes at upload (`app::domain::logo`), the browser is told not to
//! sniff another and to run nothing in it, and an id names one content
//! forever, so it is cached for a year.
use super::AppState;
use app::domain::logo;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;

pub async fn serve(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if !logo::is_id(&id) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let stored = match state.services.repo.logo(&id).await {
        Ok(Some(l)) => l,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "logo read failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // Only a type the check gives is ever served, whatever the record says.
    let Some(kind) = logo::ImageType::of_content_type(&stored.content_type) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&stored.data) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    res
}
