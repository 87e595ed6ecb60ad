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
        other => usage(&format!("unknown command {other}")),
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
