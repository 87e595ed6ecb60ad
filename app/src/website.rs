//! The public website: pages under `/`, bilingual, no sign-in.
mod footer;
mod home;
mod layout;
mod nav;
mod not_found;

pub use home::HomePage;
pub use layout::SiteLayout;
pub use not_found::NotFound;
