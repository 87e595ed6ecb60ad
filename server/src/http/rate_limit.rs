//! Per-client-address rate limits (ASVS 5.0 V2.4 / V6.3 anti-automation): one
//! GCRA bucket per address (from the trusted forwarded header, as every other
//! use of the client address) for the sign-in endpoints, another for server
//! functions. Over the limit: 429 with `Retry-After`, before any session lookup
//! or store write, so a flood costs a hash-map update.
use super::api_errors::{self, error_response};
use crate::auth::session::client_ip;
use app::domain::AppError;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use http::StatusCode;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Requests per minute per client address (each also the burst).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// `/auth/login` and `/auth/callback`.
    pub sign_in_per_minute: NonZeroU32,
    /// Every server function.
    pub api_per_minute: NonZeroU32,
}

/// Which bucket a path draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    SignIn,
    Api,
}

pub fn bucket(path: &str) -> Option<Bucket> {
    if path == "/auth/login" || path == "/auth/callback" {
        Some(Bucket::SignIn)
    } else if path.starts_with(api_errors::PREFIX) {
        Some(Bucket::Api)
    } else {
        None
    }
}

pub struct Limiter {
    sign_in: DefaultKeyedRateLimiter<String>,
    api: DefaultKeyedRateLimiter<String>,
    trust_proxy: bool,
    checks: AtomicU64,
}

impl Limiter {
    pub fn new(limits: RateLimits, trust_proxy: bool) -> Self {
        let quota = |n: NonZeroU32| Quota::per_minute(n).allow_burst(n);
        Self {
            sign_in: DefaultKeyedRateLimiter::hashmap(quota(limits.sign_in_per_minute)),
            api: DefaultKeyedRateLimiter::hashmap(quota(limits.api_per_minute)),
            trust_proxy,
            checks: AtomicU64::new(0),
        }
    }

    /// `Err(seconds to wait)` when `ip` is over the limit of `bucket`.
    pub fn check(&self, bucket: Bucket, ip: &str) -> Result<(), u64> {
        let limiter = match bucket {
            Bucket::SignIn => &self.sign_in,
            Bucket::Api => &self.api,
        };
        // Forget idle addresses now and then, so the map stays small.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.sign_in.retain_recent();
            self.api.retain_recent();
        }
        limiter.check_key(&ip.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

pub async fn layer(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    let Some(bucket) = bucket(req.uri().path()) else {
        return next.run(req).await;
    };
    let socket = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(req.headers(), socket, limiter.trust_proxy);
    match limiter.check(bucket, &ip) {
        Ok(()) => next.run(req).await,
        Err(retry_after_secs) => {
            tracing::warn!(%ip, ?bucket, retry_after_secs, "rate limit reached");
            match bucket {
                Bucket::Api => error_response(&AppError::TooManyRequests { retry_after_secs }),
                Bucket::SignIn => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [
                        (RETRY_AFTER, retry_after_secs.to_string()),
                        (CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
                    ],
                    format!(
                        "Too many sign-in attempts from your address. Try again in {retry_after_secs} s.\n\
                         For mange login-forsøg fra din adresse. Prøv igen om {retry_after_secs} s.\n"
                    ),
                )
                    .into_response(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_draw_from_their_bucket() {
        assert_eq!(bucket("/auth/login"), Some(Bucket::SignIn));
        assert_eq!(bucket("/auth/callback"), Some(Bucket::SignIn));
        assert_eq!(bucket("/api/whoami"), Some(Bucket::Api));
        assert_eq!(bucket("/auth/logout"), None);
        assert_eq!(bucket("/"), None);
    }

    #[test]
    fn a_burst_past_the_limit_waits_and_other_addresses_do_not() {
        let n = NonZeroU32::new(3).unwrap();
        let l = Limiter::new(
            RateLimits {
                sign_in_per_minute: n,
                api_per_minute: n,
            },
            false,
        );
        for _ in 0..3 {
            assert_eq!(l.check(Bucket::SignIn, "192.0.2.1"), Ok(()));
        }
        let wait = l.check(Bucket::SignIn, "192.0.2.1").unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert_eq!(l.check(Bucket::SignIn, "192.0.2.2"), Ok(()));
        assert_eq!(
            l.check(Bucket::Api, "192.0.2.1"),
            Ok(()),
            "separate buckets"
        );
    }
}
