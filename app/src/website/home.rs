//! The home page, section by section in the order of the spec.
mod become_partner;
mod compare;
mod final_cta;
mod hero;
mod how;
mod mockup;
mod pricing;
mod suite;
mod whitelabel;

use crate::i18n::use_i18n;
use crate::kit::PageMeta;
use crate::tr;
use leptos::prelude::*;

pub use become_partner::BecomePartner;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.home_title) description=tr!(i18n, meta.home_description) />
        <hero::Hero />
        <suite::Suite />
        <how::HowItWorks />
        <mockup::ProductMockup />
        <compare::Compare />
        <pricing::Pricing />
        <whitelabel::WhiteLabel />
        <BecomePartner />
        <final_cta::FinalCta />
    }
}
