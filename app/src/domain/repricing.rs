//! Re-pricing a catalog row: THE edit check, the impact an operator sees
//! before committing (customers, live subscriptions, seats, MRR before and
//! after), and the record of one re-pricing with every subscription's
//! outcome. Provider prices are immutable, so a new amount is a new price;
//! each live subscription on that row and currency is repointed to it
//! without proration (the new amount from the next cycle). A subscription
//! the provider refuses is listed as failed and retried, never fatal.
use super::model::{Millis, Tenant};
use super::revenue::{PriceRow, billed, tenant_mrr};
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// The currencies the catalog prices in (lower-case ISO 4217).
pub const CURRENCIES: [&str; 4] = ["dkk", "eur", "sek", "nok"];

/// The highest per-seat amount the catalog takes (10,000.00 in any of
/// the currencies): a typo guard, far above any real seat price.
pub const MAX_SEAT_MINOR: i64 = 1_000_000;

/// THE check of an edit: a currency the catalog prices in, an amount in
/// range, and a change (the same amount again mints nothing).
pub fn check_edit(row: &PriceRow, currency: &str, amount_minor: i64) -> Result<(), FieldError> {
    let fail = |field, reason| Err(FieldError { field, reason });
    if !CURRENCIES.contains(&currency) {
        return fail("currency", "unsupported");
    }
    if amount_minor <= 0 {
        return fail("amount", "not_positive");
    }
    if amount_minor > MAX_SEAT_MINOR {
        return fail("amount", "above_max");
    }
    if row.amounts.get(currency) == Some(&amount_minor) {
        return fail("amount", "unchanged");
    }
    Ok(())
}

/// An amount as an operator types it, in major units (`59`, `59,00`,
/// `59.5`) -> minor units. No thousands separators, at most two decimals.
pub fn parse_amount(text: &str) -> Result<i64, FieldError> {
    let bad = Err(FieldError {
        field: "amount",
        reason: "invalid_amount",
    });
    let t = text.trim();
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.is_some_and(|f| f.len() > 2 || !digits(f)) {
        return bad;
    }
    let frac = frac.unwrap_or("");
    let whole: i64 = whole.parse().map_err(|_| FieldError {
        field: "amount",
        reason: "invalid_amount",
    })?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse().unwrap_or(0),
    };
    Ok(whole * 100 + frac)
}

/// What an edit would change, shown before it is made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub plan: String,
    pub currency: String,
    pub old_amount_minor: Option<i64>,
    pub new_amount_minor: i64,
    /// Billed customers on the plan in that currency.
    pub customers: u64,
    /// Of those, the ones with a live subscription (repointed).
    pub subscriptions: u64,
    pub seats: u64,
    /// Their MRR at what they are billed today, and at the new amount.
    pub mrr_before_minor: i64,
    pub mrr_after_minor: i64,
    /// The catalog row's version the impact was read at (the edit is made
    /// only over it).
    pub row_version: u64,
}

/// Whether a tenant is on this row and currency (and billed).
pub fn on_row(t: &Tenant, plan: &str, currency: &str) -> bool {
    billed(t.status) && t.plan == plan && t.billing_account.currency() == currency
}

/// THE impact of an edit over the tenants as they are.
pub fn impact<'a>(
    row: &PriceRow,
    currency: &str,
    new_amount_minor: i64,
    tenants: impl IntoIterator<Item = &'a Tenant>,
) -> Impact {
    let old = row.amounts.get(currency).copied();
    let mut out = Impact {
        plan: row.id.clone(),
        currency: currency.to_owned(),
        old_amount_minor: old,
        new_amount_minor,
        row_version: row.version,
        ..Impact::default()
    };
    for t in tenants.into_iter().filter(|t| on_row(t, &row.id, currency)) {
        out.customers += 1;
        out.seats += u64::from(t.seats);
        if t.billing_account.live() {
            out.subscriptions += 1;
        }
        let today = t.billing_account.seat_price_minor.or(old).unwrap_or(0);
        out.mrr_before_minor += tenant_mrr(t.seats, today);
        out.mrr_after_minor += tenant_mrr(t.seats, new_amount_minor);
    }
    out
}

/// One subscription's outcome in a re-pricing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repoint {
    pub tenant_id: String,
    pub tenant_slug: String,
    pub tenant_name: String,
    pub subscription_item_id: String,
    /// None once repointed; else the provider's refusal, as said.
    pub error: Option<String>,
    pub attempts: u32,
    pub at: Millis,
}

/// One re-pricing of one row and currency, kept with its outcomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repricing {
    pub id: String,
    pub plan: String,
    pub currency: String,
    pub old_amount_minor: Option<i64>,
    pub new_amount_minor: i64,
    /// The provider's new price (None with billing off: the catalog
    /// changed, no money path ran).
    pub price_id: Option<String>,
    pub actor: String,
    pub created_at: Millis,
    pub repoints: Vec<Repoint>,
    pub version: u64,
}

impl Repoint {
    /// Repointed: tried, and the provider took it.
    pub fn done(&self) -> bool {
        self.attempts > 0 && self.error.is_none()
    }
}

impl Repricing {
    /// Refused by the provider at the last attempt.
    pub fn failed(&self) -> impl Iterator<Item = &Repoint> {
        self.repoints.iter().filter(|r| r.error.is_some())
    }

    /// Not repointed yet (refused, or never tried): what a retry does.
    pub fn pending(&self) -> impl Iterator<Item = &Repoint> {
        self.repoints.iter().filter(|r| !r.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::billing_state::BillingAccount;
    use crate::domain::model::TenantStatus;
    use std::collections::BTreeMap;

    fn row() -> PriceRow {
        PriceRow {
            id: "standard".into(),
            amounts: BTreeMap::from([("dkk".into(), 4900)]),
            provider_prices: BTreeMap::new(),
            updated_at: 0,
            version: 3,
        }
    }

    fn tenant(seats: u32, status: TenantStatus, account: BillingAccount) -> Tenant {
        let mut t = Tenant::sample("t");
        t.seats = seats;
        t.status = status;
        t.plan = "standard".into();
        t.billing_account = account;
        t
    }

    #[test]
    fn an_edit_names_the_field_it_refuses() {
        let r = row();
        let reason = |c: &str, a: i64| check_edit(&r, c, a).err().map(|e| (e.field, e.reason));
        assert_eq!(reason("dkk", 5900), None);
        assert_eq!(reason("eur", 650), None);
        assert_eq!(reason("usd", 650), Some(("currency", "unsupported")));
        assert_eq!(reason("dkk", 0), Some(("amount", "not_positive")));
        assert_eq!(reason("dkk", MAX_SEAT_MINOR), None);
        assert_eq!(
            reason("dkk", MAX_SEAT_MINOR + 1),
            Some(("amount", "above_max"))
        );
        assert_eq!(reason("dkk", 4900), Some(("amount", "unchanged")));
    }

    #[test]
    fn amounts_are_typed_in_major_units() {
        let ok = |s: &str| parse_amount(s).ok();
        assert_eq!(ok("59"), Some(5900));
        assert_eq!(ok("59,00"), Some(5900));
        assert_eq!(ok(" 6.5 "), Some(650));
        assert_eq!(ok("0,49"), Some(49));
        for bad in ["", "kr 59", "1.000,00", "59,005", "-5", "5,", ",5", "1e3"] {
            assert_eq!(
                parse_amount(bad).map_err(|e| e.reason),
                Err("invalid_amount"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_impact_counts_billed_customers_and_their_live_subscriptions() {
        let live = BillingAccount {
            subscription_item_id: Some("si_1".into()),
            subscription_status: Some("active".into()),
            // Billed at an older amount until now.
            seat_price_minor: Some(4500),
            ..BillingAccount::default()
        };
        let eur = BillingAccount {
            currency: Some("eur".into()),
            ..live.clone()
        };
        let tenants = [
            tenant(10, TenantStatus::Active, live),
            tenant(4, TenantStatus::Active, BillingAccount::default()),
            tenant(7, TenantStatus::Suspended, BillingAccount::default()),
            tenant(3, TenantStatus::Active, eur),
        ];
        let i = impact(&row(), "dkk", 5900, &tenants);
        assert_eq!(
            (i.customers, i.subscriptions, i.seats, i.row_version),
            (2, 1, 14, 3)
        );
        assert_eq!(i.mrr_before_minor, 10 * 4500 + 4 * 4900);
        assert_eq!(i.mrr_after_minor, 14 * 5900);
        let e = impact(&row(), "eur", 650, &tenants);
        assert_eq!(
            (e.customers, e.subscriptions, e.old_amount_minor),
            (1, 1, None)
        );
    }
}
