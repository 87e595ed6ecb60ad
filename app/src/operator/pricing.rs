//! /operator/pricing: the price catalog. Editing an amount first shows its
//! impact (customers, live subscriptions, seats, MRR before and after); only
//! then is it applied: a new provider price, every live subscription on the
//! row and currency repointed from its next cycle, today's MRR refreshed.
//! The latest re-pricings are listed with every refusal, and Retry repoints
//! what is left.
use crate::api::operator::{price_catalog, price_impact};
use crate::api::{Reprice, RetryRepricing};
use crate::domain::AppError;
use crate::domain::repricing::{CURRENCIES, Impact, Repricing, parse_amount};
use crate::domain::revenue::{day_label, day_of};
use crate::domain::views::PricingView;
use crate::format;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::settings_field_error as field_error;
use crate::kit::{Async, ConsoleHeader, EmptyState, ErrorNotice, TextField};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn PricingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| price_catalog());
    let done = RwSignal::new(None::<Repricing>);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, pricing.title)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:view>
            {
                let v: PricingView = view;
                view! {
                    {(!v.connected).then(|| view! {
                        <p class="notice" role="status" data-testid="pricing-money-off">{t!(i18n, pricing.money_off)}</p>
                    })}
                    <CatalogCard view=v.clone() />
                    <EditCard view=v.clone() done on_done=Callback::new(move |()| data.refetch()) />
                    <HistoryCard view=v on_retried=Callback::new(move |()| data.refetch()) />
                }
            }
        </Async>
    }
}

fn when(lang: Locale, millis: i64) -> String {
    format::date(lang, &day_label(day_of(millis)))
}

#[component]
fn CatalogCard(view: PricingView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let rows: Vec<_> = view
        .rows
        .iter()
        .flat_map(|r| {
            r.amounts.iter().map(move |(cur, amount)| {
                (
                    r.id.clone(),
                    cur.clone(),
                    *amount,
                    r.provider_prices.get(cur).cloned(),
                    r.updated_at,
                )
            })
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="catalog-title" data-testid="price-catalog">
            <h2 id="catalog-title">{t!(i18n, pricing.catalog)}</h2>
            <p class="add-person__note">{t!(i18n, pricing.catalog_note)}</p>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, pricing.col_plan)}</th>
                        <th scope="col">{t!(i18n, pricing.col_currency)}</th>
                        <th scope="col">{t!(i18n, pricing.col_amount)}</th>
                        <th scope="col">{t!(i18n, pricing.col_price)}</th>
                        <th scope="col">{t!(i18n, pricing.col_updated)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(plan, cur, amount, price, updated)| view! {
                            <tr data-testid="price-row" data-plan=plan.clone() data-currency=cur.clone()>
                                <td data-label=t!(i18n, pricing.col_plan)>{plan.clone()}</td>
                                <td data-label=t!(i18n, pricing.col_currency)>{cur.to_uppercase()}</td>
                                <td data-label=t!(i18n, pricing.col_amount) data-testid="price-amount">{format::money(lang, amount, &cur)}</td>
                                <td data-label=t!(i18n, pricing.col_price)>
                                    {match price {
                                        Some(p) => view! { <code>{p}</code> }.into_any(),
                                        None => view! { <span class="muted">{t!(i18n, pricing.no_price)}</span> }.into_any(),
                                    }}
                                </td>
                                <td data-label=t!(i18n, pricing.col_updated)>{when(lang, updated)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn EditCard(
    view: PricingView,
    done: RwSignal<Option<Repricing>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let plans: Vec<String> = view.rows.iter().map(|r| r.id.clone()).collect();
    let plan = RwSignal::new(plans.first().cloned().unwrap_or_default());
    let currency = RwSignal::new(CURRENCIES[0].to_owned());
    let amount = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let impact = RwSignal::new(None::<Impact>);
    let checking = RwSignal::new(false);
    let apply = ServerAction::<Reprice>::new();
    // Any change to the edit hides the impact shown for the previous one.
    Effect::new(move |_| {
        plan.track();
        currency.track();
        amount.track();
        impact.set(None);
        error.set(None);
    });
    Effect::new(move |_| match apply.value().get() {
        Some(Ok(r)) => {
            impact.set(None);
            amount.set(String::new());
            done.set(Some(r));
            on_done.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let minor = match parse_amount(&amount.get_untracked()) {
            Ok(m) => m,
            Err(e) => {
                error.set(Some(AppError::invalid(e.field, e.reason)));
                return;
            }
        };
        checking.set(true);
        let (p, c) = (plan.get_untracked(), currency.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = price_impact(p, c, minor).await;
            checking.set(false);
            match answer {
                Ok(i) => impact.set(Some(i)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let confirm = move |_| {
        if let Some(i) = impact.get_untracked() {
            apply.dispatch(Reprice {
                plan: i.plan,
                currency: i.currency,
                amount_minor: i.new_amount_minor,
                row_version: i.row_version,
            });
        }
    };
    let general = move || {
        match error.get() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(AppError::Conflict) => Some(
            view! { <p class="notice notice--error" role="alert" data-testid="pricing-conflict">{t!(i18n, pricing.conflict)}</p> }
                .into_any(),
        ),
        Some(e) => Some(view! { <ErrorNotice error=e /> }.into_any()),
    }
    };
    let label = move |f: fn(I18n) -> String| Signal::derive(move || f(i18n));
    view! {
        <section class="card" aria-labelledby="reprice-title" data-testid="reprice">
            <h2 id="reprice-title">{t!(i18n, pricing.edit)}</h2>
            <p class="add-person__note">{t!(i18n, pricing.edit_note)}</p>
            <form on:submit=check novalidate class="reprice-form">
                <div class="field">
                    <label class="field__label" for="reprice-plan">{t!(i18n, pricing.col_plan)}</label>
                    <select id="reprice-plan" class="field__input" data-testid="reprice-plan"
                        on:change=move |ev| plan.set(event_target_value(&ev))>
                        {plans.into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:field--invalid=move || field_error(error, "currency").get().is_some()>
                    <label class="field__label" for="reprice-currency">{t!(i18n, pricing.col_currency)}</label>
                    <select id="reprice-currency" class="field__input" data-testid="reprice-currency"
                        on:change=move |ev| currency.set(event_target_value(&ev))>
                        {CURRENCIES.iter().map(|c| view! { <option value=*c>{c.to_uppercase()}</option> }).collect_view()}
                    </select>
                    {move || field_error(error, "currency").get().map(|m| view! { <p class="field__error" role="alert">{m}</p> })}
                </div>
                <TextField id="reprice-amount" label=label(|i| t_string!(i, pricing.new_amount).to_string())
                    hint=label(|i| t_string!(i, pricing.amount_hint).to_string())
                    value=amount error=field_error(error, "amount") inputmode="decimal" required=true />
                <button type="submit" class="button button--secondary" data-testid="reprice-check" disabled=move || checking.get()>
                    {t!(i18n, pricing.check_impact)}
                </button>
            </form>
            {general}
            {move || impact.get().map(|i| {
                let cur = i.currency.clone();
                view! {
                    <div class="impact" role="status" data-testid="reprice-impact"
                        data-customers=i.customers data-subscriptions=i.subscriptions data-seats=i.seats
                        data-mrr-before=i.mrr_before_minor data-mrr-after=i.mrr_after_minor>
                        <h3>{t!(i18n, pricing.impact_title)}</h3>
                        <dl class="impact__figures">
                            <dt>{t!(i18n, pricing.impact_amount)}</dt>
                            <dd>{i.old_amount_minor.map(|o| format::money(lang, o, &cur)).unwrap_or_else(|| "–".into())}
                                " → " <strong>{format::money(lang, i.new_amount_minor, &cur)}</strong></dd>
                            <dt>{t!(i18n, pricing.impact_customers)}</dt>
                            <dd data-testid="impact-customers">{format::count(lang, i.customers)} " (" {format::count(lang, i.seats)} " " {t!(i18n, pricing.seats)} ")"</dd>
                            <dt>{t!(i18n, pricing.impact_subscriptions)}</dt>
                            <dd data-testid="impact-subscriptions">{format::count(lang, i.subscriptions)}</dd>
                            <dt>{t!(i18n, pricing.impact_mrr)}</dt>
                            <dd>{format::money(lang, i.mrr_before_minor, &cur)} " → " {format::money(lang, i.mrr_after_minor, &cur)}</dd>
                        </dl>
                        <p class="add-person__note">{t!(i18n, pricing.impact_note)}</p>
                        <div class="form-actions">
                            <button type="button" class="button button--primary" data-testid="reprice-apply"
                                disabled=move || apply.pending().get() on:click=confirm>
                                {t!(i18n, pricing.apply)}
                            </button>
                            <button type="button" class="button button--ghost" on:click=move |_| impact.set(None)>
                                {t!(i18n, shell.cancel)}
                            </button>
                        </div>
                    </div>
                }
            })}
            {move || done.get().map(|r| {
                let failed = r.failed().count();
                let total = r.repoints.len();
                view! {
                    <p class=if failed == 0 { "notice" } else { "notice notice--error" } role="status" data-testid="reprice-done">
                        {t!(i18n, pricing.applied)} " " {format::money(lang, r.new_amount_minor, &r.currency)} ". "
                        {t!(i18n, pricing.repointed)} " " {total - failed} " / " {total} "."
                    </p>
                }
            })}
        </section>
    }
}

#[component]
fn HistoryCard(view: PricingView, on_retried: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let retry = ServerAction::<RetryRepricing>::new();
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match retry.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            on_retried.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let body = if view.repricings.is_empty() {
        view! { <EmptyState title=crate::i18n::t_signal!(i18n, pricing.no_history) /> }.into_any()
    } else {
        view.repricings
            .into_iter()
            .map(|r| {
                let total = r.repoints.len();
                let repointed = r.repoints.iter().filter(|p| p.done()).count();
                let pending = total - repointed;
                let (id, version) = (r.id.clone(), r.version);
                let failures: Vec<_> = r.pending().cloned().collect();
                view! {
                    <article class="repricing" data-testid="repricing" data-pending=pending>
                        <p>
                            <strong>{r.plan.clone()} " · " {r.currency.to_uppercase()}</strong> " · "
                            {r.old_amount_minor.map(|o| format::money(lang, o, &r.currency)).unwrap_or_else(|| "–".into())}
                            " → " {format::money(lang, r.new_amount_minor, &r.currency)} " · "
                            {when(lang, r.created_at)} " · " {r.actor.clone()}
                        </p>
                        <p class="add-person__note">
                            {t!(i18n, pricing.repointed)} " " {repointed} " / " {total}
                            {r.price_id.clone().map(|p| view! { " · " <code>{p}</code> })}
                        </p>
                        {(!failures.is_empty()).then(|| view! {
                            <ul class="repricing__failures" data-testid="repricing-failures">
                                {failures.into_iter().map(|p| view! {
                                    <li data-testid="repricing-failure" data-tenant=p.tenant_slug.clone()>
                                        <strong>{p.tenant_name.clone()}</strong> ": "
                                        {p.error.clone().unwrap_or_else(|| t_string!(i18n, pricing.not_tried).to_string())}
                                        " (" {t!(i18n, pricing.attempts)} " " {p.attempts} ")"
                                    </li>
                                }).collect_view()}
                            </ul>
                            <button type="button" class="button button--secondary" data-testid="repricing-retry"
                                disabled=move || retry.pending().get()
                                on:click=move |_| { retry.dispatch(RetryRepricing { id: id.clone(), version }); }>
                                {t!(i18n, pricing.retry)}
                            </button>
                        })}
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card" aria-labelledby="history-title" data-testid="repricings">
            <h2 id="history-title">{t!(i18n, pricing.history)}</h2>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {body}
        </section>
    }
}
