//! Partner payouts: per partner, month and currency, the gross MRR of its
//! customers (the month's latest daily snapshot) times its margin — the
//! contracted percentage, or the published progressive brackets computed by
//! THE bracket implementation the website's calculator uses
//! (`pricing::margin_for`). A paid row is never rewritten.
use super::model::Millis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum PayoutStatus {
    Pending,
    Paid,
}

impl PayoutStatus {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Paid => "paid",
        }
    }
}

wire_str!(PayoutStatus: Pending, Paid);

/// How the margin was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MarginBasis {
    Contracted { pct: u8 },
    Progressive,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// `{partner id}:{YYYY-MM}:{currency}`.
    pub id: String,
    pub partner_id: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    /// The snapshot day the figures come from (`YYYY-MM-DD`).
    pub as_of: String,
    pub seats: u64,
    pub gross_minor: i64,
    pub basis: MarginBasis,
    /// The effective margin in tenths of a percent.
    pub margin_permille: u64,
    pub payout_minor: i64,
    pub status: PayoutStatus,
    pub generated_at: Millis,
    pub paid_at: Option<Millis>,
    pub paid_by: Option<String>,
    pub version: u64,
}

pub fn payout_id(partner_id: &str, month: &str, currency: &str) -> String {
    format!("{partner_id}:{month}:{currency}")
}

/// The payout on `gross` for `seats`: the contracted percentage (rounded
/// down to the minor unit), or the progressive brackets scaled from the
/// list price to what the customers actually pay.
pub fn payout_for(gross: i64, seats: u64, basis: MarginBasis) -> (i64, u64) {
    if gross <= 0 {
        let permille = match basis {
            MarginBasis::Contracted { pct } => u64::from(pct) * 10,
            MarginBasis::Progressive => 0,
        };
        return (0, permille);
    }
    match basis {
        MarginBasis::Contracted { pct } => {
            let pct = i128::from(pct.min(100));
            let payout = i128::from(gross) * pct / 100;
            (
                i64::try_from(payout).unwrap_or(i64::MAX),
                u64::try_from(pct).unwrap_or(0) * 10,
            )
        }
        MarginBasis::Progressive => {
            let m = crate::pricing::margin_for(seats);
            if m.list_monthly_ore == 0 {
                return (0, 0);
            }
            let payout =
                i128::from(gross) * i128::from(m.monthly_ore) / i128::from(m.list_monthly_ore);
            (
                i64::try_from(payout).unwrap_or(i64::MAX),
                m.effective_permille(),
            )
        }
    }
}

/// The month (`YYYY-MM`) of a day label.
pub fn month_of(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

/// Whether `month` is written `YYYY-MM` with a real month.
pub fn is_month(month: &str) -> bool {
    let b = month.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(month[5..].parse::<u8>(), Ok(1..=12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::LIST_PRICE_ORE;

    fn at_list(seats: u64) -> i64 {
        i64::try_from(seats * LIST_PRICE_ORE).unwrap()
    }

    #[test]
    fn progressive_brackets_at_their_edges() {
        let p = |seats| payout_for(at_list(seats), seats, MarginBasis::Progressive);
        // 15 % up to 500 seats, 30 % for 501-1000, 40 % from 1001.
        assert_eq!(p(500), (367_500, 150));
        assert_eq!(p(501).0, 367_500 + 1_470);
        assert_eq!(p(1_000).0, 367_500 + 500 * 1_470);
        assert_eq!(p(1_001).0, 367_500 + 500 * 1_470 + 1_960);
        assert_eq!(p(1).0, 735);
        // The calculator's own figure, by construction.
        for seats in [1, 499, 500, 501, 999, 1_000, 1_001, 5_000] {
            assert_eq!(
                u64::try_from(p(seats).0).unwrap(),
                crate::pricing::margin_for(seats).monthly_ore,
                "{seats}"
            );
        }
        // Customers paying half the list price: half the margin.
        assert_eq!(
            payout_for(at_list(500) / 2, 500, MarginBasis::Progressive).0,
            183_750
        );
    }

    #[test]
    fn contracted_margins_round_down() {
        let c = |gross, pct| payout_for(gross, 0, MarginBasis::Contracted { pct });
        assert_eq!(c(98_000, 30), (29_400, 300));
        assert_eq!(c(99, 15), (14, 150));
        assert_eq!(c(0, 30), (0, 300));
        assert_eq!(c(1_000, 100), (1_000, 1_000));
    }

    #[test]
    fn months_are_checked() {
        assert_eq!(month_of("2026-12-03"), "2026-12");
        assert!(is_month("2026-12") && is_month("2027-01"));
        for bad in ["2026-13", "2026-00", "2026-1", "26-12", "2026/12", ""] {
            assert!(!is_month(bad), "{bad}");
        }
    }
}
