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
use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, lazy_route, path};
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
/// On the server the same routes render synchronously. A page marks the body
/// hydrated itself: the app around it hydrates before the page's chunk arrives.
macro_rules! lazy_routes {
    (pages: $($route:ident => $page:ident),* $(,)?; shells: $($shell_route:ident => $shell:ident),* $(,)?) => {
        $(lazy_routes!(@route $route, (HydrationMarker(), $page()).into_any());)*
        $(lazy_routes!(@route $shell_route, view! { <$shell><Outlet /></$shell> }.into_any());)*
    };
    (@route $route:ident, $view:expr) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                $view
            }
        }
    };
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
    PartnerPageRoute => crate::partner::request_access_panel, crate::partner::edit_customer_panel;
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
                // Every path is matched: the last route below takes any other.
                <Routes fallback=|| ()>
                    <ParentRoute
                        path=path!("")
                        view={Lazy::<SiteFrameRoute>::new()}
                    >
                        <Route path=path!("") view={Lazy::<HomePageRoute>::new()} />
                        <Route path=path!("about") view={Lazy::<AboutPageRoute>::new()} />
                        <Route path=path!("contact") view={Lazy::<ContactPageRoute>::new()} />
                        <Route path=path!("partners") view={Lazy::<PartnersPageRoute>::new()} />
                        <Route path=path!("demo") view={Lazy::<DemoPageRoute>::new()} />
                        <Route path=path!("status") view={Lazy::<StatusPageRoute>::new()} />
                        <Route path=path!("roadmap") view={Lazy::<RoadmapPageRoute>::new()} />
                        <Route path=path!("changelog") view={Lazy::<ChangelogPageRoute>::new()} />
                        <Route path=path!("migration") view={Lazy::<MigrationPageRoute>::new()} />
                        <Route path=path!("brand") view={Lazy::<BrandPageRoute>::new()} />
                        <Route path=path!("sla") view={Lazy::<SlaPageRoute>::new()} />
                        <Route path=path!("cookies") view={Lazy::<CookiesPageRoute>::new()} />
                        <Route path=path!("terms") view={Lazy::<TermsPageRoute>::new()} />
                        <Route path=path!("privacy") view={Lazy::<PrivacyPageRoute>::new()} />
                        <Route path=path!("dpa") view={Lazy::<DpaPageRoute>::new()} />
                        <Route path=path!("sign-in") view={Lazy::<SignInPageRoute>::new()} />
                        <Route path=path!("not-authorised") view={Lazy::<NotAuthorisedPageRoute>::new()} />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("")
                        view={Lazy::<PortalShellRoute>::new()}
                    >
                        <Route path=path!("portal") view={Lazy::<PortalHomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin") view={Lazy::<DashboardPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/users") view={Lazy::<UsersPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/audit") view={Lazy::<TenantAuditPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/apps") view={Lazy::<SsoAppsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/domains") view={Lazy::<DomainsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/partner-access") view={Lazy::<PartnerAccessPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/security") view={Lazy::<SecurityPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/branding") view={Lazy::<BrandingPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/billing") view={Lazy::<BillingPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/billing/card") view={Lazy::<CardPageRoute>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("partner")
                        view={Lazy::<PartnerShellRoute>::new()}
                    >
                        <Route path=path!("") view={Lazy::<PartnerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("customers/new") view={Lazy::<NewCustomerPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("team") view={Lazy::<PartnerTeamPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("settings") view={Lazy::<PartnerSettingsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("billing") view={Lazy::<PartnerBillingPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("reports") view={Lazy::<PartnerReportsPageRoute>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("operator")
                        view={Lazy::<OperatorShellRoute>::new()}
                    >
                        <Route path=path!("") view={Lazy::<OverviewPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("flags") view={Lazy::<FlagsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("audit") view={Lazy::<AuditPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("infrastructure") view={Lazy::<InfrastructurePageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("team") view={Lazy::<TeamPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("tenants") view={Lazy::<TenantsPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("partners") view={Lazy::<OperatorPartnersPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("partners/:slug") view={Lazy::<PartnerDetailPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("tenants/:slug") view={Lazy::<TenantDetailPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("users") view={Lazy::<PlatformUsersPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("billing") view={Lazy::<OperatorBillingPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("pricing") view={Lazy::<PricingPageRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("reports") view={Lazy::<OperatorReportsPageRoute>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                    // Any path no route above matched (routes match in this
                    // order): the website's 404 or "legal pending" page. A route,
                    // not the router's fallback, so its code (and the website's
                    // frame) is a chunk of its own rather than part of what every
                    // signed-in page loads. The server answers such paths through
                    // its static files' fallback (server/src/http.rs).
                    <ParentRoute
                        path=path!("")
                        view={Lazy::<SiteFrameRoute>::new()}
                    >
                        <Route path=path!("*any") view={Lazy::<CatchAllRoute>::new()} />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
