//! ONE storage conformance suite, run against the embedded SQLite store and
//! against MongoDB (FerretDB, a real wire-protocol server).
use crate::servers;
use app::domain::flags::FlagState;
use app::domain::model::*;
use app::ports::store::{Filter, Store, StoreError, collections as c};
use app::repo::{Clock, PendingLogin, Repo, Session, SignedInIdentity};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock that ticks one millisecond per call: deterministic ids and times.
#[derive(Default)]
pub struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> Millis {
        1_800_000_000_000 + self.0.load(Ordering::SeqCst)
    }
    fn new_id(&self) -> String {
        format!("{:016x}", self.0.fetch_add(1, Ordering::SeqCst) + 1)
    }
}

fn partner(repo: &Repo, slug: &str) -> Partner {
    Partner {
        id: repo.new_id(),
        slug: slug.into(),
        name: format!("Partner {slug}"),
        domain: format!("{slug}.dk"),
        contact_name: "Kontakt".into(),
        contact_email: format!("kontakt@{slug}.dk"),
        billing: BillingDetails::default(),
        status: PartnerStatus::Active,
        margin_pct: 20,
        progressive: false,
        standing_access: false,
        customer_branding: false,
        mail: Default::default(),
        branding: Branding::default(),
        created_at: repo.now(),
        updated_at: repo.now(),
        version: 1,
    }
}

pub fn tenant(repo: &Repo, slug: &str, partner_id: &str) -> Tenant {
    Tenant {
        id: repo.new_id(),
        slug: slug.into(),
        partner_id: partner_id.into(),
        name: format!("Tenant {slug}"),
        plan: "standard".into(),
        status: TenantStatus::Active,
        seats: 10,
        primary_domain: None,
        billing: BillingDetails::default(),
        industry: None,
        brand_colour: None,
        security: SecurityPolicy::default(),
        branding: Branding::default(),
        deleted_at: None,
        billing_account: Default::default(),
        created_at: repo.now(),
        updated_at: repo.now(),
        version: 1,
    }
}

fn pending_login(repo: &Repo, created_at: Millis) -> PendingLogin {
    PendingLogin {
        id: repo.new_id(),
        client: ClientKind::Portal,
        state: "s".into(),
        nonce: "n".into(),
        pkce_verifier: "v".into(),
        return_to: "/portal".into(),
        created_at,
        version: 1,
    }
}

fn session(repo: &Repo, user_id: &str, last_seen_at: Millis, expires_at: Millis) -> Session {
    Session {
        id: repo.new_id(),
        user_id: user_id.to_owned(),
        client: ClientKind::Portal,
        groups: vec![],
        id_token: "t".into(),
        access_token: "a".into(),
        refresh_token: None,
        access_expires_at: 0,
        created_at: 0,
        last_seen_at,
        expires_at,
        ip: String::new(),
        user_agent: String::new(),
        version: 1,
    }
}

async fn conformance(store: Arc<dyn Store>) {
    let repo = Repo::new(store.clone(), Arc::new(TestClock::default()));
    store.ping().await.expect("ping");

    // Unique slugs, with the field named.
    let p = partner(&repo, "nordlys-it");
    repo.insert_partner(&p).await.expect("insert partner");
    let err = repo
        .insert_partner(&partner(&repo, "nordlys-it"))
        .await
        .expect_err("duplicate slug");
    assert_eq!(
        err,
        StoreError::Duplicate {
            field: "slug".into()
        }
    );
    assert_eq!(
        repo.partner_by_slug("nordlys-it")
            .await
            .unwrap()
            .unwrap()
            .id,
        p.id
    );
    assert!(repo.partner_by_slug("missing").await.unwrap().is_none());

    // Slug rules with the field and the reason; slugs are immutable.
    let err = repo
        .insert_partner(&partner(&repo, "Bad Slug"))
        .await
        .expect_err("bad slug");
    assert_eq!(
        err,
        StoreError::Invalid {
            field: "slug".into(),
            reason: "invalid_characters".into()
        }
    );
    let mut renamed = repo.partner(&p.id).await.unwrap().unwrap();
    renamed.slug = "nordlys-two".into();
    let err = repo
        .save_partner(&mut renamed)
        .await
        .expect_err("slug change");
    assert_eq!(
        err,
        StoreError::Invalid {
            field: "slug".into(),
            reason: "immutable".into()
        }
    );

    // Optimistic concurrency: the second writer of the same version loses.
    let mut first = repo.partner(&p.id).await.unwrap().unwrap();
    let mut second = first.clone();
    first.name = "Nordlys IT ApS".into();
    repo.save_partner(&mut first).await.expect("first save");
    second.name = "Stale".into();
    assert_eq!(
        repo.save_partner(&mut second).await,
        Err(StoreError::VersionConflict)
    );
    let stored = repo.partner(&p.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.version),
        ("Nordlys IT ApS", 2)
    );
    let mut gone = stored.clone();
    gone.id = "no-such-id".into();
    assert_eq!(
        repo.save_partner(&mut gone).await,
        Err(StoreError::NotFound)
    );

    // Cursor pagination, newest first, no overlap, no gap.
    for i in 0..7 {
        repo.insert_tenant(&tenant(&repo, &format!("tenant-{i}"), &p.id))
            .await
            .expect("tenant");
    }
    repo.insert_tenant(&tenant(&repo, "other-tenant", "other-partner"))
        .await
        .expect("tenant");
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = repo
            .tenants_of_partner(&p.id, after.as_deref(), 3)
            .await
            .expect("page");
        assert!(page.items.len() <= 3);
        seen.extend(page.items.iter().map(|t| t.slug.clone()));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let want: Vec<String> = (0..7).rev().map(|i| format!("tenant-{i}")).collect();
    assert_eq!(seen, want);
    // Oldest first, as values and as JSON text: the same documents, ids ascending.
    let values = store.find_ascending(&c::TENANTS, None, 100).await.unwrap();
    let texts = store
        .find_ascending_json(&c::TENANTS, None, 100)
        .await
        .unwrap();
    let parsed: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    assert_eq!(parsed, values);
    assert_eq!(values.len(), 8);
    let ids: Vec<&str> = values.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let after_third = store
        .find_ascending_json(&c::TENANTS, Some(ids[2]), 2)
        .await
        .unwrap();
    assert_eq!(after_third.len(), 2);
    assert_eq!(after_third[0], texts[3]);
    // The scan: the same texts in batches, after a cursor, stopping when told.
    let mut batches: Vec<Vec<String>> = Vec::new();
    store
        .scan_ascending_json(&c::TENANTS, Some(ids[0]), 3, &mut |b| {
            batches.push(b);
            true
        })
        .await
        .unwrap();
    assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    let parsed: Vec<serde_json::Value> = batches
        .concat()
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    assert_eq!(parsed, values[1..]);
    let mut calls = 0;
    store
        .scan_ascending_json(&c::TENANTS, None, 2, &mut |_| {
            calls += 1;
            false
        })
        .await
        .unwrap();
    assert_eq!(calls, 1, "the sink stops the scan");
    // Range deletion is inclusive and idempotent.
    assert_eq!(
        store
            .delete_id_range(&c::TENANTS, ids[6], ids[7])
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .delete_id_range(&c::TENANTS, ids[6], ids[7])
            .await
            .unwrap(),
        0
    );
    for t in &values[6..] {
        store.insert(&c::TENANTS, t.clone()).await.unwrap();
    }
    assert_eq!(repo.count_tenants().await.unwrap(), 8);
    assert_eq!(
        store
            .count(&c::TENANTS, &[Filter::Eq("partner_id", json!(p.id))])
            .await
            .unwrap(),
        7
    );

    // Users keyed by (issuer, subject); email is an attribute that may change.
    let who = SignedInIdentity {
        issuer: "https://idp.example/".into(),
        subject: "sub-1".into(),
        email: "anna@example.dk".into(),
        name: "Anna".into(),
    };
    let anna = repo.upsert_signed_in_user(&who).await.expect("create");
    let again = repo.upsert_signed_in_user(&who).await.expect("same");
    assert_eq!(anna.id, again.id);
    let renamed = repo
        .upsert_signed_in_user(&SignedInIdentity {
            email: "anna@new.dk".into(),
            ..who.clone()
        })
        .await
        .expect("email change");
    assert_eq!(
        (renamed.id.as_str(), renamed.email.as_str()),
        (anna.id.as_str(), "anna@new.dk")
    );
    let other_issuer = repo
        .upsert_signed_in_user(&SignedInIdentity {
            issuer: "https://other/".into(),
            ..who.clone()
        })
        .await
        .expect("other issuer");
    assert_ne!(other_issuer.id, anna.id);
    let mut dup = renamed.clone();
    dup.id = repo.new_id();
    assert_eq!(
        repo.insert_user(&mut dup).await,
        Err(StoreError::Duplicate {
            field: "issuer".into()
        })
    );

    // Memberships: per-tenant roles, found by tenant.
    let t0 = repo.tenant_by_slug("tenant-0").await.unwrap().unwrap();
    let mut u = repo.user(&anna.id).await.unwrap().unwrap();
    u.tenant_roles.push(TenantMembership {
        tenant_id: t0.id.clone(),
        role: TenantRole::Admin,
        suspended: false,
    });
    repo.save_user(&mut u).await.expect("membership");
    let members = repo.users_of_tenant(&t0.id).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].role_for_tenant(&t0.id), Some(TenantRole::Admin));
    assert!(repo.users_of_tenant("nobody").await.unwrap().is_empty());

    // Atomic counters.
    let a = store.next_value("conformance").await.unwrap();
    let b = store.next_value("conformance").await.unwrap();
    assert_eq!((a, b), (1, 2));
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let s = store.clone();
            tokio::spawn(async move { s.next_value("parallel").await.unwrap() })
        })
        .collect();
    let mut values = Vec::new();
    for h in handles {
        values.push(h.await.unwrap());
    }
    values.sort_unstable();
    assert_eq!(values, (1..=20).collect::<Vec<u64>>());

    // Sign-ins in progress are taken exactly once.
    let login = pending_login(&repo, repo.now());
    repo.insert_login(&login).await.unwrap();
    assert!(repo.take_login(&login.id).await.unwrap().is_some());
    assert!(repo.take_login(&login.id).await.unwrap().is_none());

    // Sessions end per user.
    for _ in 0..2 {
        let s = session(&repo, &anna.id, 0, 0);
        repo.insert_session(&s).await.unwrap();
    }
    assert_eq!(repo.delete_sessions_of_user(&anna.id).await.unwrap(), 2);

    // The purge worker's sweep: sign-ins never completed and sessions past
    // their absolute or idle timeout go; live ones stay.
    let now = repo.now();
    let lifetimes = app::services::sessions::Lifetimes {
        login_ms: 600_000,
        idle_ms: 7_200_000,
    };
    let stale_login = pending_login(&repo, now - 11 * 60_000);
    let live_login = pending_login(&repo, now);
    repo.insert_login(&stale_login).await.unwrap();
    repo.insert_login(&live_login).await.unwrap();
    let past_absolute = session(&repo, &anna.id, now, now - 1);
    let idle = session(&repo, &anna.id, now - 7_200_001, now + 3_600_000);
    let live = session(&repo, &anna.id, now - 60_000, now + 3_600_000);
    for s in [&past_absolute, &idle, &live] {
        repo.insert_session(s).await.unwrap();
    }
    let purged = app::services::sessions::purge_expired(&repo, lifetimes)
        .await
        .unwrap();
    assert_eq!(
        purged,
        app::services::sessions::Purged {
            logins: 1,
            sessions: 2
        }
    );
    assert!(repo.take_login(&stale_login.id).await.unwrap().is_none());
    assert!(repo.take_login(&live_login.id).await.unwrap().is_some());
    assert!(repo.session(&past_absolute.id).await.unwrap().is_none());
    assert!(repo.session(&idle.id).await.unwrap().is_none());
    assert!(repo.session(&live.id).await.unwrap().is_some());
    assert_eq!(
        app::services::sessions::purge_expired(&repo, lifetimes)
            .await
            .unwrap(),
        app::services::sessions::Purged::default(),
        "a second sweep finds nothing"
    );
    repo.delete_sessions_of_user(&anna.id).await.unwrap();

    // Flags with history; the kill switch is its own kind.
    let (_, f, _) = repo
        .put_flag("new-ui", "New UI", FlagState::On, "", "ops", None)
        .await
        .unwrap();
    assert_eq!(
        repo.put_flag("new-ui", "x", FlagState::On, "", "ops", None)
            .await
            .map(|_| ()),
        Err(StoreError::Duplicate {
            field: "key".into()
        })
    );
    let (_, killed, change) = repo
        .put_flag(
            "new-ui",
            "New UI",
            FlagState::Off,
            "kill-switch",
            "ops",
            Some(f.version),
        )
        .await
        .unwrap();
    assert_eq!(change.kind.action(), "flag.killed");
    assert_eq!(
        repo.put_flag(
            "new-ui",
            "New UI",
            FlagState::On,
            "",
            "ops",
            Some(f.version)
        )
        .await
        .map(|_| ()),
        Err(StoreError::VersionConflict)
    );
    assert_eq!(killed.version, 2);
    let history = repo.flag_history("new-ui").await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].kind.action(), "flag.killed");
    repo.remove_flag("new-ui", "ops").await.unwrap();
    assert!(repo.flag("new-ui").await.unwrap().is_none());
    assert_eq!(repo.flag_history("new-ui").await.unwrap().len(), 3);
}

/// A clock set by the test: whole days apart.
#[derive(Default)]
struct DayClock {
    now: AtomicI64,
    ids: AtomicI64,
}

impl Clock for DayClock {
    fn now(&self) -> Millis {
        self.now.load(Ordering::SeqCst)
    }
    fn new_id(&self) -> String {
        format!("{:016x}", self.ids.fetch_add(1, Ordering::SeqCst) + 1)
    }
}

/// The daily MRR snapshot on a store of its own: taken once a day from the
/// billed tenants at the catalog's amount, a rerun the same day takes
/// nothing, a missed day is taken late with the day's figures, and the
/// series reads the days per partner.
async fn revenue_snapshots(store: Arc<dyn Store>) {
    use app::domain::revenue::{day_of, seed_catalog};
    use app::services::revenue::{mrr_series, take};
    const DAY: i64 = 86_400_000;
    let clock = Arc::new(DayClock::default());
    // 2026-12-01 10:00 UTC.
    let dec1 = 1_796_083_200_000 + 10 * 3_600_000;
    clock.now.store(dec1, Ordering::SeqCst);
    let repo = Repo::new(store, clock.clone());
    repo.ensure_catalog(&seed_catalog(repo.now()))
        .await
        .unwrap();
    // Seeding again keeps an edited row as edited.
    let mut rows = repo.price_rows().await.unwrap();
    assert_eq!(rows.len(), 1);
    rows[0].amounts.insert("dkk".into(), 4_900);
    repo.ensure_catalog(&seed_catalog(repo.now()))
        .await
        .unwrap();
    let (a, b) = (partner(&repo, "nordlys-it"), partner(&repo, "dezky"));
    repo.insert_partner(&a).await.unwrap();
    repo.insert_partner(&b).await.unwrap();
    let mut fjord = tenant(&repo, "fjord", &a.id);
    fjord.seats = 14;
    repo.insert_tenant(&fjord).await.unwrap();
    let mut ravn = tenant(&repo, "ravn", &b.id);
    ravn.seats = 6;
    repo.insert_tenant(&ravn).await.unwrap();
    let mut gone = tenant(&repo, "gone", &a.id);
    gone.status = TenantStatus::Suspended;
    repo.insert_tenant(&gone).await.unwrap();
    let mut odd = tenant(&repo, "odd", &b.id);
    odd.plan = "enterprise".into();
    repo.insert_tenant(&odd).await.unwrap();

    assert_eq!(mrr_series(&repo, None, 30).await.unwrap(), None);
    let first = take(&repo).await.unwrap();
    assert_eq!(first.days, vec!["2026-12-01".to_owned()]);
    // The suspended tenant is not billed; the one on no catalog plan is named.
    assert_eq!(
        (first.rows, first.unpriced.clone()),
        (2, vec!["odd".to_owned()])
    );
    assert_eq!(take(&repo).await.unwrap().days, Vec::<String>::new());

    // Fjord grows; the job misses Dec 2 and runs on Dec 3: Dec 2 is taken
    // late with the figures as they were found, Dec 3 on time.
    fjord.seats = 20;
    repo.save_tenant(&mut fjord).await.unwrap();
    clock.now.store(dec1 + 2 * DAY, Ordering::SeqCst);
    let third = take(&repo).await.unwrap();
    assert_eq!(
        third.days,
        vec!["2026-12-02".to_owned(), "2026-12-03".to_owned()]
    );
    let days = repo.mrr_days(10).await.unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!((days[0].id.as_str(), days[0].late), ("2026-12-03", false));
    assert_eq!((days[1].id.as_str(), days[1].late), ("2026-12-02", true));
    assert_eq!(days[0].day_number, day_of(dec1) + 2);

    let all = mrr_series(&repo, None, 30).await.unwrap().unwrap();
    let figures: Vec<i64> = all.points.iter().map(|p| p.mrr_minor).collect();
    assert_eq!(figures, vec![20 * 4_900, 26 * 4_900, 26 * 4_900]);
    assert_eq!(all.trend_permille(), Some(300));
    let nordlys = mrr_series(&repo, Some(&a.id), 30).await.unwrap().unwrap();
    assert_eq!(nordlys.current(), Some(20 * 4_900));
    let rows = repo.tenant_mrr_of_day("2026-12-03").await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.seat_price_minor == 4_900));
}

/// Payouts from the month's snapshot: contracted and progressive margins at
/// the bracket edges, generate twice = the same rows, a paid row untouched
/// by a later generate, a month without a snapshot generates nothing.
#[tokio::test]
async fn payouts_follow_the_snapshot_and_never_rewrite_a_paid_row() {
    use app::domain::payouts::{PayoutStatus, payout_id};
    use app::domain::revenue::seed_catalog;
    use app::services::payouts::generate;
    use app::services::revenue::take;
    let store = server::store::sqlite::SqliteStore::open(":memory:")
        .await
        .expect("open sqlite");
    let clock = Arc::new(DayClock::default());
    let dec3 = 1_796_083_200_000 + 2 * 86_400_000 + 3_600_000;
    clock.now.store(dec3, Ordering::SeqCst);
    let repo = Repo::new(Arc::new(store), clock.clone());
    repo.ensure_catalog(&seed_catalog(repo.now()))
        .await
        .unwrap();
    // One progressive partner per bracket edge, and one on a contract.
    let mut partners = Vec::new();
    for (slug, seats) in [
        ("p500", 500u32),
        ("p501", 501),
        ("p1000", 1_000),
        ("p1001", 1_001),
    ] {
        let mut p = partner(&repo, slug);
        p.progressive = true;
        repo.insert_partner(&p).await.unwrap();
        let mut t = tenant(&repo, &format!("t-{slug}"), &p.id);
        t.seats = seats;
        repo.insert_tenant(&t).await.unwrap();
        partners.push((p, seats));
    }
    let mut contracted = partner(&repo, "nordlys-it");
    contracted.margin_pct = 30;
    repo.insert_partner(&contracted).await.unwrap();
    // dezky's own direct sales earn no margin: no payout row.
    let mut direct = partner(&repo, "dezky");
    direct.margin_pct = 0;
    repo.insert_partner(&direct).await.unwrap();
    repo.insert_tenant(&tenant(&repo, "ravn", &direct.id))
        .await
        .unwrap();
    let mut fjord = tenant(&repo, "fjord", &contracted.id);
    fjord.seats = 20;
    repo.insert_tenant(&fjord).await.unwrap();

    let none = generate(&repo, "2026-12").await.unwrap();
    assert_eq!((none.as_of, none.written), (None, 0), "no snapshot yet");
    take(&repo).await.unwrap();
    let first = generate(&repo, "2026-12").await.unwrap();
    assert_eq!(
        (first.as_of.as_deref(), first.written),
        (Some("2026-12-03"), 5)
    );
    let payout = |p: &Partner| {
        let repo = repo.clone();
        let id = payout_id(&p.id, "2026-12", "dkk");
        async move { repo.payout(&id).await.unwrap().expect("generated") }
    };
    let expected = [367_500, 368_970, 1_102_500, 1_104_460];
    for ((p, seats), want) in partners.iter().zip(expected) {
        let row = payout(p).await;
        assert_eq!(
            (row.seats, row.payout_minor),
            (u64::from(*seats), want),
            "{}",
            p.slug
        );
        assert_eq!(row.gross_minor, i64::from(*seats) * 4_900);
    }
    let n = payout(&contracted).await;
    assert_eq!(
        (n.gross_minor, n.payout_minor, n.margin_permille),
        (98_000, 29_400, 300)
    );

    // Again: the same rows, nothing written.
    let again = generate(&repo, "2026-12").await.unwrap();
    assert_eq!(again.written, 0);
    assert_eq!(payout(&contracted).await, n);

    // Paid, then the customer grows and a day later the month is generated
    // again: the paid row stays as paid; the others follow the figures.
    let mut paid = n.clone();
    paid.status = PayoutStatus::Paid;
    paid.paid_at = Some(repo.now());
    paid.version += 1;
    repo.put_payout(&paid).await.unwrap();
    fjord.seats = 40;
    repo.save_tenant(&mut fjord).await.unwrap();
    let (p500, _) = &partners[0];
    let mut t500 = repo.tenant_by_slug("t-p500").await.unwrap().unwrap();
    t500.seats = 501;
    repo.save_tenant(&mut t500).await.unwrap();
    clock.now.store(dec3 + 86_400_000, Ordering::SeqCst);
    take(&repo).await.unwrap();
    let later = generate(&repo, "2026-12").await.unwrap();
    assert_eq!(
        (later.as_of.as_deref(), later.kept_paid),
        (Some("2026-12-04"), 1)
    );
    assert_eq!(payout(&contracted).await, paid);
    assert_eq!(payout(p500).await.payout_minor, 368_970);
    assert_eq!(repo.payouts(Some("2026-12"), None).await.unwrap().len(), 5);
    assert_eq!(
        repo.payouts(None, Some(&contracted.id))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn revenue_snapshots_sqlite() {
    let store = server::store::sqlite::SqliteStore::open(":memory:")
        .await
        .expect("open sqlite");
    revenue_snapshots(Arc::new(store)).await;
}

#[tokio::test]
async fn revenue_snapshots_mongodb() {
    let ferret = servers::ferretdb().await;
    let store = server::store::mongo::MongoStore::connect(&ferret.mongodb_url("revenue"))
        .await
        .expect("connect to FerretDB");
    revenue_snapshots(Arc::new(store)).await;
}

#[tokio::test]
async fn conformance_sqlite() {
    let dir = std::env::temp_dir().join(format!(
        "dezky-store-{}-{}",
        std::process::id(),
        servers::free_port()
    ));
    let path = dir.join("dezky.db");
    let store = server::store::sqlite::SqliteStore::open(path.to_str().unwrap())
        .await
        .expect("open sqlite");
    conformance(Arc::new(store)).await;
    // Re-opening applies no migration twice and keeps the data.
    let reopened = server::store::sqlite::SqliteStore::open(path.to_str().unwrap())
        .await
        .expect("reopen");
    assert_eq!(reopened.count(&c::PARTNERS, &[]).await.unwrap(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn conformance_mongodb() {
    let ferret = servers::ferretdb().await;
    let store = server::store::mongo::MongoStore::connect(&ferret.mongodb_url("conformance"))
        .await
        .expect("connect to FerretDB");
    conformance(Arc::new(store)).await;
}
