//! The frame of the three signed-in faces, shaped like the admin centers people
//! already trust: a top bar (menu button on phones, logo, face, language, who is
//! signed in, sign-out), a sidebar with the workspace mark and the face's
//! navigation grouped by area (from the face table), and the page. At phone
//! width the sidebar is a drawer behind the menu button.
use crate::api::me::whoami;
use crate::api::shell::shell_state;
use crate::domain::AppError;
use crate::domain::access::AccessScope;
use crate::domain::model::{TenantRole, WhoAmI};
use crate::domain::views::{Attention, InsideView, ShellState};
use crate::faces::{self, Face, NavLabel};
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{LangToggle, MarkContent, NodeLockup, Toaster, Toasts, access_label};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The shell's state: fetched ONCE per page by the shell and shared by
/// context, so no page asks "who am I" again.
#[derive(Clone, Copy)]
pub struct Me(pub Resource<Result<ShellState, AppError>>);

/// Who is signed in: the shell's answer (a page outside a shell asks).
pub async fn who_am_i() -> Result<Option<WhoAmI>, AppError> {
    match use_context::<Me>() {
        Some(Me(state)) => Ok(state.await?.who),
        None => whoami().await,
    }
}

/// The slug of the first tenant the signed-in person administers.
pub async fn first_admin_tenant() -> Result<Option<String>, AppError> {
    match who_am_i().await? {
        Some(w) => Ok(w
            .tenants
            .into_iter()
            .find(|t| t.role == TenantRole::Admin)
            .map(|t| t.slug)),
        None => Err(AppError::Unauthenticated),
    }
}

/// The tenant an admin page is about: `?tenant=` when given, else the
/// first the person administers (none: forbidden, the page says so).
pub async fn admin_page_tenant(query: Option<String>) -> Result<String, AppError> {
    match query {
        Some(slug) => Ok(slug),
        None => first_admin_tenant().await?.ok_or(AppError::Forbidden),
    }
}

/// An admin page's data: the tenant it is about (`?tenant=`, else the
/// caller's first where they are admin) and what `fetch` reads for it.
pub fn admin_page_data<T, F, Fut>(fetch: F) -> Resource<Result<(String, T), AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    Resource::new(
        move || query.read().get("tenant"),
        move |slug| async move {
            let slug = admin_page_tenant(slug).await?;
            let view = fetch(slug.clone()).await?;
            Ok((slug, view))
        },
    )
}

fn nav_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, label: NavLabel) -> String {
    match label {
        NavLabel::Home => t_string!(i18n, shell.nav_home),
        NavLabel::Overview => t_string!(i18n, shell.nav_overview),
        NavLabel::Members => t_string!(i18n, shell.nav_members),
        NavLabel::SsoApps => t_string!(i18n, shell.nav_sso_apps),
        NavLabel::Security => t_string!(i18n, shell.nav_security),
        NavLabel::Domains => t_string!(i18n, shell.nav_domains),
        NavLabel::PartnerAccess => t_string!(i18n, shell.nav_partner_access),
        NavLabel::Team => t_string!(i18n, shell.nav_team),
        NavLabel::Users => t_string!(i18n, shell.nav_users),
        NavLabel::Tenants => t_string!(i18n, shell.nav_tenants),
        NavLabel::Partners => t_string!(i18n, shell.nav_partners),
        NavLabel::Settings => t_string!(i18n, shell.nav_settings),
        NavLabel::Branding => t_string!(i18n, shell.nav_branding),
        NavLabel::Billing => t_string!(i18n, shell.nav_billing),
        NavLabel::Pricing => t_string!(i18n, shell.nav_pricing),
        NavLabel::Reports => t_string!(i18n, shell.nav_reports),
        NavLabel::Audit => t_string!(i18n, shell.nav_audit),
        NavLabel::Customers => t_string!(i18n, shell.nav_customers),
        NavLabel::Flags => t_string!(i18n, shell.nav_flags),
        NavLabel::Infrastructure => t_string!(i18n, shell.nav_infrastructure),
        NavLabel::Personal => t_string!(i18n, shell.group_personal),
        NavLabel::Organisation => t_string!(i18n, shell.group_organisation),
        NavLabel::Partner => t_string!(i18n, shell.group_partner),
        NavLabel::Platform => t_string!(i18n, shell.group_platform),
    }
    .to_string()
}

fn attention_key(kind: Attention) -> &'static str {
    match kind {
        Attention::AuditFailures => "audit_failures",
        Attention::SuspendedCustomers => "suspended_customers",
        Attention::DomainsNeedAttention => "domains_need_attention",
        Attention::AccessRequests => "access_requests",
    }
}

fn attention_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, kind: Attention) -> String {
    match kind {
        Attention::AuditFailures => t_string!(i18n, shell.attention_audit_failures),
        Attention::SuspendedCustomers => t_string!(i18n, shell.attention_suspended_customers),
        Attention::DomainsNeedAttention => t_string!(i18n, shell.attention_domains),
        Attention::AccessRequests => t_string!(i18n, shell.attention_access_requests),
    }
    .to_string()
}

fn face_name(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, face: Face) -> String {
    match face {
        Face::Portal => t_string!(i18n, shell.portal),
        Face::Partner => t_string!(i18n, shell.partner),
        Face::Operator | Face::Website => t_string!(i18n, shell.operator),
    }
    .to_string()
}

#[component]
pub fn AppShell(face: Face, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // One request for the shell's four answers (`shell_state`); a failed
    // "who am I" is the shell's error, anything else missing shows none.
    let query = leptos_router::hooks::use_query_map();
    let me = Resource::new(
        move || query.read().get("tenant"),
        move |tenant| shell_state(face.key().to_owned(), tenant),
    );
    provide_context(Me(me));
    let partner_mode = face == Face::Portal;
    let toasts = Toasts::provide();
    let open = RwSignal::new(false);
    let pathname = use_location().pathname;
    // A link in the drawer closes it.
    Effect::new(move |_| {
        pathname.track();
        open.set(false);
    });
    let title = move || face_name(i18n, face);
    view! {
        <leptos_meta::Title text=move || format!("{} · dezky", title()) />
        <leptos_meta::Meta name="robots" content="noindex, nofollow" />
        <div class="console" class:console--open=move || open.get()>
            <header class="console-top">
                <button
                    type="button"
                    class="console-top__menu"
                    aria-controls="console-nav"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    data-testid="console-menu"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span aria-hidden="true" class="console-top__burger"></span>
                    <span class="visually-hidden">{t!(i18n, shell.menu)}</span>
                </button>
                // A full page load: the public site is another face.
                <a class="console-top__logo" href="/" rel="external" aria-label=t!(i18n, a11y.home_link)>
                    <NodeLockup on_dark=true />
                </a>
                <span class="console-top__face" data-testid="shell-face">{title}</span>
                <div class="console-top__end">
                    <LangToggle />
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            me.await.ok().and_then(|s| s.who).map(|w| view! {
                                <div class="whoami" data-testid="whoami">
                                    <span class="whoami__label">{t!(i18n, shell.signed_in_as)}</span>
                                    <strong class="whoami__name" data-testid="whoami-name">{w.name}</strong>
                                    <span class="whoami__email" data-testid="whoami-email">{w.email}</span>
                                </div>
                            })
                        })}
                    </Suspense>
                    <form method="post" action="/auth/logout" class="sign-out">
                        <button type="submit" class="button button--ghost button--small" data-testid="sign-out">
                            {t!(i18n, auth.sign_out)}
                        </button>
                    </form>
                </div>
            </header>
            <div class="console-body">
                <aside
                    id="console-nav"
                    class="console-nav"
                    aria-label=title
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let ShellState { who, counts, inside, .. } = me.await.unwrap_or_default();
                            view! {
                                <WorkspaceMark face who=who.clone() inside=inside.clone() />
                                <SideNav face who counts inside />
                            }
                        })}
                    </Suspense>
                    // On a phone the top bar has no room for it: the drawer does.
                    <div class="console-nav__lang">
                        <LangToggle id="console-nav-lang-toggle" />
                    </div>
                </aside>
                <div class="console-scrim" aria-hidden="true" on:click=move |_| open.set(false)></div>
                <main id="main" class="console-main" tabindex="-1">
                    {partner_mode.then(|| view! {
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                me.await.ok().and_then(|s| s.inside).map(|i| view! { <InsideBanner inside=i /> })
                            })}
                        </Suspense>
                    })}
                    {children()}
                </main>
            </div>
            <Toaster toasts />
        </div>
    }
}

/// Whose workspace this is: the organisation (name, plan, seats), the partner,
/// or the platform.
/// "Inside customer X as its partner", with the access's scope and end, and
/// Exit back to the partner portal.
#[component]
fn InsideBanner(inside: InsideView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    let scope = match inside.scope {
        AccessScope::Admin => t_string!(i18n, access.scope_admin),
        AccessScope::ReadOnly => t_string!(i18n, access.scope_read_only),
    };
    view! {
        <div class="partner-banner" role="status" data-testid="partner-banner" data-tenant=inside.tenant_slug.clone() data-grant=inside.grant_id.clone()>
            <span>
                {t!(i18n, access.banner_inside)} " " <strong>{inside.tenant_name.clone()}</strong>
                " · " {scope} " · "
                {match inside.expires_at {
                    Some(at) => view! { {t!(i18n, access.banner_until)} " " {crate::format::date_time(lang, at)} }.into_any(),
                    None => t!(i18n, access.banner_standing).into_any(),
                }}
            </span>
            <a class="button button--small partner-banner__exit" href="/partner" data-testid="partner-exit">{t!(i18n, access.exit)}</a>
        </div>
    }
}

#[component]
fn WorkspaceMark(face: Face, who: Option<WhoAmI>, inside: Option<InsideView>) -> impl IntoView {
    let i18n = use_i18n();
    // The partner's accent on its own face, with THE readable text on it.
    let (accent, logo) = match (face, &who) {
        (Face::Partner, Some(w)) => w
            .partner
            .as_ref()
            .map(|p| (p.accent.clone(), p.logo.clone()))
            .unwrap_or_default(),
        (Face::Portal, Some(w)) if inside.is_none() => w
            .tenants
            .iter()
            .find(|t| t.role == TenantRole::Admin)
            .or_else(|| w.tenants.first())
            .map(|t| (t.accent.clone(), t.logo.clone()))
            .unwrap_or_default(),
        _ => (None, None),
    };
    let badge = NodeRef::<leptos::html::Span>::new();
    crate::kit::paint(badge, move || match &accent {
        Some(a) => vec![
            ("background", Some(a.clone())),
            (
                "color",
                Some(crate::domain::branding::readable_text(a).to_owned()),
            ),
        ],
        None => vec![],
    });
    let (name, detail): (String, Signal<String>) = match (face, &who) {
        (Face::Portal, _) if inside.is_some() => {
            let i = inside.clone().unwrap_or_else(|| unreachable!());
            (
                i.tenant_name,
                crate::i18n::t_signal!(i18n, access.mark_partner_mode),
            )
        }
        (Face::Partner, Some(w)) => match &w.partner {
            Some(p) => (p.name.clone(), access_label(p.access)),
            None => (String::new(), Signal::derive(String::new)),
        },
        (Face::Operator, _) => (
            t_string!(i18n, shell.platform_mark).to_string(),
            crate::i18n::t_signal!(i18n, shell.platform_admin),
        ),
        (_, Some(w)) => {
            let tenant = w
                .tenants
                .iter()
                .find(|t| t.role == TenantRole::Admin)
                .or_else(|| w.tenants.first())
                .cloned();
            match tenant {
                Some(t) => {
                    let (plan, seats) = (t.plan.clone(), t.seats);
                    (
                        t.name,
                        Signal::derive(move || {
                            format!("{plan} · {seats} {}", t_string!(i18n, shell.seats))
                        }),
                    )
                }
                None => (
                    t_string!(i18n, shell.no_workspace).to_string(),
                    Signal::derive(String::new),
                ),
            }
        }
        (_, None) => (String::new(), Signal::derive(String::new)),
    };
    let initial = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    view! {
        <div class="workspace-mark" data-testid="workspace-mark">
            <span class="workspace-mark__badge" aria-hidden="true" data-testid="workspace-badge" node_ref=badge>
                <MarkContent initial logo=Signal::stored(logo) />
            </span>
            <span class="workspace-mark__text">
                <strong class="workspace-mark__name" data-testid="workspace-name">{name}</strong>
                <span class="workspace-mark__detail">{move || detail.get()}</span>
            </span>
        </div>
    }
}

/// The face's navigation from the face table, grouped by area; a link the
/// person can't use is not shown.
#[component]
fn SideNav(
    face: Face,
    who: Option<WhoAmI>,
    counts: Vec<(Attention, u64)>,
    inside: Option<InsideView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pathname = use_location().pathname;
    let admin = inside.is_some()
        || who
            .as_ref()
            .is_some_and(|w| w.tenants.iter().any(|t| t.role == TenantRole::Admin));
    // Inside a customer, its admin links keep the customer.
    let tenant_query = inside.map(|i| format!("?tenant={}", i.tenant_slug));
    view! {
        <nav class="side-nav">
            {faces::spec(face).nav.iter().filter_map(|group| {
                let items: Vec<_> = group
                    .items
                    .iter()
                    .filter(|item| admin || !item.tenant_admin_only)
                    // The customer answers partner access itself.
                    .filter(|item| tenant_query.is_none() || item.label != NavLabel::PartnerAccess)
                    .collect();
                if items.is_empty() {
                    return None;
                }
                let heading = group.heading;
                Some(view! {
                    <div class="side-nav__group">
                        <p class="side-nav__heading">{move || nav_label(i18n, heading)}</p>
                        <ul role="list">
                            {items.into_iter().map(|item| {
                                let (href, label) = (item.href, item.label);
                                let link = match &tenant_query {
                                    Some(q) if item.tenant_admin_only => format!("{href}{q}"),
                                    _ => href.to_owned(),
                                };
                                let count = item
                                    .attention
                                    .and_then(|a| counts.iter().find(|(k, _)| *k == a))
                                    .map(|(k, n)| (*k, *n));
                                view! {
                                    <li>
                                        <a
                                            href=link
                                            class="side-nav__link"
                                            data-testid=item.test_id
                                            aria-current=move || (pathname.get() == href).then_some("page")
                                        >
                                            <span>{move || nav_label(i18n, label)}</span>
                                            {count.map(|(kind, n)| view! {
                                                <span
                                                    class="side-nav__badge"
                                                    aria-hidden="true"
                                                    data-testid="nav-badge"
                                                    data-attention=attention_key(kind)
                                                >{n}</span>
                                                <span class="visually-hidden">
                                                    {move || format!(" ({n} {})", attention_label(i18n, kind))}
                                                </span>
                                            })}
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }).collect_view()}
        </nav>
    }
}
