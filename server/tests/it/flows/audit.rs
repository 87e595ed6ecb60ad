//! The tamper-evident chain on BOTH stores: appends, checkpoints, the three
//! break kinds, concurrent writers (tasks and two processes), and the
//! command-line verifier.
use crate::ports::store::TestClock;
use crate::servers;
use app::ports::store::{Store, collections as c};
use app::repo::{Repo, audit_id};
use app::services::audit::checkpoint::{Reason, SigningKeyConfig, VerifyKeys};
use app::services::audit::verify::{Break, verify};
use app::services::audit::{ActorType, AuditRecord, Auditor, Outcome, Source};
use std::process::Command;
use std::sync::Arc;

pub const HMAC_KEY: &str = "an hmac key of at least thirty-two bytes, kept outside";

pub fn event(n: usize) -> AuditRecord {
    AuditRecord {
        seq: 0,
        at: 1_795_981_325_000 + n as i64,
        actor_type: ActorType::User,
        actor_id: "u1".into(),
        actor_email: "olivia@dezky.local".into(),
        actor_ip: "203.0.113.7".into(),
        action: "tenant.updated".into(),
        outcome: Outcome::Success,
        resource_type: "tenant".into(),
        resource_id: format!("t{n}"),
        resource_name: format!("Tenant {n}"),
        tenant_slug: Some("fjord-tandklinik".into()),
        partner_slug: None,
        source: Source::Platform,
        metadata: serde_json::json!({ "diff": { "seats": { "from": n, "to": n + 1 } } }),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

pub struct Stores {
    sqlite_path: std::path::PathBuf,
    ferret: servers::Server,
}

impl Stores {
    pub async fn start() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "dezky-audit-{}-{}",
            std::process::id(),
            servers::free_port()
        ));
        Self {
            sqlite_path: dir.join("dezky.db"),
            ferret: servers::ferretdb().await,
        }
    }

    pub fn urls(&self, name: &str) -> [String; 2] {
        [
            format!(
                "sqlite://{}",
                self.sqlite_path
                    .with_file_name(format!("{name}.db"))
                    .display()
            ),
            self.ferret.mongodb_url(name),
        ]
    }
}

pub async fn open(url: &str) -> Arc<dyn Store> {
    server::store::open(&server::store::StoreUrl::parse(url).unwrap())
        .await
        .unwrap()
}

pub fn signer(ed25519: bool) -> Arc<SigningKeyConfig> {
    Arc::new(if ed25519 {
        SigningKeyConfig::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&[9u8; 32])))
    } else {
        SigningKeyConfig::Hmac(HMAC_KEY.as_bytes().to_vec())
    })
}

/// 12 events with a checkpoint after the 5th and after the 12th.
pub async fn chain(url: &str, ed25519: bool) -> (Repo, Arc<Auditor>) {
    let repo = Repo::new(open(url).await, Arc::new(TestClock::default()));
    let auditor = Auditor::new(
        repo.clone(),
        Some(signer(ed25519)),
        "dezky.test/audit".into(),
    );
    for n in 1..=5 {
        assert_eq!(auditor.record(event(n)).await, Some(n as u64));
    }
    assert!(auditor.checkpoint(Reason::Manual).await.unwrap().is_some());
    assert!(
        auditor
            .checkpoint(Reason::Interval)
            .await
            .unwrap()
            .is_none(),
        "nothing changed: skipped"
    );
    for n in 6..=12 {
        auditor.record(event(n)).await;
    }
    auditor.checkpoint(Reason::Manual).await.unwrap();
    (repo, auditor)
}

async fn tamper_event(repo: &Repo, seq: u64, change: impl FnOnce(&mut serde_json::Value)) {
    tamper(repo, &c::AUDIT_EVENTS, &audit_id(seq), change).await;
}

/// Changes a stored record in place, behind the application's back.
async fn tamper(
    repo: &Repo,
    collection: &app::ports::store::Collection,
    id: &str,
    change: impl FnOnce(&mut serde_json::Value),
) {
    let mut doc = repo.store().get(collection, id).await.unwrap().unwrap();
    change(&mut doc);
    repo.store().replace(collection, doc, 1).await.unwrap();
}

#[tokio::test]
async fn a_good_chain_verifies_and_each_tampering_is_found_on_both_stores() {
    let stores = Stores::start().await;
    for (i, url) in stores.urls("tamper").iter().enumerate() {
        let ed = i == 1;
        // Intact.
        let (repo, auditor) = chain(&format!("{url}-ok"), ed).await;
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert!(report.ok, "{url}: {report:?}");
        assert_eq!((report.events_checked, report.checkpoints_checked), (12, 2));
        assert_eq!(
            (
                report.oldest_hot_seq,
                report.head_seq,
                report.highest_archived_seq
            ),
            (Some(1), Some(12), None)
        );

        // An event changed in place.
        let (repo, auditor) = chain(&format!("{url}-changed"), ed).await;
        let stored_hash = repo.audit_events_ascending(Some(6), 1).await.unwrap()[0]
            .hash
            .clone();
        tamper_event(&repo, 7, |d| d["resourceName"] = "Forged".into()).await;
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        match report.first_break {
            Some(Break::EventHashMismatch {
                seq,
                expected,
                actual,
            }) => {
                assert_eq!(seq, 7);
                assert_eq!(actual, stored_hash);
                assert_ne!(expected, actual);
            }
            other => panic!("{url}: {other:?}"),
        }
        assert!(!report.ok);

        // The stored Merkle tree changed (the node over events 9-12 that
        // leaf 11 completes, one of the root's): the verifier holds the
        // stored root against the events' and says so. (A node off the
        // root's path shows when a proof through it fails, flows::proofs.)
        let (repo, auditor) = chain(&format!("{url}-tree"), ed).await;
        tamper(&repo, &c::AUDIT_TREE, &audit_id(11), |leaf| {
            leaf["h"][2] = "00".repeat(32).into();
        })
        .await;
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert_eq!(
            report.first_break,
            Some(Break::TreeRootMismatch { size: 12 }),
            "{url}"
        );

        // A checkpoint that signed another tree than its events' (made
        // with the signing key itself): the root is held against the tree.
        let (repo, auditor) = chain(&format!("{url}-root"), ed).await;
        let mut cp = repo.checkpoint_at(12).await.unwrap().unwrap();
        cp.root_hash = Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into());
        cp.signature = signer(ed).sign_message(&cp.message());
        let mut doc = serde_json::to_value(&cp).unwrap();
        doc["version"] = 1.into();
        repo.store()
            .replace(&c::AUDIT_CHECKPOINTS, doc, 1)
            .await
            .unwrap();
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert_eq!(
            report.first_break,
            Some(Break::CheckpointRootMismatch { head_seq: 12 }),
            "{url}"
        );

        // An event deleted.
        let (repo, auditor) = chain(&format!("{url}-deleted"), ed).await;
        assert!(
            repo.store()
                .delete(&c::AUDIT_EVENTS, &audit_id(4))
                .await
                .unwrap()
        );
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert_eq!(
            report.first_break,
            Some(Break::EventPrevHashMismatch { seq: 5 }),
            "{url}"
        );

        // A checkpoint signature corrupted.
        let (repo, auditor) = chain(&format!("{url}-signature"), ed).await;
        let mut cp = repo
            .store()
            .find(&c::AUDIT_CHECKPOINTS, &[], None, 10)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let sig = cp["signature"].as_str().unwrap().to_owned();
        // Flip the first hex digit.
        let flipped = match sig.strip_prefix('0') {
            Some(rest) => format!("1{rest}"),
            None => format!("0{}", sig.get(1..).unwrap_or_default()),
        };
        cp["signature"] = flipped.into();
        repo.store()
            .replace(&c::AUDIT_CHECKPOINTS, cp, 1)
            .await
            .unwrap();
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert_eq!(
            report.first_break,
            Some(Break::CheckpointSignatureMismatch { head_seq: 5 }),
            "{url}"
        );

        // A careful forger rewrites event 3 AND re-hashes everything after it:
        // the links hold, the signed checkpoint does not.
        let (repo, auditor) = chain(&format!("{url}-rewritten"), ed).await;
        let original_5 = repo.audit_events_ascending(Some(4), 1).await.unwrap()[0]
            .hash
            .clone();
        let mut prev = repo.audit_events_ascending(Some(1), 1).await.unwrap()[0]
            .hash
            .clone();
        for seq in 3..=12u64 {
            let mut e = repo
                .audit_events_ascending(Some(seq - 1), 1)
                .await
                .unwrap()
                .remove(0);
            if seq == 3 {
                e.resource_name = "Forged".into();
            }
            e.prev_hash = prev.clone();
            e.hash = app::services::audit::canonical::event_hash(&e);
            prev = e.hash.clone();
            tamper_event(&repo, seq, |d| {
                d["resourceName"] = e.resource_name.clone().into();
                d["prevHash"] = e.prev_hash.clone().into();
                d["hash"] = e.hash.clone().into();
            })
            .await;
        }
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        match report.first_break {
            Some(Break::EventHashMismatch {
                seq: 5, expected, ..
            }) => assert_eq!(expected, original_5),
            other => panic!("{url}: {other:?}"),
        }

        // Events cut off the end (after a checkpoint) are found too.
        let (repo, auditor) = chain(&format!("{url}-truncated"), ed).await;
        assert!(
            repo.store()
                .delete(&c::AUDIT_EVENTS, &audit_id(12))
                .await
                .unwrap()
        );
        let report = verify(&repo, &auditor.verify_keys()).await.unwrap();
        assert_eq!(
            report.first_break,
            Some(Break::EventPrevHashMismatch { seq: 12 }),
            "{url}"
        );

        // Without the key, HMAC checkpoints can't be trusted (nor faked).
        if !ed {
            let (repo, _) = chain(&format!("{url}-nokey"), ed).await;
            let report = verify(&repo, &VerifyKeys::default()).await.unwrap();
            assert!(report.ok);
            assert_eq!(
                (report.checkpoints_checked, report.checkpoints_unverifiable),
                (0, 2)
            );
        }
    }
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain_on_either_store() {
    let stores = Stores::start().await;
    let audit_bin = env!("CARGO_BIN_EXE_dezky-audit");
    for url in stores.urls("concurrency") {
        // 8 tasks on two separate connections to the same store...
        let a = Repo::new(
            open(&url).await,
            Arc::new(server::clock::SystemClock::default()),
        );
        let b = Repo::new(
            open(&url).await,
            Arc::new(server::clock::SystemClock::default()),
        );
        let (writers, each) = (8usize, 25usize);
        let mut tasks = Vec::new();
        for w in 0..writers {
            let repo = if w % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                for n in 0..each {
                    app::services::audit::chain::append(&repo, &event(w * 1000 + n))
                        .await
                        .unwrap();
                }
            }));
        }
        // ...while two other processes append too.
        let procs: Vec<_> = (0..2)
            .map(|_| {
                Command::new(audit_bin)
                    .args([
                        "append",
                        "--store",
                        &url,
                        "--writers",
                        "2",
                        "--events",
                        "25",
                    ])
                    .spawn()
                    .expect("dezky-audit append")
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        for mut p in procs {
            assert!(p.wait().unwrap().success());
        }
        let total = (writers * each + 2 * 2 * 25) as u64;
        let report = verify(&a, &VerifyKeys::default()).await.unwrap();
        assert!(report.ok, "{url}: {report:?}");
        assert_eq!(
            report.events_checked, total,
            "{url}: exactly N×M events, one chain, no gap"
        );
        assert_eq!(report.head_seq, Some(total));
        assert_eq!(a.store().count(&c::AUDIT_EVENTS, &[]).await.unwrap(), total);
        assert_eq!(tree_root_matches_the_events(&a).await, total, "{url}");

        // A writer killed mid-append (SIGKILL, between any two writes: its
        // event without its leaf, or nothing) while another process appends:
        // the tree still matches a recomputation from the events once the
        // next append has caught it up.
        let mut doomed = Command::new(audit_bin)
            .args([
                "append",
                "--store",
                &url,
                "--writers",
                "1",
                "--events",
                "100000",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("dezky-audit append");
        let mut rival = Command::new(audit_bin)
            .args([
                "append",
                "--store",
                &url,
                "--writers",
                "1",
                "--events",
                "40",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("dezky-audit append");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while a.store().count(&c::AUDIT_EVENTS, &[]).await.unwrap() < total + 60 {
            assert!(
                std::time::Instant::now() < deadline,
                "the writers did not start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        doomed.kill().unwrap();
        doomed.wait().unwrap();
        assert!(rival.wait().unwrap().success());
        app::services::audit::chain::append(&b, &event(9999))
            .await
            .unwrap();
        let after = tree_root_matches_the_events(&b).await;
        assert!(after > total + 60, "{url}: {after}");
        assert!(verify(&b, &VerifyKeys::default()).await.unwrap().ok);
    }
}

/// Recomputes the tree's root from every hot event (a chain that starts at
/// genesis) and checks the stored tree's root of the same size against it;
/// returns the size.
async fn tree_root_matches_the_events(repo: &Repo) -> u64 {
    use app::services::audit::{merkle, tree};
    let mut leaves = Vec::new();
    let mut after = None;
    loop {
        let page = repo.audit_events_ascending(after, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.seq);
        leaves.extend(page.iter().map(tree::leaf_of));
    }
    let size = tree::sync(repo).await.unwrap();
    assert_eq!(size, leaves.len() as u64, "the tree has every event");
    assert_eq!(
        tree::root(repo, size).await.unwrap(),
        merkle::root(&leaves),
        "the stored tree's root is the events' root"
    );
    size
}

#[tokio::test]
async fn the_command_line_verifier_exits_with_the_break_kind() {
    let stores = Stores::start().await;
    let audit_bin = env!("CARGO_BIN_EXE_dezky-audit");
    for (i, url) in stores.urls("cli").iter().enumerate() {
        let ed = i == 1;
        let (repo, _) = chain(url, ed).await;
        let public = match &*signer(ed) {
            SigningKeyConfig::Ed25519(k) => Some(hex::encode(k.verifying_key().to_bytes())),
            SigningKeyConfig::Hmac(_) => None,
        };
        let run = || {
            let mut cmd = Command::new(audit_bin);
            cmd.args(["verify", "--store", url]);
            if let Some(p) = &public {
                cmd.args(["--ed25519-public", p]);
            } else {
                cmd.env("AUDIT_SIGNING_KEY", HMAC_KEY);
            }
            cmd.output().expect("dezky-audit verify")
        };
        let good = run();
        assert_eq!(
            good.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&good.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
        assert_eq!(
            (
                report["ok"].as_bool(),
                report["eventsChecked"].as_u64(),
                report["checkpointsChecked"].as_u64()
            ),
            (Some(true), Some(12), Some(2))
        );
        tamper_event(&repo, 9, |d| {
            d["actorEmail"] = "someone.else@example.org".into()
        })
        .await;
        let bad = run();
        assert_eq!(bad.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&bad.stderr).contains("BREAK: event-hash-mismatch"));
        let report: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
        assert_eq!(report["firstBreak"]["kind"], "event-hash-mismatch");
        assert_eq!(report["firstBreak"]["seq"], 9);
    }
    // A store that can't be reached is a usage/connection error, not "intact".
    let out = Command::new(audit_bin)
        .args(["verify", "--store", "postgres://nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
