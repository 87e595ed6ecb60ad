//! Reports, read from the daily MRR snapshots and the tenants as they are:
//! revenue by plan, the top tenants, growth between two snapshot days,
//! signup and churn cohorts per month, health cohorts, and a partner's
//! saved custom reports (a metric grouped by one dimension). Every figure
//! carries the snapshot day it was read from; nothing is interpolated.
use super::health::HealthLevel;
use super::model::{Millis, Tenant, TenantStatus};
use super::revenue::{MrrDay, TenantMrr, day_of};
use super::validate::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One plan's share of a day's MRR (one currency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRevenue {
    pub plan: String,
    pub currency: String,
    pub mrr_minor: i64,
    pub tenants: u64,
    pub seats: u64,
}

/// THE revenue by plan of a day's rows, largest first.
pub fn by_plan(rows: &[TenantMrr]) -> Vec<PlanRevenue> {
    let mut m: BTreeMap<(String, String), PlanRevenue> = BTreeMap::new();
    for r in rows {
        let e = m
            .entry((r.plan.clone(), r.currency.clone()))
            .or_insert_with(|| PlanRevenue {
                plan: r.plan.clone(),
                currency: r.currency.clone(),
                mrr_minor: 0,
                tenants: 0,
                seats: 0,
            });
        e.mrr_minor += r.mrr_minor;
        e.tenants += 1;
        e.seats += u64::from(r.seats);
    }
    let mut out: Vec<_> = m.into_values().collect();
    out.sort_by(|a, b| b.mrr_minor.cmp(&a.mrr_minor).then(a.plan.cmp(&b.plan)));
    out
}

/// The `n` largest rows by MRR (ties by tenant id, so the order is stable).
pub fn top(rows: &[TenantMrr], n: usize) -> Vec<TenantMrr> {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| {
        b.mrr_minor
            .cmp(&a.mrr_minor)
            .then(a.tenant_id.cmp(&b.tenant_id))
    });
    sorted.truncate(n);
    sorted
}

/// MRR, customers and seats on the first and last snapshot day of a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Growth {
    pub from_day: String,
    pub to_day: String,
    pub currency: String,
    pub mrr_from: i64,
    pub mrr_to: i64,
    pub tenants_from: u64,
    pub tenants_to: u64,
    pub seats_from: u64,
    pub seats_to: u64,
}

/// Growth over the days given (any order), for the platform or one
/// partner. None with fewer than two days: growth needs two.
pub fn growth(days: &[MrrDay], currency: &str, partner_id: Option<&str>) -> Option<Growth> {
    let first = days.iter().min_by_key(|d| d.day_number)?;
    let last = days.iter().max_by_key(|d| d.day_number)?;
    if first.day_number == last.day_number {
        return None;
    }
    let mrr = |d: &MrrDay| {
        let m = match partner_id {
            None => Some(&d.totals.total),
            Some(p) => d.totals.by_partner.get(p),
        };
        m.and_then(|m| m.get(currency)).copied().unwrap_or(0)
    };
    let seats = |d: &MrrDay| match partner_id {
        None => d.totals.seats,
        Some(p) => d.totals.seats_by_partner.get(p).copied().unwrap_or(0),
    };
    // Customers per partner are not in the day's totals: the platform's
    // count only (a partner's comes from its rows).
    let tenants = |d: &MrrDay| match partner_id {
        None => d.totals.tenants,
        Some(_) => 0,
    };
    Some(Growth {
        from_day: first.id.clone(),
        to_day: last.id.clone(),
        currency: currency.to_owned(),
        mrr_from: mrr(first),
        mrr_to: mrr(last),
        tenants_from: tenants(first),
        tenants_to: tenants(last),
        seats_from: seats(first),
        seats_to: seats(last),
    })
}

/// `YYYY-MM` of an instant (UTC).
pub fn month_label(millis: Millis) -> String {
    let (y, m, _) = crate::format::civil_from_days(day_of(millis));
    format!("{y:04}-{m:02}")
}

/// The last `n` months up to the one of `now`, oldest first.
pub fn last_months(now: Millis, n: usize) -> Vec<String> {
    let (mut y, mut m, _) = crate::format::civil_from_days(day_of(now));
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(format!("{y:04}-{m:02}"));
        m -= 1;
        if m == 0 {
            m = 12;
            y -= 1;
        }
    }
    out.reverse();
    out
}

/// One month's signups and churn, and how many of its signups are still
/// customers (retention of the cohort).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCohort {
    pub month: String,
    pub signed_up: u64,
    /// Deleted in that month (a suspension is not churn: it can be undone).
    pub churned: u64,
    /// Of the month's signups, those not deleted now.
    pub retained: u64,
}

/// THE signup and churn cohorts of the months given.
pub fn cohorts<'a>(
    tenants: impl IntoIterator<Item = &'a Tenant>,
    months: &[String],
) -> Vec<MonthCohort> {
    let mut out: Vec<MonthCohort> = months
        .iter()
        .map(|m| MonthCohort {
            month: m.clone(),
            signed_up: 0,
            churned: 0,
            retained: 0,
        })
        .collect();
    for t in tenants {
        let signed = month_label(t.created_at);
        if let Some(c) = out.iter_mut().find(|c| c.month == signed) {
            c.signed_up += 1;
            if t.status != TenantStatus::Deleted {
                c.retained += 1;
            }
        }
        if t.status == TenantStatus::Deleted
            && let Some(at) = t.deleted_at
            && let Some(c) = out.iter_mut().find(|c| c.month == month_label(at))
        {
            c.churned += 1;
        }
    }
    out
}

/// What a custom report adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Metric {
    Customers,
    Seats,
    /// In the snapshot's currency (minor units).
    Mrr,
}

impl Metric {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Metric::Customers => "customers",
            Metric::Seats => "seats",
            Metric::Mrr => "mrr",
        }
    }
}

wire_str!(Metric: Customers, Seats, Mrr);

/// What a custom report groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum GroupBy {
    Plan,
    Status,
    Health,
    SignupMonth,
}

impl GroupBy {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupBy::Plan => "plan",
            GroupBy::Status => "status",
            GroupBy::Health => "health",
            GroupBy::SignupMonth => "signup_month",
        }
    }
}

wire_str!(GroupBy: Plan, Status, Health, SignupMonth);

/// A partner's saved report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReport {
    pub id: String,
    pub partner_id: String,
    pub name: String,
    pub metric: Metric,
    pub group_by: GroupBy,
    pub created_by: String,
    pub created_at: Millis,
    pub version: u64,
}

/// The longest report name.
pub const MAX_NAME: usize = 80;

/// How many reports a partner keeps.
pub const MAX_SAVED: usize = 50;

/// THE check of a report's name: required, at most [`MAX_NAME`] characters.
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let n = name.trim();
    if n.is_empty() {
        return Err(FieldError {
            field: "name",
            reason: "required",
        });
    }
    if n.chars().count() > MAX_NAME {
        return Err(FieldError {
            field: "name",
            reason: "too_long",
        });
    }
    Ok(n.to_owned())
}

/// The facts a custom report reads of one customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerFacts {
    pub plan: String,
    pub status: TenantStatus,
    pub health: HealthLevel,
    pub signup_month: String,
    pub seats: u32,
    /// From the latest snapshot (None: not in it, e.g. suspended).
    pub mrr_minor: Option<i64>,
}

/// THE run of a report: one row per group, largest first.
pub fn run(metric: Metric, group_by: GroupBy, customers: &[CustomerFacts]) -> Vec<(String, i64)> {
    let mut m: BTreeMap<String, i64> = BTreeMap::new();
    for c in customers {
        let key = match group_by {
            GroupBy::Plan => c.plan.clone(),
            GroupBy::Status => c.status.as_str().to_owned(),
            GroupBy::Health => c.health.as_str().to_owned(),
            GroupBy::SignupMonth => c.signup_month.clone(),
        };
        let v = match metric {
            Metric::Customers => 1,
            Metric::Seats => i64::from(c.seats),
            Metric::Mrr => c.mrr_minor.unwrap_or(0),
        };
        *m.entry(key).or_default() += v;
    }
    let mut out: Vec<_> = m.into_iter().collect();
    if group_by == GroupBy::SignupMonth {
        out.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::revenue::DayTotals;

    fn row(tenant: &str, plan: &str, seats: u32, price: i64) -> TenantMrr {
        TenantMrr {
            id: format!("d:{tenant}"),
            day: "2026-12-03".into(),
            tenant_id: tenant.into(),
            partner_id: "p".into(),
            plan: plan.into(),
            currency: "dkk".into(),
            seats,
            seat_price_minor: price,
            mrr_minor: i64::from(seats) * price,
            version: 1,
        }
    }

    #[test]
    fn revenue_by_plan_and_the_top_tenants() {
        let rows = [
            row("a", "standard", 14, 4900),
            row("b", "standard", 6, 4900),
            row("c", "enterprise", 23, 9900),
        ];
        let p = by_plan(&rows);
        assert_eq!(
            p.iter()
                .map(|p| (p.plan.as_str(), p.mrr_minor, p.tenants, p.seats))
                .collect::<Vec<_>>(),
            vec![("enterprise", 227_700, 1, 23), ("standard", 98_000, 2, 20)]
        );
        let t: Vec<_> = top(&rows, 2).into_iter().map(|r| r.tenant_id).collect();
        assert_eq!(t, ["c", "a"]);
        assert!(top(&[], 3).is_empty());
    }

    fn day(id: &str, n: i64, mrr: i64, tenants: u64, seats: u64) -> MrrDay {
        let mut totals = DayTotals {
            tenants,
            seats,
            ..DayTotals::default()
        };
        totals.total.insert("dkk".into(), mrr);
        totals
            .by_partner
            .insert("p".into(), BTreeMap::from([("dkk".into(), mrr / 2)]));
        totals.seats_by_partner.insert("p".into(), seats / 2);
        MrrDay {
            id: id.into(),
            day_number: n,
            totals,
            taken_at: 0,
            late: false,
            version: 1,
        }
    }

    #[test]
    fn growth_needs_two_days_and_reads_the_first_and_last() {
        assert_eq!(
            growth(&[day("2026-12-01", 1, 100, 1, 2)], "dkk", None),
            None
        );
        let days = [
            day("2026-12-03", 3, 300, 3, 30),
            day("2026-11-01", 1, 100, 1, 10),
            day("2026-12-02", 2, 200, 2, 20),
        ];
        let g = growth(&days, "dkk", None).unwrap();
        assert_eq!(
            (
                g.from_day.as_str(),
                g.to_day.as_str(),
                g.mrr_from,
                g.mrr_to,
                g.tenants_to,
                g.seats_from
            ),
            ("2026-11-01", "2026-12-03", 100, 300, 3, 10)
        );
        let p = growth(&days, "dkk", Some("p")).unwrap();
        assert_eq!((p.mrr_from, p.mrr_to, p.seats_to), (50, 150, 15));
    }

    #[test]
    fn months_cohorts_and_churn() {
        // Back across a year boundary too.
        let now = 1_796_083_200_000; // 2026-12-01
        assert_eq!(last_months(now, 3), ["2026-10", "2026-11", "2026-12"]);
        assert_eq!(last_months(1_767_225_600_000, 2), ["2025-12", "2026-01"]);
        let mut a = Tenant::sample("a");
        a.created_at = 1_793_404_800_000; // 2026-10-31
        let mut b = Tenant::sample("b");
        b.created_at = 1_793_491_200_000; // 2026-11-01
        b.status = TenantStatus::Deleted;
        b.deleted_at = Some(now);
        let mut c = Tenant::sample("c");
        c.created_at = 1_793_700_000_000; // 2026-11-03
        c.status = TenantStatus::Suspended;
        let months = last_months(now, 3);
        let got = cohorts([&a, &b, &c], &months);
        let flat: Vec<_> = got
            .iter()
            .map(|c| (c.month.as_str(), c.signed_up, c.churned, c.retained))
            .collect();
        assert_eq!(
            flat,
            [
                ("2026-10", 1, 0, 1),
                ("2026-11", 2, 0, 1),
                ("2026-12", 0, 1, 0)
            ]
        );
    }

    #[test]
    fn a_custom_report_adds_a_metric_up_by_its_group() {
        let f = |plan: &str, health: HealthLevel, month: &str, seats: u32, mrr: Option<i64>| {
            CustomerFacts {
                plan: plan.into(),
                status: TenantStatus::Active,
                health,
                signup_month: month.into(),
                seats,
                mrr_minor: mrr,
            }
        };
        let cs = [
            f(
                "standard",
                HealthLevel::Healthy,
                "2026-11",
                14,
                Some(68_600),
            ),
            f(
                "standard",
                HealthLevel::Critical,
                "2026-10",
                6,
                Some(29_400),
            ),
            f("enterprise", HealthLevel::Healthy, "2026-11", 3, None),
        ];
        assert_eq!(
            run(Metric::Customers, GroupBy::Health, &cs),
            [("healthy".to_owned(), 2), ("critical".to_owned(), 1)]
        );
        assert_eq!(
            run(Metric::Mrr, GroupBy::Plan, &cs),
            [
                ("standard".to_owned(), 98_000),
                ("enterprise".to_owned(), 0)
            ]
        );
        assert_eq!(
            run(Metric::Seats, GroupBy::SignupMonth, &cs),
            [("2026-10".to_owned(), 6), ("2026-11".to_owned(), 17)]
        );
        assert_eq!(check_name("  Q4 by plan ").unwrap(), "Q4 by plan");
        assert_eq!(check_name(" ").unwrap_err().reason, "required");
        assert_eq!(
            check_name(&"x".repeat(MAX_NAME + 1)).unwrap_err().reason,
            "too_long"
        );
    }
}
