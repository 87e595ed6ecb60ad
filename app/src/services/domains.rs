//! A tenant's mail domains: added (IDN to punycode, checked against every
//! other tenant and dezky's own domains, created in the mail server with DKIM
//! keys), the records to publish read from the mail server's zone, checked
//! against live DNS through the configured resolvers (ownership first), made
//! primary, removed only when nothing uses them, walked up the DMARC ladder,
//! metered for SPF lookups, and rechecked on a schedule so drift is noticed.
pub mod spf;

use super::context::{Ctx, Services, Target};
use super::tenants;
use crate::domain::audit::{ActorType, AuditRecord, Outcome};
use crate::domain::authz::Action;
use crate::domain::dmarc::{self, DmarcStep, LADDER, Preconditions};
use crate::domain::mail_domains::{
    self as md, DomainCheck, DomainStatus, ExpectedRecord, MailDomainRecord, Published, RecordKind,
    RecordState,
};
use crate::domain::model::{Millis, Tenant};
use crate::domain::spf::{SpfReport, SpfVerdict};
use crate::domain::views::{
    DmarcGuide, DmarcStepView, DomainDetail, DomainSummary, DomainsView, RecordRow,
    RemoveDomainOutcome,
};
use crate::domain::{AppError, System, Unavailable};
use crate::ports::api_error::{ApiError, ApiErrorKind as Kind};
use crate::ports::mail_admin::{DomainZone, MailAdmin};
use crate::ports::store::StoreError;
use serde_json::json;
use std::sync::Arc;

/// How often verified (and pending) domains are rechecked by default.
pub const DEFAULT_RECHECK_SECS: u64 = 6 * 60 * 60;

fn mail(ctx: &Services) -> Result<&Arc<dyn MailAdmin>, AppError> {
    ctx.mail_admin.as_ref().ok_or(AppError::Unavailable {
        system: System::Mail,
        reason: Unavailable::NotConnected,
    })
}

fn mail_failed(e: ApiError) -> AppError {
    tracing::warn!(error = %e, "mail server domain call failed");
    AppError::Unavailable {
        system: System::Mail,
        reason: Unavailable::Failed,
    }
}

fn dns_failed(e: crate::ports::dns::DnsError) -> AppError {
    tracing::warn!(error = %e, "domain check: DNS lookup failed");
    AppError::Unavailable {
        system: System::Dns,
        reason: Unavailable::Failed,
    }
}

fn target(tenant: &Tenant, d: &MailDomainRecord) -> Target {
    Target {
        resource_type: "domain",
        resource_id: d.id.clone(),
        resource_name: d.name.clone(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    }
}

/// A typed name as the mail server and DNS know it: trimmed, lower case,
/// without a trailing dot, an IDN as punycode. The field's reason code when
/// it cannot be one.
pub fn normalise(input: &str) -> Result<(String, String), &'static str> {
    let trimmed = input.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return Err("required");
    }
    if trimmed.contains("://") || trimmed.contains('@') || trimmed.contains('/') {
        return Err("invalid_domain");
    }
    let ascii = idna::domain_to_ascii_strict(trimmed).map_err(|_| "invalid_domain")?;
    md::check_ascii_name(&ascii)?;
    let (unicode, result) = idna::domain_to_unicode(&ascii);
    if result.is_err() {
        return Err("invalid_domain");
    }
    Ok((ascii, unicode))
}

/// A random token for the ownership record.
fn ownership_token() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

/// Where each domain's scheduled check falls inside the interval: spread
/// by its id, so a thousand domains are not all checked in one minute.
fn slot(id: &str, interval_ms: i64) -> i64 {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(id.as_bytes());
    let n = u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
    i64::try_from(n % u64::try_from(interval_ms.max(1)).unwrap_or(1)).unwrap_or(0)
}

/// The next scheduled check after `now`.
pub fn next_check(id: &str, now: Millis, interval_ms: i64) -> Millis {
    let interval_ms = interval_ms.max(1);
    let offset = slot(id, interval_ms);
    // The next point of the domain's slot in the interval grid after now.
    let base = now - now.rem_euclid(interval_ms) + offset;
    if base > now { base } else { base + interval_ms }
}

fn summary(tenant: &Tenant, d: &MailDomainRecord) -> DomainSummary {
    DomainSummary {
        name: d.name.clone(),
        display_name: d.display_name.clone(),
        status: d.status,
        primary: tenant.primary_domain.as_deref() == Some(d.name.as_str()),
        checked_at: d.last_check.as_ref().map(|c| c.at),
        verified_at: d.verified_at,
        problems: d.last_check.as_ref().map_or(0, |c| {
            c.records.iter().filter(|r| !r.state.passes()).count() as u32
        }),
    }
}

/// The records the mail server's zone asks for, sorted into kinds; the
/// report address of its DMARC record.
fn expected_from(zone: &DomainZone) -> (Vec<ExpectedRecord>, Vec<String>) {
    let mut rua = Vec::new();
    let records = zone
        .records
        .iter()
        .map(|r| {
            let kind = md::kind_of(&r.name, &r.kind, &r.value);
            if kind == RecordKind::Dmarc
                && let Ok(parsed) = dmarc::parse(&r.value)
            {
                rua = parsed.rua;
            }
            ExpectedRecord {
                kind,
                name: r.name.clone(),
                rtype: r.kind.clone(),
                value: r.value.clone(),
            }
        })
        .collect();
    (records, rua)
}

/// The domains page.
pub async fn list(ctx: &Ctx, slug: &str) -> Result<DomainsView, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let domains = ctx.repo().mail_domains_of(&tenant.id).await?;
    let primary_not_added = tenant
        .primary_domain
        .clone()
        .filter(|p| !domains.iter().any(|d| &d.name == p));
    Ok(DomainsView {
        tenant: tenant.slug.clone(),
        domains: domains.iter().map(|d| summary(&tenant, d)).collect(),
        primary_not_added,
        check_every_minutes: ctx.services.domain_recheck_secs.div_ceil(60),
        mail_connected: ctx
            .services
            .mail_admin
            .as_ref()
            .is_some_and(|m| m.provisioning_enabled()),
    })
}

async fn owned(ctx: &Ctx, tenant: &Tenant, name: &str) -> Result<MailDomainRecord, AppError> {
    let name = normalise(name).map(|(a, _)| a).unwrap_or_default();
    ctx.repo()
        .mail_domain_by_name(&name)
        .await?
        .filter(|d| d.tenant_id == tenant.id)
        .ok_or(AppError::NotFound)
}

/// One domain with its records and guide.
pub async fn detail(ctx: &Ctx, slug: &str, name: &str) -> Result<DomainDetail, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let d = owned(ctx, &tenant, name).await?;
    Ok(detail_of(&tenant, &d, None))
}

fn detail_of(tenant: &Tenant, d: &MailDomainRecord, spf: Option<&SpfReport>) -> DomainDetail {
    // The last check's findings compared with today's records (a DMARC
    // step chosen since is compared with what was found).
    let found = d.last_check.as_ref().map(Published::from_check);
    let step = DmarcStep::at(d.dmarc_step);
    let records = d
        .to_publish()
        .into_iter()
        .map(|record| {
            let checked = d.last_check.as_ref().is_some_and(|c| {
                c.records
                    .iter()
                    .any(|r| r.kind == record.kind && r.name == record.name)
            });
            let again = found
                .as_ref()
                .filter(|_| checked)
                .map(|f| md::compare(&record, f, step));
            RecordRow {
                zone_value: if record.rtype == "TXT" {
                    md::quote_txt(&record.value)
                } else {
                    record.value.clone()
                },
                state: again.as_ref().map(|c| c.state),
                found: again.map(|c| c.found).unwrap_or_default(),
                record,
            }
        })
        .collect();
    DomainDetail {
        tenant: tenant.slug.clone(),
        summary: summary(tenant, d),
        records,
        zone_file: d.zone_file(),
        dmarc: guide(d, spf),
    }
}

/// What must hold before moving up the DMARC ladder, from the last check
/// (and the SPF meter when it was read).
fn preconditions(d: &MailDomainRecord, spf: Option<&SpfReport>) -> Preconditions {
    let check = d.last_check.as_ref();
    let spf_within =
        spf.is_none_or(|r| matches!(r.verdict, SpfVerdict::Ok | SpfVerdict::NearLimit));
    Preconditions {
        verified: d.status != DomainStatus::Pending,
        spf_ok: spf_within
            && check.and_then(|c| c.state_of(RecordKind::Spf)) == Some(RecordState::Ok),
        dkim_ok: check.and_then(|c| c.state_of(RecordKind::Dkim)) == Some(RecordState::Ok),
    }
}

fn guide(d: &MailDomainRecord, spf: Option<&SpfReport>) -> DmarcGuide {
    let published = d.last_check.as_ref().and_then(|c| {
        c.records
            .iter()
            .find(|r| r.kind == RecordKind::Dmarc)
            .and_then(|r| r.found.first().cloned())
    });
    let parsed = published.as_deref().map(dmarc::parse);
    let pre = preconditions(d, spf);
    let chosen = DmarcStep::at(d.dmarc_step);
    DmarcGuide {
        chosen: d.dmarc_step,
        published_error: parsed.clone().and_then(Result::err),
        published_step: parsed
            .as_ref()
            .and_then(|p| p.as_ref().ok())
            .and_then(DmarcStep::of),
        matches: parsed
            .as_ref()
            .and_then(|p| p.as_ref().ok())
            .is_some_and(|r| chosen.matches(r)),
        published,
        steps: LADDER
            .iter()
            .enumerate()
            .map(|(i, step)| DmarcStepView {
                index: u8::try_from(i).unwrap_or(0),
                step: *step,
                record: step.record(&d.dmarc_rua),
                blocked: pre.blocking(*step),
            })
            .collect(),
    }
}

/// Adds a domain: created in the mail server (DKIM keys generated there),
/// its records read from the server's zone, kept for the tenant.
pub async fn add(ctx: &Ctx, slug: &str, input: &str) -> Result<DomainDetail, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let (name, display_name) = normalise(input).map_err(|r| AppError::invalid("name", r))?;
    if let Some(existing) = ctx.repo().mail_domain_by_name(&name).await? {
        let reason = if existing.tenant_id == tenant.id {
            "already_added"
        } else {
            "domain_of_other_tenant"
        };
        return Err(AppError::invalid("name", reason));
    }
    if let Some(other) = ctx.repo().tenant_by_domain(&name).await?
        && other.id != tenant.id
    {
        return Err(AppError::invalid("name", "domain_of_other_tenant"));
    }
    let mail = mail(&ctx.services)?;
    if !mail.provisioning_enabled() {
        return Err(AppError::Unavailable {
            system: System::Mail,
            reason: Unavailable::NotConnected,
        });
    }
    // A domain already on the mail server that no tenant has (an add that
    // stopped after the server made it, or the tenant's primary domain set
    // before this page existed) is taken over rather than made twice.
    let created = match mail.find_domain(&name).await.map_err(mail_failed)? {
        Some(d) => d,
        None => mail.create_domain(&name).await.map_err(mail_failed)?,
    };
    let zone = mail.zone(&created.id).await.map_err(mail_failed)?;
    let (expected, dmarc_rua) = expected_from(&zone);
    let now = ctx.repo().now();
    let id = ctx.repo().new_id();
    let record = MailDomainRecord {
        next_check_at: Some(next_check(&id, now, recheck_ms(&ctx.services))),
        id,
        tenant_id: tenant.id.clone(),
        name: name.clone(),
        display_name,
        mail_id: created.id,
        ownership_token: ownership_token(),
        status: DomainStatus::Pending,
        dmarc_step: 0,
        dmarc_rua,
        expected,
        zone_text: zone.text,
        last_check: None,
        verified_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    match ctx.repo().insert_mail_domain(&record).await {
        Ok(()) => {}
        Err(StoreError::Duplicate { .. }) => {
            return Err(AppError::invalid("name", "domain_of_other_tenant"));
        }
        Err(e) => return Err(e.into()),
    }
    ctx.record(
        "domain.added",
        Outcome::Success,
        &target(&tenant, &record),
        json!({ "display_name": record.display_name, "mail_id": record.mail_id }),
    )
    .await;
    // The first domain of a tenant without one becomes its primary once
    // verified (see `check`).
    Ok(detail_of(&tenant, &record, None))
}

fn recheck_ms(services: &Services) -> i64 {
    i64::try_from(services.domain_recheck_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
}

/// What DNS serves at every name the records live at.
async fn published(services: &Services, records: &[ExpectedRecord]) -> Result<Published, AppError> {
    let mut out = Published::default();
    let mut txt_names: Vec<&str> = records
        .iter()
        .filter(|r| r.rtype == "TXT")
        .map(|r| r.name.as_str())
        .collect();
    txt_names.sort_unstable();
    txt_names.dedup();
    for name in txt_names {
        let found = services.dns.txt(name).await.map_err(dns_failed)?;
        out.txt.push((name.to_owned(), found));
    }
    let mut mx_names: Vec<&str> = records
        .iter()
        .filter(|r| r.rtype == "MX")
        .map(|r| r.name.as_str())
        .collect();
    mx_names.sort_unstable();
    mx_names.dedup();
    for name in mx_names {
        let found = services.dns.mx(name).await.map_err(dns_failed)?;
        out.mx.push((
            name.to_owned(),
            found
                .into_iter()
                .map(|m| format!("{} {}", m.preference, m.exchange))
                .collect(),
        ));
    }
    Ok(out)
}

/// What a check changed, for its audit events.
#[derive(Debug, PartialEq, Eq)]
pub enum Transition {
    Verified,
    Drifted(Vec<String>),
    Cleared,
    /// Still verified, but a published value changed (an SPF record with a
    /// new include): noted in the audit log, not an alarm.
    Changed(Vec<String>),
    Unchanged,
    /// Another check (the worker, a second tab) saved first: its result
    /// stands and this one is dropped.
    Superseded,
}

/// Checks one domain against live DNS and saves the result: THE check the
/// page's "Check now" and the scheduled worker share. The mail server's zone
/// is read again first (a rotated DKIM key must be published); when it does
/// not answer, the records read before are checked.
pub async fn run_check(
    services: &Services,
    d: &mut MailDomainRecord,
) -> Result<Transition, AppError> {
    if let Some(mail) = &services.mail_admin {
        match mail.zone(&d.mail_id).await {
            Ok(zone) => {
                let (expected, rua) = expected_from(&zone);
                d.expected = expected;
                if !rua.is_empty() {
                    d.dmarc_rua = rua;
                }
                d.zone_text = zone.text;
            }
            Err(e) => {
                tracing::warn!(error = %e, domain = %d.name, "mail server zone not read; checking the records read before")
            }
        }
    }
    let records = d.to_publish();
    let found = published(services, &records).await?;
    let step = DmarcStep::at(d.dmarc_step);
    let now = services.repo.now();
    let check = DomainCheck {
        at: now,
        records: records
            .iter()
            .map(|r| md::compare(r, &found, step))
            .collect(),
    };
    let before_status = d.status;
    let transition = match (before_status, md::status_after(before_status, &check)) {
        (DomainStatus::Pending, DomainStatus::Verified) => Transition::Verified,
        (DomainStatus::Verified, DomainStatus::NeedsAttention) => {
            let broken = match &d.last_check {
                Some(before) => check.broken_since(before),
                None => Vec::new(),
            };
            let mut names: Vec<String> = if broken.is_empty() {
                check
                    .records
                    .iter()
                    .filter(|r| !r.state.passes())
                    .map(|r| format!("{} {}", r.kind.as_str(), r.name))
                    .collect()
            } else {
                broken
                    .iter()
                    .map(|r| format!("{} {}", r.kind.as_str(), r.name))
                    .collect()
            };
            names.dedup();
            Transition::Drifted(names)
        }
        (DomainStatus::NeedsAttention, DomainStatus::Verified) => Transition::Cleared,
        (DomainStatus::Verified, DomainStatus::Verified) => {
            let changed: Vec<String> = d
                .last_check
                .as_ref()
                .map(|before| {
                    check
                        .changed_since(before)
                        .iter()
                        .map(|r| format!("{} {}", r.kind.as_str(), r.name))
                        .collect()
                })
                .unwrap_or_default();
            if changed.is_empty() {
                Transition::Unchanged
            } else {
                Transition::Changed(changed)
            }
        }
        _ => Transition::Unchanged,
    };
    d.status = md::status_after(before_status, &check);
    if d.status == DomainStatus::Verified && d.verified_at.is_none() {
        d.verified_at = Some(now);
    }
    d.last_check = Some(check);
    d.next_check_at = Some(next_check(&d.id, now, recheck_ms(services)));
    match services.repo.save_mail_domain(d).await {
        Ok(()) => Ok(transition),
        Err(StoreError::VersionConflict) => Ok(Transition::Superseded),
        Err(e) => Err(e.into()),
    }
}

fn transition_event(
    t: &Transition,
    d: &MailDomainRecord,
) -> Option<(&'static str, serde_json::Value)> {
    match t {
        Transition::Verified => Some((
            "domain.verified",
            json!({ "records": d.to_publish().len() }),
        )),
        Transition::Drifted(records) => {
            Some(("domain.drift_detected", json!({ "records": records })))
        }
        Transition::Cleared => Some(("domain.drift_cleared", json!({}))),
        Transition::Changed(records) => {
            Some(("domain.records_changed", json!({ "records": records })))
        }
        Transition::Unchanged | Transition::Superseded => None,
    }
}

/// A tenant without a primary domain gets its first verified one (new
/// mailboxes need one). Returns whether it did.
async fn adopt_as_primary(
    services: &Services,
    tenant: &mut Tenant,
    d: &MailDomainRecord,
) -> Result<bool, AppError> {
    if d.status != DomainStatus::Verified || tenant.primary_domain.is_some() {
        return Ok(false);
    }
    tenant.primary_domain = Some(d.name.clone());
    services.repo.save_tenant(tenant).await?;
    Ok(true)
}

/// "Check now": verifies a pending domain, rechecks a verified one.
pub async fn check(ctx: &Ctx, slug: &str, name: &str) -> Result<DomainDetail, AppError> {
    let (mut tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let mut d = owned(ctx, &tenant, name).await?;
    let transition = run_check(&ctx.services, &mut d).await?;
    if transition == Transition::Superseded {
        // Checked by the worker at the same moment: show its result.
        d = owned(ctx, &tenant, name).await?;
    }
    let target = target(&tenant, &d);
    if let Some((action, meta)) = transition_event(&transition, &d) {
        ctx.record(action, Outcome::Success, &target, meta).await;
    }
    if adopt_as_primary(&ctx.services, &mut tenant, &d).await? {
        ctx.record(
            "tenant.primary_domain_changed",
            Outcome::Success,
            &target,
            json!({ "from": null, "to": d.name }),
        )
        .await;
    }
    let spf = spf::meter(ctx.services.dns.as_ref(), &d.name).await;
    Ok(detail_of(&tenant, &d, Some(&spf)))
}

/// Makes a verified domain the one new mailboxes are made on.
pub async fn set_primary(ctx: &Ctx, slug: &str, name: &str) -> Result<(), AppError> {
    let (mut tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let d = owned(ctx, &tenant, name).await?;
    if d.status != DomainStatus::Verified {
        return Err(AppError::invalid("domain", "not_verified"));
    }
    let from = tenant.primary_domain.clone();
    if from.as_deref() == Some(d.name.as_str()) {
        return Ok(());
    }
    tenant.primary_domain = Some(d.name.clone());
    ctx.repo().save_tenant(&mut tenant).await?;
    ctx.record(
        "tenant.primary_domain_changed",
        Outcome::Success,
        &target(&tenant, &d),
        json!({ "from": from, "to": d.name }),
    )
    .await;
    Ok(())
}

/// Removes a domain nothing uses any more, from the mail server and dezky.
pub async fn remove(ctx: &Ctx, slug: &str, name: &str) -> Result<RemoveDomainOutcome, AppError> {
    let (mut tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let d = owned(ctx, &tenant, name).await?;
    let is_primary = tenant.primary_domain.as_deref() == Some(d.name.as_str());
    if is_primary {
        let others = ctx.repo().mail_domains_of(&tenant.id).await?;
        if others
            .iter()
            .any(|o| o.id != d.id && o.status == DomainStatus::Verified)
        {
            return Err(AppError::invalid("domain", "primary"));
        }
    }
    let mail = mail(&ctx.services)?;
    let usage = match mail.domain_usage(&d.mail_id).await {
        Ok(u) => Some(u),
        Err(e) if e.kind == Kind::NotFound => None,
        Err(e) => return Err(mail_failed(e)),
    };
    let target = target(&tenant, &d);
    if let Some(usage) = usage {
        if !usage.is_empty() {
            ctx.record(
                "domain.removed",
                Outcome::Failure,
                &target,
                json!({ "in_use": usage.describe() }),
            )
            .await;
            return Ok(RemoveDomainOutcome::InUse {
                mailboxes: usage.mailboxes,
                aliases: usage.aliases,
                lists: usage.lists,
            });
        }
        match mail.delete_domain(&d.mail_id).await {
            Ok(()) => {}
            Err(e) if e.kind == Kind::NotFound => {}
            Err(e) if matches!(&e.kind, Kind::Rejected(_)) => {
                // Something started using it between the check and the
                // removal: name it.
                let usage = mail.domain_usage(&d.mail_id).await.map_err(mail_failed)?;
                return Ok(RemoveDomainOutcome::InUse {
                    mailboxes: usage.mailboxes,
                    aliases: usage.aliases,
                    lists: usage.lists,
                });
            }
            Err(e) => return Err(mail_failed(e)),
        }
    }
    ctx.repo().delete_mail_domain(&d.id).await?;
    if is_primary {
        tenant.primary_domain = None;
        ctx.repo().save_tenant(&mut tenant).await?;
    }
    ctx.record(
        "domain.removed",
        Outcome::Success,
        &target,
        json!({ "was_primary": is_primary }),
    )
    .await;
    Ok(RemoveDomainOutcome::Removed)
}

/// Chooses a DMARC step; moving up past `none` needs the domain verified
/// with SPF and DKIM passing (read live for SPF's lookup count).
pub async fn set_dmarc_step(
    ctx: &Ctx,
    slug: &str,
    name: &str,
    step: u8,
) -> Result<DomainDetail, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let mut d = owned(ctx, &tenant, name).await?;
    if usize::from(step) >= LADDER.len() {
        return Err(AppError::invalid("step", "unknown"));
    }
    let from = d.dmarc_step;
    let spf = spf::meter(ctx.services.dns.as_ref(), &d.name).await;
    if step > from
        && !preconditions(&d, Some(&spf))
            .blocking(DmarcStep::at(step))
            .is_empty()
    {
        return Err(AppError::invalid("step", "blocked"));
    }
    if step != from {
        d.dmarc_step = step;
        ctx.repo().save_mail_domain(&mut d).await?;
        ctx.record(
            "domain.dmarc_step_chosen",
            Outcome::Success,
            &target(&tenant, &d),
            json!({
                "from": DmarcStep::at(from).record(&[]),
                "to": DmarcStep::at(step).record(&[]),
            }),
        )
        .await;
    }
    Ok(detail_of(&tenant, &d, Some(&spf)))
}

/// The SPF lookup meter of one of the tenant's domains.
pub async fn spf_report(ctx: &Ctx, slug: &str, name: &str) -> Result<SpfReport, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let d = owned(ctx, &tenant, name).await?;
    Ok(spf::meter(ctx.services.dns.as_ref(), &d.name).await)
}

/// How many domains of the tenants `tenant_ids` need attention.
pub async fn needing_attention(
    services: &Services,
    tenant_ids: &[String],
) -> Result<u64, AppError> {
    let mut n = 0;
    for id in tenant_ids {
        n += services.repo.mail_domains_needing_attention(id).await?;
    }
    Ok(n)
}

/// The scheduled recheck: every domain whose slot has come, checked once;
/// drift and its clearing are audited as the system. Returns how many were
/// checked.
pub async fn check_due(services: &Services) -> Result<usize, AppError> {
    let now = services.repo.now();
    let due = services.repo.mail_domains_due(now, 100).await?;
    let mut checked = 0;
    for mut d in due {
        let transition = match run_check(services, &mut d).await {
            Ok(t) => t,
            Err(e) => {
                // DNS or the store failed: try again at the next slot, keep
                // the status (an outage is not drift).
                tracing::warn!(domain = %d.name, error = ?e, "scheduled domain check failed");
                if let Ok(Some(mut fresh)) = services.repo.mail_domain(&d.id).await {
                    fresh.next_check_at = Some(next_check(&fresh.id, now, recheck_ms(services)));
                    let _ = services.repo.save_mail_domain(&mut fresh).await;
                }
                continue;
            }
        };
        checked += 1;
        let Some(mut tenant) = services.repo.tenant(&d.tenant_id).await? else {
            continue;
        };
        let mut events: Vec<(&str, serde_json::Value)> =
            transition_event(&transition, &d).into_iter().collect();
        if adopt_as_primary(services, &mut tenant, &d).await? {
            events.push((
                "tenant.primary_domain_changed",
                json!({ "from": null, "to": d.name }),
            ));
        }
        for (action, metadata) in events {
            services
                .auditor
                .record(AuditRecord {
                    actor_type: ActorType::System,
                    actor_id: "domain-checker".into(),
                    action: action.into(),
                    outcome: Outcome::Success,
                    resource_type: "domain".into(),
                    resource_id: d.id.clone(),
                    resource_name: d.name.clone(),
                    tenant_slug: Some(tenant.slug.clone()),
                    metadata,
                    ..AuditRecord::default()
                })
                .await;
        }
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_become_punycode_or_say_why_not() {
        assert_eq!(
            normalise(" Fjord-Tandklinik.DK. "),
            Ok(("fjord-tandklinik.dk".into(), "fjord-tandklinik.dk".into()))
        );
        assert_eq!(
            normalise("Bøger-Fjord.dk"),
            Ok(("xn--bger-fjord-0cb.dk".into(), "bøger-fjord.dk".into()))
        );
        assert_eq!(
            normalise("xn--bger-fjord-0cb.dk"),
            Ok(("xn--bger-fjord-0cb.dk".into(), "bøger-fjord.dk".into()))
        );
        for (bad, why) in [
            ("", "required"),
            ("xn--zz.dk", "invalid_domain"),
            ("xn--.dk", "invalid_domain"),
            ("a_b.dk", "invalid_domain"),
            ("https://x.dk", "invalid_domain"),
            ("x.dk/path", "invalid_domain"),
            ("dezky.eu", "dezky_domain"),
            ("bøger", "single_label"),
        ] {
            assert_eq!(normalise(bad).map(|_| ()), Err(why), "{bad}");
        }
    }

    #[test]
    fn scheduled_checks_are_spread_and_always_ahead() {
        let interval = 3_600_000;
        let now = 1_800_000_000_000;
        let slots: std::collections::BTreeSet<i64> = (0..50)
            .map(|i| next_check(&format!("domain-{i}"), now, interval))
            .collect();
        assert!(slots.len() > 40, "spread over the interval");
        for s in &slots {
            assert!(*s > now && *s <= now + interval, "{s}");
        }
        // The same domain keeps its slot from one interval to the next.
        let first = next_check("d", now, interval);
        assert_eq!(next_check("d", first, interval), first + interval);
    }
}
