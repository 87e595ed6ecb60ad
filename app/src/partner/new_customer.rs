//! /partner/customers/new: the New customer wizard. Name -> slug (derived
//! from the name until the slug is edited by hand; checked for availability
//! as it is typed) -> plan and seats -> optional mail domain -> first admin ->
//! Create. Each step is checked by THE rule (`NewCustomer::check_step`)
//! before the next; the server checks the whole form again and, when it
//! refuses a field, the wizard goes back to that field's step.
use crate::api::CreateCustomer;
use crate::api::partner::customer_slug_check;
use crate::domain::AppError;
use crate::domain::customers::{NewCustomer, SEATS_MAX, SlugCheck, WizardStep};
use crate::domain::slug::{self, SlugError};
use crate::domain::views::CreatedCustomer;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::{ConsoleHeader, CopyValue, ErrorNotice, TextField, WizardSteps, system_name};
use crate::portal::domain_refusal;
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

fn slug_refusal(i18n: I18n, e: SlugError) -> String {
    match e {
        SlugError::TooShort => t_string!(i18n, customers.err_slug_short),
        SlugError::TooLong => t_string!(i18n, customers.err_slug_long),
        SlugError::InvalidCharacters => t_string!(i18n, customers.err_slug_chars),
        SlugError::BadHyphen => t_string!(i18n, customers.err_slug_hyphen),
    }
    .to_string()
}

/// A refusal in words, for the field it names.
pub(super) fn refusal(i18n: I18n, field: &str, reason: &str) -> String {
    if field == "domain" {
        return domain_refusal(i18n, reason);
    }
    match reason {
        "required" if field == "plan" => t_string!(i18n, customers.err_plan),
        "required" => t_string!(i18n, form.err_required),
        "invalid_email" => t_string!(i18n, form.err_email),
        "out_of_range" | "not_a_number" => t_string!(i18n, customers.err_seats),
        "too_short" => t_string!(i18n, customers.err_slug_short),
        "too_long" if field == "slug" => t_string!(i18n, customers.err_slug_long),
        "invalid_characters" => t_string!(i18n, customers.err_slug_chars),
        "bad_hyphen" => t_string!(i18n, customers.err_slug_hyphen),
        "partner_admin_only" => t_string!(i18n, customers.err_partner_member),
        "partner_not_active" => t_string!(i18n, customers.err_partner_inactive),
        _ => t_string!(i18n, form.err_too_long),
    }
    .to_string()
}

#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let created = RwSignal::new(None::<CreatedCustomer>);
    view! {
        <ConsoleHeader title=crate::i18n::t_signal!(i18n, customers.new_title)>
            <a class="button button--ghost button--small" href="/partner" data-testid="wizard-back-to-customers">
                {t!(i18n, customers.back)}
            </a>
        </ConsoleHeader>
        {move || match created.get() {
            Some(c) => view! { <Created created=c /> }.into_any(),
            None => view! { <Wizard created /> }.into_any(),
        }}
    }
}

#[component]
fn Wizard(created: RwSignal<Option<CreatedCustomer>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let slug_value = RwSignal::new(String::new());
    let plan = RwSignal::new(crate::pricing::PLANS[0].id.to_owned());
    let seats = RwSignal::new("5".to_owned());
    let domain = RwSignal::new(String::new());
    let admin_name = RwSignal::new(String::new());
    let admin_email = RwSignal::new(String::new());
    let step = RwSignal::new(WizardStep::Workspace);
    let error = RwSignal::new(None::<AppError>);

    // The slug follows the name until it is edited by hand (it then no
    // longer equals what the name suggested).
    let suggested = StoredValue::new(String::new());
    Effect::new(move |_| {
        let derived = slug::derive(&name.get());
        if slug_value.get_untracked() == suggested.get_value() {
            slug_value.set(derived.clone());
        }
        suggested.set_value(derived);
    });
    // Availability, asked as the slug changes (only once the rule passes).
    let availability = Resource::new(
        move || slug_value.get(),
        |s| async move {
            if slug::validate(&s).is_err() {
                return None;
            }
            customer_slug_check(s).await.ok()
        },
    );

    let form = move || NewCustomer {
        name: name.get_untracked(),
        slug: slug_value.get_untracked(),
        plan: plan.get_untracked(),
        seats: seats.get_untracked(),
        domain: domain.get_untracked(),
        admin_name: admin_name.get_untracked(),
        admin_email: admin_email.get_untracked(),
    };
    // Typing again answers a refusal: it goes until the next Next.
    Effect::new(move |first: Option<()>| {
        name.track();
        slug_value.track();
        seats.track();
        domain.track();
        admin_name.track();
        admin_email.track();
        if first.is_some() {
            error.set(None);
        }
    });
    let create = ServerAction::<CreateCustomer>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => {
            let clean = c.problems.is_empty() && c.mailed && c.temporary_password.is_none();
            if clean {
                // Land in the new customer, under the set-up access.
                let href = format!("/admin?tenant={}", c.slug);
                navigate(&href, Default::default());
            } else {
                created.set(Some(c));
            }
        }
        Some(Err(e)) => {
            if let AppError::Invalid { field, .. } | AppError::Taken { field } = &e {
                step.set(WizardStep::of_field(field));
            }
            error.set(Some(e));
        }
        None => {}
    });

    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => {
                Some(refusal(i18n, &field, &reason))
            }
            Some(AppError::Taken { field }) if field == which => {
                Some(t_string!(i18n, customers.slug_taken).to_string())
            }
            _ => None,
        })
    };
    let general = move || {
        match error.get() {
        Some(AppError::Invalid { field, reason }) if field == "partner" => {
            Some(view! { <p class="notice notice--error" role="alert">{refusal(i18n, &field, &reason)}</p> }.into_any())
        }
        Some(AppError::Invalid { .. } | AppError::Taken { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }.into_any()),
    }
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = step.get_untracked();
        if let Err(e) = form().check_step(current) {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        if current == WizardStep::Workspace
            && matches!(availability.get_untracked(), Some(Some(SlugCheck::Taken)))
        {
            error.set(Some(AppError::Taken {
                field: "slug".into(),
            }));
            return;
        }
        error.set(None);
        match WizardStep::ALL.get(current.index() + 1) {
            Some(s) => step.set(*s),
            None => {
                let lang = if i18n.get_locale_untracked() == Locale::en {
                    "en"
                } else {
                    "da"
                };
                create.dispatch(CreateCustomer {
                    form: form(),
                    lang: lang.to_owned(),
                });
            }
        }
    };
    let back = move |_| {
        error.set(None);
        let i = step.get_untracked().index();
        if i > 0 {
            step.set(WizardStep::ALL[i - 1]);
        }
    };
    let labels = vec![
        crate::i18n::t_signal!(i18n, customers.step_workspace),
        crate::i18n::t_signal!(i18n, customers.step_plan),
        crate::i18n::t_signal!(i18n, customers.step_domain),
        crate::i18n::t_signal!(i18n, customers.step_admin),
    ];
    let slug_status = move || {
        let s = slug_value.get();
        if s.is_empty() {
            return None;
        }
        let (state, text) = match slug::validate(&s) {
            Err(e) => ("invalid", slug_refusal(i18n, e)),
            Ok(()) => match availability.get() {
                Some(Some(SlugCheck::Available)) => (
                    "available",
                    t_string!(i18n, customers.slug_available).to_string(),
                ),
                Some(Some(SlugCheck::Taken)) => {
                    ("taken", t_string!(i18n, customers.slug_taken).to_string())
                }
                Some(Some(SlugCheck::Invalid(e))) => ("invalid", slug_refusal(i18n, e)),
                _ => (
                    "checking",
                    t_string!(i18n, customers.slug_checking).to_string(),
                ),
            },
        };
        let class = match state {
            "available" => "slug-status slug-status--ok",
            "checking" => "slug-status",
            _ => "slug-status slug-status--bad",
        };
        Some(
            view! { <p class=class data-testid="slug-status" data-state=state aria-live="polite">{text}</p> },
        )
    };
    view! {
        <section class="card" data-testid="new-customer" data-step=move || step.get().as_str()>
            <WizardSteps labels at=Signal::derive(move || step.get().index() + 1) />
            <form on:submit=next novalidate>
                <Show when=move || step.get() == WizardStep::Workspace>
                    <TextField id="customer-name" label=crate::i18n::t_signal!(i18n, customers.name)
                        value=name error=field_error("name") required=true autocomplete="organization" />
                    <TextField id="customer-slug" label=crate::i18n::t_signal!(i18n, customers.slug)
                        hint=crate::i18n::t_signal!(i18n, customers.slug_hint)
                        value=slug_value error=field_error("slug") required=true autocomplete="off" />
                    {slug_status}
                </Show>
                <Show when=move || step.get() == WizardStep::Plan>
                    <PlanFields plan seats plan_error=field_error("plan") seats_error=field_error("seats") />
                </Show>
                <Show when=move || step.get() == WizardStep::Domain>
                    <TextField id="customer-domain" label=crate::i18n::t_signal!(i18n, customers.domain)
                        hint=crate::i18n::t_signal!(i18n, customers.optional)
                        value=domain error=field_error("domain") autocomplete="off" />
                    <p class="add-person__note">{t!(i18n, customers.domain_note)}</p>
                </Show>
                <Show when=move || step.get() == WizardStep::Admin>
                    <p class="add-person__note">{t!(i18n, customers.admin_intro)}</p>
                    <TextField id="customer-admin-name" label=crate::i18n::t_signal!(i18n, customers.admin_name)
                        value=admin_name error=field_error("admin_name") required=true autocomplete="off" />
                    <TextField id="customer-admin-email" kind="email" label=crate::i18n::t_signal!(i18n, customers.admin_email)
                        value=admin_email error=field_error("admin_email") required=true autocomplete="off" />
                    <dl class="summary-list" data-testid="customer-summary">
                        <dt>{t!(i18n, customers.name)}</dt><dd>{move || name.get()}</dd>
                        <dt>{t!(i18n, customers.slug)}</dt><dd>{move || slug_value.get()}</dd>
                        <dt>{t!(i18n, customers.plan)}</dt><dd>{move || plan_label(i18n, crate::pricing::PLANS[0].id)} " × " {move || seats.get()}</dd>
                        <dt>{t!(i18n, customers.domain)}</dt>
                        <dd>{move || { let d = domain.get(); if d.trim().is_empty() { t_string!(i18n, customers.no_domain).to_string() } else { d } }}</dd>
                    </dl>
                </Show>
                {general}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="wizard-next" disabled=move || create.pending().get()>
                        {move || if step.get() == WizardStep::Admin {
                            if create.pending().get() { t_string!(i18n, customers.creating) } else { t_string!(i18n, customers.create) }
                        } else {
                            t_string!(i18n, customers.next)
                        }}
                    </button>
                    <Show when=move || step.get() != WizardStep::Workspace>
                        <button type="button" class="button button--ghost" data-testid="wizard-back" on:click=back>
                            {t!(i18n, customers.previous)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// The result when something needs the partner: what was made, what was
/// not (by system), and a hand-off shown once.
#[component]
fn Created(created: CreatedCustomer) -> impl IntoView {
    let i18n = use_i18n();
    let handoff = created
        .temporary_password
        .clone()
        .map(|p| (t_string!(i18n, customers.temporary_password).to_string(), p))
        .or_else(|| {
            created
                .unsent_link
                .clone()
                .map(|l| (t_string!(i18n, customers.recovery_link).to_string(), l))
        });
    let href = format!("/admin?tenant={}", created.slug);
    view! {
        <section class="card" data-testid="customer-created" data-tenant=created.slug.clone() aria-labelledby="created-title">
            <h2 id="created-title">{t!(i18n, customers.created)} " " {created.name.clone()}</h2>
            {created.mailed.then(|| view! {
                <p class="notice notice--success" data-testid="customer-invitation-mailed">
                    {t!(i18n, customers.invitation_mailed)} " " <strong>{created.admin_email.clone()}</strong>
                </p>
            })}
            {created.domain.clone().map(|d| view! {
                <p class="add-person__note" data-testid="customer-domain-added">{t!(i18n, customers.domain_added)} " " <strong>{d}</strong></p>
            })}
            <ul class="setup-problems" data-testid="customer-problems">
                {created.problems.iter().map(|p| {
                    let step = match p.step.as_str() {
                        "admin" => t_string!(i18n, customers.problem_admin),
                        "invitation" => t_string!(i18n, customers.problem_invitation),
                        _ => t_string!(i18n, customers.problem_domain),
                    };
                    let system = match &p.error {
                        AppError::Unavailable { system, .. } => Some(system_name(*system)),
                        _ => None,
                    };
                    view! {
                        <li data-testid="customer-problem" data-step=p.step.clone()>
                            <strong>{step}</strong>
                            {system.map(|s| view! { " (" {move || s.get()} ")" })}
                            <ErrorNotice error=p.error.clone() />
                        </li>
                    }
                }).collect_view()}
            </ul>
            {handoff.map(|(label, value)| view! {
                <CopyValue label value test_id="customer-handoff">
                    <p class="add-person__note">{t!(i18n, customers.handoff_note)}</p>
                </CopyValue>
            })}
            {(!created.problems.is_empty()).then(|| view! {
                <p class="add-person__note">{t!(i18n, customers.problems_note)}</p>
            })}
            <div class="form-actions">
                <a class="button button--primary" data-testid="customer-open" href=href>
                    {t!(i18n, customers.open)} " " {created.name.clone()}
                </a>
                <a class="button button--ghost" href="/partner">{t!(i18n, customers.back)}</a>
            </div>
        </section>
    }
}

/// A plan in words with its list price per user and month.
fn plan_label(i18n: I18n, id: &str) -> String {
    let price = crate::pricing::plan(id).map_or(0, |p| p.price_ore);
    format!(
        "{} · {} {}",
        t_string!(i18n, customers.plan_standard),
        crate::format::kr(i18n.get_locale_untracked(), price),
        t_string!(i18n, customers.per_user_month)
    )
}

/// The plan (one of `pricing::PLANS`), its seats and the monthly figure at
/// list price: the wizard's plan step and a customer's edit.
#[component]
pub(super) fn PlanFields(
    plan: RwSignal<String>,
    seats: RwSignal<String>,
    plan_error: Signal<Option<String>>,
    seats_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let monthly = move || {
        let n: u64 = seats.get().trim().parse().unwrap_or(0);
        let price = crate::pricing::plan(&plan.get()).map_or(0, |p| p.price_ore);
        crate::format::kr(lang, n.min(u64::from(SEATS_MAX)) * price)
    };
    view! {
        <fieldset class="field plan-choice">
            <legend class="field__label">{t!(i18n, customers.plan)}</legend>
            {crate::pricing::PLANS.iter().map(|p| {
                let id = p.id;
                view! {
                    <label class="plan-choice__option">
                        <input type="radio" name="customer-plan" value=id
                            prop:checked=move || plan.get() == id
                            on:change=move |_| plan.set(id.to_owned()) />
                        " " {move || plan_label(i18n, id)}
                    </label>
                }
            }).collect_view()}
            {move || plan_error.get().map(|m| view! { <p class="field__error" data-testid="customer-plan-error">{m}</p> })}
        </fieldset>
        <TextField id="customer-seats" kind="text" inputmode="numeric"
            label=crate::i18n::t_signal!(i18n, customers.seats)
            value=seats error=seats_error required=true autocomplete="off" />
        <p class="add-person__note" data-testid="customer-monthly">
            {t!(i18n, customers.monthly)} " " <strong>{monthly}</strong> " " {t!(i18n, customers.excl_vat)}
        </p>
    }
}
