use super::AppState;
use app::website::routes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

pub async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        routes::robots_txt(state.config.http.public_url.origin()),
    )
}

pub async fn sitemap(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "application/xml; charset=utf-8")],
        routes::sitemap_xml(state.config.http.public_url.origin()),
    )
}
