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
use leptos_router::path;
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
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider
            cookie_name=lang::LANG_COOKIE
            cookie_options=lang::cookie_options()
            ssr_lang_header_getter=lang::ignore_accept_language()
        >
            <HydrationMarker />
            <Router>
                <Routes fallback=|| {
                    view! {
                        <SiteLayout>
                            <CatchAll />
                        </SiteLayout>
                    }
                }>
                    <ParentRoute
                        path=path!("")
                        view=|| {
                            view! {
                                <SiteLayout>
                                    <Outlet />
                                </SiteLayout>
                            }
                        }
                    >
                        <Route path=path!("") view=HomePage />
                        <Route path=path!("about") view=AboutPage />
                        <Route path=path!("contact") view=ContactPage />
                        <Route path=path!("partners") view=PartnersPage />
                        <Route path=path!("demo") view=DemoPage />
                        <Route path=path!("status") view=StatusPage />
                        <Route path=path!("roadmap") view=RoadmapPage />
                        <Route path=path!("changelog") view=ChangelogPage />
                        <Route path=path!("migration") view=MigrationPage />
                        <Route path=path!("brand") view=BrandPage />
                        <Route path=path!("sla") view=SlaPage />
                        <Route path=path!("cookies") view=CookiesPage />
                        <Route path=path!("terms") view=TermsPage />
                        <Route path=path!("privacy") view=PrivacyPage />
                        <Route path=path!("dpa") view=DpaPage />
                        <Route path=path!("sign-in") view=SignInPage />
                        <Route path=path!("not-authorised") view=NotAuthorisedPage />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("")
                        view=|| view! { <PortalShell><Outlet /></PortalShell> }
                    >
                        <Route path=path!("portal") view=PortalHome ssr=SsrMode::Async />
                        <Route path=path!("admin") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("admin/users") view=UsersPage ssr=SsrMode::Async />
                        <Route path=path!("admin/audit") view=TenantAuditPage ssr=SsrMode::Async />
                        <Route path=path!("admin/apps") view=SsoAppsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/domains") view=DomainsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/partner-access") view=PartnerAccessPage ssr=SsrMode::Async />
                        <Route path=path!("admin/security") view=SecurityPage ssr=SsrMode::Async />
                        <Route path=path!("admin/branding") view=BrandingPage ssr=SsrMode::Async />
                        <Route path=path!("admin/billing") view=BillingPage ssr=SsrMode::Async />
                        <Route path=path!("admin/billing/card") view=CardPage ssr=SsrMode::Async />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("partner")
                        view=|| view! { <PartnerShell><Outlet /></PartnerShell> }
                    >
                        <Route path=path!("") view=PartnerPage ssr=SsrMode::Async />
                        <Route path=path!("customers/new") view=NewCustomerPage ssr=SsrMode::Async />
                        <Route path=path!("team") view=PartnerTeamPage ssr=SsrMode::Async />
                        <Route path=path!("settings") view=PartnerSettingsPage ssr=SsrMode::Async />
                        <Route path=path!("billing") view=PartnerBillingPage ssr=SsrMode::Async />
                        <Route path=path!("reports") view=PartnerReportsPage ssr=SsrMode::Async />
                    </ParentRoute>
                    <ParentRoute
                        path=path!("operator")
                        view=|| view! { <OperatorShell><Outlet /></OperatorShell> }
                    >
                        <Route path=path!("") view=OverviewPage ssr=SsrMode::Async />
                        <Route path=path!("flags") view=FlagsPage ssr=SsrMode::Async />
                        <Route path=path!("audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("infrastructure") view=InfrastructurePage ssr=SsrMode::Async />
                        <Route path=path!("team") view=TeamPage ssr=SsrMode::Async />
                        <Route path=path!("tenants") view=TenantsPage ssr=SsrMode::Async />
                        <Route path=path!("partners") view=OperatorPartnersPage ssr=SsrMode::Async />
                        <Route path=path!("partners/:slug") view=PartnerDetailPage ssr=SsrMode::Async />
                        <Route path=path!("tenants/:slug") view=TenantDetailPage ssr=SsrMode::Async />
                        <Route path=path!("users") view=PlatformUsersPage ssr=SsrMode::Async />
                        <Route path=path!("billing") view=OperatorBillingPage ssr=SsrMode::Async />
                        <Route path=path!("pricing") view=PricingPage ssr=SsrMode::Async />
                        <Route path=path!("reports") view=OperatorReportsPage ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
