//! A tenant's security policy: what the admin may set, and the checks dezky
//! enforces itself (session timeouts and the IP allow-list for the tenant's
//! people). Written once for the form in the browser and the server.
use super::model::{MfaMode, SecurityPolicy};
use super::validate::FieldError;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Bounds of the session timeouts.
pub const IDLE_MINUTES: std::ops::RangeInclusive<u32> = 5..=1440;
pub const ABSOLUTE_HOURS: std::ops::RangeInclusive<u32> = 1..=720;
const MAX_ENTRIES: usize = 50;

/// Who enforces a setting, as the page labels it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Enforcement {
    /// dezky refuses or ends what the setting forbids.
    Enforced,
    /// Kept and shown; nothing in dezky acts on it yet.
    RecordedOnly,
}

impl Enforcement {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Enforcement::Enforced => "enforced",
            Enforcement::RecordedOnly => "recorded_only",
        }
    }
}

wire_str!(Enforcement: Enforced, RecordedOnly);

/// Which settings dezky enforces: the session timeouts and the IP allow-list
/// on every request of the tenant's people; the MFA mode and the countries are
/// recorded (the identity provider's sign-in flow owns the second factor, and
/// dezky has no address-to-country database).
pub fn enforcement(setting: &str) -> Enforcement {
    match setting {
        "session_idle_minutes" | "session_absolute_hours" | "ip_allow_list" => {
            Enforcement::Enforced
        }
        _ => Enforcement::RecordedOnly,
    }
}

/// The policy as the admin typed it: lists one entry per line or comma.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyForm {
    pub mfa_mode: MfaMode,
    pub session_idle_minutes: String,
    pub session_absolute_hours: String,
    pub allowed_countries: String,
    pub ip_allow_list: String,
}

impl PolicyForm {
    pub fn of(p: &SecurityPolicy) -> Self {
        Self {
            mfa_mode: p.mfa_mode,
            session_idle_minutes: p.session_idle_minutes.to_string(),
            session_absolute_hours: p.session_absolute_hours.to_string(),
            allowed_countries: p.allowed_countries.join(", "),
            ip_allow_list: p.ip_allow_list.join("\n"),
        }
    }

    /// The checked policy, or the field that is wrong.
    pub fn checked(&self) -> Result<SecurityPolicy, FieldError> {
        let fail = |field, reason| FieldError { field, reason };
        let number = |field, text: &str, range: std::ops::RangeInclusive<u32>| {
            let n: u32 = text
                .trim()
                .parse()
                .map_err(|_| fail(field, "not_a_number"))?;
            if range.contains(&n) {
                Ok(n)
            } else {
                Err(fail(field, "out_of_range"))
            }
        };
        let idle = number(
            "session_idle_minutes",
            &self.session_idle_minutes,
            IDLE_MINUTES,
        )?;
        let absolute = number(
            "session_absolute_hours",
            &self.session_absolute_hours,
            ABSOLUTE_HOURS,
        )?;
        if u64::from(idle) > u64::from(absolute) * 60 {
            return Err(fail("session_idle_minutes", "longer_than_absolute"));
        }
        let entries = |text: &str| -> Vec<String> {
            text.split(['\n', ','])
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let mut countries: Vec<String> = entries(&self.allowed_countries)
            .into_iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if countries.len() > MAX_ENTRIES {
            return Err(fail("allowed_countries", "too_many"));
        }
        if !countries
            .iter()
            .all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
        {
            return Err(fail("allowed_countries", "not_a_country"));
        }
        countries.sort();
        countries.dedup();
        let ips = entries(&self.ip_allow_list);
        if ips.len() > MAX_ENTRIES {
            return Err(fail("ip_allow_list", "too_many"));
        }
        let mut ranges = Vec::with_capacity(ips.len());
        for entry in &ips {
            ranges.push(
                IpRange::parse(entry)
                    .ok_or(fail("ip_allow_list", "not_an_address"))?
                    .to_string(),
            );
        }
        ranges.dedup();
        Ok(SecurityPolicy {
            mfa_mode: self.mfa_mode,
            session_idle_minutes: idle,
            session_absolute_hours: absolute,
            allowed_countries: countries,
            ip_allow_list: ranges,
        })
    }
}

/// An address or a CIDR range, its host bits cleared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return None;
        }
        Some(Self {
            network: mask(addr, prefix),
            prefix,
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client seen as ::ffff:a.b.c.d is the IPv4 address.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let max = if self.network.is_ipv4() { 32 } else { 128 };
        if self.prefix == max {
            write!(f, "{}", self.network)
        } else {
            write!(f, "{}/{}", self.network, self.prefix)
        }
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4((bits & m).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6((bits & m).into())
        }
    }
}

/// Whether `ip` may reach a tenant with this allow-list (an empty list
/// allows everyone; an address that does not parse is refused).
pub fn ip_allowed(list: &[String], ip: &str) -> bool {
    if list.is_empty() {
        return true;
    }
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return false;
    };
    list.iter()
        .filter_map(|e| IpRange::parse(e))
        .any(|r| r.contains(ip))
}

/// The session limits of a person: the strictest of their tenants'
/// policies, in milliseconds (idle, absolute); None without a tenant.
pub fn strictest_limits<'a>(
    policies: impl IntoIterator<Item = &'a SecurityPolicy>,
) -> Option<(i64, i64)> {
    policies.into_iter().fold(None, |acc, p| {
        let idle = i64::from(p.session_idle_minutes) * 60_000;
        let absolute = i64::from(p.session_absolute_hours) * 3_600_000;
        Some(match acc {
            None => (idle, absolute),
            Some((i, a)) => (i.min(idle), a.min(absolute)),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(idle: &str, absolute: &str, countries: &str, ips: &str) -> PolicyForm {
        PolicyForm {
            mfa_mode: MfaMode::Required,
            session_idle_minutes: idle.into(),
            session_absolute_hours: absolute.into(),
            allowed_countries: countries.into(),
            ip_allow_list: ips.into(),
        }
    }

    #[test]
    fn a_policy_is_checked_field_by_field() {
        let ok = form(
            "30",
            "8",
            "dk, se,DK",
            "192.0.2.7\n10.1.2.3/8\n2001:db8::1/32",
        )
        .checked()
        .unwrap();
        assert_eq!(ok.session_idle_minutes, 30);
        assert_eq!(ok.allowed_countries, ["DK", "SE"]);
        assert_eq!(
            ok.ip_allow_list,
            ["192.0.2.7", "10.0.0.0/8", "2001:db8::/32"]
        );
        for (f, field, reason) in [
            (
                form("x", "8", "", ""),
                "session_idle_minutes",
                "not_a_number",
            ),
            (
                form("2", "8", "", ""),
                "session_idle_minutes",
                "out_of_range",
            ),
            (
                form("600", "8", "", ""),
                "session_idle_minutes",
                "longer_than_absolute",
            ),
            (
                form("30", "0", "", ""),
                "session_absolute_hours",
                "out_of_range",
            ),
            (
                form("30", "8", "Denmark", ""),
                "allowed_countries",
                "not_a_country",
            ),
            (
                form("30", "8", "", "10.0.0.0/33"),
                "ip_allow_list",
                "not_an_address",
            ),
            (
                form("30", "8", "", "intranet"),
                "ip_allow_list",
                "not_an_address",
            ),
        ] {
            assert_eq!(
                f.checked().unwrap_err(),
                FieldError { field, reason },
                "{f:?}"
            );
        }
    }

    #[test]
    fn the_allow_list_matches_addresses_and_ranges() {
        let list = vec!["192.0.2.0/24".to_owned(), "2001:db8::/32".to_owned()];
        assert!(ip_allowed(&list, "192.0.2.200"));
        assert!(ip_allowed(&list, "::ffff:192.0.2.9"));
        assert!(ip_allowed(&list, "2001:db8:1::5"));
        assert!(!ip_allowed(&list, "192.0.3.1"));
        assert!(!ip_allowed(&list, "not an ip"));
        assert!(ip_allowed(&[], "203.0.113.1"));
        assert!(ip_allowed(&["0.0.0.0/0".to_owned()], "203.0.113.1"));
    }

    #[test]
    fn a_person_in_two_tenants_gets_the_strictest_limits() {
        let a = SecurityPolicy {
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            ..SecurityPolicy::default()
        };
        let b = SecurityPolicy {
            session_idle_minutes: 120,
            session_absolute_hours: 4,
            ..SecurityPolicy::default()
        };
        assert_eq!(
            strictest_limits([&a, &b]),
            Some((30 * 60_000, 4 * 3_600_000))
        );
        assert_eq!(strictest_limits([]), None);
    }
}
