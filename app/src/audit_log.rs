//! The audit log's list, shared by the operator's `/operator/audit` (the whole
//! platform) and the tenant admin's `/admin/audit` (the tenant's slice, scoped
//! by the server): category chips, outcome, free text, time window, "load
//! more", and for a tenant the CSV export of the current filter; and the
//! dashboards' table of the newest events (`RecentEvents`).
mod filters;
mod list;
mod recent;
mod row;

pub use filters::AuditFilterControls;
pub use list::{AuditList, AuditSource};
pub use recent::RecentEvents;
pub use row::{AuditRow, OutcomePill};
