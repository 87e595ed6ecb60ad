//! `dezky-audit`: the auditor's command-line tool, without the web app.
//!
//!   dezky-audit verify [--store URL] [--bucket] [--ed25519-public HEX]...
//!       Verifies the chain. `--store` (sqlite://… or mongodb://…): the hot
//!       events and checkpoints; `--bucket`: the archived batches in the bucket
//!       named by AUDIT_COLD_ENDPOINT, AUDIT_COLD_BUCKET, AUDIT_COLD_ACCESS_KEY
//!       and AUDIT_COLD_SECRET_KEY. Both: the whole chain across the hot/cold
//!       boundary; only the bucket: every batch from genesis. The HMAC key, if
//!       checkpoints and manifests use it, comes from AUDIT_SIGNING_KEY. Prints
//!       the report as JSON; exits 0 when the chain is intact, 1 with the break
//!       kind, 2 on a usage or connection error.
//!
//!   dezky-audit archive --store URL [--retention-days N] [--batch-size N]
//!       One archive run to the bucket above (signing key from
//!       AUDIT_SIGNING_KEY or AUDIT_ED25519_SECRET_KEY), like the daily run.
//!
//!   dezky-audit prove verify FILE --public-key KEY
//!       Checks an event's inclusion proof file ("Download proof" on an audit
//!       row) offline: the checkpoint's signature under KEY (the note key
//!       `name+hash+base64` from /.well-known/dezky-audit-keys.json, or a
//!       file holding it), the event against its hash, and the path from its
//!       leaf to the checkpoint's root. Nothing else is read: no store, no
//!       network. Exits 0 when it proves, 1 with the reason, 2 on usage.
//!
//!   dezky-audit consistency OLD NEW --proof FILE --public-key KEY
//!       Checks that the saved checkpoint OLD (a signed note, e.g. from
//!       /.well-known/dezky-audit/checkpoint) is a prefix of NEW by the
//!       consistency proof in FILE (from /audit/consistency): the log was
//!       only appended to in between. Offline; exits like `prove verify`.
//!
//!   dezky-audit append --store URL --writers N --events M
//!       Appends N×M synthetic events from N concurrent writers (load and
//!       concurrency testing; never against production). Prints the rate.
// A command-line tool: its output is stdout.
#![allow(clippy::print_stdout)]

use app::domain::audit::{ActorType, AuditRecord, Outcome, Source};
use app::repo::Repo;
use app::services::audit::archive::ObjectStorage;
use app::services::audit::checkpoint::VerifyKeys;
use server::config::Env;
use server::store::StoreUrl;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

fn usage(message: &str) -> ExitCode {
    eprintln!("dezky-audit: {message}");
    eprintln!("usage: dezky-audit verify [--store URL] [--bucket] [--ed25519-public HEX]...");
    eprintln!("       dezky-audit archive --store URL [--retention-days N] [--batch-size N]");
    eprintln!("       dezky-audit prove verify FILE --public-key KEY");
    eprintln!("       dezky-audit consistency OLD NEW --proof FILE --public-key KEY");
    eprintln!("       dezky-audit append --store URL --writers N --events M");
    ExitCode::from(2)
}

struct Args {
    command: String,
    store: Option<String>,
    ed25519: Vec<String>,
    writers: usize,
    events: usize,
    bucket: bool,
    retention_days: Option<u32>,
    batch_size: Option<usize>,
    positional: Vec<String>,
    public_key: Option<String>,
    proof: Option<String>,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or("no command")?;
    let mut args = Args {
        command,
        store: None,
        ed25519: vec![],
        writers: 1,
        events: 100,
        bucket: false,
        retention_days: None,
        batch_size: None,
        positional: vec![],
        public_key: None,
        proof: None,
    };
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--store" => args.store = Some(value()?),
            "--ed25519-public" => args.ed25519.push(value()?),
            "--writers" => {
                args.writers = value()?.parse().map_err(|e| format!("--writers: {e}"))?
            }
            "--events" => args.events = value()?.parse().map_err(|e| format!("--events: {e}"))?,
            "--bucket" => args.bucket = true,
            "--retention-days" => {
                args.retention_days = Some(
                    value()?
                        .parse()
                        .map_err(|e| format!("--retention-days: {e}"))?,
                )
            }
            "--batch-size" => {
                let n: usize = value()?.parse().map_err(|e| format!("--batch-size: {e}"))?;
                if n == 0 {
                    return Err("--batch-size must be at least 1".into());
                }
                args.batch_size = Some(n);
            }
            "--public-key" => args.public_key = Some(value()?),
            "--proof" => args.proof = Some(value()?),
            other if !other.starts_with("--") => args.positional.push(flag.clone()),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(args)
}

fn synthetic(writer: usize, n: usize) -> AuditRecord {
    AuditRecord {
        seq: 0,
        at: 0,
        actor_type: ActorType::Service,
        actor_id: format!("load-writer-{writer}"),
        actor_email: String::new(),
        actor_ip: String::new(),
        action: "load.appended".into(),
        outcome: Outcome::Success,
        resource_type: "load".into(),
        resource_id: format!("{writer}-{n}"),
        resource_name: String::new(),
        tenant_slug: None,
        partner_slug: None,
        source: Source::Platform,
        metadata: serde_json::json!({ "writer": writer, "n": n }),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

fn verify_keys(ed25519: &[String]) -> Result<VerifyKeys, String> {
    let mut keys = VerifyKeys {
        hmac: Env::from_process()
            .get("AUDIT_SIGNING_KEY")
            .map(|k| k.as_bytes().to_vec()),
        ed25519: vec![],
    };
    for hex_key in ed25519 {
        let key = hex::decode(hex_key)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
            .ok_or("--ed25519-public must be 64 hex characters of a valid key")?;
        keys.ed25519.push(key);
    }
    Ok(keys)
}

/// The bucket from the AUDIT_COLD_* variables.
fn bucket() -> Result<Arc<dyn ObjectStorage>, String> {
    match server::integrations::s3::S3Config::from_env(&Env::from_process()) {
        Ok(Some(cfg)) => Ok(Arc::new(server::integrations::s3::S3Storage::new(&cfg))),
        Ok(None) => {
            Err("--bucket needs AUDIT_COLD_ENDPOINT (and the other AUDIT_COLD_* variables)".into())
        }
        Err(e) => Err(e.to_string()),
    }
}

async fn open_repo(raw: &str) -> Result<Repo, ExitCode> {
    let url = StoreUrl::parse(raw).map_err(|e| usage(&format!("--store {e}")))?;
    match server::store::open(&url).await {
        Ok(store) => Ok(Repo::new(
            store,
            Arc::new(server::clock::SystemClock::default()),
        )),
        Err(e) => {
            eprintln!("dezky-audit: store {raw}: {e}");
            Err(ExitCode::from(2))
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => return usage(&e),
    };
    match args.command.as_str() {
        "verify" => verify(&args).await,
        "archive" => archive(&args).await,
        "append" => append(&args).await,
        "prove" => prove(&args),
        "consistency" => consistency(&args),
        other => usage(&format!("unknown command {other}")),
    }
}

/// The note verifier key given by `--public-key`: the key itself, or a file
/// holding it.
fn note_verifier(args: &Args) -> Result<app::services::audit::note::Verifier, String> {
    let raw = args.public_key.as_deref().ok_or(
        "--public-key KEY is required (the note key from /.well-known/dezky-audit-keys.json)",
    )?;
    let text = std::fs::read_to_string(raw).unwrap_or_else(|_| raw.to_owned());
    app::services::audit::note::Verifier::parse(&text).map_err(|e| format!("--public-key: {e}"))
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// `prove verify FILE`: an event's inclusion proof, offline.
fn prove(args: &Args) -> ExitCode {
    use app::services::audit::proof;
    let (Some("verify"), Some(file)) = (
        args.positional.first().map(String::as_str),
        args.positional.get(1),
    ) else {
        return usage("prove verify FILE --public-key KEY");
    };
    let (verifier, bytes) = match (note_verifier(args), read(file)) {
        (Ok(v), Ok(b)) => (v, b),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    match proof::verify_inclusion_file(&bytes, &verifier) {
        Ok(p) => {
            println!(
                "OK: event {} is in the log {} (tree of {} events), signed by {}",
                p.seq, p.origin, p.tree_size, verifier.name
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("FAILED: {e}");
            ExitCode::from(1)
        }
    }
}

/// `consistency OLD NEW --proof FILE`: two saved checkpoints, offline.
fn consistency(args: &Args) -> ExitCode {
    use app::services::audit::proof;
    let (Some(old), Some(new), Some(file)) = (
        args.positional.first(),
        args.positional.get(1),
        args.proof.as_deref(),
    ) else {
        return usage("consistency OLD NEW --proof FILE --public-key KEY");
    };
    let verifier = match note_verifier(args) {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    let texts = [old.as_str(), new.as_str()]
        .map(|p| read(p).and_then(|b| String::from_utf8(b).map_err(|_| format!("{p}: not text"))));
    let [Ok(old), Ok(new)] = texts else {
        let [a, b] = texts;
        return usage(&a.err().or(b.err()).unwrap_or_default());
    };
    let file: proof::ConsistencyFile = match read(file)
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("{file}: {e}")))
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("FAILED: not a dezky consistency proof: {e}");
            return ExitCode::from(1);
        }
    };
    match proof::verify_consistency_notes(&old, &new, &file.consistency_proof, &verifier) {
        Ok((m, n)) => {
            println!("OK: the log of {m} events is a prefix of the log of {n} events");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("FAILED: {e}");
            ExitCode::from(1)
        }
    }
}

async fn verify(args: &Args) -> ExitCode {
    use app::services::audit::verify;
    let keys = match verify_keys(&args.ed25519) {
        Ok(k) => k,
        Err(e) => return usage(&e),
    };
    let cold = match args.bucket.then(bucket).transpose() {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let started = Instant::now();
    let report = match (args.store.as_deref(), cold) {
        (None, None) => return usage("verify needs --store URL and/or --bucket"),
        (Some(raw), cold) => {
            let repo = match open_repo(raw).await {
                Ok(r) => r,
                Err(code) => return code,
            };
            match cold {
                Some(cold) => verify::verify_with_archive(&repo, &keys, cold.as_ref()).await,
                None => verify::verify(&repo, &keys).await.map_err(Into::into),
            }
        }
        (None, Some(cold)) => verify::verify_bucket(&keys, cold.as_ref()).await,
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dezky-audit: reading the chain failed: {e}");
            return ExitCode::from(2);
        }
    };
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
    if args.store.is_none() && report.batches_checked == 0 && report.first_break.is_none() {
        // An empty bucket proves nothing: most likely the wrong one.
        eprintln!("dezky-audit: no archive manifests under audit/ in this bucket");
        return ExitCode::from(2);
    }
    eprintln!(
        "verified {} hot and {} archived events ({} batches) in {secs:.3} s",
        report.events_checked, report.archived_events_checked, report.batches_checked
    );
    match &report.first_break {
        None => ExitCode::SUCCESS,
        Some(b) => {
            eprintln!("BREAK: {}", b.kind());
            ExitCode::from(1)
        }
    }
}

async fn archive(args: &Args) -> ExitCode {
    use app::services::audit::archive::{ArchiveConfig, Archiver};
    let Some(raw) = args.store.as_deref() else {
        return usage("--store is required");
    };
    let config = match server::config::Config::from_env(&Env::from_process()) {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let Some(signer) = config.audit.signer.clone() else {
        return usage("archive needs AUDIT_SIGNING_KEY or AUDIT_ED25519_SECRET_KEY");
    };
    let cold = match bucket() {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let repo = match open_repo(raw).await {
        Ok(r) => r,
        Err(code) => return code,
    };
    let defaults = ArchiveConfig::default();
    let archiver = Archiver::new(
        repo,
        cold,
        signer,
        None,
        ArchiveConfig {
            retention_days: args
                .retention_days
                .unwrap_or(config.audit.hot_retention_days),
            batch_size: args.batch_size.unwrap_or(defaults.batch_size),
        },
    );
    match archiver.run("cli").await {
        Ok(r) => {
            println!(
                "archived {} events in {} batches (leftovers deleted: {})",
                r.events_archived,
                r.batches.len(),
                r.leftovers_deleted
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dezky-audit: {e}");
            ExitCode::from(2)
        }
    }
}

async fn append(args: &Args) -> ExitCode {
    let Some(raw) = args.store.as_deref() else {
        return usage("--store is required");
    };
    let repo = match open_repo(raw).await {
        Ok(r) => r,
        Err(code) => return code,
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..args.writers {
        let repo = repo.clone();
        let events = args.events;
        tasks.push(tokio::spawn(async move {
            for n in 0..events {
                let mut e = synthetic(w, n);
                e.at = repo.now();
                app::services::audit::chain::append(&repo, &e).await?;
            }
            Ok::<_, app::ports::store::StoreError>(())
        }));
    }
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                eprintln!("dezky-audit: append failed: {e}");
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("dezky-audit: writer crashed: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let total = args.writers * args.events;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "appended {total} events with {} writers in {secs:.3} s: {:.0} appends/s",
        args.writers,
        total as f64 / secs
    );
    ExitCode::SUCCESS
}
