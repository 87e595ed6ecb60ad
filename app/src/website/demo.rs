use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ChoiceField, PageHeader, PageMeta, TextField};
use crate::tr;
use crate::website::forms::{Choice, FieldState, FormEnd, FormOutcome, FormSummary, IntakeForm};
use crate::website::inquiry::{self, Inquiry};
use leptos::prelude::*;

/// /demo: what to expect, and a form that composes the booking request.
#[component]
pub fn DemoPage() -> impl IntoView {
    let i18n = use_i18n();
    let name = FieldState::new("demo-name");
    let company = FieldState::new("demo-company");
    let email = FieldState::new("demo-email");
    let size = FieldState::new("demo-size");
    let time = FieldState::new("demo-time");
    let message = FieldState::new("demo-message");
    let outcome = FormOutcome::new();
    let sizes: Vec<Choice> = vec![
        ("1-10", tr!(i18n, form.size_1)),
        ("11-50", tr!(i18n, form.size_2)),
        ("51-250", tr!(i18n, form.size_3)),
        ("250+", tr!(i18n, form.size_4)),
    ];
    let times: Vec<Choice> = vec![
        ("morning", tr!(i18n, form.time_morning)),
        ("afternoon", tr!(i18n, form.time_afternoon)),
        ("any", tr!(i18n, form.time_any)),
    ];

    let submit = Callback::new({
        let (sizes, times) = (sizes.clone(), times.clone());
        move |()| {
            let checks = [
                name.check(inquiry::required),
                company.check(inquiry::required),
                email.check(inquiry::email),
                size.check_choice(&sizes),
                time.check_choice(&times),
                message.check(inquiry::message),
            ];
            outcome.submit(&checks, || {
                let size_label = size.choice_label(&sizes);
                let time_label = time.choice_label(&times);
                Inquiry {
                    subject: format!(
                        "{}: {}",
                        t_string!(i18n, form.subject_demo),
                        company.value.get_untracked().trim()
                    ),
                    fields: vec![
                        (
                            t_string!(i18n, form.name).to_string(),
                            name.value.get_untracked(),
                        ),
                        (
                            t_string!(i18n, form.company).to_string(),
                            company.value.get_untracked(),
                        ),
                        (
                            t_string!(i18n, form.email).to_string(),
                            email.value.get_untracked(),
                        ),
                        (t_string!(i18n, form.size).to_string(), size_label),
                        (t_string!(i18n, form.time).to_string(), time_label),
                        (
                            t_string!(i18n, form.message).to_string(),
                            message.value.get_untracked(),
                        ),
                    ],
                }
            });
        }
    });

    view! {
        <PageMeta title=tr!(i18n, meta.demo_title) description=tr!(i18n, meta.demo_description) />
        <PageHeader eyebrow=tr!(i18n, demo.eyebrow) title=tr!(i18n, demo.title) lead=tr!(i18n, demo.lead) />
        <section class="section section--tight">
            <div class="container split split--form">
                <div class="pitch">
                    <h2>{t!(i18n, demo.expect_title)}</h2>
                    <ul class="checklist">
                        <li>{t!(i18n, demo.expect1)}</li>
                        <li>{t!(i18n, demo.expect2)}</li>
                        <li>{t!(i18n, demo.expect3)}</li>
                        <li>{t!(i18n, demo.expect4)}</li>
                    </ul>
                </div>
                <IntakeForm id="demo-form" action="/demo#demo-form" submit>
                    <h2 class="form-card__title">{t!(i18n, demo.form_title)}</h2>
                    <FormSummary outcome />
                    <div class="form-grid">
                        <TextField id="demo-name" label=tr!(i18n, form.name) value=name.value error=name.message(i18n) required=true autocomplete="name" />
                        <TextField id="demo-company" label=tr!(i18n, form.company) value=company.value error=company.message(i18n) required=true autocomplete="organization" />
                        <TextField id="demo-email" label=tr!(i18n, form.email) value=email.value error=email.message(i18n) kind="email" required=true autocomplete="email" />
                        <ChoiceField
                            id="demo-size"
                            label=tr!(i18n, form.size)
                            placeholder=tr!(i18n, form.choose)
                            options=sizes
                            value=size.value
                            error=size.message(i18n)
                            required=true
                        />
                    </div>
                    <ChoiceField
                        id="demo-time"
                        label=tr!(i18n, form.time)
                        placeholder=tr!(i18n, form.choose)
                        options=times
                        value=time.value
                        error=time.message(i18n)
                        required=true
                    />
                    <FormEnd message_id="demo-message" message submit_label=tr!(i18n, demo.submit) outcome sent_testid="demo-mailto" />
                </IntakeForm>
            </div>
        </section>
    }
}
