//! A customer's health as its partner sees it: THE rule, written once and
//! explained in the UI by its reasons. Each reason is something the partner
//! can act on; the worst one sets the level.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum HealthLevel {
    Healthy,
    Attention,
    Critical,
}

wire_str!(HealthLevel: Healthy, Attention, Critical);

impl HealthLevel {
    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            HealthLevel::Healthy => "healthy",
            HealthLevel::Attention => "attention",
            HealthLevel::Critical => "critical",
        }
    }
}

/// Why a customer is not healthy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum HealthReason {
    /// Suspended: its people cannot sign in (critical).
    Suspended,
    /// A verified mail domain's DNS records drifted (critical: mail may
    /// bounce or be spoofed).
    DomainDrift,
    /// No verified mail domain yet: no mailboxes can be made (attention).
    NoMailDomain,
    /// A change to a person stopped halfway (attention: retry it).
    StalledChanges,
    /// Every seat bought is taken (attention: the next person cannot be added).
    SeatsFull,
    /// The customer's policy requires a second factor and someone has none
    /// (attention: they are asked at their next sign-in, or cannot sign in).
    MfaBelowPolicy,
    /// The latest invoice's payment failed (critical: the subscription
    /// lapses if it stays unpaid).
    PaymentFailed,
}

impl HealthReason {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            HealthReason::Suspended => "suspended",
            HealthReason::DomainDrift => "domain_drift",
            HealthReason::NoMailDomain => "no_mail_domain",
            HealthReason::StalledChanges => "stalled_changes",
            HealthReason::SeatsFull => "seats_full",
            HealthReason::MfaBelowPolicy => "mfa_below_policy",
            HealthReason::PaymentFailed => "payment_failed",
        }
    }
}

wire_str!(HealthReason: Suspended, DomainDrift, NoMailDomain, StalledChanges, SeatsFull, MfaBelowPolicy, PaymentFailed);

impl HealthReason {
    pub fn level(self) -> HealthLevel {
        match self {
            HealthReason::Suspended | HealthReason::DomainDrift | HealthReason::PaymentFailed => {
                HealthLevel::Critical
            }
            HealthReason::NoMailDomain
            | HealthReason::StalledChanges
            | HealthReason::SeatsFull
            | HealthReason::MfaBelowPolicy => HealthLevel::Attention,
        }
    }
}

/// What the rule reads about one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HealthFacts {
    pub suspended: bool,
    pub domains_verified: u32,
    pub domains_drifted: u32,
    pub failed_jobs: u32,
    pub people: u32,
    pub seats: u32,
    /// People without a second factor while the policy requires one (0 when
    /// it does not, or when the identity provider cannot tell).
    pub without_required_mfa: u32,
    /// The payment provider reported a failed payment not yet made good.
    pub payment_failed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub level: HealthLevel,
    /// Worst first.
    pub reasons: Vec<HealthReason>,
}

/// THE health rule.
pub fn health(f: &HealthFacts) -> Health {
    let mut reasons = Vec::new();
    if f.suspended {
        reasons.push(HealthReason::Suspended);
    }
    if f.domains_drifted > 0 {
        reasons.push(HealthReason::DomainDrift);
    }
    if f.domains_verified == 0 && f.domains_drifted == 0 {
        reasons.push(HealthReason::NoMailDomain);
    }
    if f.failed_jobs > 0 {
        reasons.push(HealthReason::StalledChanges);
    }
    if f.seats > 0 && f.people >= f.seats {
        reasons.push(HealthReason::SeatsFull);
    }
    if f.without_required_mfa > 0 {
        reasons.push(HealthReason::MfaBelowPolicy);
    }
    if f.payment_failed {
        reasons.push(HealthReason::PaymentFailed);
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.level()));
    Health {
        level: reasons
            .iter()
            .map(|r| r.level())
            .max()
            .unwrap_or(HealthLevel::Healthy),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fine() -> HealthFacts {
        HealthFacts {
            domains_verified: 1,
            people: 3,
            seats: 10,
            ..HealthFacts::default()
        }
    }

    #[test]
    fn the_worst_reason_sets_the_level_and_comes_first() {
        assert_eq!(
            health(&fine()),
            Health {
                level: HealthLevel::Healthy,
                reasons: vec![]
            }
        );
        let no_domain = HealthFacts {
            domains_verified: 0,
            ..fine()
        };
        assert_eq!(health(&no_domain).level, HealthLevel::Attention);
        assert_eq!(health(&no_domain).reasons, vec![HealthReason::NoMailDomain]);
        let bad = HealthFacts {
            suspended: true,
            failed_jobs: 2,
            people: 10,
            ..fine()
        };
        let h = health(&bad);
        assert_eq!(h.level, HealthLevel::Critical);
        assert_eq!(
            h.reasons,
            vec![
                HealthReason::Suspended,
                HealthReason::StalledChanges,
                HealthReason::SeatsFull
            ]
        );
        // A drifted domain is not "no domain".
        let drift = HealthFacts {
            domains_verified: 0,
            domains_drifted: 1,
            ..fine()
        };
        assert_eq!(health(&drift).reasons, vec![HealthReason::DomainDrift]);
        let unpaid = HealthFacts {
            payment_failed: true,
            ..fine()
        };
        assert_eq!(
            health(&unpaid),
            Health {
                level: HealthLevel::Critical,
                reasons: vec![HealthReason::PaymentFailed]
            }
        );
        let mfa = HealthFacts {
            without_required_mfa: 1,
            ..fine()
        };
        assert_eq!(
            health(&mfa),
            Health {
                level: HealthLevel::Attention,
                reasons: vec![HealthReason::MfaBelowPolicy]
            }
        );
    }
}
