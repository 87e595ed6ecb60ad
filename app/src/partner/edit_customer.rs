//! Editing one of the partner's customers from its row: name, plan and seats,
//! checked by THE wizard rules (`domain::customers::CustomerEdit`) before it
//! is sent and again by the server (which also refuses fewer seats than the
//! customer has people).
use super::new_customer::{PlanFields, refusal};
use crate::api::UpdateCustomer;
use crate::domain::AppError;
use crate::domain::customers::CustomerEdit;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ErrorNotice, TextField};
use leptos::prelude::*;

/// The customer being edited: slug, name, plan, seats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    pub slug: String,
    pub name: String,
    pub plan: String,
    pub seats: u32,
}

#[component]
pub fn EditCustomerPanel(
    customer: Editing,
    /// The page's panel, closed when saved or cancelled.
    panel: RwSignal<Option<super::Panel>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(customer.name.clone());
    let plan = RwSignal::new(customer.plan.clone());
    let seats = RwSignal::new(customer.seats.to_string());
    let save = ServerAction::<UpdateCustomer>::new();
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            panel.set(None);
            on_saved.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Typing again clears a refusal.
    Effect::new(move |_| {
        name.track();
        plan.track();
        seats.track();
        error.set(None);
    });
    let slug = StoredValue::new(customer.slug.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = CustomerEdit {
            name: name.get_untracked(),
            plan: plan.get_untracked(),
            seats: seats.get_untracked(),
        };
        if let Err(e) = edit.checked() {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        error.set(None);
        save.dispatch(UpdateCustomer {
            slug: slug.get_value(),
            edit,
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => {
                Some(match reason.as_str() {
                    "below_people" => t_string!(i18n, customers.err_below_people).to_string(),
                    r => refusal(i18n, &field, r),
                })
            }
            _ => None,
        })
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { field, .. })
            if ["name", "plan", "seats"].contains(&field.as_str()) =>
        {
            None
        }
        None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    view! {
        <section class="card" data-testid="edit-customer" data-tenant=customer.slug.clone() aria-labelledby="edit-customer-title">
            <h2 id="edit-customer-title">{t!(i18n, customers.edit_title)} " " {customer.name}</h2>
            <form on:submit=submit novalidate>
                <TextField id="customer-name" label=crate::i18n::t_signal!(i18n, customers.name)
                    value=name error=field_error("name") required=true autocomplete="off" />
                <PlanFields plan seats plan_error=field_error("plan") seats_error=field_error("seats") />
                {general}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="edit-customer-save" disabled=move || save.pending().get()>
                        {t!(i18n, customers.save)}
                    </button>
                    <button type="button" class="button button--ghost" data-testid="edit-customer-cancel" on:click=move |_| panel.set(None)>
                        {t!(i18n, access.cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}
