//! The UI kit: presentational components shared by every face. Nothing in here
//! fetches data.
mod hydration_marker;
mod lang_toggle;
mod logo;
mod page_meta;

pub use hydration_marker::HydrationMarker;
pub use lang_toggle::LangToggle;
pub use logo::{NodeLockup, NodeMark, NodeMarkVariant};
pub use page_meta::PageMeta;
