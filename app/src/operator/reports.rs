//! /operator/reports: MRR over time from the daily snapshots, growth over
//! the days taken, revenue by plan, the top tenants, and signup and churn
//! cohorts per month. Every chart is SVG drawn on the server; every figure
//! names the snapshot day it is read from.
use crate::api::operator::operator_reports;
use crate::domain::views::OperatorReportsView;
use crate::i18n::{t, use_i18n};
use crate::kit::{Async, CohortsCard, ConsoleHeader, GrowthCard, MrrCard, PlanCard, TopCard};
use leptos::prelude::*;

#[component]
pub fn OperatorReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| operator_reports());
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, reports.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:r>
            {
                let r: OperatorReportsView = r;
                view! {
                    <p class="add-person__note" data-testid="reports-as-of">
                        {match r.as_of.clone() {
                            Some(day) => view! { {t!(i18n, reports.as_of)} " " {crate::format::date(i18n.get_locale_untracked(), &day)} }.into_any(),
                            None => t!(i18n, revenue.none_yet).into_any(),
                        }}
                    </p>
                    <MrrCard series=r.series.clone() />
                    <GrowthCard growth=r.growth.clone() platform=true />
                    <PlanCard rows=r.by_plan.clone() />
                    <TopCard rows=r.top.clone() show_partner=true />
                    <CohortsCard rows=r.cohorts.clone() />
                }
            }
        </Async>
    }
}
