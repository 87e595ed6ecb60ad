//! The UI kit: presentational components shared by every face. Nothing in here
//! fetches data; copy arrives through props (already translated).
mod app_shell;
mod compare_table;
mod form_field;
mod hydration_marker;
mod lang_toggle;
mod legal_layout;
mod logo;
mod page_header;
mod page_meta;

pub use app_shell::{AppShell, ErrorNotice, access_label, role_label};
pub use compare_table::{CompareRow, CompareTable};
pub use form_field::{ChoiceField, TextAreaField, TextField};
pub use hydration_marker::HydrationMarker;
pub use lang_toggle::LangToggle;
pub use legal_layout::{Clause, LegalDocMeta, LegalLayout};
pub use logo::{NodeLockup, NodeMark, NodeMarkVariant};
pub use page_header::PageHeader;
pub use page_meta::{PageMeta, SiteOrigin};
