//! /admin/security?tenant=SLUG: the tenant's security policy, each setting
//! labelled with who enforces it (dezky, or recorded only), and who has
//! enrolled a second factor at the identity provider.
use crate::api::{SaveSecurityPolicy, member_factors, tenant_security};
use crate::domain::AppError;
use crate::domain::model::MfaMode;
use crate::domain::security::{Enforcement, PolicyForm, enforcement};
use crate::domain::views::{MfaOverview, MfaRow, SecurityView};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{Async, ChoiceField, ConsoleHeader, ErrorNotice, TextAreaField, TextField};
use crate::shell::admin_page_data;
use leptos::prelude::*;

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = admin_page_data(tenant_security);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, security.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {
                let (slug, view) = found;
                view! {
                    <PolicyEditor slug=slug.clone() view />
                    <Factors slug />
                }
            }
        </Async>
    }
}

/// "Enforced by dezky" or "Recorded only", next to a setting.
#[component]
fn EnforcementBadge(setting: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    match enforcement(setting) {
        Enforcement::Enforced => view! {
            <span class="status-pill status-pill--ok" data-testid="enforcement" data-setting=setting data-enforcement="enforced">
                {t!(i18n, security.enforced)}
            </span>
        }
        .into_any(),
        Enforcement::RecordedOnly => view! {
            <span class="status-pill status-pill--soon" data-testid="enforcement" data-setting=setting data-enforcement="recorded_only">
                {t!(i18n, security.recorded_only)}
            </span>
        }
        .into_any(),
    }
}

#[component]
fn PolicyEditor(slug: String, view: SecurityView) -> impl IntoView {
    let i18n = use_i18n();
    let form = PolicyForm::of(&view.policy);
    let mfa = RwSignal::new(mfa_value(form.mfa_mode).to_owned());
    let idle = RwSignal::new(form.session_idle_minutes);
    let absolute = RwSignal::new(form.session_absolute_hours);
    let countries = RwSignal::new(form.allowed_countries);
    let ips = RwSignal::new(form.ip_allow_list);
    let save = ServerAction::<SaveSecurityPolicy>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            saved.set(true);
        }
        Some(Err(e)) => {
            saved.set(false);
            error.set(Some(e));
        }
        None => {}
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let policy = PolicyForm {
            mfa_mode: match mfa.get_untracked().as_str() {
                "off" => MfaMode::Off,
                "required" => MfaMode::Required,
                _ => MfaMode::Optional,
            },
            session_idle_minutes: idle.get_untracked(),
            session_absolute_hours: absolute.get_untracked(),
            allowed_countries: countries.get_untracked(),
            ip_allow_list: ips.get_untracked(),
        };
        if let Err(e) = policy.checked() {
            error.set(Some(AppError::Invalid {
                field: e.field.into(),
                reason: e.reason.into(),
            }));
            return;
        }
        save.dispatch(SaveSecurityPolicy {
            slug: slug.get_value(),
            policy,
        });
    };
    let field_error = move |which: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, reason }) if field == which => Some(
                match reason.as_str() {
                    "not_a_number" => t_string!(i18n, security.err_number),
                    "out_of_range" if which == "session_idle_minutes" => {
                        t_string!(i18n, security.err_idle_range)
                    }
                    "out_of_range" => t_string!(i18n, security.err_absolute_range),
                    "longer_than_absolute" => t_string!(i18n, security.err_idle_longer),
                    "not_a_country" => t_string!(i18n, security.err_country),
                    "not_an_address" => t_string!(i18n, security.err_address),
                    "locks_you_out" => t_string!(i18n, security.err_locks_you_out),
                    _ => t_string!(i18n, security.err_too_many),
                }
                .to_string(),
            ),
            _ => None,
        })
    };
    let general_error = move || match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }),
    };
    let your_ip = view.your_ip;
    view! {
        <section class="card security-policy" data-testid="security-policy" aria-labelledby="policy-title">
            <h2 id="policy-title">{t!(i18n, security.policy)}</h2>
            <p class="add-person__note">{t!(i18n, security.policy_intro)}</p>
            <form on:submit=submit novalidate>
                <div class="setting">
                    <EnforcementBadge setting="mfa_mode" />
                    <ChoiceField
                        id="mfa-mode"
                        label=crate::i18n::t_signal!(i18n, security.mfa_mode)
                        placeholder=crate::i18n::t_signal!(i18n, form.choose)
                        options=vec![
                            ("off", crate::i18n::t_signal!(i18n, security.mfa_off)),
                            ("optional", crate::i18n::t_signal!(i18n, security.mfa_optional)),
                            ("required", crate::i18n::t_signal!(i18n, security.mfa_required)),
                        ]
                        value=mfa
                        error=Signal::derive(|| None::<String>)
                        required=true
                    />
                </div>
                <div class="setting">
                    <EnforcementBadge setting="session_idle_minutes" />
                    <TextField
                        id="session_idle_minutes"
                        label=crate::i18n::t_signal!(i18n, security.idle)
                        value=idle
                        error=field_error("session_idle_minutes")
                        inputmode="numeric"
                        required=true
                    />
                </div>
                <div class="setting">
                    <EnforcementBadge setting="session_absolute_hours" />
                    <TextField
                        id="session_absolute_hours"
                        label=crate::i18n::t_signal!(i18n, security.absolute)
                        value=absolute
                        error=field_error("session_absolute_hours")
                        inputmode="numeric"
                        required=true
                    />
                </div>
                <div class="setting">
                    <EnforcementBadge setting="allowed_countries" />
                    <TextField
                        id="allowed_countries"
                        label=crate::i18n::t_signal!(i18n, security.countries)
                        value=countries
                        error=field_error("allowed_countries")
                        hint=crate::i18n::t_signal!(i18n, security.countries_hint)
                    />
                </div>
                <div class="setting">
                    <EnforcementBadge setting="ip_allow_list" />
                    <TextAreaField
                        id="ip_allow_list"
                        label=crate::i18n::t_signal!(i18n, security.ips)
                        value=ips
                        error=field_error("ip_allow_list")
                        hint=crate::i18n::t_signal!(i18n, security.ips_hint)
                    />
                    <p class="add-person__note" data-testid="your-ip">{t!(i18n, security.your_ip)} " " <code>{your_ip}</code></p>
                </div>
                {general_error}
                {move || saved.get().then(|| view! {
                    <p class="notice notice--success" role="status" data-testid="policy-saved">{t!(i18n, security.saved)}</p>
                })}
                <div class="form-actions">
                    <button type="submit" class="button button--primary" data-testid="policy-save" disabled=move || save.pending().get()>
                        {t!(i18n, security.save)}
                    </button>
                </div>
            </form>
        </section>
    }
}

fn mfa_value(mode: MfaMode) -> &'static str {
    match mode {
        MfaMode::Off => "off",
        MfaMode::Optional => "optional",
        MfaMode::Required => "required",
    }
}

#[component]
fn Factors(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), move |()| member_factors(slug.clone()));
    view! {
        <section class="card security-factors" data-testid="mfa-overview" aria-labelledby="factors-title">
            <h2 id="factors-title">{t!(i18n, security.factors)}</h2>
            <Async data let:overview>
                {match overview {
                    MfaOverview::NotConnected => view! {
                        <p class="add-person__note" data-testid="mfa-not-connected">{t!(i18n, security.factors_not_connected)}</p>
                    }.into_any(),
                    MfaOverview::Unavailable => view! {
                        <p class="notice notice--error" role="alert" data-testid="mfa-unavailable">{t!(i18n, security.factors_unavailable)}</p>
                    }.into_any(),
                    MfaOverview::Known { rows } => view! {
                        <div class="table-scroll">
                            <table class="data-table" data-testid="mfa-rows">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, admin.col_name)}</th>
                                    <th scope="col">{t!(i18n, admin.col_email)}</th>
                                    <th scope="col">{t!(i18n, security.second_factor)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let email = r.email.clone();
                                        let state = factor_state(&r);
                                        view! {
                                            <tr data-testid="mfa-row" data-email=email data-state=state>
                                                <td data-label=t!(i18n, admin.col_name)>{r.name.clone()}</td>
                                                <td data-label=t!(i18n, admin.col_email)>{r.email.clone()}</td>
                                                <td data-label=t!(i18n, security.second_factor)>
                                                    <FactorPill row=r />
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }}
            </Async>
        </section>
    }
}

/// `no_account`, `none` or `enrolled`.
pub fn factor_state(r: &MfaRow) -> &'static str {
    if !r.has_account {
        "no_account"
    } else if r.factors.is_empty() {
        "none"
    } else {
        "enrolled"
    }
}

/// A person's second factors in words: the kinds enrolled, a warning for
/// none, or no account yet.
#[component]
pub fn FactorPill(row: MfaRow) -> impl IntoView {
    let i18n = use_i18n();
    match factor_state(&row) {
        "no_account" => t!(i18n, security.no_account).into_any(),
        "none" => view! { <span class="status-pill status-pill--warn">{t!(i18n, security.no_factor)}</span> }.into_any(),
        _ => view! { <span class="status-pill status-pill--ok">{row.factors.join(", ")}</span> }.into_any(),
    }
}
