//! OCIS' audit file as an audit feed. OCIS' `audit` service writes each
//! event as one JSON object per line to a file it only ever appends to
//! (`AUDIT_LOG_TO_FILE=true`, `AUDIT_FILEPATH`, `AUDIT_FORMAT=json`); the
//! file is shared with dezky read-only (`OCIS_AUDIT_LOG`). Most entries carry
//! no time (file, user and group events leave `Time` empty), so the feed is
//! read by position ([`FeedOrder::Position`]): an entry's id is the byte it
//! starts at, and its time, when it has one, becomes `metadata.occurredAt`.
//!
//! Audited: shares and public links (made, changed, removed, accepted,
//! opened), trash (deleted, purged, restored), restored versions, moves,
//! spaces, users and groups. Consumed but not audited: downloads, uploads
//! and new folders (routine file work; OCIS' activity log shows it per
//! file). The OCIS user ids in an entry are looked up at libregraph for
//! their addresses: the acting person's is the actor's, and all of them
//! place the event under its tenant.
use super::Ocis;
use app::domain::audit::{ActorType, AuditRecord, Outcome, Source};
use app::ports::event_feed::{EventFeed, FeedEvent, FeedItem, FeedOrder, FeedPage, LogFile};
use async_trait::async_trait;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Lines per page (offsets are multiples of it).
pub const PAGE_SIZE: u32 = 200;

/// The details an entry may carry beyond its ids, kept in the metadata
/// (OCIS' field names, first letter lowered).
const DETAILS: &[&str] = &[
    "ShareType",
    "ShareWith",
    "Permissions",
    "ExpirationDate",
    "SharePass",
    "OldPath",
    "Key",
    "GranteeUserID",
    "GranteeGroupID",
    "Type",
    "QuotaMaxBytes",
];

pub struct OcisAuditLog {
    path: PathBuf,
    ocis: Arc<Ocis>,
    /// Where pages start in the file read last (so a page is found without
    /// reading the file from its start each time).
    index: Mutex<PageIndex>,
}

#[derive(Clone, Default)]
struct PageIndex {
    log: String,
    /// The byte page `k` starts at, for the pages seen so far.
    starts: Vec<u64>,
}

/// One page of the file, as read from disk.
struct RawPage {
    log: LogFile,
    /// Complete lines (a line still being written is left for later), with
    /// the byte each starts at.
    lines: Vec<(u64, String)>,
    more: bool,
    index: PageIndex,
}

impl OcisAuditLog {
    pub fn new(path: PathBuf, ocis: Arc<Ocis>) -> Self {
        Self {
            path,
            ocis,
            index: Mutex::new(PageIndex::default()),
        }
    }
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> String {
    format!("files: read the audit file {}: {e}", path.display())
}

/// Lines `page * PAGE_SIZE ..` of the file, starting from the nearest page
/// start `index` knows of in this file; None when there is no file yet.
fn read_page(path: &Path, page: usize, mut index: PageIndex) -> Result<Option<RawPage>, String> {
    use std::os::unix::fs::MetadataExt;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        // OCIS makes the file at its first event, and again after a rotation
        // moved it away: nothing to read yet. A folder that is not there is a
        // mount that is not there.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && path.parent().is_some_and(Path::is_dir) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(file_error(path, e)),
    };
    let meta = file.metadata().map_err(|e| file_error(path, e))?;
    let log = LogFile {
        id: format!("{}:{}", meta.dev(), meta.ino()),
        len: meta.len(),
    };
    if index.log != log.id || index.starts.last().is_some_and(|s| *s > log.len) {
        index = PageIndex {
            log: log.id.clone(),
            starts: Vec::new(),
        };
    }
    if index.starts.is_empty() {
        index.starts.push(0);
    }
    let from = page.min(index.starts.len() - 1);
    let mut pos = index.starts[from];
    let mut reader = BufReader::new(file);
    reader
        .seek(SeekFrom::Start(pos))
        .map_err(|e| file_error(path, e))?;
    let size = PAGE_SIZE as usize;
    let (mut at_page, mut in_page) = (from, 0usize);
    let mut lines = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| file_error(path, e))?;
        if n == 0 || buf.last() != Some(&b'\n') {
            // The end, or a line OCIS is still writing.
            return Ok(Some(RawPage {
                log,
                lines,
                more: false,
                index,
            }));
        }
        if at_page == page {
            if in_page == size {
                return Ok(Some(RawPage {
                    log,
                    lines,
                    more: true,
                    index,
                }));
            }
            let text = String::from_utf8_lossy(&buf[..n - 1]).into_owned();
            lines.push((pos, text));
        }
        pos += n as u64;
        in_page += 1;
        if in_page == size && at_page < page {
            at_page += 1;
            in_page = 0;
            if index.starts.len() == at_page {
                index.starts.push(pos);
            }
        }
    }
}

#[async_trait]
impl EventFeed for OcisAuditLog {
    fn source(&self) -> Source {
        Source::Ocis
    }

    fn target(&self) -> String {
        format!("audit file {}", self.path.display())
    }

    fn page_size(&self) -> u32 {
        PAGE_SIZE
    }

    fn order(&self) -> FeedOrder {
        FeedOrder::Position
    }

    async fn read(&self, offset: u64) -> Result<FeedPage, String> {
        let page = usize::try_from(offset / u64::from(PAGE_SIZE)).map_err(|e| e.to_string())?;
        let index = self
            .index
            .lock()
            .map_err(|_| "files: the audit file's index was poisoned")?
            .clone();
        let path = self.path.clone();
        let raw = tokio::task::spawn_blocking(move || read_page(&path, page, index))
            .await
            .map_err(|e| format!("files: read the audit file: {e}"))??;
        let Some(raw) = raw else {
            // The cursor keeps its file: the same one back reads on, a new
            // one is a rotation.
            return Ok(FeedPage::default());
        };
        if let Ok(mut kept) = self.index.lock() {
            *kept = raw.index;
        }
        let mut mails = HashMap::new();
        let mut items = Vec::with_capacity(raw.lines.len());
        for (start, line) in raw.lines {
            let end = start + line.len() as u64 + 1;
            let entry: Value = if line.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&line).map_err(|e| {
                    format!(
                        "files: the audit file {} at byte {start}: not a JSON audit entry \
                         (OCIS' AUDIT_FORMAT must be json): {e}",
                        self.path.display()
                    )
                })?
            };
            let event = match draft(&entry) {
                Some(d) => Some(self.place(d, &mut mails).await?),
                None => None,
            };
            items.push(FeedItem {
                id: start.to_string(),
                at: i64::try_from(end).map_err(|e| e.to_string())?,
                event,
            });
        }
        Ok(FeedPage {
            items,
            more: raw.more,
            log: Some(raw.log),
        })
    }
}

impl OcisAuditLog {
    /// The addresses of the entry's people, looked up once per page.
    async fn place(
        &self,
        d: Draft,
        mails: &mut HashMap<String, Option<String>>,
    ) -> Result<FeedEvent, String> {
        let mut emails = Vec::new();
        let mut record = d.record;
        for id in std::iter::once(&d.actor).chain(&d.people) {
            if id.is_empty() {
                continue;
            }
            let mail = match mails.get(id) {
                Some(known) => known.clone(),
                None => {
                    let found = self
                        .ocis
                        .user_by_id(id)
                        .await
                        .map_err(|e| e.to_string())?
                        .map(|u| u.email)
                        .filter(|m| !m.is_empty());
                    mails.insert(id.clone(), found.clone());
                    found
                }
            };
            if let Some(mail) = mail {
                if *id == d.actor && record.actor_email.is_empty() {
                    record.actor_email.clone_from(&mail);
                }
                // A user event names the person by address, as dezky's own do.
                if record.resource_type == "user" && *id == record.resource_id {
                    record.resource_name.clone_from(&mail);
                }
                if !emails.contains(&mail) {
                    emails.push(mail);
                }
            }
        }
        Ok(FeedEvent { record, emails })
    }
}

/// An entry's audit event before its people are looked up.
struct Draft {
    record: AuditRecord,
    /// The OCIS id of who acted ("" when nobody signed in did).
    actor: String,
    /// The other OCIS user ids it concerns (owner, person changed).
    people: Vec<String>,
}

fn field<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key].as_str().unwrap_or_default()
}

/// Who acted: OCIS names the executant only in its message
/// (`user '<id>' ...`); `User` otherwise.
fn executant(entry: &Value) -> String {
    field(entry, "Message")
        .strip_prefix("user '")
        .and_then(|rest| rest.split('\'').next())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| field(entry, "User"))
        .to_owned()
}

/// What an entry is in the audit log, if anything.
fn draft(entry: &Value) -> Option<Draft> {
    let action = field(entry, "Action");
    let (resource_type, id_key, name_key) = match action {
        "file_shared"
        | "share_permission_updated"
        | "share_name_updated"
        | "share_password_updated"
        | "share_expiration_updated"
        | "file_unshared"
        | "share_accepted"
        | "share_declined"
        | "public_link_accessed" => ("share", "FileID", "Path"),
        "file_delete"
        | "file_trash_delete"
        | "file_trash_restore"
        | "file_version_restore"
        | "file_rename" => ("file", "FileID", "Path"),
        "space_created" | "space_renamed" | "space_disabled" | "space_enabled"
        | "space_deleted" | "space_shared" | "space_unshared" | "space_updated" => {
            ("space", "SpaceID", "Name")
        }
        "user_created" | "user_deleted" | "user_feature_changed" => ("user", "UserID", "UserID"),
        "group_created" | "group_deleted" | "group_member_added" | "group_member_removed" => {
            ("group", "GroupID", "GroupID")
        }
        // Downloads, uploads, new folders, and what a later OCIS adds.
        _ => return None,
    };
    let outcome = match (action, entry["Success"].as_bool()) {
        ("public_link_accessed", Some(false)) => Outcome::Failure,
        _ => Outcome::Success,
    };
    let actor = executant(entry);
    let mut people = Vec::new();
    for key in ["Owner", "ShareOwner", "UserID"] {
        let id = field(entry, key);
        if !id.is_empty() && id != actor && !people.iter().any(|p| p == id) {
            people.push(id.to_owned());
        }
    }
    let mut metadata = Map::new();
    metadata.insert("message".into(), json!(field(entry, "Message")));
    if let Some(at) = crate::integrations::http_api::rfc3339_millis(field(entry, "Time")) {
        metadata.insert("occurredAt".into(), json!(at));
    }
    for key in DETAILS {
        match &entry[*key] {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            v => {
                let mut name = key.to_string();
                name[..1].make_ascii_lowercase();
                metadata.insert(name, v.clone());
            }
        }
    }
    let id = match field(entry, id_key) {
        "" => field(entry, "ShareID"),
        id => id,
    };
    let name = match field(entry, name_key) {
        "" => field(entry, "NewName"),
        name => name,
    };
    Some(Draft {
        record: AuditRecord {
            actor_type: if actor.is_empty() {
                ActorType::System
            } else {
                ActorType::User
            },
            actor_id: actor.clone(),
            actor_ip: field(entry, "RemoteAddr").to_owned(),
            action: format!("files.{action}"),
            outcome,
            resource_type: resource_type.into(),
            resource_id: id.to_owned(),
            resource_name: name.to_owned(),
            metadata: Value::Object(metadata),
            ..AuditRecord::default()
        },
        actor,
        people,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as OCIS' audit service writes them (its types and messages).
    const SHARED: &str = r#"{"RemoteAddr":"","User":"u-ole","URL":"","Method":"","UserAgent":"","Time":"2026-12-04T10:15:00Z","App":"admin_audit","Message":"user 'u-ole' shared file 's$p!f1' with 'u-eva'","Action":"file_shared","CLI":false,"Level":1,"Path":"","Owner":"u-ole","FileID":"s$p!f1","ShareID":"","ItemType":"","ExpirationDate":"","SharePass":false,"Permissions":"","ShareType":"user","ShareWith":"u-eva","ShareOwner":"u-ole","ShareToken":""}"#;
    const READ: &str = r#"{"RemoteAddr":"","User":"u-ole","URL":"","Method":"","UserAgent":"","Time":"","App":"admin_audit","Message":"user 'u-ole' read file 's$p!f1'","Action":"file_read","CLI":false,"Level":1,"Path":"/Documents/plan.pdf","Owner":"u-ole","FileID":"s$p!f1"}"#;
    const LINK_FAILED: &str = r#"{"RemoteAddr":"","User":"","URL":"","Method":"","UserAgent":"","Time":"","App":"admin_audit","Message":"link 'l1' was accessed. Success: false","Action":"public_link_accessed","CLI":false,"Level":1,"Path":"","Owner":"","FileID":"","ShareID":"l1","ShareToken":"tok","Success":false,"ItemType":""}"#;
    const USER_DELETED: &str = r#"{"RemoteAddr":"","User":"","URL":"","Method":"","UserAgent":"","Time":"","App":"admin_audit","Message":"user 'u-admin' deleted the user 'u-eva'","Action":"user_deleted","CLI":false,"Level":1,"UserID":"u-eva"}"#;

    fn parse(line: &str) -> Value {
        serde_json::from_str(line).unwrap()
    }

    #[test]
    fn shares_trash_users_and_links_are_audited_and_reads_are_not() {
        let shared = draft(&parse(SHARED)).unwrap();
        assert_eq!(shared.record.action, "files.file_shared");
        assert_eq!(shared.actor, "u-ole");
        assert_eq!(shared.record.actor_type, ActorType::User);
        assert_eq!(
            shared.people,
            Vec::<String>::new(),
            "the owner is the actor"
        );
        assert_eq!(shared.record.resource_type, "share");
        assert_eq!(shared.record.resource_id, "s$p!f1");
        assert_eq!(shared.record.metadata["shareWith"], "u-eva");
        assert_eq!(shared.record.metadata["shareType"], "user");
        assert_eq!(shared.record.metadata["occurredAt"], 1_796_379_300_000i64);
        assert!(
            shared.record.metadata.get("sharePass").is_some(),
            "false is a fact"
        );
        assert!(shared.record.metadata.get("permissions").is_none());

        assert!(draft(&parse(READ)).is_none(), "a download is routine");

        let link = draft(&parse(LINK_FAILED)).unwrap();
        assert_eq!(link.record.outcome, Outcome::Failure);
        assert_eq!(link.record.actor_type, ActorType::System);
        assert_eq!(link.record.resource_id, "l1");

        let deleted = draft(&parse(USER_DELETED)).unwrap();
        assert_eq!(deleted.actor, "u-admin", "named in the message only");
        assert_eq!(deleted.people, ["u-eva"]);
        assert_eq!(deleted.record.resource_id, "u-eva");
        assert!(deleted.record.metadata.get("occurredAt").is_none());
    }

    #[test]
    fn pages_are_found_by_their_lines_and_a_line_being_written_waits() {
        let dir = std::env::temp_dir().join(format!("dezky-ocis-audit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("audit.log");
        let size = PAGE_SIZE as usize;
        let mut text = String::new();
        let mut starts = Vec::new();
        for n in 0..(2 * size + 3) {
            starts.push(text.len() as u64);
            text.push_str(&format!("{{\"Action\":\"file_read\",\"n\":{n}}}\n"));
        }
        text.push_str("{\"Action\":\"file_re"); // OCIS is still writing it
        std::fs::write(&path, &text).unwrap();

        let page = |n, index| read_page(&path, n, index).unwrap().expect("the file");
        let first = page(0, PageIndex::default());
        assert_eq!(first.lines.len(), size);
        assert!(first.more);
        assert_eq!(first.lines[0].0, 0);
        assert_eq!(first.log.len, text.len() as u64);
        // The last page, straight from the first's index and from none.
        for index in [first.index.clone(), PageIndex::default()] {
            let last = page(2, index);
            assert_eq!(last.lines.len(), 3, "the unfinished line is not read");
            assert!(!last.more);
            assert_eq!(last.lines[0].0, starts[2 * size]);
            assert!(last.lines[2].1.ends_with("\"n\":402}"));
            assert_eq!(last.index.starts, [0, starts[size], starts[2 * size]]);
        }
        let beyond = page(5, PageIndex::default());
        assert!(beyond.lines.is_empty() && !beyond.more);

        // Another file at the same path: the index is not trusted.
        let stale = PageIndex {
            log: "0:0".into(),
            starts: vec![0, 7, 9],
        };
        let again = page(1, stale);
        assert_eq!(again.lines[0].0, starts[size]);

        // No file yet (OCIS has written nothing): nothing to read. No
        // folder: a mount that is missing, named.
        std::fs::remove_file(&path).unwrap();
        assert!(read_page(&path, 0, PageIndex::default()).unwrap().is_none());
        let nowhere = dir.join("missing/audit.log");
        let err = read_page(&nowhere, 0, PageIndex::default()).err().unwrap();
        assert!(
            err.starts_with("files: read the audit file") && err.contains("missing/audit.log"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
