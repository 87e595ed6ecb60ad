//! The cold archive against a real S3 stand-in (s3s-fs): batches move and the
//! whole chain still verifies across the hot/cold boundary (both stores); a
//! failure at each step leaves every event hot and a rerun completes without
//! duplicate or loss; a killed run is completed by the next one; the
//! command-line verifier on a good and a tampered archive; the daily guard.
use crate::flows::audit::{HMAC_KEY, Stores, event, open, signer};
use crate::servers;
use app::domain::model::Millis;
use app::ports::store::{Collection, Filter, Store, StoreError, StoreResult, collections as c};
use app::repo::{Clock, Repo};
use app::services::audit::archive::{
    ArchiveConfig, Archiver, ObjectStorage, ObjectStorageError, Step, gunzip, gzip, parse_jsonl,
    to_jsonl,
};
use app::services::audit::verify::{Break, verify, verify_bucket, verify_with_archive};
use app::services::audit::{Auditor, checkpoint::Reason};
use async_trait::async_trait;
use serde_json::Value;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

const DAY: i64 = 86_400_000;
/// `event(n)` happened at T0 + n ms.
const T0: Millis = 1_795_981_325_000;

/// A clock the test moves forward.
#[derive(Default)]
pub struct ShiftClock {
    now: AtomicI64,
    ids: AtomicI64,
}

impl ShiftClock {
    pub fn at(now: Millis) -> Arc<Self> {
        let c = Self::default();
        c.now.store(now, Ordering::SeqCst);
        Arc::new(c)
    }
    pub fn set(&self, now: Millis) {
        self.now.store(now, Ordering::SeqCst);
    }
}

impl Clock for ShiftClock {
    fn now(&self) -> Millis {
        self.now.load(Ordering::SeqCst)
    }
    fn new_id(&self) -> String {
        format!("{:016x}", self.ids.fetch_add(1, Ordering::SeqCst) + 1)
    }
}

pub fn bucket(s3: &servers::Server) -> Arc<dyn ObjectStorage> {
    Arc::new(server::integrations::s3::S3Storage::new(&cold_config(s3)))
}

fn cold_config(s3: &servers::Server) -> server::integrations::s3::S3Config {
    server::integrations::s3::S3Config {
        endpoint: s3.s3_endpoint(),
        region: "eu-central-1".into(),
        bucket: servers::S3_BUCKET.into(),
        access_key: servers::S3_ACCESS_KEY.into(),
        secret_key: servers::S3_SECRET_KEY.to_owned().into(),
        sse: false,
    }
}

fn archiver(repo: &Repo, cold: Arc<dyn ObjectStorage>, batch_size: usize) -> Archiver {
    Archiver::new(
        repo.clone(),
        cold,
        signer(false),
        None,
        ArchiveConfig {
            retention_days: 90,
            batch_size,
        },
    )
}

async fn hot_count(repo: &Repo) -> u64 {
    repo.store().count(&c::AUDIT_EVENTS, &[]).await.unwrap()
}

/// Events in recorded archive batches.
async fn archived_count(repo: &Repo) -> u64 {
    repo.archive_batches()
        .await
        .unwrap()
        .iter()
        .map(|b| b.event_count)
        .sum()
}

/// `old` events 100 days ago, then `new` ones now (the clock is left at now).
async fn populate(repo: &Repo, clock: &ShiftClock, old: usize, new: usize) {
    clock.set(T0);
    for n in 1..=old {
        app::services::audit::chain::append(repo, &event(n))
            .await
            .unwrap();
    }
    clock.set(T0 + 100 * DAY);
    for n in old + 1..=old + new {
        let mut e = event(n);
        e.at = T0 + 100 * DAY + n as i64;
        app::services::audit::chain::append(repo, &e).await.unwrap();
    }
}

#[tokio::test]
async fn old_events_move_to_the_bucket_and_the_whole_chain_still_verifies_on_both_stores() {
    let stores = Stores::start().await;
    for url in stores.urls("archive") {
        let s3 = servers::s3().await;
        let clock = ShiftClock::at(T0);
        let repo = Repo::new(open(&url).await, clock.clone());
        let auditor = Auditor::new(repo.clone(), Some(signer(false)), "dezky.test/audit".into());
        // A second "process" on the same store that has not appended yet.
        let quiet = Repo::new(open(&url).await, clock.clone());
        clock.set(T0);
        for n in 1..=25 {
            auditor.record(event(n)).await.unwrap();
        }
        auditor.checkpoint(Reason::Manual).await.unwrap();
        clock.set(T0 + 100 * DAY);
        for n in 26..=30 {
            let mut e = event(n);
            e.at = T0 + 100 * DAY;
            auditor.record(e).await.unwrap();
        }
        let head_before = repo.audit_head().await.unwrap().unwrap().seq;
        assert_eq!(head_before, 30);

        let cold = bucket(&s3);
        let archiver = Archiver::new(
            repo.clone(),
            cold.clone(),
            signer(false),
            Some(auditor.clone()),
            ArchiveConfig {
                retention_days: 90,
                batch_size: 10,
            },
        );
        let run = archiver.run("test").await.expect("archive run");
        let ranges: Vec<_> = run
            .batches
            .iter()
            .map(|b| (b.start_seq, b.end_seq))
            .collect();
        assert_eq!(ranges, [(1, 10), (11, 20), (21, 25)], "{url}");
        assert_eq!(run.events_archived, 25);
        // 26..30 and the run's own `audit.archived` event stay hot.
        assert_eq!(hot_count(&repo).await, 6, "{url}");
        assert!(
            repo.store()
                .get(&c::AUDIT_EVENTS, &app::repo::audit_id(25))
                .await
                .unwrap()
                .is_none()
        );

        let keys = auditor.verify_keys();
        let full = verify_with_archive(&repo, &keys, cold.as_ref())
            .await
            .unwrap();
        assert!(full.ok, "{url}: {full:?}");
        assert_eq!(
            (
                full.batches_checked,
                full.archived_events_checked,
                full.events_checked
            ),
            (3, 25, 6)
        );
        assert_eq!(
            (full.highest_archived_seq, full.oldest_hot_seq),
            (Some(25), Some(26))
        );
        assert!(
            full.checkpoints_checked >= 1,
            "the checkpoint at seq 25 is checked against the archive"
        );
        let hot_only = verify(&repo, &keys).await.unwrap();
        assert!(hot_only.ok && !hot_only.archives_verified, "{hot_only:?}");
        assert_eq!(hot_only.highest_archived_seq, Some(25));

        // Nothing more is old enough: a rerun archives nothing.
        let again = archiver.run("test").await.unwrap();
        assert!(again.batches.is_empty());

        // The other process appends on the real head (after the two runs'
        // own `audit.archived` events), never into the archived range.
        let e = app::services::audit::chain::append(&quiet, &event(99))
            .await
            .unwrap();
        assert_eq!(e.seq, 33, "{url}");
        assert!(
            verify_with_archive(&repo, &keys, cold.as_ref())
                .await
                .unwrap()
                .ok
        );
    }
}

#[tokio::test]
async fn a_stale_head_hint_never_appends_into_the_archived_range() {
    let s3 = servers::s3().await;
    let dir = tempdir("stale");
    let url = format!("sqlite://{}/dezky.db", dir.display());
    let clock = ShiftClock::at(T0);
    let busy = Repo::new(open(&url).await, clock.clone());
    let quiet = Repo::new(open(&url).await, clock.clone());
    // The quiet process's hint is seq 1 from here on.
    app::services::audit::chain::append(&quiet, &event(1))
        .await
        .unwrap();
    for n in 2..=20 {
        app::services::audit::chain::append(&busy, &event(n))
            .await
            .unwrap();
    }
    clock.set(T0 + 100 * DAY);
    let run = archiver(&busy, bucket(&s3), 50).run("test").await.unwrap();
    assert_eq!(run.events_archived, 19, "all but the head");
    // seq 2 is free in the hot store (archived): the quiet writer must not take it.
    let e = app::services::audit::chain::append(&quiet, &event(21))
        .await
        .unwrap();
    assert_eq!(e.seq, 21);
    let report = verify_with_archive(&busy, &signer(false).verify_keys(), bucket(&s3).as_ref())
        .await
        .unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.archived_events_checked + report.events_checked, 21);
}

/// Fails the chosen step of the bucket.
struct FaultyCold {
    inner: Arc<dyn ObjectStorage>,
    fail: Mutex<Option<Step>>,
}

#[async_trait]
impl ObjectStorage for FaultyCold {
    fn describe(&self) -> String {
        self.inner.describe()
    }
    async fn check(&self) -> Result<(), ObjectStorageError> {
        self.inner.check().await
    }
    async fn put(
        &self,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<(), ObjectStorageError> {
        let step = *self.fail.lock().unwrap();
        match step {
            Some(Step::UploadJsonl) if key.ends_with(".jsonl.gz") => {
                Err(ObjectStorageError("injected PUT failure".into()))
            }
            Some(Step::UploadManifest) if key.ends_with(".manifest.json") => {
                Err(ObjectStorageError("injected PUT failure".into()))
            }
            _ => self.inner.put(key, body, content_type).await,
        }
    }
    async fn head(&self, key: &str) -> Result<Option<u64>, ObjectStorageError> {
        if *self.fail.lock().unwrap() == Some(Step::HeadConfirm) {
            return Ok(None);
        }
        self.inner.head(key).await
    }
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ObjectStorageError> {
        self.inner.get(key).await
    }
    async fn list(&self, prefix: &str) -> Result<Vec<String>, ObjectStorageError> {
        self.inner.list(prefix).await
    }
}

/// Fails recording the batch or deleting the hot events, at the port.
struct FaultyStore {
    inner: Arc<dyn Store>,
    fail_record: AtomicBool,
    fail_delete: AtomicBool,
}

fn injected() -> StoreError {
    StoreError::Backend("injected failure".into())
}

#[async_trait]
impl Store for FaultyStore {
    fn engine(&self) -> &'static str {
        self.inner.engine()
    }
    async fn ping(&self) -> StoreResult<()> {
        self.inner.ping().await
    }
    async fn insert(&self, col: &Collection, doc: Value) -> StoreResult<()> {
        if col.name == c::AUDIT_ARCHIVES.name && self.fail_record.load(Ordering::SeqCst) {
            return Err(injected());
        }
        self.inner.insert(col, doc).await
    }
    async fn get(&self, col: &Collection, id: &str) -> StoreResult<Option<Value>> {
        self.inner.get(col, id).await
    }
    async fn find(
        &self,
        col: &Collection,
        filters: &[Filter],
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.inner.find(col, filters, after, limit).await
    }
    async fn find_ascending(
        &self,
        col: &Collection,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<Value>> {
        self.inner.find_ascending(col, after, limit).await
    }
    async fn count(&self, col: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.inner.count(col, filters).await
    }
    async fn replace(&self, col: &Collection, doc: Value, expected: u64) -> StoreResult<()> {
        self.inner.replace(col, doc, expected).await
    }
    async fn delete(&self, col: &Collection, id: &str) -> StoreResult<bool> {
        self.inner.delete(col, id).await
    }
    async fn delete_where(&self, col: &Collection, filters: &[Filter]) -> StoreResult<u64> {
        self.inner.delete_where(col, filters).await
    }
    async fn delete_id_range(&self, col: &Collection, from: &str, to: &str) -> StoreResult<u64> {
        if col.name == c::AUDIT_EVENTS.name && self.fail_delete.load(Ordering::SeqCst) {
            return Err(injected());
        }
        self.inner.delete_id_range(col, from, to).await
    }
    async fn next_value(&self, counter: &str) -> StoreResult<u64> {
        self.inner.next_value(counter).await
    }
}

/// A fresh bucket and embedded store with `old` events from 100 days ago and
/// `new` ones now; the clock is left at now.
async fn fixture(
    name: &str,
    old: usize,
    new: usize,
) -> (servers::Server, Repo, Arc<ShiftClock>, String) {
    let s3 = servers::s3().await;
    let url = format!("sqlite://{}/dezky.db", tempdir(name).display());
    let clock = ShiftClock::at(T0);
    let repo = Repo::new(open(&url).await, clock.clone());
    populate(&repo, &clock, old, new).await;
    (s3, repo, clock, url)
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dezky-it-archive-{name}-{}-{}",
        std::process::id(),
        servers::free_port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_failure_at_each_step_keeps_every_event_hot_and_a_rerun_completes() {
    let steps = [
        Step::UploadJsonl,
        Step::UploadManifest,
        Step::HeadConfirm,
        Step::RecordBatch,
        Step::DeleteHot,
    ];
    for step in steps {
        let s3 = servers::s3().await;
        let dir = tempdir(step.as_str());
        let url = format!("sqlite://{}/dezky.db", dir.display());
        let store = Arc::new(FaultyStore {
            inner: open(&url).await,
            fail_record: AtomicBool::new(step == Step::RecordBatch),
            fail_delete: AtomicBool::new(step == Step::DeleteHot),
        });
        let clock = ShiftClock::at(T0);
        let repo = Repo::new(store.clone(), clock.clone());
        populate(&repo, &clock, 30, 2).await;
        let cold = Arc::new(FaultyCold {
            inner: bucket(&s3),
            fail: Mutex::new(Some(step)),
        });
        let err = archiver(&repo, cold.clone(), 10)
            .run("test")
            .await
            .expect_err("the injected failure stops the run");
        assert_eq!(err.step, step, "{err}");
        let system = if matches!(step, Step::RecordBatch | Step::DeleteHot) {
            app::domain::System::Store
        } else {
            app::domain::System::ObjectStorage
        };
        assert_eq!(err.system, system);
        assert!(err.completed.is_empty());
        assert_eq!(
            hot_count(&repo).await,
            32,
            "{step:?}: every event is still hot"
        );
        let recorded = repo.archive_batches().await.unwrap();
        assert_eq!(
            recorded.len(),
            usize::from(step == Step::DeleteHot),
            "{step:?}"
        );

        // The system recovers; the rerun (a smaller batch size, so the
        // bucket also holds an orphan of another range) completes.
        *cold.fail.lock().unwrap() = None;
        store.fail_record.store(false, Ordering::SeqCst);
        store.fail_delete.store(false, Ordering::SeqCst);
        let run = archiver(&repo, cold.clone(), 7).run("test").await.unwrap();
        if step == Step::DeleteHot {
            assert_eq!(
                run.leftovers_deleted, 10,
                "the interrupted deletion is finished first"
            );
        }
        let archived = archived_count(&repo).await;
        assert_eq!(archived, 30, "{step:?}: every old event");
        assert_eq!(hot_count(&repo).await, 2);
        let keys = signer(false).verify_keys();
        let full = verify_with_archive(&repo, &keys, cold.as_ref())
            .await
            .unwrap();
        assert!(full.ok, "{step:?}: {full:?}");
        assert_eq!(
            full.archived_events_checked + full.events_checked,
            32,
            "no duplicate, no loss"
        );
        // The bucket alone, orphans and all, tells the same chain.
        let alone = verify_bucket(&keys, cold.as_ref()).await.unwrap();
        assert!(alone.ok, "{step:?}: {alone:?}");
        assert_eq!(alone.head_seq, Some(30));
    }
}

#[tokio::test]
async fn an_unreachable_or_misconfigured_bucket_is_named_and_loses_nothing() {
    let (s3, repo, _clock, _url) = fixture("unreachable", 12, 1).await;
    let mut stopped = cold_config(&s3);
    stopped.endpoint = format!("http://127.0.0.1:{}", servers::free_port());
    let mut wrong_secret = cold_config(&s3);
    wrong_secret.secret_key = "not-the-secret".to_owned().into();
    let mut wrong_bucket = cold_config(&s3);
    wrong_bucket.bucket = "no-such-bucket".into();
    for (what, cfg) in [
        ("stopped", stopped),
        ("wrong secret", wrong_secret),
        ("wrong bucket", wrong_bucket),
    ] {
        let cold: Arc<dyn ObjectStorage> = Arc::new(server::integrations::s3::S3Storage::new(&cfg));
        let err = archiver(&repo, cold, 5).run("test").await.expect_err(what);
        assert_eq!(
            (err.step, err.system),
            (Step::CheckBucket, app::domain::System::ObjectStorage),
            "{err}"
        );
        if what == "wrong bucket" {
            assert!(
                err.message.contains("no-such-bucket does not exist"),
                "{err}"
            );
        }
        assert_eq!(hot_count(&repo).await, 13);
        assert!(repo.archive_batches().await.unwrap().is_empty());
    }
    let run = archiver(&repo, bucket(&s3), 5).run("test").await.unwrap();
    assert_eq!(run.events_archived, 12);
}

fn audit_cli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dezky-audit"));
    cmd.env_remove("AUDIT_ED25519_SECRET_KEY")
        .env("AUDIT_SIGNING_KEY", HMAC_KEY)
        .env("DATABASE_URL", "sqlite://unused.db");
    cmd
}

#[tokio::test]
async fn a_killed_archive_run_is_completed_by_the_next_one() {
    let s3 = servers::s3().await;
    let dir = tempdir("kill");
    let url = format!("sqlite://{}/dezky.db", dir.display());
    let total = 12_000u64;
    let out = audit_cli()
        .args(["append", "--store", &url, "--writers", "2", "--events"])
        .arg((total / 2).to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let archive = |cmd: &mut Command| {
        cmd.args([
            "archive",
            "--store",
            &url,
            "--retention-days",
            "0",
            "--batch-size",
            "150",
        ])
        .envs(s3.cold_env());
    };
    let mut run = audit_cli();
    archive(&mut run);
    let mut child = run
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let manifests = |s3: &servers::Server| {
        std::fs::read_dir(s3.object_path("audit"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".manifest.json"))
                    .count()
            })
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while manifests(&s3) < 8 {
        assert!(
            std::time::Instant::now() < deadline,
            "the archive run did not start"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was killed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL: no clean-up of any kind
    child.wait().unwrap();
    let repo = Repo::new(open(&url).await, Arc::new(ShiftClock::default()));
    let batches_at_kill = repo.archive_batches().await.unwrap().len();
    assert!(
        batches_at_kill < 80,
        "killed in the middle (batches: {batches_at_kill})"
    );
    let hot_at_kill = hot_count(&repo).await;
    let archived_at_kill = archived_count(&repo).await;
    assert!(
        hot_at_kill + archived_at_kill >= total,
        "nothing lost at the kill"
    );

    let mut rerun = audit_cli();
    archive(&mut rerun);
    let out = rerun.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archived = archived_count(&repo).await;
    assert_eq!(archived, total - 1, "all but the head");
    assert_eq!(hot_count(&repo).await, 1);

    let mut verify = audit_cli();
    let out = verify
        .args(["verify", "--store", &url, "--bucket"])
        .envs(s3.cold_env())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["archivedEventsChecked"].as_u64().unwrap()
            + report["eventsChecked"].as_u64().unwrap(),
        total,
        "exactly every event once: {report}"
    );
}

#[tokio::test]
async fn the_command_line_verifier_finds_a_tampered_archive() {
    let (s3, repo, _clock, url) = fixture("tamper", 20, 1).await;
    let empty = audit_cli()
        .args(["verify", "--bucket"])
        .envs(s3.cold_env())
        .output()
        .unwrap();
    assert_eq!(
        empty.status.code(),
        Some(2),
        "an empty bucket proves nothing"
    );
    archiver(&repo, bucket(&s3), 10).run("test").await.unwrap();

    let verify = |with_store: bool| {
        let mut cmd = audit_cli();
        cmd.arg("verify").arg("--bucket").envs(s3.cold_env());
        if with_store {
            cmd.args(["--store", &url]);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(verify(false).0, Some(0), "{}", verify(false).1);
    assert_eq!(verify(true).0, Some(0), "{}", verify(true).1);
    let without_key = audit_cli()
        .env_remove("AUDIT_SIGNING_KEY")
        .args(["verify", "--bucket"])
        .envs(s3.cold_env())
        .output()
        .unwrap();
    assert_eq!(
        without_key.status.code(),
        Some(1),
        "an unsigned manifest is not trusted"
    );

    // One event of the second batch changed, the object re-gzipped.
    let jsonl = s3.object_path(&app::services::audit::archive::jsonl_key(11, 20));
    let original = std::fs::read(&jsonl).unwrap();
    let mut events = parse_jsonl(&gunzip(&original).unwrap()).unwrap();
    events[3].actor_email = "someone-else@dezky.local".into();
    std::fs::write(&jsonl, gzip(&to_jsonl(&events))).unwrap();
    let expect_break = |with_store: bool, kind: &str| {
        let (code, stderr) = verify(with_store);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(&format!("BREAK: {kind}")), "{stderr}");
    };
    expect_break(false, "archive-object-hash-mismatch");
    expect_break(true, "archive-object-hash-mismatch");
    std::fs::write(&jsonl, &original).unwrap();

    // The manifest edited to match: its signature (bucket) and its recorded
    // sha256 (store) give it away.
    let manifest = s3.object_path(&app::services::audit::archive::manifest_key(11, 20));
    let original_manifest = std::fs::read(&manifest).unwrap();
    let mut m: Value = serde_json::from_slice(&original_manifest).unwrap();
    m["eventCount"] = 9.into();
    std::fs::write(&manifest, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    expect_break(false, "manifest-signature-mismatch");
    expect_break(true, "archive-object-hash-mismatch");

    // The batch's events gone from the bucket.
    std::fs::write(&manifest, &original_manifest).unwrap();
    std::fs::remove_file(&jsonl).unwrap();
    let report = verify_with_archive(&repo, &signer(false).verify_keys(), bucket(&s3).as_ref())
        .await
        .unwrap();
    assert!(
        matches!(report.first_break, Some(Break::ArchiveObjectMissing { ref key }) if key.ends_with(".jsonl.gz")),
        "{report:?}"
    );
}

#[tokio::test]
async fn the_daily_run_happens_at_its_hour_once_per_utc_day() {
    let (s3, repo, clock, url) = fixture("daily", 5, 1).await;
    let a = archiver(&repo, bucket(&s3), 100);
    // T0 + 100 days is 2027-03-09 19:42 UTC.
    let day_start = (T0 + 100 * DAY) / DAY * DAY;
    clock.set(day_start + 2 * 3_600_000 + 59 * 60_000);
    assert!(
        !server::workers::daily_archive_tick(&a, &repo, 3).await,
        "02:59: not yet"
    );
    clock.set(day_start + 3 * 3_600_000 + 60_000);
    assert!(
        server::workers::daily_archive_tick(&a, &repo, 3).await,
        "03:01: runs"
    );
    assert_eq!(repo.archive_batches().await.unwrap().len(), 1);
    clock.set(day_start + 3 * 3_600_000 + 30 * 60_000);
    assert!(
        !server::workers::daily_archive_tick(&a, &repo, 3).await,
        "03:30 the same day: not again"
    );
    // A second instance on the same store does not run that day either.
    let other = Repo::new(open(&url).await, clock.clone());
    assert!(
        !server::workers::daily_archive_tick(&archiver(&other, bucket(&s3), 100), &other, 3).await
    );
    clock.set(day_start + DAY + 3 * 3_600_000);
    assert!(
        server::workers::daily_archive_tick(&a, &repo, 3).await,
        "the next day"
    );
}
