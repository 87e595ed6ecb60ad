//! `dezky-audit`: the auditor's command-line tool, without the web app.
//!
//!   dezky-audit verify --store URL [--ed25519-public HEX]...
//!       Verifies the hot chain and its checkpoints in a store (sqlite://… or
//!       mongodb://…). The HMAC key, if checkpoints use it, comes from the
//!       environment variable AUDIT_SIGNING_KEY. Prints the report as JSON; exits
//!       0 when the chain is intact, 1 with the break kind, 2 on a usage or
//!       connection error.
//!
//!   dezky-audit append --store URL --writers N --events M
//!       Appends N×M synthetic events from N concurrent writers (load and
//!       concurrency testing; never against production). Prints the rate.
// A command-line tool: its output is stdout.
#![allow(clippy::print_stdout)]

use app::platform::audit::checkpoint::VerifyKeys;
use app::platform::audit::{ActorType, AuditRecord, Outcome, Source};
use app::platform::repo::Repo;
use server::store::StoreUrl;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

fn usage(message: &str) -> ExitCode {
    eprintln!("dezky-audit: {message}");
    eprintln!("usage: dezky-audit verify --store URL [--ed25519-public HEX]...");
    eprintln!("       dezky-audit append --store URL --writers N --events M");
    ExitCode::from(2)
}

struct Args {
    command: String,
    store: Option<String>,
    ed25519: Vec<String>,
    writers: usize,
    events: usize,
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

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => return usage(&e),
    };
    let Some(raw) = args.store.as_deref() else {
        return usage("--store is required");
    };
    let url = match StoreUrl::parse(raw) {
        Ok(u) => u,
        Err(e) => return usage(&format!("--store {e}")),
    };
    let store = match server::store::open(&url).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dezky-audit: store {raw}: {e}");
            return ExitCode::from(2);
        }
    };
    let repo = Repo::new(store, Arc::new(server::clock::SystemClock::default()));
    match args.command.as_str() {
        "verify" => {
            let mut keys = VerifyKeys {
                hmac: std::env::var("AUDIT_SIGNING_KEY")
                    .ok()
                    .filter(|k| !k.is_empty())
                    .map(String::into_bytes),
                ed25519: vec![],
            };
            for hex_key in &args.ed25519 {
                let key = hex::decode(hex_key)
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok());
                match key {
                    Some(k) => keys.ed25519.push(k),
                    None => {
                        return usage("--ed25519-public must be 64 hex characters of a valid key");
                    }
                }
            }
            let started = Instant::now();
            let report = match app::platform::audit::verify::verify(&repo, &keys).await {
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
            eprintln!("verified {} events in {secs:.3} s", report.events_checked);
            match &report.first_break {
                None => ExitCode::SUCCESS,
                Some(b) => {
                    eprintln!("BREAK: {}", b.kind());
                    ExitCode::from(1)
                }
            }
        }
        "append" => {
            let started = Instant::now();
            let mut tasks = Vec::new();
            for w in 0..args.writers {
                let repo = repo.clone();
                let events = args.events;
                tasks.push(tokio::spawn(async move {
                    for n in 0..events {
                        let mut e = synthetic(w, n);
                        e.at = repo.now();
                        repo.append_audit(&e).await?;
                    }
                    Ok::<_, app::platform::store::StoreError>(())
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
        other => usage(&format!("unknown command {other}")),
    }
}
