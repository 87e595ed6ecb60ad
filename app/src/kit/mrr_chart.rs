//! Monthly recurring revenue from the daily snapshots: the latest figure,
//! its change over the days shown, and the line of those days as an SVG drawn
//! on the server (readable without wasm). Before the first snapshot there is
//! no figure, and the card says so instead of showing one.
use crate::domain::revenue::MrrSeries;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// The chart's box, in SVG units.
const W: u64 = 320;
const H: u64 = 64;

/// The polyline's points for the series, scaled into the chart's box (a
/// flat series sits in the middle), to a tenth of a unit.
pub fn line_points(values: &[i64]) -> String {
    let (min, max) = values
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let n = values.len() as u128;
    let span = (i128::from(max) - i128::from(min)).unsigned_abs();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n > 1 {
                format::tenths_of(u128::from(W) * i as u128, n - 1)
            } else {
                W * 5
            };
            // From 4 units under the top (the largest) to 4 above the bottom.
            let y = if max > min {
                let up = (i128::from(*v) - i128::from(min)).unsigned_abs();
                (H - 4) * 10 - format::tenths_of(u128::from(H - 8) * up, span)
            } else {
                H * 5
            };
            format!("{},{}", format::svg_tenths(x), format::svg_tenths(y))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the last point is drawn.
fn last_point(values: &[i64]) -> Option<(String, String)> {
    let points = line_points(values);
    let (x, y) = points.rsplit(' ').next()?.split_once(',')?;
    Some((x.to_owned(), y.to_owned()))
}

#[component]
pub fn MrrCard(series: Option<MrrSeries>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let body = match series.filter(|s| !s.points.is_empty()) {
        None => view! {
            <p class="add-person__note" data-testid="mrr-none">{t!(i18n, revenue.none_yet)}</p>
        }
        .into_any(),
        Some(s) => {
            let current = s.current().unwrap_or(0);
            let values: Vec<i64> = s.points.iter().map(|p| p.mrr_minor).collect();
            let (from, to) = (
                s.points.first().map(|p| p.day.clone()).unwrap_or_default(),
                s.points.last().map(|p| p.day.clone()).unwrap_or_default(),
            );
            let days = s.points.len();
            let trend = s.trend_permille().map(|p| {
                let sign = if p >= 0 { "+" } else { "−" };
                format!("{sign}{}", format::percent_permille(lang, p.unsigned_abs()))
            });
            let span = format!(
                "{} – {}",
                format::date(lang, &from),
                format::date(lang, &to)
            );
            let label = format!(
                "{} {} · {span}",
                t_string!(i18n, revenue.chart_label),
                format::money(lang, current, &s.currency)
            );
            view! {
                <p class="mrr-card__figure" data-testid="mrr-current" data-minor=current.to_string()>
                    {format::money(lang, current, &s.currency)}
                    {trend.map(|t| view! { <span class="mrr-card__trend" data-testid="mrr-trend">{t}</span> })}
                </p>
                <svg class="mrr-card__chart" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none"
                    role="img" aria-label=label data-testid="mrr-chart" data-days=days.to_string()>
                    <polyline class="mrr-card__line" fill="none" points=line_points(&values) />
                    // Today's point, so a single day shows too.
                    {last_point(&values).map(|(x, y)| view! {
                        // A zero-length stroke with round caps: round at any
                        // stretch of the box (a circle would become an ellipse).
                        <line class="mrr-card__dot" x1=x.clone() y1=y.clone() x2=x y2=y data-testid="mrr-today" />
                    })}
                </svg>
                <p class="mrr-card__span" data-testid="mrr-span">
                    {span} " · " {format::count(lang, days as u64)} " "
                    {if days == 1 { t!(i18n, revenue.day).into_any() } else { t!(i18n, revenue.days).into_any() }}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="card mrr-card" aria-labelledby="mrr-title" data-testid="mrr-card">
            <h2 id="mrr-title">{t!(i18n, revenue.mrr)}</h2>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_spans_the_box_and_a_flat_one_sits_in_the_middle() {
        assert_eq!(line_points(&[100, 200]), "0.0,60.0 320.0,4.0");
        assert_eq!(line_points(&[5, 5, 5]), "0.0,32.0 160.0,32.0 320.0,32.0");
        assert_eq!(line_points(&[7]), "160.0,32.0");
        assert_eq!(line_points(&[]), "");
        assert_eq!(last_point(&[7]), Some(("160.0".into(), "32.0".into())));
        assert_eq!(
            last_point(&[100, 200]),
            Some(("320.0".into(), "4.0".into()))
        );
        assert_eq!(last_point(&[]), None);
    }
}
