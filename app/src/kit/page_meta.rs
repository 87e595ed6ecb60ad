use crate::i18n::{Locale, use_i18n};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

/// The public origin (`https://dezky.eu`), provided by the server from its
/// configuration; in the browser it is the page's own origin.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub String);

fn origin() -> String {
    if let Some(o) = use_context::<SiteOrigin>() {
        return o.0;
    }
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// `<Link href>` is not reactive: read the URL once, without subscribing.
fn untracked(f: impl Fn() -> String) -> String {
    leptos::prelude::untrack(f)
}

/// Per-page head tags: translated `<title>` and description, canonical link,
/// `hreflang` alternates (Danish at the plain URL, English at `?lang=en`) and
/// Open Graph tags. `english_only` pages have no Danish alternate.
#[component]
pub fn PageMeta(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] description: Signal<String>,
    #[prop(optional)] english_only: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let origin = origin();
    let base = {
        let origin = origin.clone();
        move || format!("{origin}{}", location.pathname.get_untracked())
    };
    let en_url = {
        let base = base.clone();
        move || format!("{}?lang=en", base())
    };
    let canonical = {
        let (base, en_url) = (base.clone(), en_url.clone());
        move || {
            if english_only || i18n.get_locale() == Locale::da {
                base()
            } else {
                en_url()
            }
        }
    };
    let og_locale = move || match i18n.get_locale() {
        Locale::da => "da_DK",
        Locale::en => "en_GB",
    };
    view! {
        <Title text=move || title.get() />
        <Meta name="description" content=move || description.get() />
        <Link rel="canonical" href=untracked(canonical.clone()) />
        {(!english_only)
            .then(|| {
                view! {
                    <Link rel="alternate" hreflang="da" href=base.clone()() />
                    <Link rel="alternate" hreflang="en" href=en_url.clone()() />
                    <Link rel="alternate" hreflang="x-default" href=base.clone()() />
                }
            })}
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="dezky" />
        <Meta property="og:title" content=move || title.get() />
        <Meta property="og:description" content=move || description.get() />
        <Meta property="og:url" content=canonical />
        <Meta property="og:locale" content=og_locale />
        <Meta property="og:image" content=format!("{origin}/og-image.svg") />
    }
}
