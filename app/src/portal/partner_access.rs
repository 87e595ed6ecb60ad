//! /admin/partner-access?tenant=SLUG: the customer decides whether its
//! partner may come in. Requests wait for approve / deny; active grants show
//! their scope, end and whether the partner is inside now, with Revoke;
//! everything the partner did under a grant is listed.
use crate::api::{DecidePartnerAccess, EndPartnerAccess, tenant_partner_access};
use crate::domain::access::{AccessScope, GrantState};
use crate::domain::views::{GrantRow, TenantAccessView};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::kit::{Async, ConsoleHeader, EmptyState, ErrorNotice};
use crate::shell::admin_page_tenant;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn PartnerAccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || (query.read().get("tenant"), version.get()),
        |(slug, _)| async move {
            let slug = admin_page_tenant(slug).await?;
            tenant_partner_access(slug).await
        },
    );
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, access.title)
            on_refresh=Callback::new(move |()| version.update(|v| *v += 1))
        />
        <p class="page-intro">{t!(i18n, access.intro)}</p>
        <Async data let:view>
            <AccessBody view on_change=Callback::new(move |()| version.update(|v| *v += 1)) />
        </Async>
    }
}

pub fn scope_label(i18n: I18n, scope: AccessScope) -> String {
    match scope {
        AccessScope::Admin => t_string!(i18n, access.scope_admin),
        AccessScope::ReadOnly => t_string!(i18n, access.scope_read_only),
    }
    .to_string()
}

/// "1 hour", "4 hours".
pub fn hours_label(i18n: I18n, hours: u32) -> String {
    if hours == 1 {
        format!("1 {}", t_string!(i18n, access.hour))
    } else {
        format!("{hours} {}", t_string!(i18n, access.hours))
    }
}

pub fn state_pill(i18n: I18n, state: GrantState) -> impl IntoView {
    let (class, key, text) = match state {
        GrantState::Pending => (
            "status-pill status-pill--warn",
            "pending",
            t_string!(i18n, access.state_pending),
        ),
        GrantState::Active => (
            "status-pill status-pill--ok",
            "active",
            t_string!(i18n, access.state_active),
        ),
        GrantState::Expired => (
            "status-pill status-pill--soon",
            "expired",
            t_string!(i18n, access.state_expired),
        ),
        GrantState::Denied => (
            "status-pill status-pill--down",
            "denied",
            t_string!(i18n, access.state_denied),
        ),
        GrantState::Revoked => (
            "status-pill status-pill--soon",
            "revoked",
            t_string!(i18n, access.state_revoked),
        ),
    };
    view! { <span class=class data-testid="grant-state" data-state=key>{text}</span> }
}

#[component]
fn AccessBody(view: TenantAccessView, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let slug = StoredValue::new(view.tenant.clone());
    let partner = view.partner_name.clone();
    let standing = view.standing.then(|| {
        let partner = partner.clone();
        view! {
            <section class="card" data-testid="standing-access" aria-labelledby="standing-title">
                <h2 id="standing-title">{t!(i18n, access.standing_title)} " " {partner}</h2>
                <p>{t!(i18n, access.standing_body)}</p>
            </section>
        }
    });
    if view.rows.is_empty() && !view.standing {
        return view! {
            <EmptyState title=crate::i18n::t_signal!(i18n, access.none) test_id="access-none">
                <p>{t!(i18n, access.none_body)} " " <strong>{partner.clone()}</strong></p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        {standing}
        <ul class="grant-list" role="list" data-testid="grants">
            {view.rows.into_iter().map(|row| view! { <GrantItem row slug on_change /> }).collect_view()}
        </ul>
        <h2>{t!(i18n, access.activity)}</h2>
        {if view.activity.is_empty() {
            view! { <p class="add-person__note" data-testid="access-activity-none">{t!(i18n, access.activity_none)}</p> }.into_any()
        } else {
            view! {
                <ul class="org-list" data-testid="access-activity">
                    {view.activity.into_iter().map(|e| view! {
                        <li class="org-list__row" data-testid="access-event" data-action=e.action.clone()>
                            <span class="org-list__name"><code>{e.action.clone()}</code> " " {e.resource_name.clone()}</span>
                            <span class="add-person__note">{e.actor_email.clone()} " · " {crate::format::date_time(lang, e.at)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn GrantItem(row: GrantRow, slug: StoredValue<String>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let decide = ServerAction::<DecidePartnerAccess>::new();
    let end = ServerAction::<EndPartnerAccess>::new();
    Effect::new(move |_| {
        if matches!(decide.value().get(), Some(Ok(_))) || matches!(end.value().get(), Some(Ok(_))) {
            on_change.run(());
        }
    });
    let g = row.grant.clone();
    let id = StoredValue::new(g.id.clone());
    let pending = row.state == GrantState::Pending;
    let active = row.state == GrantState::Active;
    let hours = g.hours;
    view! {
        <li class="card grant" data-testid="grant" data-state=row.state.as_str() data-grant=g.id.clone()>
            <div class="grant__head">
                <strong>{g.requested_by_name.clone()}</strong>
                <span class="add-person__note">{g.requested_by_email.clone()} " · " {row.partner_name.clone()}</span>
                {state_pill(i18n, row.state)}
                {row.inside_now.then(|| view! { <span class="status-pill status-pill--warn" data-testid="inside-now">{t!(i18n, access.inside_now)}</span> })}
            </div>
            {if g.setup {
                view! { <p class="grant__reason" data-testid="grant-setup">{t!(i18n, access.setup_reason)}</p> }.into_any()
            } else {
                view! { <p class="grant__reason">"“" {g.reason.clone()} "”"</p> }.into_any()
            }}
            <p class="add-person__note">
                {scope_label(i18n, g.scope)} " · " {hours_label(i18n, hours)} " · "
                {t!(i18n, access.requested)} " " {crate::format::date_time(lang, g.requested_at)}
                {g.expires_at.filter(|_| active).map(|e| view! { " · " {t!(i18n, access.until)} " " {crate::format::date_time(lang, e)} })}
            </p>
            <div class="form-actions">
                {pending.then(|| view! {
                    <button type="button" class="button button--primary button--small" data-testid="grant-approve"
                        disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(DecidePartnerAccess { slug: slug.get_value(), grant_id: id.get_value(), approve: true }); }>
                        {t!(i18n, access.approve)}
                    </button>
                    <button type="button" class="button button--ghost button--small" data-testid="grant-deny"
                        disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(DecidePartnerAccess { slug: slug.get_value(), grant_id: id.get_value(), approve: false }); }>
                        {t!(i18n, access.deny)}
                    </button>
                })}
                {active.then(|| view! {
                    <button type="button" class="button button--danger button--small" data-testid="grant-revoke"
                        disabled=move || end.pending().get()
                        on:click=move |_| { end.dispatch(EndPartnerAccess { slug: slug.get_value(), grant_id: id.get_value() }); }>
                        {t!(i18n, access.revoke)}
                    </button>
                })}
            </div>
            {move || decide.value().get().and_then(Result::err).or_else(|| end.value().get().and_then(Result::err)).map(|e| view! { <ErrorNotice error=e /> })}
        </li>
    }
}
