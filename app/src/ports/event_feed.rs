//! The event-feed port: what happened in a system dezky drives (sign-ins,
//! failed sign-ins and admin changes at the identity provider, the mail
//! server, the files server), read page by page so the audit ingest
//! (`services::audit::ingest`) can append it to the same chain. The adapter
//! reads its system's own log and says which entries are worth an audit
//! event; the cursor, the "once each" rule and the retries are the service's,
//! written once for every feed.
use crate::domain::audit::{AuditRecord, Source};
use crate::domain::model::Millis;
use async_trait::async_trait;

/// One entry of a system's log, at its position in that log.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    /// The system's own id for the entry: unique within the feed.
    pub id: String,
    /// The entry's place in the log's order (the log is read in it): when
    /// the system recorded it, or, for a feed ordered by position
    /// ([`FeedOrder::Position`]), the position just past it.
    pub at: Millis,
    /// The audit event it becomes; None for an entry that is not one
    /// (a debug line, a scheduled task), which is still consumed.
    pub event: Option<FeedEvent>,
}

/// The audit event an entry maps to: the adapter fills the actor, action,
/// outcome, resource and metadata of `record`; the ingest adds the source,
/// the entry's id (`metadata.externalId`), when it happened there
/// (`metadata.occurredAt`, from `at` for a feed ordered by time; the adapter's
/// to set for one ordered by position) and the tenant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedEvent {
    pub record: AuditRecord,
    /// E-mail addresses the entry concerns (the actor, the person changed):
    /// the ingest files the event under the tenant they belong to.
    pub emails: Vec<String>,
}

/// One page of a feed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedPage {
    /// The entries at positions `offset ..`, oldest first; a full page has
    /// exactly `page_size()` of them.
    pub items: Vec<FeedItem>,
    /// More entries follow this page.
    pub more: bool,
    /// For a feed ordered by position: the log read, so the ingest notices
    /// when it was replaced or truncated. None for a feed ordered by time.
    pub log: Option<LogFile>,
}

/// How a feed's entries are ordered, which is what its cursor counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FeedOrder {
    /// By when the system recorded them (an API that sorts its log by time).
    #[default]
    Time,
    /// By where they are in an append-only file (a log whose entries need
    /// not carry a time, like OCIS' audit file): `at` is a byte position,
    /// and an entry's own time, when it has one, is the adapter's to put in
    /// `metadata.occurredAt`.
    Position,
}

/// The file a position-ordered feed read: which one (its device and inode),
/// and how long it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFile {
    pub id: String,
    pub len: u64,
}

#[async_trait]
pub trait EventFeed: Send + Sync + 'static {
    fn source(&self) -> Source;
    /// What is read, for operators (never credentials).
    fn target(&self) -> String;
    /// Entries per page (offsets are multiples of it).
    fn page_size(&self) -> u32;
    fn order(&self) -> FeedOrder {
        FeedOrder::Time
    }
    /// The entries at positions `offset .. offset + page_size()` of the
    /// system's log, oldest first. The error names what failed.
    async fn read(&self, offset: u64) -> Result<FeedPage, String>;
}
