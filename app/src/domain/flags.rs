//! Feature flags: states and the evaluation rule. Rollout by percentage is a
//! stable hash of (flag, tenant), so a tenant never flickers between evaluations.
use super::model::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum FlagState {
    Off,
    On,
    /// On for `percentage`% of tenants (stable per tenant) and for every tenant
    /// on the allow-list (tenant slugs: immutable and readable).
    Rollout {
        percentage: u8,
        #[serde(default)]
        tenants: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub id: String,
    pub key: String,
    pub description: String,
    pub state: FlagState,
    pub note: String,
    pub updated_at: Millis,
    pub updated_by: String,
    pub version: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum FlagChangeKind {
    Created,
    Updated,
    Killed,
    Removed,
}

impl FlagChangeKind {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            FlagChangeKind::Created => "created",
            FlagChangeKind::Updated => "updated",
            FlagChangeKind::Killed => "killed",
            FlagChangeKind::Removed => "removed",
        }
    }
}

wire_str!(FlagChangeKind: Created, Updated, Killed, Removed);

impl FlagChangeKind {
    /// The audit action for this change.
    pub fn action(self) -> &'static str {
        match self {
            FlagChangeKind::Created => "flag.created",
            FlagChangeKind::Updated => "flag.updated",
            FlagChangeKind::Killed => "flag.killed",
            FlagChangeKind::Removed => "flag.removed",
        }
    }
}

/// One entry of a flag's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagChange {
    pub id: String,
    pub flag_key: String,
    pub kind: FlagChangeKind,
    pub from: Option<FlagState>,
    pub to: Option<FlagState>,
    pub note: String,
    pub actor: String,
    pub at: Millis,
}

/// Rolls the Files app tile of the portal launcher out per tenant.
pub const FILES_APP_FLAG: &str = "files-app";

/// The note that makes turning a flag off a recorded kill switch.
pub const KILL_SWITCH_NOTE: &str = "kill-switch";

/// What a change from `from` to `to` with `note` is recorded as.
pub fn change_kind(from: Option<&FlagState>, to: Option<&FlagState>, note: &str) -> FlagChangeKind {
    match (from, to) {
        (None, _) => FlagChangeKind::Created,
        (Some(_), None) => FlagChangeKind::Removed,
        (Some(_), Some(FlagState::Off)) if note.trim() == KILL_SWITCH_NOTE => {
            FlagChangeKind::Killed
        }
        _ => FlagChangeKind::Updated,
    }
}

/// Flag keys: lowercase `[a-z0-9._-]`, 2–64 characters, starting with a letter.
pub fn validate_key(key: &str) -> Result<(), &'static str> {
    let ok_chars = key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if !(2..=64).contains(&key.len()) {
        return Err("length");
    }
    if !ok_chars || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("characters");
    }
    Ok(())
}

pub fn validate_state(state: &FlagState) -> Result<(), &'static str> {
    match state {
        FlagState::Rollout { percentage, .. } if *percentage > 100 => Err("percentage"),
        _ => Ok(()),
    }
}

/// The bucket 0..100 of a tenant for a flag: FNV-1a 64 of `key \0 tenant slug`.
pub fn bucket(flag_key: &str, tenant_slug: &str) -> u8 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in flag_key.bytes().chain([0]).chain(tenant_slug.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 100) as u8
}

pub fn is_enabled(flag: &Flag, tenant_slug: &str) -> bool {
    match &flag.state {
        FlagState::Off => false,
        FlagState::On => true,
        FlagState::Rollout {
            percentage,
            tenants,
        } => {
            tenants.iter().any(|t| t == tenant_slug) || bucket(&flag.key, tenant_slug) < *percentage
        }
    }
}

/// The full truth map for one tenant.
pub fn evaluate(flags: &[Flag], tenant_slug: &str) -> BTreeMap<String, bool> {
    flags
        .iter()
        .map(|f| (f.key.clone(), is_enabled(f, tenant_slug)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(state: FlagState) -> Flag {
        Flag {
            id: "f".into(),
            key: "new-mail-ui".into(),
            description: String::new(),
            state,
            note: String::new(),
            updated_at: 0,
            updated_by: String::new(),
            version: 1,
        }
    }

    #[test]
    fn off_on_and_allow_list() {
        assert!(!is_enabled(&flag(FlagState::Off), "t1"));
        assert!(is_enabled(&flag(FlagState::On), "t1"));
        let allow = flag(FlagState::Rollout {
            percentage: 0,
            tenants: vec!["t1".into()],
        });
        assert!(is_enabled(&allow, "t1"));
        assert!(!is_enabled(&allow, "t2"));
    }

    #[test]
    fn rollout_is_deterministic_and_roughly_proportional() {
        let f = flag(FlagState::Rollout {
            percentage: 30,
            tenants: vec![],
        });
        let tenants: Vec<String> = (0..2000).map(|i| format!("tenant-{i}")).collect();
        let first: Vec<bool> = tenants.iter().map(|t| is_enabled(&f, t)).collect();
        let again: Vec<bool> = tenants.iter().map(|t| is_enabled(&f, t)).collect();
        assert_eq!(first, again);
        let on = first.iter().filter(|b| **b).count();
        assert!(
            (500..700).contains(&on),
            "30% of 2000 should be near 600, got {on}"
        );
        let all = flag(FlagState::Rollout {
            percentage: 100,
            tenants: vec![],
        });
        assert!(tenants.iter().all(|t| is_enabled(&all, t)));
    }

    #[test]
    fn the_kill_switch_is_a_distinct_change() {
        let on = FlagState::On;
        assert_eq!(
            change_kind(Some(&on), Some(&FlagState::Off), "kill-switch"),
            FlagChangeKind::Killed
        );
        assert_eq!(
            change_kind(Some(&on), Some(&FlagState::Off), "done"),
            FlagChangeKind::Updated
        );
        assert_eq!(change_kind(None, Some(&on), ""), FlagChangeKind::Created);
        assert_eq!(change_kind(Some(&on), None, ""), FlagChangeKind::Removed);
    }

    #[test]
    fn keys_and_states_are_validated() {
        assert_eq!(validate_key("new-mail-ui"), Ok(()));
        assert_eq!(validate_key("x"), Err("length"));
        assert_eq!(validate_key("New"), Err("characters"));
        assert_eq!(validate_key("9lives"), Err("characters"));
        assert_eq!(
            validate_state(&FlagState::Rollout {
                percentage: 101,
                tenants: vec![]
            }),
            Err("percentage")
        );
    }

    #[test]
    fn evaluate_returns_every_flag() {
        let mut other = flag(FlagState::Off);
        other.key = "other".into();
        let map = evaluate(&[flag(FlagState::On), other], "t1");
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("new-mail-ui"), Some(&true));
        assert_eq!(map.get("other"), Some(&false));
    }
}
