//! One folder per external system: its adapter (implementing a port of
//! `app::ports`), its wire types, its configuration section and its probe.
//! Adding a system: see docs/ARCHITECTURE.md, "Adding an integration".
pub mod authentik;
pub mod dns;
pub mod http_api;
pub mod ocis;
pub mod s3;
pub mod smtp;
pub mod stalwart;
pub mod stripe;
