//! The report cards the operator's and a partner's Reports pages share:
//! growth between two snapshot days, revenue by plan, the top tenants, and
//! signup and churn cohorts. Charts are SVG drawn on the server.
use super::{BarList, EmptyState, StatCard, StatCards};
use crate::domain::reports::{Growth, MonthCohort, PlanRevenue};
use crate::domain::views::TopTenantRow;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// Change between two figures in words ("+12,5 %"); None from zero.
fn change(lang: crate::i18n::Locale, from: i64, to: i64) -> Option<String> {
    if from == 0 {
        return None;
    }
    let permille = (to - from) * 1000 / from;
    let sign = if permille >= 0 { "+" } else { "−" };
    Some(format!(
        "{sign}{}",
        format::percent_permille(lang, permille.unsigned_abs())
    ))
}

#[component]
pub fn GrowthCard(growth: Option<Growth>, #[prop(optional)] platform: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let body = match growth {
        None => view! { <p class="add-person__note" data-testid="growth-none">{t!(i18n, reports.growth_none)}</p> }.into_any(),
        Some(g) => {
            let span = format!(
                "{} – {}",
                format::date(lang, &g.from_day),
                format::date(lang, &g.to_day)
            );
            let mrr = format!(
                "{} → {}",
                format::money(lang, g.mrr_from, &g.currency),
                format::money(lang, g.mrr_to, &g.currency)
            );
            let mrr_change = change(lang, g.mrr_from, g.mrr_to);
            let seats = format!(
                "{} → {}",
                format::count(lang, g.seats_from),
                format::count(lang, g.seats_to)
            );
            let tenants = format!(
                "{} → {}",
                format::count(lang, g.tenants_from),
                format::count(lang, g.tenants_to)
            );
            view! {
                <p class="add-person__note" data-testid="growth-span">{span}</p>
                <StatCards test_id="growth-figures">
                    <StatCard label=crate::i18n::t_signal!(i18n, revenue.mrr)
                        value=match mrr_change { Some(c) => format!("{mrr} ({c})"), None => mrr } test_id="growth-mrr" />
                    <StatCard label=crate::i18n::t_signal!(i18n, reports.seats) value=seats test_id="growth-seats" />
                    {platform.then(|| view! {
                        <StatCard label=crate::i18n::t_signal!(i18n, reports.customers) value=tenants test_id="growth-tenants" />
                    })}
                </StatCards>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="growth-title" data-testid="growth">
            <h2 id="growth-title">{t!(i18n, reports.growth)}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn PlanCard(rows: Vec<PlanRevenue>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let body = if rows.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, reports.no_revenue) /> }.into_any()
    } else {
        let bars = rows
            .into_iter()
            .map(|p| {
                let shown = format!(
                    "{} · {} {}",
                    format::money(lang, p.mrr_minor, &p.currency),
                    format::count(lang, p.seats),
                    t_string!(i18n, reports.seats_lower)
                );
                (
                    format!("{} ({})", p.plan, p.currency.to_uppercase()),
                    p.mrr_minor,
                    shown,
                )
            })
            .collect();
        view! { <BarList rows=bars test_id="by-plan" /> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="by-plan-title" data-testid="revenue-by-plan">
            <h2 id="by-plan-title">{t!(i18n, reports.by_plan)}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn TopCard(rows: Vec<TopTenantRow>, #[prop(optional)] show_partner: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let body = if rows.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, reports.no_revenue) /> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data-table" data-testid="top-tenants">
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.col_customer)}</th>
                        {show_partner.then(|| view! { <th scope="col">{t!(i18n, reports.col_partner)}</th> })}
                        <th scope="col">{t!(i18n, reports.seats)}</th>
                        <th scope="col">{t!(i18n, reports.metric_mrr)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr data-testid="top-tenant" data-slug=r.slug.clone() data-mrr=r.mrr_minor.to_string()>
                                <td data-label=t!(i18n, reports.col_customer)>{r.name.clone()}</td>
                                {show_partner.then(|| view! { <td data-label=t!(i18n, reports.col_partner)>{r.partner_name.clone()}</td> })}
                                <td data-label=t!(i18n, reports.seats)>{format::count(lang, u64::from(r.seats))}</td>
                                <td data-label=t!(i18n, reports.metric_mrr)>{format::money(lang, r.mrr_minor, &r.currency)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="top-title" data-testid="top">
            <h2 id="top-title">{t!(i18n, reports.top)}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn CohortsCard(rows: Vec<MonthCohort>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let bars: Vec<(String, i64, String)> = rows
        .iter()
        .map(|c| {
            (
                c.month.clone(),
                i64::try_from(c.signed_up).unwrap_or(i64::MAX),
                format!(
                    "+{} / −{}",
                    format::count(lang, c.signed_up),
                    format::count(lang, c.churned)
                ),
            )
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="cohorts-title" data-testid="cohorts">
            <h2 id="cohorts-title">{t!(i18n, reports.cohorts)}</h2>
            <p class="add-person__note">{t!(i18n, reports.cohorts_note)}</p>
            <BarList rows=bars test_id="cohort-bars" />
            <div class="table-scroll">
                <table class="data-table" data-testid="cohort-table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.col_month)}</th>
                        <th scope="col">{t!(i18n, reports.col_signed_up)}</th>
                        <th scope="col">{t!(i18n, reports.col_churned)}</th>
                        <th scope="col">{t!(i18n, reports.col_retained)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().rev().map(|c| view! {
                            <tr data-testid="cohort" data-month=c.month.clone() data-signed-up=c.signed_up.to_string() data-churned=c.churned.to_string()>
                                <td data-label=t!(i18n, reports.col_month)>{c.month.clone()}</td>
                                <td data-label=t!(i18n, reports.col_signed_up)>{format::count(lang, c.signed_up)}</td>
                                <td data-label=t!(i18n, reports.col_churned)>{format::count(lang, c.churned)}</td>
                                <td data-label=t!(i18n, reports.col_retained)>
                                    {if c.signed_up == 0 { "–".to_owned() } else { format!("{} / {}", format::count(lang, c.retained), format::count(lang, c.signed_up)) }}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
