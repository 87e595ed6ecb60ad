//! stripe-mock behind a switchable proxy, for the stateful billing flows
//! stripe-mock cannot play (it keeps no state and accepts every id):
//! - `refuse(fragment)`: requests whose path contains `fragment` are
//!   answered as Stripe answers a refused change (402, a card error), the
//!   rest reach stripe-mock and its validation of Stripe's own spec;
//! - `confirm_setups_for(customer)`: a SetupIntent read back says what
//!   Stripe says once the browser confirmed it (`succeeded`, for that
//!   customer); the rest of the answer is stripe-mock's own.
//!
//! Every request that reaches stripe-mock is still checked by it.
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Switches {
    refuse: Vec<String>,
    setups_for: Option<String>,
    /// Every request path that was sent on (method and path).
    seen: Vec<String>,
}

#[derive(Clone)]
struct Proxy {
    upstream: String,
    client: reqwest::Client,
    switches: Arc<Mutex<Switches>>,
}

pub struct StripeProxy {
    pub port: u16,
    switches: Arc<Mutex<Switches>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StripeProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StripeProxy {
    /// STRIPE_* pointing here, with money paths on.
    pub fn stripe_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("STRIPE_SECRET_KEY", "sk_test_123".into()),
            ("STRIPE_WEBHOOK_SECRET", "whsec_dezky_test".into()),
            ("STRIPE_PUBLISHABLE_KEY", "pk_test_123".into()),
            ("BILLING_STRIPE_ENABLED", "true".into()),
            (
                "STRIPE_API_BASE",
                format!("http://127.0.0.1:{}/", self.port),
            ),
            ("STRIPE_TIMEOUT_MS", "5000".into()),
        ]
    }

    pub fn refuse(&self, fragment: &str) {
        self.switches
            .lock()
            .unwrap()
            .refuse
            .push(fragment.to_owned());
    }

    pub fn allow_all(&self) {
        self.switches.lock().unwrap().refuse.clear();
    }

    pub fn confirm_setups_for(&self, customer: &str) {
        self.switches.lock().unwrap().setups_for = Some(customer.to_owned());
    }

    /// The requests sent on whose "METHOD path" contains `fragment`.
    pub fn seen(&self, fragment: &str) -> usize {
        self.switches
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|s| s.contains(fragment))
            .count()
    }
}

pub async fn start(upstream: &super::Server) -> StripeProxy {
    let switches = Arc::new(Mutex::new(Switches::default()));
    let proxy = Proxy {
        upstream: format!("http://127.0.0.1:{}", upstream.port),
        client: reqwest::Client::new(),
        switches: switches.clone(),
    };
    let app = axum::Router::new().fallback(forward).with_state(proxy);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    StripeProxy {
        port,
        switches,
        task,
    }
}

async fn forward(State(p): State<Proxy>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map(|x| x.as_str().to_owned())
        .unwrap_or_default();
    let (refused, setups_for) = {
        let mut s = p.switches.lock().unwrap();
        s.seen.push(format!("{} {path}", parts.method));
        (
            s.refuse.iter().any(|f| path.contains(f.as_str())),
            s.setups_for.clone(),
        )
    };
    if refused {
        let body = serde_json::json!({ "error": {
            "type": "card_error", "code": "card_declined",
            "message": "Your card was declined."
        }});
        return (StatusCode::PAYMENT_REQUIRED, axum::Json(body)).into_response();
    }
    let bytes: Bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut out = p
        .client
        .request(parts.method.clone(), format!("{}{path}", p.upstream))
        .body(bytes);
    for (k, v) in &parts.headers {
        if k != "host" && k != "content-length" {
            out = out.header(k, v);
        }
    }
    let Ok(answer) = out.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let text = answer.bytes().await.unwrap_or_default();
    let text = match setups_for {
        Some(customer) if path.starts_with("/v1/setup_intents/") && status.is_success() => {
            let mut v: serde_json::Value = serde_json::from_slice(&text).unwrap_or_default();
            v["status"] = "succeeded".into();
            v["customer"] = customer.into();
            Bytes::from(v.to_string())
        }
        _ => text,
    };
    Response::builder()
        .status(status.as_u16())
        .header("content-type", "application/json")
        .body(Body::from(text))
        .unwrap()
}
