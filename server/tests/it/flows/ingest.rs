//! The audit ingest on BOTH stores. First THE cursor rule, through a log the
//! test writes and trims (every entry once, across a restart in the middle of
//! a page, a run killed between its append and its save, a log rotated under
//! the cursor, a lease held by another instance, a feed that fails and comes
//! back). Then the real feeds against their stand-ins: Authentik's event log
//! through Prism on Authentik's own schema, Stalwart's server log from the
//! stand-in that checks its schema.
use super::archive::ShiftClock;
use super::audit::{Stores, open, signer};
use crate::ports::store::tenant as store_tenant;
use crate::servers;
use app::domain::audit::{Outcome, Source};
use app::domain::model::{Millis, TenantRole};
use app::ports::event_feed::{EventFeed, FeedEvent, FeedItem, FeedPage};
use app::ports::identity_admin::{IdentityAdmin, NewIdentityUser};
use app::ports::mail_admin::{MailAdmin, NewMailbox};
use app::repo::Clock;
use app::repo::Repo;
use app::services::audit::ingest::{Ingest, IngestError, LEASE_MS, Run};
use app::services::audit::verify::verify;
use app::services::audit::{AuditRecord, Auditor};
use async_trait::async_trait;
use server::config::Env;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const T0: Millis = 1_795_981_325_000;

/// A system's log the test writes to: entries at positions, the head
/// trimmed like a rotated log, and a switch that makes it fail.
#[derive(Default)]
struct ScriptedLog {
    entries: Mutex<Vec<FeedItem>>,
    down: Mutex<Option<String>>,
    reads: Mutex<u32>,
}

impl ScriptedLog {
    /// Entry `n`: at T0 + n / 2 (two entries share each instant, so the
    /// cursor must tell them apart by id); every third is not an event.
    fn push(&self, n: u32) {
        let event = (!n.is_multiple_of(3)).then(|| FeedEvent {
            record: AuditRecord {
                action: "identity.sign_in".into(),
                actor_email: format!("p{n}@fjord.dk"),
                ..AuditRecord::default()
            },
            emails: vec![format!("p{n}@fjord.dk")],
        });
        self.entries.lock().unwrap().push(FeedItem {
            id: format!("e{n}"),
            at: T0 + Millis::from(n / 2),
            event,
        });
    }
    fn trim(&self, n: usize) {
        self.entries.lock().unwrap().drain(..n);
    }
}

#[async_trait]
impl EventFeed for ScriptedLog {
    fn source(&self) -> Source {
        Source::Authentik
    }
    fn target(&self) -> String {
        "scripted".into()
    }
    fn page_size(&self) -> u32 {
        3
    }
    async fn read(&self, offset: u64) -> Result<FeedPage, String> {
        *self.reads.lock().unwrap() += 1;
        if let Some(e) = self.down.lock().unwrap().clone() {
            return Err(e);
        }
        let all = self.entries.lock().unwrap();
        let start = (offset as usize).min(all.len());
        let end = (start + 3).min(all.len());
        Ok(FeedPage {
            log: None,
            items: all[start..end].to_vec(),
            more: end < all.len(),
        })
    }
}

/// The source ids of the chain's events from this source, in chain order.
async fn ingested(repo: &Repo) -> Vec<String> {
    repo.audit_events_ascending(None, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.source == Source::Authentik)
        .map(|e| e.metadata["externalId"].as_str().unwrap_or("?").to_owned())
        .collect()
}

fn expected(upto: u32) -> Vec<String> {
    (1..=upto)
        .filter(|n| !n.is_multiple_of(3))
        .map(|n| format!("e{n}"))
        .collect()
}

#[tokio::test]
async fn every_entry_is_appended_once_across_restarts_kills_rotation_and_failures() {
    let stores = Stores::start().await;
    for url in stores.urls("ingest") {
        let clock = ShiftClock::at(T0);
        let repo = Repo::new(open(&url).await, clock.clone());
        let auditor = Auditor::new(repo.clone(), Some(signer(true)), "dezky.test/audit".into());
        let log = Arc::new(ScriptedLog::default());
        let feeds = || vec![log.clone() as Arc<dyn EventFeed>];
        let tenant = store_tenant(&repo, "fjord-tandklinik", "p");
        repo.insert_tenant(&tenant).await.unwrap();
        repo.add_member_by_email(&tenant.id, "p1@fjord.dk", "P1", TenantRole::Member)
            .await
            .unwrap();
        for n in 1..=7 {
            log.push(n);
        }

        // One page, then a restart (a new instance) in the middle of the
        // log: it continues where the cursor is.
        let first = Ingest::new(repo.clone(), auditor.clone(), feeds());
        assert_eq!(
            first.run(log.as_ref(), 1).await.unwrap(),
            Run::Read {
                appended: 2,
                more: true
            },
            "{url}"
        );
        let restarted = Ingest::new(repo.clone(), auditor.clone(), feeds());
        assert_eq!(
            restarted.run(log.as_ref(), 50).await.unwrap(),
            Run::Read {
                appended: 3,
                more: false
            }
        );
        assert_eq!(ingested(&repo).await, expected(7), "{url}");
        // The person of a tenant is filed under it; the event keeps the
        // system's time and its source.
        let events = repo.audit_events_ascending(None, 100).await.unwrap();
        let p1 = events
            .iter()
            .find(|e| e.metadata["externalId"] == "e1")
            .unwrap();
        assert_eq!(p1.tenant_slug.as_deref(), Some("fjord-tandklinik"));
        assert_eq!(p1.metadata["occurredAt"], T0);
        assert_eq!(p1.actor_email, "p1@fjord.dk");
        let p2 = events
            .iter()
            .find(|e| e.metadata["externalId"] == "e2")
            .unwrap();
        assert_eq!(p2.tenant_slug, None, "nobody's member: the platform's");

        // Two more entries: the page the cursor stopped in fills up.
        log.push(8);
        log.push(9);
        restarted.run(log.as_ref(), 50).await.unwrap();
        assert_eq!(ingested(&repo).await, expected(9), "{url}");

        // A run killed between its append and its cursor's save: entry 10
        // is in the chain, the cursor does not say so. The next run does
        // not append it again.
        log.push(10);
        log.push(11);
        auditor
            .append(AuditRecord {
                source: Source::Authentik,
                action: "identity.sign_in".into(),
                metadata: serde_json::json!({ "externalId": "e10" }),
                ..AuditRecord::default()
            })
            .await
            .unwrap();
        let again = Ingest::new(repo.clone(), auditor.clone(), feeds());
        assert_eq!(
            again.run(log.as_ref(), 50).await.unwrap(),
            Run::Read {
                appended: 1,
                more: false
            },
            "only entry 11: {url}"
        );
        assert_eq!(ingested(&repo).await, expected(11), "{url}");

        // The system rotates its log under the cursor: the first 7 entries
        // go, 3 come. The offset points past the end now; the ingest steps
        // back and appends exactly the new ones.
        log.trim(7);
        for n in 12..=14 {
            log.push(n);
        }
        again.run(log.as_ref(), 50).await.unwrap();
        assert_eq!(ingested(&repo).await, expected(14), "{url}");

        // Another instance holds the lease: this one waits; once the lease
        // has run out, it reads.
        log.push(16);
        log.push(17);
        let mut cursor = repo
            .ingest_cursor(Source::Authentik)
            .await
            .unwrap()
            .unwrap();
        cursor.holder = "another instance".into();
        cursor.lease_until = clock.now() + LEASE_MS;
        repo.save_ingest_cursor(&cursor).await.unwrap();
        assert_eq!(again.run(log.as_ref(), 50).await.unwrap(), Run::Busy);
        assert_eq!(ingested(&repo).await, expected(14));
        clock.set(clock.now() + LEASE_MS + 1);
        again.run(log.as_ref(), 50).await.unwrap();
        let mut want = expected(14);
        want.extend(["e16".to_owned(), "e17".to_owned()]);
        assert_eq!(ingested(&repo).await, want, "{url}");

        // The system goes down: the failure is kept (and when it began),
        // the cursor does not move; it comes back and nothing is lost.
        *log.down.lock().unwrap() = Some("identity: read the event log: no answer".into());
        log.push(19);
        let err = again.run(log.as_ref(), 50).await.unwrap_err();
        assert!(matches!(
            err,
            IngestError::Feed {
                source: Source::Authentik,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "Authentik audit feed: identity: read the event log: no answer"
        );
        let status = again.status().await.unwrap();
        assert_eq!(status.len(), 1);
        assert_eq!(
            status[0].health.error.as_deref(),
            Some("identity: read the event log: no answer")
        );
        assert_eq!(status[0].health.failing_since, Some(clock.now()));
        *log.down.lock().unwrap() = None;
        again.run(log.as_ref(), 50).await.unwrap();
        want.push("e19".into());
        assert_eq!(ingested(&repo).await, want, "{url}");
        let status = again.status().await.unwrap();
        assert_eq!(
            (
                status[0].health.error.clone(),
                status[0].health.failing_since
            ),
            (None, None)
        );
        assert_eq!(
            status[0].health.ingested,
            want.len() as u64 - 1,
            "e10 was the killed run's"
        );
        assert_eq!(status[0].read_up_to, Some(T0 + 9));

        // The ingested events are links of the one chain.
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert!(report.ok, "{url}: {report:?}");
    }
}

fn pairs(vars: &[(&'static str, String)]) -> Env {
    Env::from_pairs(vars.iter().map(|(k, v)| (*k, v.as_str())))
}

#[tokio::test]
async fn authentik_and_stalwart_logs_are_read_through_their_real_apis() {
    let ak = servers::authentik().await;
    let mail = servers::stalwart().await;
    let stores = Stores::start().await;
    let url = &stores.urls("ingest-real")[0];
    let repo = Repo::new(open(url).await, ShiftClock::at(T0));
    let auditor = Auditor::new(repo.clone(), Some(signer(true)), "dezky.test/audit".into());
    let authentik = Arc::new(
        server::integrations::authentik::Authentik::new(
            &server::integrations::authentik::AuthentikConfig::from_env(&pairs(&ak.env()))
                .unwrap()
                .unwrap(),
        )
        .unwrap(),
    );
    let stalwart = Arc::new(
        server::integrations::stalwart::Stalwart::new(
            &server::integrations::stalwart::StalwartConfig::from_env(&pairs(&mail.stalwart_env()))
                .unwrap()
                .unwrap(),
        )
        .unwrap(),
    );
    let tenant = store_tenant(&repo, "fjord-tandklinik", "p");
    repo.insert_tenant(&tenant).await.unwrap();
    repo.add_member_by_email(&tenant.id, "ole@fjord.dk", "Ole", TenantRole::Member)
        .await
        .unwrap();

    // What happens at the identity provider: a person created, suspended,
    // given a password, removed (by dezky's service account).
    let person = |email: &str| NewIdentityUser {
        email: email.into(),
        name: "Ole".into(),
        path: "dezky/fjord-tandklinik".into(),
        groups: vec![],
    };
    let ole = authentik
        .create_user(&person("ole@fjord.dk"))
        .await
        .unwrap();
    authentik.set_active(ole.id, false).await.unwrap();
    authentik
        .set_password(ole.id, "a long new password 1")
        .await
        .unwrap();
    let gone = authentik
        .create_user(&person("gone@fjord.dk"))
        .await
        .unwrap();
    authentik.delete_user(gone.id).await.unwrap();

    // What happens at the mail server: a mailbox signs in, someone tries a
    // wrong password, and dezky's own administrator calls are left out.
    let domain = stalwart.create_domain("fjord.dk").await.unwrap();
    stalwart
        .create_mailbox(&NewMailbox {
            local_part: "ole".into(),
            domain_id: domain.id.clone(),
            display_name: Some("Ole".into()),
            password: "mailbox password 1".into(),
            quota_bytes: None,
        })
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let session = format!("http://127.0.0.1:{}/jmap/session", mail.port);
    for (user, secret, status) in [
        ("ole@fjord.dk", "mailbox password 1", 403),
        ("ole@fjord.dk", "guess", 401),
    ] {
        let res = http
            .get(&session)
            .basic_auth(user, Some(secret))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status);
    }

    let ingest = Ingest::new(
        repo.clone(),
        auditor.clone(),
        vec![authentik.clone(), stalwart.clone()],
    );
    ingest.run_all().await;
    let events = repo.audit_events_ascending(None, 1000).await.unwrap();
    let seen: Vec<(Source, &str, Outcome, &str)> = events
        .iter()
        .map(|e| {
            (
                e.source,
                e.action.as_str(),
                e.outcome,
                e.resource_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                Source::Authentik,
                "identity.user_created",
                Outcome::Success,
                "ole@fjord.dk"
            ),
            (
                Source::Authentik,
                "identity.user_updated",
                Outcome::Success,
                "ole@fjord.dk"
            ),
            (
                Source::Authentik,
                "identity.password_changed",
                Outcome::Success,
                "ole@fjord.dk"
            ),
            (
                Source::Authentik,
                "identity.user_created",
                Outcome::Success,
                "gone@fjord.dk"
            ),
            (
                Source::Authentik,
                "identity.user_deleted",
                Outcome::Success,
                "gone@fjord.dk"
            ),
            (
                Source::Stalwart,
                "mail.sign_in",
                Outcome::Success,
                "ole@fjord.dk"
            ),
            (
                Source::Stalwart,
                "mail.sign_in",
                Outcome::Failure,
                "ole@fjord.dk"
            ),
        ]
    );
    let tenants: HashMap<&str, Option<&str>> = events
        .iter()
        .map(|e| (e.resource_name.as_str(), e.tenant_slug.as_deref()))
        .collect();
    assert_eq!(tenants["ole@fjord.dk"], Some("fjord-tandklinik"));
    assert_eq!(tenants["gone@fjord.dk"], None, "not a member of any tenant");
    assert_eq!(events[6].actor_ip, "127.0.0.1");

    // Read again, and after a restart: nothing twice; new entries once.
    ingest.run_all().await;
    let wrong = http
        .get(&session)
        .basic_auth("ole@fjord.dk", Some("guess again"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let restarted = Ingest::new(repo.clone(), auditor, vec![authentik, stalwart]);
    restarted.run_all().await;
    let after = repo.audit_events_ascending(None, 1000).await.unwrap();
    assert_eq!(after.len(), events.len() + 1);
    assert_eq!(
        (after[7].action.as_str(), after[7].outcome),
        ("mail.sign_in", Outcome::Failure)
    );
    let status = restarted.status().await.unwrap();
    let figures: Vec<(Source, u64, bool)> = status
        .iter()
        .map(|s| (s.source, s.health.ingested, s.health.error.is_none()))
        .collect();
    assert_eq!(
        figures,
        [(Source::Authentik, 5, true), (Source::Stalwart, 3, true)]
    );

    // The mail server stops: its feed says so by name and keeps its place.
    drop(mail);
    restarted.run_all().await;
    let status = restarted.status().await.unwrap();
    let failing = status[1].health.error.as_deref().unwrap_or_default();
    assert!(
        failing.starts_with("mail: read the server log"),
        "{failing}"
    );
    assert!(
        status[0].health.error.is_none(),
        "the identity feed still reads"
    );
}

/// A line as OCIS' audit service writes it for a share (its fields, action
/// and message; `Time` is the share's creation time).
fn ocis_share_line(owner: &str, grantee: &str, time: &str) -> String {
    serde_json::json!({
        "RemoteAddr": "", "User": owner, "URL": "", "Method": "", "UserAgent": "",
        "Time": time, "App": "admin_audit",
        "Message": format!("user '{owner}' shared file 'sp$sp!f1' with '{grantee}'"),
        "Action": "file_shared", "CLI": false, "Level": 1, "Path": "", "Owner": owner,
        "FileID": "sp$sp!f1", "ShareID": "", "ItemType": "", "ExpirationDate": "",
        "SharePass": false, "Permissions": "", "ShareType": "user", "ShareWith": grantee,
        "ShareOwner": owner, "ShareToken": "",
    })
    .to_string()
}

fn append_line(path: &std::path::Path, line: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(line.as_bytes()).unwrap();
}

#[tokio::test]
async fn the_files_servers_audit_file_is_read_by_position_once_each_across_restarts_and_rotation() {
    use crate::ports::files_admin::{bootstrap_as, keys, ocis_config};
    use app::ports::files_admin::{FilesAdmin, NewFilesUser};
    use server::integrations::ocis::audit_log::OcisAuditLog;
    use server::integrations::ocis::{Ocis, TokenSource};

    let stores = Stores::start().await;
    for url in stores.urls("ingest-files") {
        let files = servers::files().await;
        let config = ocis_config(&files.env());
        let log = config.audit_log.clone().expect("OCIS_AUDIT_LOG");
        let repo = Repo::new(open(&url).await, ShiftClock::at(T0));
        let auditor = Auditor::new(repo.clone(), Some(signer(true)), "dezky.test/audit".into());
        let tokens = Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap());
        bootstrap_as(files.oidc.port, tokens.clone(), "svc-files").await;
        let ocis = Arc::new(Ocis::with_tokens(&config, tokens).unwrap());
        let feed = Arc::new(OcisAuditLog::new(log.clone(), ocis.clone()));
        let tenant = store_tenant(&repo, "fjord-tandklinik", "p");
        repo.insert_tenant(&tenant).await.unwrap();
        repo.add_member_by_email(&tenant.id, "ole@fjord.dk", "Ole", TenantRole::Member)
            .await
            .unwrap();

        // What happens at the files server: two people made (each with a
        // personal space), one removed; then Ole shares a file in OCIS' web
        // app, and OCIS is halfway through writing its next line.
        let person = |email: &str| NewFilesUser {
            email: email.into(),
            display_name: "Someone".into(),
        };
        let ole = ocis.create_user(&person("ole@fjord.dk")).await.unwrap();
        let gone = ocis.create_user(&person("gone@fjord.dk")).await.unwrap();
        ocis.delete_user(&gone.id).await.unwrap();
        append_line(
            &log,
            &format!(
                "{}\n",
                ocis_share_line(&ole.id, &gone.id, "2026-12-04T10:15:00Z")
            ),
        );
        let half = ocis_share_line(&ole.id, "u-eva", "2026-12-04T10:16:00Z");
        append_line(&log, &half[..40]);

        let ingest = Ingest::new(repo.clone(), auditor.clone(), vec![feed.clone()]);
        ingest.run_all().await;
        let events = repo.audit_events_ascending(None, 1000).await.unwrap();
        let from_files: Vec<&AuditRecord> =
            events.iter().filter(|e| e.source == Source::Ocis).collect();
        let seen: Vec<(&str, &str, Option<&str>)> = from_files
            .iter()
            .map(|e| {
                (
                    e.action.as_str(),
                    e.resource_id.as_str(),
                    e.tenant_slug.as_deref(),
                )
            })
            .collect();
        let space = |i: usize| from_files[i].resource_id.as_str();
        assert_eq!(
            seen,
            [
                (
                    "files.user_created",
                    ole.id.as_str(),
                    Some("fjord-tandklinik")
                ),
                ("files.space_created", space(1), Some("fjord-tandklinik")),
                ("files.user_created", gone.id.as_str(), None),
                ("files.space_created", space(3), None),
                ("files.user_deleted", gone.id.as_str(), None),
                ("files.file_shared", "sp$sp!f1", Some("fjord-tandklinik")),
            ],
            "{url}"
        );
        assert!(space(1).contains('$'), "a space id: {}", space(1));
        assert_eq!(from_files[0].resource_name, "ole@fjord.dk", "by address");
        assert_eq!(from_files[4].resource_name, gone.id, "no address any more");
        let share = from_files[5];
        assert_eq!(share.actor_email, "ole@fjord.dk");
        assert_eq!(share.metadata["occurredAt"], 1_796_379_300_000i64);
        assert_eq!(share.metadata["shareWith"], gone.id.as_str());
        assert_eq!(from_files[0].metadata["externalId"], "0", "the first line");
        assert!(
            from_files[0].metadata.get("occurredAt").is_none(),
            "OCIS gives no time"
        );
        assert!(
            from_files[1].metadata["occurredAt"].is_i64(),
            "a space's time"
        );
        let status = ingest.status().await.unwrap();
        let written = std::fs::metadata(&log).unwrap().len();
        assert_eq!(status[0].position, Some(written - 40), "{url}");
        assert_eq!(status[0].read_up_to, None);
        assert_eq!(status[0].health.ingested, 6);

        // The line finished, and read after a restart: once.
        append_line(&log, &format!("{}\n", &half[40..]));
        let restarted = Ingest::new(repo.clone(), auditor.clone(), vec![feed.clone()]);
        restarted.run_all().await;
        restarted.run_all().await;
        let after = repo.audit_events_ascending(None, 1000).await.unwrap();
        assert_eq!(after.len(), events.len() + 1, "{url}");
        assert_eq!(after.last().unwrap().metadata["shareWith"], "u-eva");

        // Rotated: the old file moved away, OCIS writes a new one. It is read
        // from its start, and the chain says the file was replaced.
        let old_len = std::fs::metadata(&log).unwrap().len();
        std::fs::rename(&log, log.with_extension("log.1")).unwrap();
        append_line(
            &log,
            &format!("{}\n", ocis_share_line(&ole.id, "u-kim", "")),
        );
        restarted.run_all().await;
        let rotated = repo.audit_events_ascending(None, 1000).await.unwrap();
        let tail: Vec<(&str, Source)> = rotated[after.len()..]
            .iter()
            .map(|e| (e.action.as_str(), e.source))
            .collect();
        assert_eq!(
            tail,
            [
                ("audit.feed_log_replaced", Source::Platform),
                ("files.file_shared", Source::Ocis),
            ],
            "{url}"
        );
        assert_eq!(rotated[after.len()].metadata["previousReadBytes"], old_len);
        assert_eq!(rotated.last().unwrap().metadata["externalId"], "0");

        // Pages of downloads (consumed, not audited) move the page hint on.
        for n in 0..450 {
            append_line(
                &log,
                &format!(
                    "{{\"User\":\"{0}\",\"Time\":\"\",\"App\":\"admin_audit\",\
                     \"Message\":\"user '{0}' read file 'f{n}'\",\"Action\":\"file_read\",\
                     \"Owner\":\"{0}\",\"FileID\":\"f{n}\"}}\n",
                    ole.id
                ),
            );
        }
        restarted.run_all().await;
        let hint = || async {
            let c = repo.ingest_cursor(Source::Ocis).await.unwrap().unwrap();
            (c.offset, c.at)
        };
        assert_eq!(hint().await.0, 400, "{url}");

        // Moved away, and OCIS has not written its next file yet: nothing to
        // read, and the place (hint included) is kept.
        let status_len = |s: &[app::domain::audit::FeedStatus]| s[0].position;
        let before = status_len(&restarted.status().await.unwrap());
        let place = hint().await;
        std::fs::rename(&log, log.with_extension("log.2")).unwrap();
        restarted.run_all().await;
        let status = restarted.status().await.unwrap();
        assert!(status[0].health.error.is_none(), "{url}");
        assert_eq!(status_len(&status), before);
        assert_eq!(hint().await, place, "{url}");
        // Not a file that can be read: the feed fails by name, and reads on
        // when the file is back.
        std::fs::create_dir(&log).unwrap();
        restarted.run_all().await;
        let status = restarted.status().await.unwrap();
        let failing = status[0].health.error.clone().unwrap_or_default();
        assert!(
            failing.starts_with("files: read the audit file") && failing.contains("audit.log"),
            "{failing}"
        );
        std::fs::remove_dir(&log).unwrap();
        std::fs::rename(log.with_extension("log.2"), &log).unwrap();
        restarted.run_all().await;
        let status = restarted.status().await.unwrap();
        assert!(status[0].health.error.is_none(), "{url}");
        assert_eq!(status_len(&status), before);
        assert_eq!(hint().await, place, "{url}");
        assert_eq!(
            repo.audit_events_ascending(None, 1000).await.unwrap().len(),
            rotated.len()
        );
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert!(report.ok, "{url}: {report:?}");
    }
}
