use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{ChoiceField, TextField};
use crate::tr;
use crate::website::forms::{Choice, FieldState, FormEnd, FormOutcome, FormSummary, IntakeForm};
use crate::website::inquiry::{self, Inquiry};
use leptos::prelude::*;

/// "Become a partner": the pitch and the application form.
#[component]
pub fn BecomePartner() -> impl IntoView {
    let i18n = use_i18n();
    let name = FieldState::new("bp-name");
    let company = FieldState::new("bp-company");
    let email = FieldState::new("bp-email");
    let website = FieldState::new("bp-website");
    let kind = FieldState::new("bp-type");
    let message = FieldState::new("bp-message");
    let outcome = FormOutcome::new();
    let kinds: Vec<Choice> = vec![
        ("reseller", tr!(i18n, form.ptype_reseller)),
        ("whitelabel", tr!(i18n, form.ptype_whitelabel)),
        ("unsure", tr!(i18n, form.ptype_unsure)),
    ];

    let submit = Callback::new({
        let kinds = kinds.clone();
        move |()| {
            let checks = [
                name.check(inquiry::required),
                company.check(inquiry::required),
                email.check(inquiry::email),
                website.check(inquiry::website),
                kind.check_choice(&kinds),
                message.check(inquiry::message),
            ];
            outcome.submit(&checks, || {
                let kind_label = kind.choice_label(&kinds);
                Inquiry {
                    subject: format!(
                        "{}: {}",
                        t_string!(i18n, form.subject_partner),
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
                        (
                            t_string!(i18n, form.website).to_string(),
                            website.value.get_untracked(),
                        ),
                        (t_string!(i18n, form.partner_type).to_string(), kind_label),
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
        <section class="section" id="become-partner" aria-labelledby="bp-title">
            <div class="container split split--form">
                <div class="pitch">
                    <p class="eyebrow">{t!(i18n, home.bp_eyebrow)}</p>
                    <h2 id="bp-title">{t!(i18n, home.bp_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.bp_lead)}</p>
                    <ul class="checklist">
                        <li>{t!(i18n, home.bp_point1)}</li>
                        <li>{t!(i18n, home.bp_point2)}</li>
                        <li>{t!(i18n, home.bp_point3)}</li>
                    </ul>
                    <a class="text-link" href="/demo" data-testid="bp-call">{t!(i18n, home.bp_call)} " →"</a>
                </div>
                <IntakeForm id="partner-form" action="/#partner-form" submit>
                    <h3>{t!(i18n, home.bp_form_title)}</h3>
                    <FormSummary outcome />
                    <div class="form-grid">
                        <TextField id="bp-name" label=tr!(i18n, form.name) value=name.value error=name.message(i18n) required=true autocomplete="name" />
                        <TextField id="bp-company" label=tr!(i18n, form.company) value=company.value error=company.message(i18n) required=true autocomplete="organization" />
                        <TextField id="bp-email" label=tr!(i18n, form.email) value=email.value error=email.message(i18n) kind="email" required=true autocomplete="email" />
                        <TextField id="bp-website" label=tr!(i18n, form.website) value=website.value error=website.message(i18n) hint=tr!(i18n, common.optional) autocomplete="url" />
                    </div>
                    <ChoiceField
                        id="bp-type"
                        label=tr!(i18n, form.partner_type)
                        placeholder=tr!(i18n, form.choose)
                        options=kinds
                        value=kind.value
                        error=kind.message(i18n)
                        required=true
                    />
                    <FormEnd message_id="bp-message" message submit_label=tr!(i18n, home.bp_submit) outcome sent_testid="partner-mailto" />
                </IntakeForm>
            </div>
        </section>
    }
}
