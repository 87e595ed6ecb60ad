//! Figures as horizontal bars, one row each: the label, a bar drawn as SVG
//! on the server (readable without wasm; its length is the value's share of
//! the largest) and the value in words. A screen reader reads the label and
//! the value; the bar is decoration.
use leptos::prelude::*;

/// The bar's length in tenths of a per cent of the largest value (0 for
/// nothing; at most 1000).
pub fn bar_tenths(value: i64, max: i64) -> u64 {
    if max <= 0 || value <= 0 {
        0
    } else {
        crate::format::tenths_of(100 * value.min(max) as u128, max as u128)
    }
}

/// `rows`: (label, value, value in words).
#[component]
pub fn BarList(
    rows: Vec<(String, i64, String)>,
    #[prop(optional)] test_id: Option<&'static str>,
) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    view! {
        <ul class="bar-list" data-testid=test_id>
            {rows.into_iter().map(|(label, value, shown)| {
                let w = crate::format::svg_tenths(bar_tenths(value, max));
                let key = label.clone();
                view! {
                    <li class="bar-list__row" data-testid="bar" data-label=key data-value=value.to_string()>
                        <span class="bar-list__label">{label}</span>
                        <svg class="bar-list__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect class="bar-list__fill" x="0" y="0" width=w height="10" />
                        </svg>
                        <span class="bar-list__value">{shown}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_shares_of_the_largest() {
        assert_eq!(bar_tenths(50, 200), 250);
        assert_eq!(bar_tenths(200, 200), 1000);
        assert_eq!(bar_tenths(1, 3), 333);
        assert_eq!(bar_tenths(0, 200), 0);
        assert_eq!(bar_tenths(5, 0), 0);
        assert_eq!(bar_tenths(-3, 10), 0);
    }
}
