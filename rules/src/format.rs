//! Number and money formatting per language (da: "1.234,50 kr", en: "DKK 1,234.50").

/// The two languages the product writes in. The app's `Locale` converts into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Da,
    En,
}

fn group(mut n: u64, sep: char) -> String {
    let mut parts = Vec::new();
    loop {
        let rest = n / 1_000;
        if rest == 0 {
            parts.push(format!("{n}"));
            break;
        }
        parts.push(format!("{:03}", n % 1_000));
        n = rest;
    }
    parts.reverse();
    parts.join(&sep.to_string())
}

/// A whole number with the locale's thousands separator: da "1.001", en "1,001".
pub fn count(locale: impl Into<Lang>, n: u64) -> String {
    let locale: Lang = locale.into();
    match locale {
        Lang::Da => group(n, '.'),
        Lang::En => group(n, ','),
    }
}

/// A byte size: "812 B", "4,2 kB" (da) / "4.2 kB" (en), "1,1 MB" (decimal units).
pub fn bytes(locale: impl Into<Lang>, n: u64) -> String {
    let locale: Lang = locale.into();
    let (value, unit) = match n {
        0..1_000 => return format!("{n} B"),
        1_000..1_000_000 => (n * 10 / 1_000, "kB"),
        1_000_000..1_000_000_000 => (n * 10 / 1_000_000, "MB"),
        _ => (n * 10 / 1_000_000_000, "GB"),
    };
    let sep = match locale {
        Lang::Da => ',',
        Lang::En => '.',
    };
    format!("{}{sep}{} {unit}", count(locale, value / 10), value % 10)
}

/// Percent-encodes a query value.
pub fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// An amount of øre as kroner with two decimals.
pub fn kr(locale: impl Into<Lang>, ore: u64) -> String {
    let locale: Lang = locale.into();
    let (whole, frac) = (ore / 100, ore % 100);
    match locale {
        Lang::Da => format!("{},{frac:02} kr", group(whole, '.')),
        Lang::En => format!("DKK {}.{frac:02}", group(whole, ',')),
    }
}

/// An amount in minor units: kroner as `kr` (`format::kr`), any other
/// currency with its code after it; a negative amount with a minus.
pub fn money(locale: impl Into<Lang>, minor: i64, currency: &str) -> String {
    let locale: Lang = locale.into();
    let sign = if minor < 0 { "−" } else { "" };
    let kr = kr(locale, minor.unsigned_abs());
    if currency.eq_ignore_ascii_case("dkk") {
        format!("{sign}{kr}")
    } else {
        let amount = kr.replace(" kr", "").replace("DKK ", "");
        format!("{sign}{amount} {}", currency.to_ascii_uppercase())
    }
}

/// A margin bracket's users: "501–1.000" (da), "1,001 and up" (en, with the
/// page's words for an open bracket).
pub fn bracket_range(locale: impl Into<Lang>, from: u64, to: Option<u64>, and_up: &str) -> String {
    let locale: Lang = locale.into();
    match to {
        Some(to) => format!("{}–{}", count(locale, from), count(locale, to)),
        None => format!("{} {and_up}", count(locale, from)),
    }
}

/// Tenths of a percent: da "25,4 %", en "25.4%".
pub fn percent_permille(locale: impl Into<Lang>, permille: u64) -> String {
    let locale: Lang = locale.into();
    let (whole, tenth) = (permille / 10, permille % 10);
    match locale {
        Lang::Da => format!("{whole},{tenth} %"),
        Lang::En => format!("{whole}.{tenth}%"),
    }
}

/// A whole percentage: da "15 %", en "15%".
pub fn percent(locale: impl Into<Lang>, pct: u64) -> String {
    let locale: Lang = locale.into();
    match locale {
        Lang::Da => format!("{pct} %"),
        Lang::En => format!("{pct}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes_use_decimal_units_and_the_locale_separator() {
        assert_eq!(bytes(Lang::En, 812), "812 B");
        assert_eq!(bytes(Lang::Da, 4_250), "4,2 kB");
        assert_eq!(bytes(Lang::En, 4_250), "4.2 kB");
        assert_eq!(bytes(Lang::En, 1_148_206), "1.1 MB");
        assert_eq!(bytes(Lang::Da, 3_000_000_000), "3,0 GB");
    }

    #[test]
    fn money_and_counts_follow_the_language() {
        assert_eq!(kr(Lang::Da, 123_450), "1.234,50 kr");
        assert_eq!(kr(Lang::En, 123_450), "DKK 1,234.50");
        assert_eq!(kr(Lang::Da, 1_494_500), "14.945,00 kr");
        assert_eq!(kr(Lang::En, 17_934_000), "DKK 179,340.00");
        assert_eq!(kr(Lang::Da, 5), "0,05 kr");
        assert_eq!(count(Lang::Da, 1_001), "1.001");
        assert_eq!(count(Lang::En, 1_001), "1,001");
        assert_eq!(count(Lang::En, 1_000_000), "1,000,000");
        assert_eq!(count(Lang::Da, 0), "0");
        assert_eq!(percent_permille(Lang::Da, 254), "25,4 %");
        assert_eq!(percent_permille(Lang::En, 254), "25.4%");
        assert_eq!(percent(Lang::En, 15), "15%");
        assert_eq!(money(Lang::Da, 68_600, "dkk"), "686,00 kr");
        assert_eq!(money(Lang::En, 68_600, "DKK"), "DKK 686.00");
        assert_eq!(money(Lang::Da, 1_250, "eur"), "12,50 EUR");
        assert_eq!(money(Lang::Da, -4_900, "dkk"), "−49,00 kr");
    }
}

/// An ISO date (`YYYY-MM-DD`) as the language writes it numerically:
/// da "29.11.2026", en "29/11/2026". Anything else is returned unchanged.
pub fn date(locale: impl Into<Lang>, iso: &str) -> String {
    let locale: Lang = locale.into();
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => match locale
        {
            Lang::Da => format!(
                "{}.{}.{y}",
                d.trim_start_matches('0'),
                m.trim_start_matches('0')
            ),
            Lang::En => format!("{d}/{m}/{y}"),
        },
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_per_language() {
        assert_eq!(date(Lang::Da, "2026-11-29"), "29.11.2026");
        assert_eq!(date(Lang::Da, "2026-09-04"), "4.9.2026");
        assert_eq!(date(Lang::En, "2026-09-04"), "04/09/2026");
        assert_eq!(date(Lang::En, "garbage"), "garbage");
    }
}

/// UTC milliseconds as the language writes date and time, in UTC (the platform
/// stores UTC; the label says so): da "29.11.2026 19:42 UTC", en "29/11/2026 19:42 UTC".
pub fn date_time(locale: impl Into<Lang>, millis: i64) -> String {
    let locale: Lang = locale.into();
    let secs = millis.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let iso = format!("{year:04}-{month:02}-{day:02}");
    format!(
        "{} {:02}:{:02} UTC",
        date(locale, &iso),
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod date_time_tests {
    use super::*;

    #[test]
    fn utc_date_and_time_per_language() {
        // 2026-11-29T19:42:05Z
        assert_eq!(
            date_time(Lang::Da, 1_795_981_325_000),
            "29.11.2026 19:42 UTC"
        );
        assert_eq!(
            date_time(Lang::En, 1_795_981_325_000),
            "29/11/2026 19:42 UTC"
        );
        assert_eq!(date_time(Lang::En, 0), "01/01/1970 00:00 UTC");
        // A leap day.
        assert_eq!(
            date_time(Lang::En, 1_709_164_800_000),
            "29/02/2024 00:00 UTC"
        );
    }
}

/// (year, month, day) of a day count since 1970-01-01, proleptic Gregorian
/// (Howard Hinnant's algorithm). The one calendar conversion of the app.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}
