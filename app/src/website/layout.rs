use super::footer::SiteFooter;
use super::nav::SiteNav;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Nav, main content and footer of every public page.
#[component]
pub fn SiteLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    scroll_to_hash_after_navigation();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, a11y.skip_to_content)}</a>
        <SiteNav />
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter />
    }
}

/// `/#suite`-style links: the router renders the target page, then this scrolls to
/// the anchor (also when the link is clicked on the page it points into). A page
/// whose chunk is still loading has no anchor yet: this waits until routing ends.
fn scroll_to_hash_after_navigation() {
    let location = use_location();
    let routing = use_context::<crate::app::Routing>();
    Effect::new(move |_| {
        location.pathname.track();
        if routing.is_some_and(|r| r.0.get()) {
            return;
        }
        let hash = location.hash.get();
        let id = hash.trim_start_matches('#').to_owned();
        if id.is_empty() {
            return;
        }
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                el.scroll_into_view();
            }
        });
    });
}
