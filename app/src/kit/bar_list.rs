//! Figures as horizontal bars, one row each: the label, a bar drawn as SVG
//! on the server (readable without wasm; its length is the value's share of
//! the largest) and the value in words. A screen reader reads the label and
//! the value; the bar is decoration.
use leptos::prelude::*;

/// The bar's length in per cent of the largest value (0 for nothing).
pub fn bar_percent(value: i64, max: i64) -> f64 {
    if max <= 0 || value <= 0 {
        0.0
    } else {
        (100.0 * value as f64 / max as f64).clamp(0.0, 100.0)
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
                let w = format!("{:.1}", bar_percent(value, max));
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
        assert_eq!(bar_percent(50, 200), 25.0);
        assert_eq!(bar_percent(200, 200), 100.0);
        assert_eq!(bar_percent(0, 200), 0.0);
        assert_eq!(bar_percent(5, 0), 0.0);
        assert_eq!(bar_percent(-3, 10), 0.0);
    }
}
