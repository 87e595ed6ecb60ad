//! dezky's commercial rules, in one place: the list price and the partner margin
//! brackets. The website's calculator and tier cards read them here, and so will
//! partner payouts. Pure code, compiled for both the server and the browser.
//!
//! Money is counted in øre (1 kr = 100 øre) so every figure is exact.

/// List price per user per month, excl. VAT, in øre (49 kr).
pub const LIST_PRICE_ORE: u64 = 4_900;

/// A plan a customer can be on, and its list price per user per month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The key stored on the tenant (`standard`).
    pub id: &'static str,
    pub price_ore: u64,
}

/// The plans on sale: one product at one price (the website says so). The
/// partner's New customer wizard offers these; billing's catalog seeds from
/// them.
pub const PLANS: [Plan; 1] = [Plan {
    id: "standard",
    price_ore: LIST_PRICE_ORE,
}];

pub fn plan(id: &str) -> Option<Plan> {
    PLANS.iter().copied().find(|p| p.id == id)
}

/// The largest seat count the calculator accepts.
pub const MAX_SEATS: u64 = 1_000_000;

/// One progressive margin bracket: users `from..=to` earn `rate_pct` of list price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarginBracket {
    pub from: u64,
    /// `None`: no upper bound.
    pub to: Option<u64>,
    pub rate_pct: u64,
}

/// Partner margin, progressive like tax brackets: each bracket's rate applies only
/// to the users inside it. These are also the partner tiers.
pub const MARGIN_BRACKETS: [MarginBracket; 3] = [
    MarginBracket {
        from: 1,
        to: Some(500),
        rate_pct: 15,
    },
    MarginBracket {
        from: 501,
        to: Some(1_000),
        rate_pct: 30,
    },
    MarginBracket {
        from: 1_001,
        to: None,
        rate_pct: 40,
    },
];

/// The margin earned in one bracket for a given seat count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BracketLine {
    pub bracket: MarginBracket,
    pub users: u64,
    pub monthly_ore: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarginBreakdown {
    pub seats: u64,
    pub lines: Vec<BracketLine>,
    pub monthly_ore: u64,
    pub annual_ore: u64,
    /// Revenue at list price per month.
    pub list_monthly_ore: u64,
}

impl MarginBreakdown {
    /// Effective margin in tenths of a percent, rounded half up (254 = 25.4 %).
    pub fn effective_permille(&self) -> u64 {
        if self.list_monthly_ore == 0 {
            return 0;
        }
        (self.monthly_ore * 1_000 * 2 + self.list_monthly_ore) / (self.list_monthly_ore * 2)
    }
}

/// Monthly and annual partner margin for `seats` users.
pub fn margin_for(seats: u64) -> MarginBreakdown {
    let lines: Vec<BracketLine> = MARGIN_BRACKETS
        .iter()
        .map(|&bracket| {
            let upper = bracket.to.map_or(seats, |to| to.min(seats));
            let users = (upper + 1).saturating_sub(bracket.from);
            BracketLine {
                bracket,
                users,
                monthly_ore: users * LIST_PRICE_ORE * bracket.rate_pct / 100,
            }
        })
        .collect();
    let monthly_ore = lines.iter().map(|l| l.monthly_ore).sum();
    MarginBreakdown {
        seats,
        lines,
        monthly_ore,
        annual_ore: monthly_ore * 12,
        list_monthly_ore: seats * LIST_PRICE_ORE,
    }
}

/// Why a seat count was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeatsError {
    Empty,
    NotANumber,
    Negative,
    TooLarge,
}

/// Parses what a visitor typed as a seat count. Accepts thousands separators
/// ("1.200", "1,200", "1 200"); rejects anything else with a reason.
pub fn parse_seats(input: &str) -> Result<u64, SeatsError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SeatsError::Empty);
    }
    if trimmed.starts_with('-') || trimmed.starts_with('\u{2212}') {
        return Err(SeatsError::Negative);
    }
    let digits: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}' | '_'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(SeatsError::NotANumber);
    }
    // Separators must group thousands ("1.200"), not mark decimals ("12,5").
    if trimmed.contains(['.', ',', ' ', '\u{a0}', '_']) {
        let groups: Vec<&str> = trimmed.split(['.', ',', ' ', '\u{a0}', '_']).collect();
        let well_grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.iter().skip(1).all(|g| g.len() == 3);
        if !well_grouped {
            return Err(SeatsError::NotANumber);
        }
    }
    if digits.len() > 12 {
        return Err(SeatsError::TooLarge);
    }
    let value: u64 = digits.parse().map_err(|_| SeatsError::NotANumber)?;
    if value > MAX_SEATS {
        return Err(SeatsError::TooLarge);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(ore: u64) -> f64 {
        ore as f64 / 100.0
    }

    #[test]
    fn worked_example_from_the_spec() {
        let m = margin_for(1_200);
        let per_line: Vec<(u64, u64)> = m.lines.iter().map(|l| (l.users, l.monthly_ore)).collect();
        assert_eq!(
            per_line,
            vec![(500, 367_500), (500, 735_000), (200, 392_000)]
        );
        assert_eq!(m.monthly_ore, 1_494_500, "14,945 kr/month");
        assert_eq!(m.annual_ore, 17_934_000, "179,340 kr/year");
        assert_eq!(m.effective_permille(), 254, "25.4 %");
    }

    #[test]
    fn bracket_edges() {
        let cases: [(u64, [u64; 3], f64); 7] = [
            (0, [0, 0, 0], 0.0),
            (1, [1, 0, 0], 7.35),
            (500, [500, 0, 0], 3_675.0),
            (501, [500, 1, 0], 3_689.70),
            (1_000, [500, 500, 0], 11_025.0),
            (1_001, [500, 500, 1], 11_044.60),
            (
                100_000,
                [500, 500, 99_000],
                3_675.0 + 7_350.0 + 99_000.0 * 19.60,
            ),
        ];
        for (seats, users, monthly_kr) in cases {
            let m = margin_for(seats);
            let got: Vec<u64> = m.lines.iter().map(|l| l.users).collect();
            assert_eq!(got, users, "users per bracket at {seats}");
            assert!(
                (kr(m.monthly_ore) - monthly_kr).abs() < 0.001,
                "{seats}: {} != {monthly_kr}",
                kr(m.monthly_ore)
            );
            assert_eq!(m.annual_ore, m.monthly_ore * 12);
        }
        assert_eq!(margin_for(0).effective_permille(), 0);
        assert_eq!(margin_for(1).effective_permille(), 150);
        assert_eq!(margin_for(1_000).effective_permille(), 225);
    }

    #[test]
    fn brackets_are_contiguous_and_rise() {
        for pair in MARGIN_BRACKETS.windows(2) {
            assert_eq!(pair[0].to.map(|t| t + 1), Some(pair[1].from));
            assert!(pair[0].rate_pct < pair[1].rate_pct);
        }
        assert_eq!(MARGIN_BRACKETS[0].from, 1);
        assert_eq!(MARGIN_BRACKETS[MARGIN_BRACKETS.len() - 1].to, None);
    }

    #[test]
    fn seat_input_is_parsed_or_rejected_with_a_reason() {
        assert_eq!(parse_seats("1200"), Ok(1_200));
        assert_eq!(parse_seats(" 1.200 "), Ok(1_200));
        assert_eq!(parse_seats("1,200"), Ok(1_200));
        assert_eq!(parse_seats("1 000 000"), Ok(1_000_000));
        assert_eq!(parse_seats("0"), Ok(0));
        assert_eq!(parse_seats(""), Err(SeatsError::Empty));
        assert_eq!(parse_seats("   "), Err(SeatsError::Empty));
        assert_eq!(parse_seats("-5"), Err(SeatsError::Negative));
        assert_eq!(parse_seats("abc"), Err(SeatsError::NotANumber));
        assert_eq!(parse_seats("12,5"), Err(SeatsError::NotANumber));
        assert_eq!(parse_seats("1e6"), Err(SeatsError::NotANumber));
        assert_eq!(parse_seats("1000001"), Err(SeatsError::TooLarge));
        assert_eq!(
            parse_seats("99999999999999999999999"),
            Err(SeatsError::TooLarge)
        );
    }
}
