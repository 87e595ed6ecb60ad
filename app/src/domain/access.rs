//! Partner access to a customer, approved by the customer: a partner asks
//! (reason, scope, duration), the customer's admin approves or denies, either
//! side can end it, and it expires on its own. THE rule of what an approved
//! grant allows at a moment is `AccessGrant::allows`; every request a partner
//! makes inside a customer goes through it.
use super::authz::Action;
use super::model::Millis;
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// What the partner may do inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum AccessScope {
    /// See the customer's pages; change nothing.
    ReadOnly,
    /// Administer the customer's workplace as its admins do.
    Admin,
}

wire_str!(AccessScope: ReadOnly, Admin);

impl AccessScope {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessScope::ReadOnly => "read_only",
            AccessScope::Admin => "admin",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum GrantStatus {
    Pending,
    Approved,
    Denied,
    /// Ended early by the customer or the partner.
    Revoked,
}

impl GrantStatus {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            GrantStatus::Pending => "pending",
            GrantStatus::Approved => "approved",
            GrantStatus::Denied => "denied",
            GrantStatus::Revoked => "revoked",
        }
    }
}

wire_str!(GrantStatus: Pending, Approved, Denied, Revoked);

/// The durations a partner may ask for, in hours.
pub const DURATIONS_HOURS: &[u32] = &[1, 4, 8, 24, 72];
pub const REASON_MAX: usize = 500;

/// A partner's request for access to one customer, and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessGrant {
    pub id: String,
    pub partner_id: String,
    pub tenant_id: String,
    pub requested_by: String,
    pub requested_by_name: String,
    pub requested_by_email: String,
    pub reason: String,
    pub scope: AccessScope,
    pub hours: u32,
    pub status: GrantStatus,
    pub requested_at: Millis,
    /// Who approved, denied or revoked, and when.
    pub decided_by: Option<String>,
    pub decided_at: Option<Millis>,
    /// Set on approval: `decided_at + hours`.
    pub expires_at: Option<Millis>,
    pub ended_by: Option<String>,
    pub ended_at: Option<Millis>,
    /// Given when the partner created the customer's workspace (nobody
    /// there could approve yet): admin scope for [`SETUP_HOURS`], shown as
    /// such to the customer, who can end it like any other.
    #[serde(default)]
    pub setup: bool,
    pub version: u64,
}

/// How long the partner who created a workspace may set it up without a
/// request (its first admin may end it sooner).
pub const SETUP_HOURS: u32 = 24;

impl AccessGrant {
    /// Approved and not yet expired at `now`.
    pub fn active(&self, now: Millis) -> bool {
        self.status == GrantStatus::Approved && self.expires_at.is_some_and(|e| now < e)
    }

    /// THE rule: whether the grant covers `action` at `now`.
    pub fn allows(&self, action: Action, now: Millis) -> bool {
        self.active(now)
            && match action {
                Action::ViewTenant => true,
                Action::AdministerTenant => self.scope == AccessScope::Admin,
                _ => false,
            }
    }

    /// The state a page shows (an approved grant past its end is expired).
    pub fn state(&self, now: Millis) -> GrantState {
        match self.status {
            GrantStatus::Pending => GrantState::Pending,
            GrantStatus::Approved if self.active(now) => GrantState::Active,
            GrantStatus::Approved => GrantState::Expired,
            GrantStatus::Denied => GrantState::Denied,
            GrantStatus::Revoked => GrantState::Revoked,
        }
    }
}

/// What a page shows for a grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum GrantState {
    Pending,
    Active,
    Expired,
    Denied,
    Revoked,
}

wire_str!(GrantState: Pending, Active, Expired, Denied, Revoked);

impl GrantState {
    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            GrantState::Pending => "pending",
            GrantState::Active => "active",
            GrantState::Expired => "expired",
            GrantState::Denied => "denied",
            GrantState::Revoked => "revoked",
        }
    }
}

/// A partner's request as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestForm {
    pub reason: String,
    pub scope: AccessScope,
    pub hours: u32,
}

impl AccessRequestForm {
    /// The same check in the browser and on the server.
    pub fn checked(&self) -> Result<(), FieldError> {
        let reason = self.reason.trim();
        if reason.is_empty() {
            return Err(FieldError {
                field: "reason",
                reason: "required",
            });
        }
        if reason.chars().count() > REASON_MAX {
            return Err(FieldError {
                field: "reason",
                reason: "too_long",
            });
        }
        if !DURATIONS_HOURS.contains(&self.hours) {
            return Err(FieldError {
                field: "hours",
                reason: "unknown",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(scope: AccessScope, status: GrantStatus) -> AccessGrant {
        AccessGrant {
            id: "g".into(),
            partner_id: "p".into(),
            tenant_id: "t".into(),
            requested_by: "u".into(),
            requested_by_name: "Peter".into(),
            requested_by_email: "peter@x.dk".into(),
            reason: "Opsætning af domæne".into(),
            scope,
            hours: 1,
            status,
            requested_at: 0,
            decided_by: Some("a".into()),
            decided_at: Some(0),
            expires_at: Some(3_600_000),
            ended_by: None,
            ended_at: None,
            setup: false,
            version: 1,
        }
    }

    #[test]
    fn only_an_approved_unexpired_grant_of_the_right_scope_allows() {
        let read = grant(AccessScope::ReadOnly, GrantStatus::Approved);
        assert!(read.allows(Action::ViewTenant, 10));
        assert!(
            !read.allows(Action::AdministerTenant, 10),
            "read-only writes nothing"
        );
        let admin = grant(AccessScope::Admin, GrantStatus::Approved);
        assert!(admin.allows(Action::AdministerTenant, 10));
        assert!(
            !admin.allows(Action::AdministerTenant, 3_600_000),
            "expired at the end"
        );
        assert_eq!(admin.state(3_600_000), GrantState::Expired);
        for status in [
            GrantStatus::Pending,
            GrantStatus::Denied,
            GrantStatus::Revoked,
        ] {
            let g = grant(AccessScope::Admin, status);
            assert!(!g.allows(Action::ViewTenant, 10), "{status:?}");
        }
        assert!(!admin.allows(Action::Operate, 10));
    }

    #[test]
    fn a_request_needs_a_reason_and_a_known_duration() {
        let ok = AccessRequestForm {
            reason: "Flytning af postkasser".into(),
            scope: AccessScope::Admin,
            hours: 4,
        };
        assert_eq!(ok.checked(), Ok(()));
        let blank = AccessRequestForm {
            reason: "  ".into(),
            ..ok.clone()
        };
        assert_eq!(blank.checked().unwrap_err().field, "reason");
        let long = AccessRequestForm {
            reason: "x".repeat(REASON_MAX + 1),
            ..ok.clone()
        };
        assert_eq!(long.checked().unwrap_err().reason, "too_long");
        let odd = AccessRequestForm { hours: 5, ..ok };
        assert_eq!(odd.checked().unwrap_err().field, "hours");
    }
}
