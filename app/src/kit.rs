//! The UI kit: presentational components shared by every face. Nothing in here
//! fetches data; copy arrives through props (already translated).
mod bar_list;
mod branding_fields;
mod cascade_report;
mod compare_table;
mod confirm;
mod console;
mod copy_value;
mod error_notice;
mod form_field;
mod hydration_marker;
mod invoice_table;
mod labels;
mod lang_toggle;
mod legal_layout;
mod logo;
mod logo_upload;
mod mrr_chart;
mod page_header;
mod page_meta;
mod paint;
mod payout_table;
mod report_cards;
mod steps;
mod toast;

pub use bar_list::BarList;
pub use branding_fields::{
    BrandingFields, MarkContent, SaveFooter, settings_field_error, settings_refusal,
};
pub use cascade_report::CascadeReport;
pub use compare_table::{CompareRow, CompareTable};
pub use confirm::ConfirmDialog;
pub use console::{
    Async, ConsoleHeader, EmptyState, FilterChips, ListToolbar, LoadMore, StatCard, StatCards,
};
pub use copy_value::{CopyValue, copy_to_clipboard, handoff_parts};
pub use error_notice::ErrorNotice;
pub use form_field::{ChoiceField, TextAreaField, TextField};
pub use hydration_marker::HydrationMarker;
pub use invoice_table::InvoiceTable;
pub use labels::{access_label, role_label, system_name, system_title};
pub use lang_toggle::LangToggle;
pub use legal_layout::{Clause, LegalDocMeta, LegalLayout};
pub use logo::{NodeLockup, NodeMark, NodeMarkVariant};
pub use logo_upload::LogoUpload;
pub use mrr_chart::MrrCard;
pub use page_header::PageHeader;
pub use page_meta::{PageMeta, SiteOrigin};
pub use paint::paint;
pub use payout_table::PayoutTable;
pub use report_cards::{CohortsCard, GrowthCard, PlanCard, TopCard};
pub use steps::WizardSteps;
pub use toast::{ToastKind, Toaster, Toasts, use_toasts};
