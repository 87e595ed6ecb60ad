//! The server functions: a folder per face (`portal/`, `admin/`, `partner/`,
//! `operator/`) and a file per function or tight group. Each one is a short
//! delegation: load the context, authorise on the first line
//! (`Ctx::authorize`, or a service that looks the record up and authorises in
//! one step), call a service, return a DTO. Errors travel as [`AppError`]
//! codes. No server function touches the repository.
//!
//! Every function is re-exported here, so pages import `crate::api::name`.
pub mod admin;
pub mod me;
pub mod operator;
pub mod partner;
pub mod portal;
pub mod shell;

pub use crate::domain::AppError;
pub use crate::domain::views::*;
pub use admin::*;
pub use me::*;
pub use operator::*;
pub use partner::*;
pub use portal::*;
pub use shell::*;
