//! One folder per external system: its adapter (implementing a port of
//! `app::ports`), its wire types, its configuration section and its probe.
//! Adding a system: see docs/ARCHITECTURE.md, "Adding an integration".
pub mod dns;
pub mod s3;
pub mod smtp;
