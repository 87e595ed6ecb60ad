//! /brand: the brand guide. It is English-only by design (it addresses designers,
//! agencies and partners across Europe), so its copy lives here rather than in the
//! locale files, and the article is marked `lang="en"` whatever the site language.
use crate::i18n::use_i18n;
use crate::kit::{NodeLockup, NodeMark, NodeMarkVariant, PageMeta};
use crate::tr;
use leptos::prelude::*;

const COLOURS: [(&str, &str, &str, &str); 6] = [
    (
        "Carbon",
        "#14171A",
        "swatch--carbon",
        "Primary text, dark surfaces, the tile of the mark.",
    ),
    (
        "Signal",
        "#34D17F",
        "swatch--signal",
        "The node. Accents and calls to action on dark surfaces.",
    ),
    (
        "Forest",
        "#0D6B41",
        "swatch--forest",
        "Links and eyebrows on light surfaces (AA on white).",
    ),
    (
        "Mist",
        "#F4F6F5",
        "swatch--mist",
        "Quiet section backgrounds.",
    ),
    ("Paper", "#FFFFFF", "swatch--paper", "The default page."),
    (
        "Ink muted",
        "#4F5A57",
        "swatch--muted",
        "Secondary text (AA on white and Mist).",
    ),
];

const VOICE: [(&str, &str); 4] = [
    (
        "Sovereign, not fearful",
        "We explain jurisdiction plainly. We never scare people into buying.",
    ),
    (
        "Concrete",
        "Name the law, the price and the place. \"Data centres in the EU\", not \"secure cloud\".",
    ),
    (
        "Lowercase dezky",
        "The brand is always written \"dezky\". Only the legal entity is \"Dezky ApS\".",
    ),
    (
        "European, not only Danish",
        "We are a European business. Danish first, English always.",
    ),
];

const MISUSE: [&str; 4] = [
    "Do not recolour the node or the tile outside the palette.",
    "Do not put the light mark on a dark surface: use the on-dark treatment.",
    "Do not stretch, rotate or add effects to the mark.",
    "Do not write the brand with a capital D outside the legal name.",
];

#[component]
pub fn BrandPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=tr!(i18n, meta.brand_title) description=tr!(i18n, meta.brand_description) english_only=true />
        <article lang="en" class="brand" data-testid="brand-guide">
            <header class="brand-cover">
                <div class="container">
                    <NodeLockup on_dark=true size=56 />
                    <h1>"Brand guide"</h1>
                    <p class="section__lead">"How dezky looks, sounds and shows up: a European workplace that keeps data in the EU."</p>
                </div>
            </header>
            <section class="section container" aria-labelledby="brand-logo">
                <h2 id="brand-logo">"Logo"</h2>
                <p>"The Node mark is a squircle holding a lowercase \u{201c}d\u{201d} whose bowl is a node: one point where a company's work connects. It comes in three variants."</p>
                <div class="brand-grid">
                    {NodeMarkVariant::ALL
                        .into_iter()
                        .map(|variant| {
                            view! {
                                <figure class="brand-tile">
                                    <NodeMark variant size=96 />
                                    <figcaption>{variant.as_str()}</figcaption>
                                </figure>
                            }
                        })
                        .collect_view()}
                    <figure class="brand-tile brand-tile--dark">
                        <NodeMark on_dark=true size=96 />
                        <figcaption>"on dark"</figcaption>
                    </figure>
                </div>
                <h3>"Lockup"</h3>
                <div class="brand-grid brand-grid--2">
                    <figure class="brand-tile"><NodeLockup size=48 /><figcaption>"Light surfaces"</figcaption></figure>
                    <figure class="brand-tile brand-tile--dark"><NodeLockup on_dark=true size=48 /><figcaption>"Dark surfaces: own wordmark colour"</figcaption></figure>
                </div>
                <h3>"Clear space"</h3>
                <p>"Keep clear space around the mark equal to the width of its stem on every side; never place it closer than that to text or edges. Minimum size: 16 px on screen, 6 mm in print."</p>
                <h3>"Misuse"</h3>
                <ul class="checklist checklist--no">
                    {MISUSE.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
            </section>
            <section class="section section--mist" aria-labelledby="brand-colour">
                <div class="container">
                    <h2 id="brand-colour">"Colour"</h2>
                    <div class="swatches">
                        {COLOURS
                            .into_iter()
                            .map(|(name, hex, class, use_)| {
                                view! {
                                    <div class="swatch">
                                        <span class=format!("swatch__chip {class}") aria-hidden="true"></span>
                                        <strong>{name}</strong>
                                        <code>{hex}</code>
                                        <span>{use_}</span>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
            </section>
            <section class="section container" aria-labelledby="brand-type">
                <h2 id="brand-type">"Typography"</h2>
                <p>"One sans-serif family (Inter, falling back to the system UI font) in three weights: 400 for text, 600 for labels and buttons, 700 for headings and the wordmark. Headings are tight (line height 1.12) and never shout in capitals; eyebrows are the only uppercase text."</p>
                <div class="type-specimen">
                    <p class="type-specimen__h1">"Data that stays in the EU."</p>
                    <p class="type-specimen__h2">"One price per user."</p>
                    <p>"Body text is set at 17 px with a line height of 1.6 for calm, readable pages."</p>
                </div>
            </section>
            <section class="section section--mist" aria-labelledby="brand-voice">
                <div class="container">
                    <h2 id="brand-voice">"Voice"</h2>
                    <div class="card-grid card-grid--4">
                        {VOICE.into_iter().map(|(title, body)| view! { <article class="card"><h3>{title}</h3><p>{body}</p></article> }).collect_view()}
                    </div>
                </div>
            </section>
            <section class="section container" aria-labelledby="brand-apps">
                <h2 id="brand-apps">"Applications"</h2>
                <div class="brand-grid brand-grid--2">
                    <figure class="brand-tile brand-tile--app">
                        <div class="app-sample app-sample--card">
                            <NodeLockup size=28 />
                            <p>"Mette Kjær · mette@dezky.eu"</p>
                        </div>
                        <figcaption>"Business card and email signature"</figcaption>
                    </figure>
                    <figure class="brand-tile brand-tile--dark brand-tile--app">
                        <div class="app-sample">
                            <NodeMark on_dark=true size=40 />
                            <p>"Your digital workplace. Data that stays in the EU."</p>
                        </div>
                        <figcaption>"Social and event banners"</figcaption>
                    </figure>
                </div>
            </section>
        </article>
    }
}
