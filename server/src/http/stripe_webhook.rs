//! `POST /webhooks/stripe`: Stripe's event deliveries. The signature is
//! checked on the raw body before anything is parsed (wrong signature, stale
//! timestamp or a changed body: 400, nothing recorded), then the event is
//! recorded once by its id (a redelivery or replay answers 200 and changes
//! nothing), then acted on by `services::billing::apply_event` (a payment
//! failed or made good, a subscription changed or ended). If acting fails,
//! the record is forgotten and 503 asks Stripe to deliver it again.
use crate::http::AppState;
use crate::integrations::stripe::webhook;
use app::repo::BillingEvent;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use secrecy::ExposeSecret;

/// Stripe events are a few kilobytes; an invoice with many lines stays far
/// below this.
pub const BODY_LIMIT: usize = 512 * 1024;

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some((secret, tolerance)) = state.config.stripe.as_ref().and_then(|s| {
        s.webhook_secret
            .as_ref()
            .map(|w| (w.expose_secret().to_owned(), s.webhook_tolerance_secs))
    }) else {
        return answer(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"error": "billing: webhooks are not connected (STRIPE_WEBHOOK_SECRET)"}),
        );
    };
    let repo = &state.services.repo;
    let now_secs = repo.now() / 1000;
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let event = match webhook::verify(&body, signature, &secret, now_secs, tolerance) {
        Ok(event) => event,
        Err(e) => {
            tracing::warn!(error = %e, "stripe webhook refused");
            return answer(
                StatusCode::BAD_REQUEST,
                serde_json::json!({"error": e.to_string()}),
            );
        }
    };
    let record = BillingEvent {
        object_id: event.data.object["id"].as_str().map(str::to_owned),
        id: event.id,
        kind: event.kind,
        created: event.created,
        livemode: event.livemode,
        received_at: repo.now(),
        version: 1,
    };
    match repo.record_billing_event(&record).await {
        Ok(true) => {
            let applied = app::services::billing::apply_event(
                &state.services,
                &record.kind,
                &event.data.object,
                record.created,
            )
            .await;
            match applied {
                Ok(applied) => {
                    tracing::info!(event = %record.id, kind = %record.kind, ?applied, "stripe webhook");
                    answer(
                        StatusCode::OK,
                        serde_json::json!({"received": true, "duplicate": false}),
                    )
                }
                Err(e) => {
                    tracing::error!(event = %record.id, error = ?e, "stripe webhook: not applied; Stripe will retry");
                    if let Err(e) = repo.forget_billing_event(&record.id).await {
                        tracing::error!(event = %record.id, error = %e, "stripe webhook: record not forgotten");
                    }
                    answer(
                        StatusCode::SERVICE_UNAVAILABLE,
                        serde_json::json!({"error": "store: the event could not be applied; Stripe will retry"}),
                    )
                }
            }
        }
        Ok(false) => {
            tracing::info!(event = %record.id, kind = %record.kind, "stripe webhook: delivered again");
            answer(
                StatusCode::OK,
                serde_json::json!({"received": true, "duplicate": true}),
            )
        }
        // Stripe retries a non-2xx delivery: nothing is lost.
        Err(e) => {
            tracing::error!(error = %e, "stripe webhook: the store refused the event");
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"error": "store: the event could not be recorded; Stripe will retry"}),
            )
        }
    }
}
