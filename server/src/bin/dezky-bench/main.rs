//! `dezky-bench`: the billing benchmark (a benchmark, not a test; never
//! against production: it writes synthetic partners and tenants).
//!
//!   dezky-bench billing --store URL [--tenants N] [--partners M]
//!       Seeds M partners (every fifth progressive, the rest at a contracted
//!       margin) and N tenants spread over them, then times the daily MRR
//!       snapshot and the month's payouts, each run twice (the second run is
//!       the idempotent one). Prints one line per step.
//!
//!   dezky-bench pages --site DIR
//!       Serves the app in-process on an empty embedded store, signed in as
//!       the demo tenant admin, and prints the store reads of one request of
//!       each admin page and of the server functions `/admin` calls.
//!
//!   dezky-bench session --store URL --issuer URL [--subject admin]
//!       Writes a session for a demo account into a running server's store
//!       (its demo seed) and prints the cookie's value.
// A command-line tool: its output is stdout.
#![allow(clippy::print_stdout)]

use app::domain::payouts::month_of;
use app::domain::revenue::{day_label, day_of, seed_catalog};
use app::repo::Repo;
use app::services::{payouts, revenue};
use server::store::StoreUrl;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

mod pages;

fn usage(e: &str) -> ExitCode {
    eprintln!(
        "dezky-bench: {e}\nusage: dezky-bench billing --store URL [--tenants N] [--partners M]\n       dezky-bench pages --site DIR\n       dezky-bench session --store URL --issuer URL [--subject S]"
    );
    ExitCode::from(2)
}

fn line(step: &str, n: u64, what: &str, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    let rate = if secs > 0.0 { n as f64 / secs } else { 0.0 };
    println!("{step:<28} {n:>8} {what:<10} {secs:>8.3} s {rate:>12.0} /s");
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("pages") {
        let [_, flag, site] = args.as_slice() else {
            return usage("pages needs --site DIR");
        };
        if flag != "--site" {
            return usage("pages needs --site DIR");
        }
        return match pages::run(site).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dezky-bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("session") {
        let (mut store, mut issuer, mut subject) = (None, None, "admin".to_owned());
        let mut it = args.iter().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().cloned().unwrap_or_default();
            match flag.as_str() {
                "--store" => store = Some(value),
                "--issuer" => issuer = Some(value),
                "--subject" => subject = value,
                other => return usage(&format!("unknown flag {other}")),
            }
        }
        let (Some(store), Some(issuer)) = (store, issuer) else {
            return usage("session needs --store and --issuer");
        };
        return match pages::session_command(&store, &issuer, &subject).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dezky-bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) != Some("billing") {
        return usage("unknown command");
    }
    let mut store = None;
    let (mut tenants, mut partners) = (10_000u32, 200u32);
    let mut it = args.iter().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().map(String::as_str).unwrap_or_default();
        match flag.as_str() {
            "--store" => store = Some(value.to_owned()),
            "--tenants" => match value.parse() {
                Ok(n) => tenants = n,
                Err(_) => return usage("--tenants needs a number"),
            },
            "--partners" => match value.parse() {
                Ok(n) if n > 0 => partners = n,
                _ => return usage("--partners needs a number above 0"),
            },
            other => return usage(&format!("unknown flag {other}")),
        }
    }
    let Some(raw) = store else {
        return usage("--store is required");
    };
    let url = match StoreUrl::parse(&raw) {
        Ok(u) => u,
        Err(e) => return usage(&format!("--store {e}")),
    };
    let repo = match server::store::open(&url).await {
        Ok(s) => Repo::new(s, Arc::new(server::clock::SystemClock::default())),
        Err(e) => {
            eprintln!("dezky-bench: store {raw}: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&repo, tenants, partners).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dezky-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(repo: &Repo, tenants: u32, partners: u32) -> Result<(), String> {
    let e = |e: app::ports::store::StoreError| e.to_string();
    repo.ensure_catalog(&seed_catalog(repo.now()))
        .await
        .map_err(e)?;
    let started = Instant::now();
    let mut ids = Vec::new();
    for p in 0..partners {
        let slug = format!("bench-partner-{p:04}");
        let mut partner = server::seed::partner(repo, &slug, &slug, &format!("{slug}.example"), 20);
        partner.progressive = p % 5 == 0;
        repo.insert_partner(&partner).await.map_err(e)?;
        ids.push(partner.id);
    }
    for t in 0..tenants {
        let slug = format!("bench-tenant-{t:05}");
        let partner = &ids[(t % partners) as usize];
        let seats = 1 + (t * 7919) % 250;
        let tenant = server::seed::tenant(repo, &slug, &slug, partner, seats, "bench");
        repo.insert_tenant(&tenant).await.map_err(e)?;
    }
    line(
        "seed partners + tenants",
        u64::from(partners + tenants),
        "records",
        started,
    );

    let started = Instant::now();
    let first = revenue::take(repo).await.map_err(e)?;
    line("MRR snapshot (first run)", first.rows, "tenants", started);
    let started = Instant::now();
    let again = revenue::take(repo).await.map_err(e)?;
    line(
        "MRR snapshot (again: no-op)",
        again.rows,
        "tenants",
        started,
    );

    let month = month_of(&day_label(day_of(repo.now()))).to_owned();
    let started = Instant::now();
    let g = payouts::generate(repo, &month).await.map_err(e)?;
    line("payouts (first run)", g.written, "rows", started);
    let started = Instant::now();
    let g2 = payouts::generate(repo, &month).await.map_err(e)?;
    line("payouts (again: idempotent)", g2.written, "rows", started);
    if first.rows != u64::from(tenants) || again.rows != 0 {
        return Err(format!(
            "expected {tenants} snapshot rows then none, got {} then {}",
            first.rows, again.rows
        ));
    }
    Ok(())
}
