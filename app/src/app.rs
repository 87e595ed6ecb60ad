use crate::i18n::I18nContextProvider;
use crate::kit::HydrationMarker;
use crate::lang;
use crate::operator::{
    AuditPage, FlagsPage, InfrastructurePage, OperatorBillingPage, OperatorPartnersPage,
    OperatorReportsPage, OperatorShell, OverviewPage, PartnerDetailPage, PlatformUsersPage,
    PricingPage, TeamPage, TenantDetailPage, TenantsPage,
};
use crate::partner::{
    NewCustomerPage, PartnerBillingPage, PartnerPage, PartnerReportsPage, PartnerSettingsPage,
    PartnerShell, PartnerTeamPage,
};
use crate::portal::{
    BillingPage, BrandingPage, CardPage, DashboardPage, DomainsPage, PartnerAccessPage, PortalHome,
    PortalShell, SecurityPage, SsoAppsPage, TenantAuditPage, UsersPage,
};
use crate::website::{
    AboutPage, BrandPage, CatchAll, ChangelogPage, ContactPage, CookiesPage, DemoPage, DpaPage,
    HomePage, MigrationPage, NotAuthorisedPage, PartnersPage, PrivacyPage, RoadmapPage, SignInPage,
    SiteLayout, SlaPage, StatusPage, TermsPage,
};
use leptos::children::ToChildren;
use leptos::lazy;
use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{
    Outlet, ParentRoute, Route, RouteChildren, Router, Routes, RoutesProps,
};
use leptos_router::{ChooseView, MatchNestedRoutes, path};
#[cfg(feature = "hydrate")]
use leptos_router::{MatchInterface, RouteDefs};
use std::future::Future;
use std::pin::Pin;
// Signed-in pages render whole (async): their HTTP status (401/403/404) comes
// from the server functions they call, which must run before headers are sent.
use leptos_router::SsrMode;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_security_headers();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#14171a" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                {page_scripts(options)}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The website's pages are documents: rendered here, never hydrated, made
/// interactive by `document.js` (menu, language, forms, and on /partners the
/// calculator's wasm module of a few kilobytes). A visitor downloads none of the
/// app's runtime. Each signed-in face hydrates (docs/ARCHITECTURE.md, "Payload").
fn page_scripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let document = use_context::<http::request::Parts>()
        .is_some_and(|p| crate::faces::face_of(p.uri.path()).face == crate::faces::Face::Website);
    #[cfg(not(feature = "ssr"))]
    let document = false;
    if document {
        let src = format!("/{}/document.js", options.site_pkg_dir);
        let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
        leptos::either::Either::Left(view! { <script type="module" src=src nonce=nonce></script> })
    } else {
        leptos::either::Either::Right(view! { <HydrationScripts options /> })
    }
}

/// The page's CSP carries the nonce leptos generated for this request's hydration
/// script; the rest of the security headers are set by the server's middleware.
#[cfg(feature = "ssr")]
fn set_security_headers() {
    use http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let idp = use_context::<crate::security::IdpOrigin>().and_then(|o| o.0);
    let scope = use_context::<http::request::Parts>()
        .map(|p| crate::security::PageScope::of(p.uri.path()))
        .unwrap_or_default();
    let csp = crate::security::content_security_policy(nonce.as_deref(), idp.as_deref(), scope);
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// Every page, and each signed-in face's shell, is a lazy route: its code is a
/// wasm chunk of its own (`scripts/build-site.sh` splits the bundle), loaded when
/// the route is first shown, so a visitor downloads the website's runtime and the
/// page in front of them, not the whole product (docs/ARCHITECTURE.md, "Payload").
/// On the server the same routes render synchronously. In the browser the
/// modules of the routes on screen load first (`load_routes`), then the page
/// hydrates at once; each page marks the body hydrated itself.
///
/// Each route is a lazy function (`#[lazy]`, split by the name
/// `__<route>_view`, as leptos' `#[lazy_route]` names it) that gives the route's
/// view function once its module is loaded, and the router shows every route
/// through one type, [`Page`].
macro_rules! lazy_routes {
    (pages: $($route:ident => $page:ident),* $(,)?; shells: $($shell_route:ident => $shell:ident),* $(,)?) => {
        $(lazy_routes!(@route $route, (HydrationMarker(), $page()).into_any());)*
        $(lazy_routes!(@route $shell_route, view! { <$shell><Outlet /></$shell> }.into_any());)*
    };
    (@route $route:ident, $view:expr) => {
        struct $route;

        paste::paste! {
            #[lazy([<__ $route:snake _view>])]
            fn [<$route:snake _view>]() -> fn() -> AnyView {
                || $view
            }

            impl LazyPage for $route {
                fn load() -> PageLoad {
                    Box::pin([<$route:snake _view>]())
                }
            }
        }
    };
}

/// Loading a route's module (the first time; then at once), giving its view.
type PageLoad = Pin<Box<dyn Future<Output = fn() -> AnyView>>>;

/// A lazy route of the table below.
trait LazyPage {
    fn load() -> PageLoad;
}

/// How the router shows a lazy route. leptos' own `Lazy<T>` is a type per
/// route, and the router's code for a route's view (choosing it, preloading it,
/// erasing its type) was in the main module once per route: 1.5 KB each before
/// optimisation, for 52 routes. This is one type for all of them, holding the
/// route's loader.
#[derive(Clone, Copy)]
struct Page {
    load: fn() -> PageLoad,
}

impl Page {
    fn of<T: LazyPage>() -> Self {
        Self { load: T::load }
    }
}

impl ChooseView for Page {
    async fn choose(self) -> AnyView {
        ((self.load)().await)()
    }

    /// The router loads the modules of every route it is about to show at
    /// once (a shell's and its page's), before it shows the first.
    async fn preload(&self) {
        (self.load)().await;
    }
}

lazy_routes! {
    pages:
    HomePageRoute => HomePage,
    AboutPageRoute => AboutPage,
    ContactPageRoute => ContactPage,
    PartnersPageRoute => PartnersPage,
    DemoPageRoute => DemoPage,
    StatusPageRoute => StatusPage,
    RoadmapPageRoute => RoadmapPage,
    ChangelogPageRoute => ChangelogPage,
    MigrationPageRoute => MigrationPage,
    BrandPageRoute => BrandPage,
    SlaPageRoute => SlaPage,
    CookiesPageRoute => CookiesPage,
    TermsPageRoute => TermsPage,
    PrivacyPageRoute => PrivacyPage,
    DpaPageRoute => DpaPage,
    SignInPageRoute => SignInPage,
    NotAuthorisedPageRoute => NotAuthorisedPage,
    PortalHomeRoute => PortalHome,
    DashboardPageRoute => DashboardPage,
    UsersPageRoute => UsersPage,
    TenantAuditPageRoute => TenantAuditPage,
    SsoAppsPageRoute => SsoAppsPage,
    DomainsPageRoute => DomainsPage,
    PartnerAccessPageRoute => PartnerAccessPage,
    SecurityPageRoute => SecurityPage,
    BrandingPageRoute => BrandingPage,
    BillingPageRoute => BillingPage,
    CardPageRoute => CardPage,
    PartnerPageRoute => PartnerPage,
    NewCustomerPageRoute => NewCustomerPage,
    PartnerTeamPageRoute => PartnerTeamPage,
    PartnerSettingsPageRoute => PartnerSettingsPage,
    PartnerBillingPageRoute => PartnerBillingPage,
    PartnerReportsPageRoute => PartnerReportsPage,
    OverviewPageRoute => OverviewPage,
    FlagsPageRoute => FlagsPage,
    AuditPageRoute => AuditPage,
    InfrastructurePageRoute => InfrastructurePage,
    TeamPageRoute => TeamPage,
    TenantsPageRoute => TenantsPage,
    OperatorPartnersPageRoute => OperatorPartnersPage,
    PartnerDetailPageRoute => PartnerDetailPage,
    TenantDetailPageRoute => TenantDetailPage,
    PlatformUsersPageRoute => PlatformUsersPage,
    OperatorBillingPageRoute => OperatorBillingPage,
    PricingPageRoute => PricingPage,
    OperatorReportsPageRoute => OperatorReportsPage,
    CatchAllRoute => CatchAll;
    shells:
    SiteFrameRoute => SiteLayout,
    PortalShellRoute => PortalShell,
    PartnerShellRoute => PartnerShell,
    OperatorShellRoute => OperatorShell,
}

/// Parts of a page that load when they open: each is a `#[lazy]` function (its
/// code a wasm module of its own) that the page calls when the user opens it,
/// such as a form in a panel. `scripts/lazy-route-nesting.py` reads this table
/// and nests each part under its page, so the part's code leaves the page's
/// first load and comes in a pack of its own when it opens
/// (docs/ARCHITECTURE.md, "Payload"). The compiler checks the names; nothing
/// here runs.
macro_rules! on_demand {
    ($($page:ident => $($part:path),+;)*) => {
        const _: () = {
            $(
                let _ = std::marker::PhantomData::<$page>;
                $(let _ = $part;)+
            )*
        };
    };
}

on_demand! {
    PartnerPageRoute => crate::partner::request_access_panel, crate::partner::edit_customer_panel,
        crate::partner::suspend_dialog, crate::partner::change_customer, crate::partner::end_access,
        crate::partner::outcome_card;
}

/// True while the router loads a page (its chunk, on the first visit).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let (is_routing, set_is_routing) = signal(false);
    provide_context(Routing(is_routing));
    view! {
        <I18nContextProvider
            cookie_name=lang::LANG_COOKIE
            cookie_options=lang::cookie_options()
            ssr_lang_header_getter=lang::ignore_accept_language()
        >
            <Router set_is_routing>
                {Routes(
                    RoutesProps::builder()
                        .fallback(|| ())
                        .children(RouteChildren::to_children(route_table))
                        .build(),
                )}
            </Router>
        </I18nContextProvider>
    }
}

/// The route table: the router's, and the one the browser matches before it
/// hydrates (`load_routes`). Every path is matched: the last route takes any
/// other.
fn route_table() -> impl MatchNestedRoutes + Clone + Send + 'static {
    view! {
        <ParentRoute
            path=path!("")
            view={Page::of::<SiteFrameRoute>()}
        >
            <Route path=path!("") view={Page::of::<HomePageRoute>()} />
            <Route path=path!("about") view={Page::of::<AboutPageRoute>()} />
            <Route path=path!("contact") view={Page::of::<ContactPageRoute>()} />
            <Route path=path!("partners") view={Page::of::<PartnersPageRoute>()} />
            <Route path=path!("demo") view={Page::of::<DemoPageRoute>()} />
            <Route path=path!("status") view={Page::of::<StatusPageRoute>()} />
            <Route path=path!("roadmap") view={Page::of::<RoadmapPageRoute>()} />
            <Route path=path!("changelog") view={Page::of::<ChangelogPageRoute>()} />
            <Route path=path!("migration") view={Page::of::<MigrationPageRoute>()} />
            <Route path=path!("brand") view={Page::of::<BrandPageRoute>()} />
            <Route path=path!("sla") view={Page::of::<SlaPageRoute>()} />
            <Route path=path!("cookies") view={Page::of::<CookiesPageRoute>()} />
            <Route path=path!("terms") view={Page::of::<TermsPageRoute>()} />
            <Route path=path!("privacy") view={Page::of::<PrivacyPageRoute>()} />
            <Route path=path!("dpa") view={Page::of::<DpaPageRoute>()} />
            <Route path=path!("sign-in") view={Page::of::<SignInPageRoute>()} />
            <Route path=path!("not-authorised") view={Page::of::<NotAuthorisedPageRoute>()} />
        </ParentRoute>
        <ParentRoute
            path=path!("")
            view={Page::of::<PortalShellRoute>()}
        >
            <Route path=path!("portal") view={Page::of::<PortalHomeRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin") view={Page::of::<DashboardPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/users") view={Page::of::<UsersPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/audit") view={Page::of::<TenantAuditPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/apps") view={Page::of::<SsoAppsPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/domains") view={Page::of::<DomainsPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/partner-access") view={Page::of::<PartnerAccessPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/security") view={Page::of::<SecurityPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/branding") view={Page::of::<BrandingPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/billing") view={Page::of::<BillingPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("admin/billing/card") view={Page::of::<CardPageRoute>()} ssr=SsrMode::Async />
        </ParentRoute>
        <ParentRoute
            path=path!("partner")
            view={Page::of::<PartnerShellRoute>()}
        >
            <Route path=path!("") view={Page::of::<PartnerPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("customers/new") view={Page::of::<NewCustomerPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("team") view={Page::of::<PartnerTeamPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("settings") view={Page::of::<PartnerSettingsPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("billing") view={Page::of::<PartnerBillingPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("reports") view={Page::of::<PartnerReportsPageRoute>()} ssr=SsrMode::Async />
        </ParentRoute>
        <ParentRoute
            path=path!("operator")
            view={Page::of::<OperatorShellRoute>()}
        >
            <Route path=path!("") view={Page::of::<OverviewPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("flags") view={Page::of::<FlagsPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("audit") view={Page::of::<AuditPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("infrastructure") view={Page::of::<InfrastructurePageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("team") view={Page::of::<TeamPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("tenants") view={Page::of::<TenantsPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("partners") view={Page::of::<OperatorPartnersPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("partners/:slug") view={Page::of::<PartnerDetailPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("tenants/:slug") view={Page::of::<TenantDetailPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("users") view={Page::of::<PlatformUsersPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("billing") view={Page::of::<OperatorBillingPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("pricing") view={Page::of::<PricingPageRoute>()} ssr=SsrMode::Async />
            <Route path=path!("reports") view={Page::of::<OperatorReportsPageRoute>()} ssr=SsrMode::Async />
        </ParentRoute>
        // Any path no route above matched (routes match in this
        // order): the website's 404 or "legal pending" page. A route,
        // not the router's fallback, so its code (and the website's
        // frame) is a chunk of its own rather than part of what every
        // signed-in page loads. The server answers such paths through
        // its static files' fallback (server/src/http.rs).
        <ParentRoute
            path=path!("")
            view={Page::of::<SiteFrameRoute>()}
        >
            <Route path=path!("*any") view={Page::of::<CatchAllRoute>()} />
        </ParentRoute>

    }
    .into_inner()
}

/// Loads the modules of the routes the router shows at `path` (a shell's and its
/// page's), so that the browser hydrates the page the server rendered in one
/// synchronous pass. Our copy of tachys hydrates a type-erased view that way, so
/// that no view type's code is in the bundle twice, synchronous and asynchronous
/// (`vendor/README.md`); the router then finds the routes' modules loaded.
#[cfg(feature = "hydrate")]
pub async fn load_routes(path: &str) {
    if let Some(matched) = RouteDefs::new(route_table()).match_route(path) {
        load_matched(matched).await;
    }
}

#[cfg(feature = "hydrate")]
fn load_matched<M: MatchInterface + 'static>(matched: M) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let (view, child) = matched.into_view_and_child();
        view.preload().await;
        if let Some(child) = child {
            load_matched(child).await;
        }
    })
}
