//! The ports: one trait per external capability, named by what it does, not by
//! the vendor behind it. Adapters live in the server crate
//! (`server/src/integrations/<system>/`, `server/src/store/`); services and the
//! repository depend on these traits only, so tests swap in fakes and
//! fault-injecting wrappers.
pub mod api_error;
pub mod billing;
pub mod clock;
pub mod dns;
pub mod event_feed;
pub mod files_admin;
pub mod identity_admin;
pub mod mail_admin;
pub mod mailer;
pub mod object_storage;
pub mod probe;
pub mod store;
