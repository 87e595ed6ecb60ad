//! The domain: what dezky's records are and the rules about them, written once
//! and compiled for both targets (the browser validates with the same code the
//! server enforces). Nothing here performs I/O.

/// serde for an enum of unit variants through its `as_str` names: the enum
/// carries `#[serde(into = "&'static str", try_from = "String")]` and this
/// writes the two conversions, and `parse`, the one lookup by name (query
/// strings and cookies use it too). serde's derive reads such an enum with a
/// visitor of its own, about 2 KB of wasm per enum in each module that reads
/// it; through a `String` it is one loop. The JSON form is the same string.
/// Every variant must be listed (the compiler checks it).
macro_rules! wire_str {
    ($ty:ident: $($variant:ident),+ $(,)?) => {
        impl $ty {
            /// The variant with this `as_str` name.
            pub fn parse(name: &str) -> Option<Self> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                // Exhaustive: a variant added to the enum must be listed here.
                const fn _listed(value: $ty) {
                    match value {
                        $($ty::$variant => ()),+
                    }
                }
                ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        impl From<$ty> for &'static str {
            fn from(value: $ty) -> Self {
                value.as_str()
            }
        }

        impl TryFrom<String> for $ty {
            type Error = String;

            fn try_from(name: String) -> Result<Self, String> {
                Self::parse(&name).ok_or_else(|| format!("unknown variant `{name}`"))
            }
        }
    };
}
pub mod access;
pub mod audit;
pub mod authz;
pub mod billing_details;
pub mod billing_state;
pub mod branding;
pub mod customers;
pub mod dmarc;
pub mod error;
pub mod flags;
pub mod health;
pub mod logo;
pub mod mail_domains;
pub mod model;
pub mod partner_edit;
pub mod partner_team;
pub mod payouts;
pub mod provisioning;
pub mod reports;
pub mod repricing;
pub mod revenue;
pub mod security;
pub mod slug;
pub mod spf;
pub mod sso;
pub mod validate;
pub mod vat;
pub mod views;

pub use error::{AppError, System, Unavailable};

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    /// Written as its `as_str` name, read back from it; any other name refused.
    fn round_trip<T>(value: T) -> String
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy + Into<&'static str>,
    {
        let json = serde_json::to_string(&value).expect("serialises");
        assert_eq!(json, format!("\"{}\"", value.into()));
        assert_eq!(serde_json::from_str::<T>(&json).expect(&json), value);
        value.into().to_owned()
    }

    /// Each value's name, round-tripped, space-separated.
    fn names<T>(values: &[T]) -> String
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy + Into<&'static str>,
    {
        values
            .iter()
            .map(|v| round_trip(*v))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The enums serde reads through `wire_str!`: every variant round-trips,
    /// and the names (stored in the database, sent to the browser, written
    /// into pages' `data-*` attributes) are the ones serde's `rename_all` gave
    /// before the macro.
    #[test]
    fn wire_str_enums_keep_their_names() {
        use super::access::{AccessScope, GrantState, GrantStatus};
        use super::audit::{ActorType, Outcome, Source};
        use super::health::{HealthLevel, HealthReason};
        use super::model::{
            ClientKind, MfaMode, PartnerAccess, PartnerStatus, TenantRole, TenantStatus,
        };
        use super::views::{AccountState, Attention, UserIdentityOutcome};
        assert_eq!(
            names(&[AccessScope::ReadOnly, AccessScope::Admin]),
            "read_only admin"
        );
        assert_eq!(
            names(&[
                GrantStatus::Pending,
                GrantStatus::Approved,
                GrantStatus::Denied,
                GrantStatus::Revoked
            ]),
            "pending approved denied revoked"
        );
        assert_eq!(
            names(&[
                GrantState::Pending,
                GrantState::Active,
                GrantState::Expired,
                GrantState::Denied,
                GrantState::Revoked
            ]),
            "pending active expired denied revoked"
        );
        assert_eq!(
            names(&[ActorType::User, ActorType::System, ActorType::Service]),
            "user system service"
        );
        assert_eq!(names(&Outcome::ALL), "success failure denied");
        assert_eq!(
            names(&[
                Source::Platform,
                Source::Authentik,
                Source::Stalwart,
                Source::Ocis,
                Source::Stripe
            ]),
            "platform authentik stalwart ocis stripe"
        );
        assert_eq!(
            names(&[
                HealthLevel::Healthy,
                HealthLevel::Attention,
                HealthLevel::Critical
            ]),
            "healthy attention critical"
        );
        assert_eq!(round_trip(HealthReason::NoMailDomain), "no_mail_domain");
        assert_eq!(round_trip(HealthReason::MfaBelowPolicy), "mfa_below_policy");
        assert_eq!(names(&ClientKind::ALL), "portal operator");
        assert_eq!(
            names(&[TenantRole::Admin, TenantRole::Member]),
            "admin member"
        );
        assert_eq!(
            names(&[MfaMode::Off, MfaMode::Optional, MfaMode::Required]),
            "off optional required"
        );
        assert_eq!(round_trip(PartnerAccess::Owner), "owner");
        assert_eq!(round_trip(PartnerStatus::Terminated), "terminated");
        assert_eq!(
            names(&[
                TenantStatus::Active,
                TenantStatus::Suspended,
                TenantStatus::Deleted
            ]),
            "active suspended deleted"
        );
        assert_eq!(round_trip(AccountState::NotConnected), "not_connected");
        assert_eq!(
            round_trip(Attention::DomainsNeedAttention),
            "domains_need_attention"
        );
        assert_eq!(round_trip(UserIdentityOutcome::NoAccount), "no_account");
        assert_eq!(
            round_trip(super::error::System::ObjectStorage),
            "object_storage"
        );
        assert_eq!(
            round_trip(super::error::Unavailable::NotConnected),
            "not_connected"
        );
        assert_eq!(
            round_trip(super::customers::WizardStep::Workspace),
            "workspace"
        );
        assert_eq!(
            round_trip(super::mail_domains::RecordState::OtherStep),
            "other_step"
        );
        assert_eq!(
            round_trip(super::reports::GroupBy::SignupMonth),
            "signup_month"
        );
        assert_eq!(
            round_trip(super::slug::SlugError::InvalidCharacters),
            "invalid_characters"
        );
        assert_eq!(round_trip(super::spf::SpfVerdict::NearLimit), "near_limit");
        // A name no variant has is refused, naming it.
        let err = serde_json::from_str::<TenantStatus>("\"archived\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown variant `archived`"),
            "{err}"
        );
        assert!(serde_json::from_str::<TenantStatus>("3").is_err());
    }
}
