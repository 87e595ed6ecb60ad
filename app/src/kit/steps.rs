//! A wizard's numbered steps: done ones ticked, the current one marked for
//! screen readers (`aria-current="step"`).
use leptos::prelude::*;

/// `at` is the current step, from 1; past the last, every step is done.
#[component]
pub fn WizardSteps(labels: Vec<Signal<String>>, #[prop(into)] at: Signal<usize>) -> impl IntoView {
    view! {
        <ol class="wizard-steps" data-testid="wizard-steps" data-at=move || at.get()>
            {labels.into_iter().enumerate().map(|(i, label)| {
                let n = i + 1;
                view! {
                    <li
                        class="wizard-steps__step"
                        class:wizard-steps__step--done=move || n < at.get()
                        aria-current=move || (n == at.get()).then_some("step")
                    >
                        <span class="wizard-steps__n" aria-hidden="true">
                            {move || if n < at.get() { "✓".to_owned() } else { n.to_string() }}
                        </span>
                        " " {move || label.get()}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
