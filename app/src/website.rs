//! The public website: pages under `/`, bilingual, no sign-in. Module paths
//! mirror the URLs; `routes` is the one list of public pages (router, sitemap,
//! tests).
mod about;
mod brand;
mod catch_all;
mod changelog;
mod contact;
mod demo;
mod footer;
pub mod forms;
mod home;
pub mod inquiry;
mod layout;
mod legal;
mod migration;
mod nav;
mod not_found;
mod partners;
mod roadmap;
pub mod routes;
mod sign_in;
mod status;
pub mod status_data;

pub use about::AboutPage;
pub use brand::BrandPage;
pub use catch_all::CatchAll;
pub use changelog::ChangelogPage;
pub use contact::ContactPage;
pub use demo::DemoPage;
pub use home::HomePage;
pub use layout::SiteLayout;
pub use legal::{CookiesPage, DpaPage, PrivacyPage, SlaPage, TermsPage};
pub use migration::MigrationPage;
pub use not_found::NotFound;
pub use partners::PartnersPage;
pub use roadmap::RoadmapPage;
pub use sign_in::{NotAuthorisedPage, SignInPage};
pub use status::StatusPage;
