//! Stripe: the adapter of `app::ports::billing` (async-stripe with only the
//! API modules used, rustls with ring) and webhook verification on the raw
//! body. A lazy client: the app boots without keys (billing "not connected"),
//! and money paths stay off until `BILLING_STRIPE_ENABLED=true` as well.
mod adapter;
pub mod webhook;

pub use adapter::StripeBilling;

use crate::config::{ConfigError, Env};
use secrecy::SecretString;
use std::time::Duration;

pub const VARIABLES: &[&str] = &[
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_TIMEOUT_MS",
    "STRIPE_WEBHOOK_TOLERANCE_SECONDS",
    "BILLING_STRIPE_ENABLED",
];

/// `STRIPE_*`: the account dezky bills through.
#[derive(Clone)]
pub struct StripeConfig {
    /// `STRIPE_SECRET_KEY` (`sk_live_...`, `sk_test_...`, or a restricted `rk_`).
    pub secret_key: SecretString,
    /// `STRIPE_WEBHOOK_SECRET` (`whsec_...`): without it webhooks are refused.
    pub webhook_secret: Option<SecretString>,
    /// `STRIPE_API_BASE` (default `https://api.stripe.com/`; tests: stripe-mock).
    pub api_base: String,
    /// `STRIPE_TIMEOUT_MS` (default 15000) per attempt.
    pub timeout: Duration,
    /// `STRIPE_WEBHOOK_TOLERANCE_SECONDS` (default 300): how old a signed
    /// webhook may be (replays of older captures are refused).
    pub webhook_tolerance_secs: i64,
    /// `BILLING_STRIPE_ENABLED` (default false): charge, subscribe, re-price.
    pub enabled: bool,
    /// `sk_test_` / `rk_test_` keys.
    pub test_mode: bool,
    /// `STRIPE_PUBLISHABLE_KEY` (`pk_...`, of the same mode): the card form's
    /// Stripe.js key. Required when money paths are on.
    pub publishable_key: Option<String>,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("secret_key", &"[redacted]")
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("api_base", &self.api_base)
            .field("enabled", &self.enabled)
            .field("test_mode", &self.test_mode)
            .finish_non_exhaustive()
    }
}

impl StripeConfig {
    pub fn from_env(env: &Env) -> Result<Option<Self>, ConfigError> {
        let enabled = match env.get("BILLING_STRIPE_ENABLED").map(str::trim) {
            None | Some("" | "false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(ConfigError {
                    var: "BILLING_STRIPE_ENABLED",
                    reason: format!("= {other:?} must be true or false"),
                });
            }
        };
        let Some(key) = env
            .get("STRIPE_SECRET_KEY")
            .map(str::trim)
            .filter(|k| !k.is_empty())
        else {
            if enabled {
                return Err(ConfigError {
                    var: "STRIPE_SECRET_KEY",
                    reason: "is required when BILLING_STRIPE_ENABLED=true".into(),
                });
            }
            return Ok(None);
        };
        if !["sk_live_", "sk_test_", "rk_live_", "rk_test_"]
            .iter()
            .any(|p| key.starts_with(p))
        {
            return Err(ConfigError {
                var: "STRIPE_SECRET_KEY",
                reason: "must be a secret (sk_) or restricted (rk_) key, not a publishable one"
                    .into(),
            });
        }
        let webhook_secret = env
            .get("STRIPE_WEBHOOK_SECRET")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| SecretString::from(s.to_owned()));
        if enabled && webhook_secret.is_none() {
            return Err(ConfigError {
                var: "STRIPE_WEBHOOK_SECRET",
                reason: "is required when BILLING_STRIPE_ENABLED=true (payments are confirmed by webhook)"
                    .into(),
            });
        }
        let api_base = env
            .get("STRIPE_API_BASE")
            .unwrap_or("https://api.stripe.com/")
            .trim()
            .to_owned();
        url::Url::parse(&api_base).map_err(|e| ConfigError {
            var: "STRIPE_API_BASE",
            reason: format!("= {api_base:?} is not a URL: {e}"),
        })?;
        let ms: u64 = env.parse("STRIPE_TIMEOUT_MS", 15_000u64)?;
        let test_mode = key.starts_with("sk_test_") || key.starts_with("rk_test_");
        let publishable_key = env
            .get("STRIPE_PUBLISHABLE_KEY")
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned);
        match &publishable_key {
            None if enabled => {
                return Err(ConfigError {
                    var: "STRIPE_PUBLISHABLE_KEY",
                    reason: "is required when BILLING_STRIPE_ENABLED=true (the card form loads Stripe.js with it)"
                        .into(),
                });
            }
            Some(k) if !k.starts_with(if test_mode { "pk_test_" } else { "pk_live_" }) => {
                return Err(ConfigError {
                    var: "STRIPE_PUBLISHABLE_KEY",
                    reason: format!(
                        "must be a publishable key (pk_) of the secret key's mode ({})",
                        if test_mode { "test" } else { "live" }
                    ),
                });
            }
            _ => {}
        }
        Ok(Some(Self {
            publishable_key,
            test_mode,
            secret_key: SecretString::from(key.to_owned()),
            webhook_secret,
            api_base,
            timeout: Duration::from_millis(ms.max(1)),
            webhook_tolerance_secs: env.parse("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300i64)?,
            enabled,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_boots_without_keys_and_money_needs_both() {
        assert!(
            StripeConfig::from_env(&Env::from_pairs([]))
                .unwrap()
                .is_none()
        );
        let err = StripeConfig::from_env(&Env::from_pairs([("BILLING_STRIPE_ENABLED", "true")]))
            .unwrap_err();
        assert_eq!(err.var, "STRIPE_SECRET_KEY");
        let err = StripeConfig::from_env(&Env::from_pairs([
            ("BILLING_STRIPE_ENABLED", "true"),
            ("STRIPE_SECRET_KEY", "sk_test_123"),
        ]))
        .unwrap_err();
        assert_eq!(err.var, "STRIPE_WEBHOOK_SECRET");
        let money = |pk: &'static str| {
            StripeConfig::from_env(&Env::from_pairs([
                ("BILLING_STRIPE_ENABLED", "true"),
                ("STRIPE_SECRET_KEY", "sk_test_123"),
                ("STRIPE_WEBHOOK_SECRET", "whsec_1"),
                ("STRIPE_PUBLISHABLE_KEY", pk),
            ]))
        };
        assert_eq!(money("").unwrap_err().var, "STRIPE_PUBLISHABLE_KEY");
        assert_eq!(
            money("pk_live_1").unwrap_err().var,
            "STRIPE_PUBLISHABLE_KEY",
            "a live key beside a test key is refused"
        );
        let on = money("pk_test_1").unwrap().unwrap();
        assert_eq!(
            (on.enabled, on.publishable_key.as_deref()),
            (true, Some("pk_test_1"))
        );
        let err = StripeConfig::from_env(&Env::from_pairs([("STRIPE_SECRET_KEY", "pk_test_1")]))
            .unwrap_err();
        assert_eq!(err.var, "STRIPE_SECRET_KEY", "a publishable key is refused");
        let c = StripeConfig::from_env(&Env::from_pairs([
            ("STRIPE_SECRET_KEY", "sk_test_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_xyz"),
        ]))
        .unwrap()
        .unwrap();
        assert!(c.test_mode && !c.enabled);
        let shown = format!("{c:?}");
        assert!(!shown.contains("sk_test_abc") && !shown.contains("whsec_xyz"));
    }
}
