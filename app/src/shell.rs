//! The signed-in shell: the frame of the portal, partner portal and operator
//! console, and what every signed-in page shares (who is signed in, the flag
//! map). Unlike the kit, the shell fetches: once per page, shared by context.
mod app_shell;
pub mod flag_gate;

pub use app_shell::{
    AppShell, Me, admin_page_data, admin_page_tenant, first_admin_tenant, who_am_i,
};
