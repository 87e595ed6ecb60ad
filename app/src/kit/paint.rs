//! Colours and widths that come from data (a partner's accent, a storage
//! bar's fill). The CSP refuses inline `style` attributes in the HTML, so
//! they are set through the CSSOM once the page is hydrated (which the CSP
//! allows); without wasm the element keeps its stylesheet look.
use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use leptos::wasm_bindgen::JsCast;

/// Keeps the element's inline style properties at `styles()` (a None value
/// removes the property).
pub fn paint<E>(
    node: NodeRef<E>,
    styles: impl Fn() -> Vec<(&'static str, Option<String>)> + 'static,
) where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let wanted = styles();
        let Some(el) = node.get() else { return };
        let style = el.unchecked_ref::<leptos::web_sys::HtmlElement>().style();
        for (property, value) in wanted {
            let _ = match value {
                Some(v) => style.set_property(property, &v),
                None => style.remove_property(property).map(|_| ()),
            };
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (node, styles);
}
