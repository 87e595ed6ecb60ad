//! Recurring revenue, from the price catalog and real daily snapshots. The
//! catalog's rows are seeded from `pricing` (THE list price, shared with the
//! website's calculator), so the site, the catalog and every figure derived
//! from it agree. A day's MRR is taken once per UTC day from the tenants as
//! they are; a day the job missed is taken on its next run and marked late,
//! never interpolated; a day before the first run does not exist.
use super::model::{Millis, TenantStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The currency a tenant is billed in unless the catalog says otherwise.
pub const DEFAULT_CURRENCY: &str = "dkk";

/// The furthest back a late run fills (the job would have to be off for two
/// months; older gaps stay gaps).
pub const MAX_FILL_DAYS: i64 = 62;

const DAY_MS: i64 = 86_400_000;

/// One row of the price catalog: a plan and its per-seat monthly amount per
/// currency (minor units), with the payment provider's price per currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    /// The plan key (`standard`).
    pub id: String,
    /// Currency (lower-case ISO 4217) -> amount per seat per month, minor units.
    pub amounts: BTreeMap<String, i64>,
    /// Currency -> the provider's Price id minted for that amount.
    #[serde(default)]
    pub provider_prices: BTreeMap<String, String>,
    pub updated_at: Millis,
    pub version: u64,
}

/// The catalog as first seeded: every plan on sale at its list price.
pub fn seed_catalog(now: Millis) -> Vec<PriceRow> {
    crate::pricing::PLANS
        .iter()
        .map(|p| PriceRow {
            id: p.id.to_owned(),
            amounts: BTreeMap::from([(
                DEFAULT_CURRENCY.to_owned(),
                i64::try_from(p.price_ore).unwrap_or(i64::MAX),
            )]),
            provider_prices: BTreeMap::new(),
            updated_at: now,
            version: 1,
        })
        .collect()
}

/// The day number (days since 1970-01-01, UTC) of an instant.
pub fn day_of(millis: Millis) -> i64 {
    millis.div_euclid(DAY_MS)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_label(day: i64) -> String {
    let (y, m, d) = crate::format::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The days a run on `today` takes: today alone on the first run, else every
/// day after the last one taken, at most [`MAX_FILL_DAYS`] back.
pub fn days_to_take(last_taken: Option<i64>, today: i64) -> Vec<i64> {
    match last_taken {
        None => vec![today],
        Some(last) if last >= today => vec![],
        Some(last) => ((last + 1).max(today - MAX_FILL_DAYS + 1)..=today).collect(),
    }
}

/// Whether a tenant is billed: active ones are; suspended and deleted ones
/// are not (a suspension stops the service, and with it the revenue).
pub fn billed(status: TenantStatus) -> bool {
    status == TenantStatus::Active
}

/// THE per-seat amount a tenant is billed: its live subscription's
/// snapshot (what the provider charges; re-pricing refreshes it), else the
/// catalog's amount for its plan in its currency. None: not priced.
pub fn seat_price(t: &super::model::Tenant, catalog: &[PriceRow]) -> Option<i64> {
    let listed = catalog
        .iter()
        .find(|r| r.id == t.plan)
        .and_then(|r| r.amounts.get(t.billing_account.currency()).copied());
    if t.billing_account.live() {
        t.billing_account.seat_price_minor.or(listed)
    } else {
        listed
    }
}

/// One tenant's MRR on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantMrr {
    /// `{day}:{tenant id}`: once per tenant per day.
    pub id: String,
    pub day: String,
    pub tenant_id: String,
    pub partner_id: String,
    pub plan: String,
    pub currency: String,
    pub seats: u32,
    /// The catalog's amount that day (the per-seat snapshot).
    pub seat_price_minor: i64,
    pub mrr_minor: i64,
    pub version: u64,
}

/// A day's totals, kept with the day so a chart reads one record per day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotals {
    /// Currency -> MRR.
    pub total: BTreeMap<String, i64>,
    /// Partner id -> currency -> MRR.
    pub by_partner: BTreeMap<String, BTreeMap<String, i64>>,
    /// Plan -> currency -> MRR.
    pub by_plan: BTreeMap<String, BTreeMap<String, i64>>,
    pub tenants: u64,
    pub seats: u64,
    /// Partner id -> seats billed (the progressive margin reads them).
    #[serde(default)]
    pub seats_by_partner: BTreeMap<String, u64>,
}

impl DayTotals {
    pub fn add(&mut self, row: &TenantMrr) {
        let add = |m: &mut BTreeMap<String, i64>| {
            *m.entry(row.currency.clone()).or_default() += row.mrr_minor;
        };
        add(&mut self.total);
        add(self.by_partner.entry(row.partner_id.clone()).or_default());
        add(self.by_plan.entry(row.plan.clone()).or_default());
        self.tenants += 1;
        self.seats += u64::from(row.seats);
        *self
            .seats_by_partner
            .entry(row.partner_id.clone())
            .or_default() += u64::from(row.seats);
    }
}

/// A taken day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrDay {
    /// `YYYY-MM-DD` (ids sort by day).
    pub id: String,
    /// The same day as a number ([`day_of`]).
    pub day_number: i64,
    pub totals: DayTotals,
    pub taken_at: Millis,
    /// Taken on a later day's run (the job missed its day).
    pub late: bool,
    pub version: u64,
}

/// The MRR of one tenant: seats × the per-seat amount.
pub fn tenant_mrr(seats: u32, seat_price_minor: i64) -> i64 {
    i64::from(seats).saturating_mul(seat_price_minor)
}

/// One point of a chart: a day and its MRR in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrPoint {
    pub day: String,
    pub mrr_minor: i64,
}

/// MRR over time in one currency, oldest first, and the change over the
/// series in per mille of the first day (None when it started at 0 or has
/// one day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrSeries {
    pub currency: String,
    pub points: Vec<MrrPoint>,
}

impl MrrSeries {
    pub fn current(&self) -> Option<i64> {
        self.points.last().map(|p| p.mrr_minor)
    }

    /// The change from the first to the last point, in per mille.
    pub fn trend_permille(&self) -> Option<i64> {
        let (first, last) = (self.points.first()?, self.points.last()?);
        if self.points.len() < 2 || first.mrr_minor == 0 {
            return None;
        }
        Some((last.mrr_minor - first.mrr_minor) * 1000 / first.mrr_minor)
    }
}

/// The series of `days` (newest first, as read) in `currency`, for the whole
/// platform or one partner.
pub fn series(days: &[MrrDay], currency: &str, partner_id: Option<&str>) -> MrrSeries {
    let mut points: Vec<MrrPoint> = days
        .iter()
        .map(|d| {
            let totals = match partner_id {
                None => Some(&d.totals.total),
                Some(p) => d.totals.by_partner.get(p),
            };
            MrrPoint {
                day: d.id.clone(),
                mrr_minor: totals.and_then(|t| t.get(currency)).copied().unwrap_or(0),
            }
        })
        .collect();
    points.sort_by(|a, b| a.day.cmp(&b.day));
    MrrSeries {
        currency: currency.to_owned(),
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_seeded_from_the_one_list_price() {
        let rows = seed_catalog(0);
        assert_eq!(rows.len(), crate::pricing::PLANS.len());
        assert_eq!(
            rows[0].amounts[DEFAULT_CURRENCY],
            crate::pricing::LIST_PRICE_ORE as i64
        );
        assert_eq!(rows[0].id, "standard");
    }

    #[test]
    fn days_are_labelled_in_utc() {
        assert_eq!(day_label(0), "1970-01-01");
        assert_eq!(day_of(1_709_164_800_000), 19_782);
        assert_eq!(day_label(19_782), "2024-02-29");
        assert_eq!(day_of(1_709_164_799_999), 19_781);
    }

    #[test]
    fn a_missed_day_is_taken_late_and_nothing_before_the_first_run() {
        assert_eq!(days_to_take(None, 100), vec![100]);
        assert_eq!(days_to_take(Some(100), 100), Vec::<i64>::new());
        assert_eq!(days_to_take(Some(99), 100), vec![100]);
        assert_eq!(days_to_take(Some(97), 100), vec![98, 99, 100]);
        // A clock that went back takes nothing.
        assert_eq!(days_to_take(Some(101), 100), Vec::<i64>::new());
        let long = days_to_take(Some(0), 1000);
        assert_eq!(long.len() as i64, MAX_FILL_DAYS);
        assert_eq!(long.last(), Some(&1000));
    }

    #[test]
    fn totals_add_up_by_partner_and_plan_and_the_series_reads_them() {
        let row = |tenant: &str, partner: &str, seats: u32| TenantMrr {
            id: format!("2026-12-01:{tenant}"),
            day: "2026-12-01".into(),
            tenant_id: tenant.into(),
            partner_id: partner.into(),
            plan: "standard".into(),
            currency: "dkk".into(),
            seats,
            seat_price_minor: 4_900,
            mrr_minor: tenant_mrr(seats, 4_900),
            version: 1,
        };
        let mut t = DayTotals::default();
        for r in [row("a", "p1", 14), row("b", "p1", 6), row("c", "p2", 3)] {
            t.add(&r);
        }
        assert_eq!(t.total["dkk"], 23 * 4_900);
        assert_eq!(t.by_partner["p1"]["dkk"], 20 * 4_900);
        assert_eq!((t.tenants, t.seats), (3, 23));
        assert_eq!(t.seats_by_partner["p1"], 20);
        let day = |id: &str, totals: DayTotals| MrrDay {
            id: id.into(),
            day_number: 0,
            totals,
            taken_at: 0,
            late: false,
            version: 1,
        };
        let mut later = t.clone();
        later.add(&row("d", "p2", 3));
        // Read newest first; drawn oldest first.
        let days = [day("2026-12-02", later), day("2026-12-01", t)];
        let all = series(&days, "dkk", None);
        assert_eq!(all.points[0].day, "2026-12-01");
        assert_eq!(all.current(), Some(26 * 4_900));
        assert_eq!(all.trend_permille(), Some(3 * 1000 / 23));
        let p2 = series(&days, "dkk", Some("p2"));
        assert_eq!(p2.current(), Some(6 * 4_900));
        assert_eq!(p2.trend_permille(), Some(1000));
        // A partner with nothing that day is 0 that day, never skipped.
        assert_eq!(series(&days, "dkk", Some("p3")).points.len(), 2);
        assert_eq!(series(&days[..1], "dkk", None).trend_permille(), None);
    }
}
