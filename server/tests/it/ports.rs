//! Contract suites, one per port, run against the real stand-ins: the storage
//! port on the embedded SQLite store and on FerretDB (the MongoDB protocol).
//! The object-storage port's contract (s3s-fs, faults at each step) runs inside
//! the archive flow, its only user so far. The DNS-lookup port runs against
//! Knot DNS, the outgoing-mail port against maildev, the mail-admin port against
//! `dev/stalwart` (Stalwart's schema, checked on every write).
pub mod billing;
pub mod dns;
pub mod files_admin;
pub mod identity_admin;
pub mod mail_admin;
pub mod mailer;
pub mod store;
