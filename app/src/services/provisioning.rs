//! Adding a person to a tenant's workplace: an account at the identity
//! provider (in the tenant's group), a mailbox on the tenant's mail domain, a
//! files account, and the membership in dezky, as one recorded job. Every
//! step finds before it creates, so "Retry" after a failure completes the
//! job without duplicating anything; each step is an audit event. The
//! one-time password is set on the accounts this job created (never on an
//! account the person already had, from another tenant), shown once, and
//! never stored or logged.
use super::context::{Ctx, Target};
use super::{passwords, tenants};
use crate::domain::audit::Outcome;
use crate::domain::authz::Action;
use crate::domain::model::{Tenant, TenantRole, User};
use crate::domain::provisioning::{
    ADD_PERSON_STEPS, JobStatus, JobStep, Lifecycle, NewPerson, ProvisioningJob, StepState,
};
use crate::domain::views::{AccountState, PersonAccounts};
use crate::domain::{AppError, System, Unavailable};
use crate::ports::api_error::ApiError;
use crate::ports::files_admin::NewFilesUser;
use crate::ports::identity_admin::NewIdentityUser;
use crate::ports::mail_admin::{MailAdmin, NewMailbox};
use crate::ports::store::StoreError;
use crate::repo::MembershipChange;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

/// A job after a run, with the one-time password when this run set one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobResult {
    pub job: ProvisioningJob,
    pub one_time_password: Option<String>,
}

/// The identity provider's group of a tenant's people.
pub fn group_of(tenant: &Tenant) -> String {
    format!("dezky-tenant-{}", tenant.slug)
}

fn target(tenant: &Tenant, job: &ProvisioningJob) -> Target {
    Target {
        resource_type: "person",
        resource_id: job.email.clone(),
        resource_name: job.name.clone(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    }
}

/// Starts and runs an add-person job.
pub async fn add_person(ctx: &Ctx, slug: &str, person: NewPerson) -> Result<JobResult, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let person = person.normalised().map_err(|e| AppError::Invalid {
        field: e.field.into(),
        reason: e.reason.into(),
    })?;
    if ctx.services.identity_admin.is_none() {
        return Err(AppError::Unavailable {
            system: System::Identity,
            reason: Unavailable::NotConnected,
        });
    }
    let members = ctx.repo().users_of_tenant(&tenant.id).await?;
    if members
        .iter()
        .any(|u| u.email.eq_ignore_ascii_case(&person.email))
    {
        return Err(AppError::Taken {
            field: "email".into(),
        });
    }
    // An address on another tenant's domain is that tenant's to give out,
    // unless the person already belongs to it (then they work for both).
    if let Some((_, domain)) = person.email.rsplit_once('@')
        && let Some(owner) = ctx.repo().tenant_by_domain(domain).await?
        && owner.id != tenant.id
        && ctx
            .repo()
            .member_by_email(&owner.id, &person.email)
            .await?
            .is_none()
    {
        return Err(AppError::Invalid {
            field: "email".into(),
            reason: "domain_of_other_tenant".into(),
        });
    }
    // Seats follow people: a seat first (bought at the provider when the
    // tenant is full and subscribed), else nobody is added.
    let people = u32::try_from(members.len()).unwrap_or(u32::MAX);
    super::billing::seat_for_new_person(ctx, &tenant, people).await?;
    let job = new_job(ctx, &tenant, "add_person", person, &ADD_PERSON_STEPS);
    start(ctx, &tenant, job).await
}

/// How long a job may stay "running" without finishing a step before it is
/// taken as interrupted (the process running it stopped): the sweeper then
/// marks it failed at the step it was in, and Retry completes it.
pub const INTERRUPTED_AFTER_MS: i64 = 10 * 60_000;

/// Marks the jobs left running by a process that stopped as failed at the
/// step they were in (saved after every step, so that is the first one still
/// pending). Returns how many. A job finishing at the same moment wins: its
/// save bumps the version and the sweeper's is refused.
pub async fn sweep_interrupted(repo: &crate::repo::Repo) -> Result<usize, StoreError> {
    let cutoff = repo.now() - INTERRUPTED_AFTER_MS;
    let mut swept = 0;
    for mut job in repo.running_jobs_before(cutoff).await? {
        let at = repo.now();
        if let Some(step) = job
            .steps
            .iter_mut()
            .find(|s| matches!(s.state, StepState::Pending))
        {
            step.state = StepState::Failed {
                error: format!(
                    "{}: interrupted (dezky stopped during this step); Retry completes it",
                    step.system
                ),
            };
            step.at = at;
        }
        job.status = JobStatus::Failed;
        match repo.save_job(&mut job).await {
            Ok(()) => {
                tracing::warn!(job = %job.id, kind = %job.kind, "interrupted provisioning job marked failed");
                swept += 1;
            }
            Err(StoreError::VersionConflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(swept)
}

/// Runs a failed job again (a done one is answered as it is; one running
/// right now is a conflict).
pub async fn retry(ctx: &Ctx, slug: &str, job_id: &str) -> Result<JobResult, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let mut job = ctx
        .repo()
        .job(job_id)
        .await?
        .filter(|j| j.tenant_id == tenant.id)
        .ok_or(AppError::NotFound)?;
    if job.status == JobStatus::Done {
        return Ok(JobResult {
            job,
            one_time_password: None,
        });
    }
    if job.status == JobStatus::Running && ctx.repo().now() - job.updated_at < INTERRUPTED_AFTER_MS
    {
        return Err(AppError::Conflict);
    }
    run(ctx, &tenant, &mut job).await
}

/// The tenant's recent jobs, newest first.
pub async fn jobs(ctx: &Ctx, slug: &str) -> Result<Vec<ProvisioningJob>, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    Ok(ctx.repo().jobs_of_tenant(&tenant.id, 50).await?)
}

/// A new job of `kind` for `person`, every step pending.
fn new_job(
    ctx: &Ctx,
    tenant: &Tenant,
    kind: &str,
    person: NewPerson,
    steps: &[System],
) -> ProvisioningJob {
    let now = ctx.repo().now();
    ProvisioningJob {
        id: ctx.repo().new_id(),
        tenant_id: tenant.id.clone(),
        kind: kind.into(),
        email: person.email,
        name: person.name,
        role: person.role,
        steps: steps
            .iter()
            .map(|system| JobStep {
                system: *system,
                state: StepState::Pending,
                at: now,
            })
            .collect(),
        status: JobStatus::Running,
        started_by: ctx
            .principal()
            .map(|p| p.user.id.clone())
            .unwrap_or_default(),
        attempts: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Records a new job, then runs it.
async fn start(
    ctx: &Ctx,
    tenant: &Tenant,
    mut job: ProvisioningJob,
) -> Result<JobResult, AppError> {
    ctx.repo().insert_job(&job).await?;
    run(ctx, tenant, &mut job).await
}

async fn run(ctx: &Ctx, tenant: &Tenant, job: &mut ProvisioningJob) -> Result<JobResult, AppError> {
    let password = passwords::one_time();
    job.attempts += 1;
    job.status = JobStatus::Running;
    ctx.repo().save_job(job).await?;
    let mut set_password = false;
    for i in 0..job.steps.len() {
        let system = job.steps[i].system;
        let state = if job.kind == "add_person" {
            step(ctx, tenant, job, system, &password).await
        } else {
            lifecycle_step(ctx, tenant, job, system, &password).await
        };
        // The password reaches the person only where it was set: accounts
        // this job created, or (a reset) the accounts it reset.
        let reset = job.kind == Lifecycle::ResetPassword.kind();
        if matches!(system, System::Identity | System::Mail)
            && matches!(state, StepState::Done { created, .. } if created || reset)
        {
            set_password = true;
        }
        let failed = matches!(state, StepState::Failed { .. });
        ctx.record(
            &format!("person.provision.{}", system.as_str()),
            if failed {
                Outcome::Failure
            } else {
                Outcome::Success
            },
            &target(tenant, job),
            json!({ "job": job.id, "attempt": job.attempts, "step": state }),
        )
        .await;
        job.steps[i] = JobStep {
            system,
            state,
            at: ctx.repo().now(),
        };
        if failed {
            for later in &mut job.steps[i + 1..] {
                later.state = StepState::Pending;
            }
            job.status = JobStatus::Failed;
            ctx.repo().save_job(job).await?;
            return Ok(JobResult {
                job: job.clone(),
                one_time_password: None,
            });
        }
        ctx.repo().save_job(job).await?;
    }
    job.status = JobStatus::Done;
    ctx.repo().save_job(job).await?;
    if job.kind == Lifecycle::Remove.kind() {
        super::billing::release_seat(ctx, &tenant.id).await?;
    }
    let action = match job.kind.as_str() {
        "add_person" => "person.added",
        "suspend" => "person.suspended",
        "resume" => "person.resumed",
        "remove" => "person.removed",
        _ => "person.password_reset",
    };
    ctx.record(
        action,
        Outcome::Success,
        &target(tenant, job),
        json!({ "job": job.id, "role": job.role, "attempts": job.attempts }),
    )
    .await;
    Ok(JobResult {
        job: job.clone(),
        one_time_password: set_password.then_some(password),
    })
}

fn skipped(reason: &str) -> StepState {
    StepState::Skipped {
        reason: reason.into(),
    }
}

fn failed(error: impl std::fmt::Display) -> StepState {
    StepState::Failed {
        error: error.to_string(),
    }
}

/// One system's step: find, else create; a password only on what this job
/// created.
async fn step(
    ctx: &Ctx,
    tenant: &Tenant,
    job: &ProvisioningJob,
    system: System,
    password: &str,
) -> StepState {
    let ours = job.created_by_this_job(system).map(str::to_owned);
    match system {
        System::Identity => {
            let Some(idp) = &ctx.services.identity_admin else {
                return skipped("not_connected");
            };
            let group = match idp.ensure_group(&group_of(tenant)).await {
                Ok(g) => g,
                Err(e) => return failed(e),
            };
            let (id, created) = match idp.find_user_by_email(&job.email).await {
                Err(e) => return failed(e),
                Ok(Some(user)) => {
                    if !user.groups.contains(&group_of(tenant))
                        && let Err(e) = idp.add_to_group(&group_of(tenant), user.id).await
                    {
                        return failed(e);
                    }
                    let created = ours.as_deref() == Some(user.id.to_string().as_str());
                    (user.id, created)
                }
                Ok(None) => {
                    let new = NewIdentityUser {
                        email: job.email.clone(),
                        name: job.name.clone(),
                        path: format!("dezky/{}", tenant.slug),
                        groups: vec![group],
                    };
                    match idp.create_user(&new).await {
                        Ok(user) => (user.id, true),
                        Err(e) => return failed(e),
                    }
                }
            };
            if created && let Err(e) = idp.set_password(id, password).await {
                return failed(e);
            }
            StepState::Done {
                reference: id.to_string(),
                created,
            }
        }
        System::Mail => {
            let Some(mail) = &ctx.services.mail_admin else {
                return skipped("not_connected");
            };
            if !mail.provisioning_enabled() {
                return skipped("provisioning_off");
            }
            let Some(domain_name) = tenant.primary_domain.as_deref() else {
                return skipped("no_mail_domain");
            };
            let Some((local, domain_of_address)) = job.email.rsplit_once('@') else {
                return failed("mail: the address has no domain");
            };
            if !domain_of_address.eq_ignore_ascii_case(domain_name) {
                return skipped("not_on_mail_domain");
            }
            let domain = match mail.find_domain(domain_name).await {
                Ok(Some(d)) => d,
                Ok(None) => {
                    return failed(format!(
                        "mail: the domain {domain_name} is not on the mail server yet"
                    ));
                }
                Err(e) => return failed(e),
            };
            match mail.find_mailbox(&job.email).await {
                Err(e) => failed(e),
                Ok(Some(mailbox)) => {
                    let created = ours.as_deref() == Some(mailbox.id.as_str());
                    if created && let Err(e) = mail.set_password(&mailbox.id, password).await {
                        return failed(e);
                    }
                    StepState::Done {
                        reference: mailbox.id,
                        created,
                    }
                }
                Ok(None) => {
                    let new = NewMailbox {
                        local_part: local.to_owned(),
                        domain_id: domain.id,
                        display_name: Some(job.name.clone()),
                        password: password.to_owned(),
                        quota_bytes: None,
                    };
                    match mail.create_mailbox(&new).await {
                        Ok(m) => StepState::Done {
                            reference: m.id,
                            created: true,
                        },
                        Err(e) => failed(e),
                    }
                }
            }
        }
        System::Files => {
            let Some(files) = &ctx.services.files_admin else {
                return skipped("not_connected");
            };
            match files.find_user(&job.email).await {
                Err(e) => failed(e),
                Ok(Some(user)) => StepState::Done {
                    created: ours.as_deref() == Some(user.id.as_str()),
                    reference: user.id,
                },
                Ok(None) => {
                    let new = NewFilesUser {
                        email: job.email.clone(),
                        display_name: job.name.clone(),
                    };
                    match files.create_user(&new).await {
                        Ok(u) => StepState::Done {
                            reference: u.id,
                            created: true,
                        },
                        Err(e) => failed(e),
                    }
                }
            }
        }
        System::Store => match ctx
            .repo()
            .add_member_by_email(&tenant.id, &job.email, &job.name, job.role)
            .await
        {
            Ok(user) => StepState::Done {
                created: user.issuer == crate::repo::PENDING_ISSUER,
                reference: user.id,
            },
            Err(e) => failed(format!("store: {e}")),
        },
        other => failed(format!("{other}: not a provisioning step")),
    }
}

/// Refuses what an admin may not do to themself.
fn not_self(ctx: &Ctx, email: &str) -> Result<(), AppError> {
    let me = ctx
        .principal()
        .map(|p| p.user.email.as_str())
        .unwrap_or_default();
    if me.eq_ignore_ascii_case(email) {
        return Err(AppError::Invalid {
            field: "email".into(),
            reason: "self".into(),
        });
    }
    Ok(())
}

/// Suspends, resumes or resets the password of a member, as a job.
pub async fn lifecycle(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    what: Lifecycle,
) -> Result<JobResult, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let email = email.trim().to_ascii_lowercase();
    if matches!(what, Lifecycle::Suspend | Lifecycle::Remove) {
        not_self(ctx, &email)?;
    }
    let members = ctx.repo().users_of_tenant(&tenant.id).await?;
    let person = members
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(&email))
        .ok_or(AppError::NotFound)?;
    let membership = person
        .membership(&tenant.id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    if matches!(what, Lifecycle::Suspend | Lifecycle::Remove) {
        not_last_admin(&members, &tenant.id, &person.id)?;
    }
    let job = new_job(
        ctx,
        &tenant,
        what.kind(),
        NewPerson {
            name: person.name.clone(),
            email,
            role: membership.role,
        },
        what.steps(),
    );
    start(ctx, &tenant, job).await
}

/// Refuses a change that would leave the tenant without an active admin.
fn not_last_admin(members: &[User], tenant_id: &str, user_id: &str) -> Result<(), AppError> {
    let admins: Vec<&str> = members
        .iter()
        .filter(|u| u.role_for_tenant(tenant_id) == Some(TenantRole::Admin))
        .map(|u| u.id.as_str())
        .collect();
    if admins == [user_id] {
        return Err(AppError::Invalid {
            field: "role".into(),
            reason: "last_admin".into(),
        });
    }
    Ok(())
}

/// Gives a member another role in the tenant (dezky's own record; the
/// identity provider's group is the same for both roles). The last active
/// admin keeps theirs.
pub async fn change_role(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    role: TenantRole,
) -> Result<TenantRole, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let email = email.trim().to_ascii_lowercase();
    let members = ctx.repo().users_of_tenant(&tenant.id).await?;
    let person = members
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(&email))
        .ok_or(AppError::NotFound)?;
    let before = person
        .membership(&tenant.id)
        .map(|m| m.role)
        .ok_or(AppError::NotFound)?;
    if before == role {
        return Ok(role);
    }
    if role != TenantRole::Admin {
        not_last_admin(&members, &tenant.id, &person.id)?;
    }
    ctx.repo()
        .change_membership(&person.id, &tenant.id, MembershipChange::Role(role))
        .await?;
    let target = Target {
        resource_type: "person",
        resource_id: email,
        resource_name: person.name.clone(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    };
    ctx.record(
        "person.role_changed",
        Outcome::Success,
        &target,
        json!({ "role": { "from": before, "to": role } }),
    )
    .await;
    Ok(role)
}

/// Ends every session of a member: at the identity provider and in dezky.
/// Returns how many ended.
pub async fn force_logout(ctx: &Ctx, slug: &str, email: &str) -> Result<usize, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let email = email.trim().to_ascii_lowercase();
    not_self(ctx, &email)?;
    let person = ctx
        .repo()
        .member_by_email(&tenant.id, &email)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut ended = 0usize;
    if let Some(idp) = &ctx.services.identity_admin {
        let failed = |e: crate::ports::api_error::ApiError| {
            tracing::warn!(error = %e, "force logout at the identity provider failed");
            AppError::Unavailable {
                system: System::Identity,
                reason: Unavailable::Failed,
            }
        };
        // Only this person's sessions: by their own account, never a filter.
        if let Some(account) = idp.find_user_by_email(&email).await.map_err(failed)? {
            ended += idp.end_sessions(account.id).await.map_err(failed)?;
        }
    }
    ended += usize::try_from(ctx.repo().delete_sessions_of_user(&person.id).await?).unwrap_or(0);
    let target = Target {
        resource_type: "person",
        resource_id: email.clone(),
        resource_name: person.name.clone(),
        tenant_slug: Some(tenant.slug.clone()),
        partner_slug: None,
    };
    ctx.record(
        "person.force_logout",
        Outcome::Success,
        &target,
        json!({ "sessions_ended": ended }),
    )
    .await;
    Ok(ended)
}

/// A connected system's port, or the step skipped as not connected.
fn connected<T: ?Sized>(port: &Option<Arc<T>>) -> Result<&Arc<T>, StepState> {
    port.as_ref().ok_or_else(|| skipped("not_connected"))
}

/// The person's account a lookup found, or the step skipped (none) or failed.
fn found<T>(lookup: Result<Option<T>, ApiError>) -> Result<T, StepState> {
    match lookup {
        Ok(Some(account)) => Ok(account),
        Ok(None) => Err(skipped("no_account")),
        Err(e) => Err(failed(e)),
    }
}

/// The step after a change to an existing account (`reference`).
fn changed(result: Result<(), ApiError>, reference: String) -> Result<StepState, StepState> {
    result.map_err(failed)?;
    Ok(StepState::Done {
        reference,
        created: false,
    })
}

/// The mail server, when connected and allowed to change mailboxes.
fn mail_port(ctx: &Ctx) -> Result<&Arc<dyn MailAdmin>, StepState> {
    let mail = connected(&ctx.services.mail_admin)?;
    if !mail.provisioning_enabled() {
        return Err(skipped("provisioning_off"));
    }
    Ok(mail)
}

/// One system's step of a suspend, resume, password reset or removal.
async fn lifecycle_step(
    ctx: &Ctx,
    tenant: &Tenant,
    job: &ProvisioningJob,
    system: System,
    password: &str,
) -> StepState {
    let step = if job.kind == Lifecycle::Remove.kind() {
        remove_step(ctx, tenant, job, system).await
    } else {
        change_step(ctx, tenant, job, system, password).await
    };
    step.unwrap_or_else(|skipped_or_failed| skipped_or_failed)
}

/// One system's step of a suspend, resume or password reset.
async fn change_step(
    ctx: &Ctx,
    tenant: &Tenant,
    job: &ProvisioningJob,
    system: System,
    password: &str,
) -> Result<StepState, StepState> {
    let suspend = job.kind == Lifecycle::Suspend.kind();
    let reset = job.kind == Lifecycle::ResetPassword.kind();
    match system {
        System::Identity => {
            let idp = connected(&ctx.services.identity_admin)?;
            let account = found(idp.find_user_by_email(&job.email).await)?;
            let result = if reset {
                idp.set_password(account.id, password).await
            } else {
                idp.set_active(account.id, !suspend).await.map(|_| ())
            };
            changed(result, account.id.to_string())
        }
        System::Mail => {
            let mail = mail_port(ctx)?;
            let mailbox = found(mail.find_mailbox(&job.email).await)?;
            let result = if reset {
                mail.set_password(&mailbox.id, password).await
            } else {
                mail.set_frozen(&mailbox.id, suspend).await.map(|_| ())
            };
            changed(result, mailbox.id)
        }
        System::Files => {
            let files = connected(&ctx.services.files_admin)?;
            let user = found(files.find_user(&job.email).await)?;
            changed(
                files.set_enabled(&user.id, !suspend).await.map(|_| ()),
                user.id,
            )
        }
        System::Store => Ok(membership_step(
            ctx,
            tenant,
            &job.email,
            MembershipChange::Suspended(suspend),
        )
        .await),
        other => Err(failed(format!("{other}: not a step of this change"))),
    }
}

/// Whether the person with this address still belongs to a tenant other
/// than `tenant_id` (then their accounts are theirs, not this tenant's).
async fn in_another_tenant(ctx: &Ctx, tenant_id: &str, email: &str) -> Result<bool, String> {
    let users = ctx
        .repo()
        .users_by_email(email)
        .await
        .map_err(|e| format!("store: {e}"))?;
    Ok(users
        .iter()
        .flat_map(|u| &u.tenant_roles)
        .any(|m| m.tenant_id != tenant_id))
}

/// Whether removing this person may remove their mailbox: it is on this
/// tenant's domain, on no tenant's domain, or on the domain of a tenant that
/// removed them earlier and kept it only because this tenant still used it.
/// Never a mailbox another tenant still owns.
async fn mailbox_is_ours(ctx: &Ctx, tenant: &Tenant, email: &str) -> Result<bool, String> {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return Ok(false);
    };
    let owner = ctx
        .repo()
        .tenant_by_domain(domain)
        .await
        .map_err(|e| format!("store: {e}"))?;
    let Some(owner) = owner.filter(|o| o.id != tenant.id) else {
        return Ok(true);
    };
    let jobs = ctx
        .repo()
        .jobs_of_tenant(&owner.id, 500)
        .await
        .map_err(|e| format!("store: {e}"))?;
    Ok(jobs.iter().any(|j| {
        j.kind == Lifecycle::Remove.kind() && j.status == JobStatus::Done && j.email == email
    }))
}

/// One system's step of removing a person from the tenant. Every step finds
/// first, so a retry after a failure completes what is left. A person who
/// still belongs to another tenant keeps their sign-in account (out of this
/// tenant's group only), their mailbox and their files.
async fn remove_step(
    ctx: &Ctx,
    tenant: &Tenant,
    job: &ProvisioningJob,
    system: System,
) -> Result<StepState, StepState> {
    let elsewhere = in_another_tenant(ctx, &tenant.id, &job.email)
        .await
        .map_err(failed)?;
    match system {
        System::Identity => {
            let idp = connected(&ctx.services.identity_admin)?;
            let account = found(idp.find_user_by_email(&job.email).await)?;
            let result = if elsewhere {
                idp.remove_from_group(&group_of(tenant), account.id).await
            } else {
                idp.delete_user(account.id).await
            };
            changed(result, account.id.to_string())
        }
        System::Mail => {
            let mail = mail_port(ctx)?;
            if elsewhere {
                return Err(skipped("kept_other_tenant"));
            }
            if !mailbox_is_ours(ctx, tenant, &job.email)
                .await
                .map_err(failed)?
            {
                return Err(skipped("not_on_mail_domain"));
            }
            let mailbox = found(mail.find_mailbox(&job.email).await)?;
            changed(mail.delete_mailbox(&mailbox.id).await, mailbox.id)
        }
        System::Files => {
            let files = connected(&ctx.services.files_admin)?;
            if elsewhere {
                return Err(skipped("kept_other_tenant"));
            }
            let user = found(files.find_user(&job.email).await)?;
            changed(files.delete_user(&user.id).await, user.id)
        }
        System::Store => {
            Ok(membership_step(ctx, tenant, &job.email, MembershipChange::Remove).await)
        }
        other => Err(failed(format!("{other}: not a step of this change"))),
    }
}

/// dezky's own step of a change: the membership changed; when it took the
/// person's access away (suspended, or removed from their last tenant),
/// their open dezky sessions end with it.
async fn membership_step(
    ctx: &Ctx,
    tenant: &Tenant,
    email: &str,
    change: MembershipChange,
) -> StepState {
    let person = match ctx.repo().member_by_email(&tenant.id, email).await {
        Ok(Some(p)) => p,
        Ok(None) => return skipped("no_account"),
        Err(e) => return failed(format!("store: {e}")),
    };
    match ctx
        .repo()
        .change_membership(&person.id, &tenant.id, change)
        .await
    {
        Ok(after) => {
            let access_gone = match change {
                MembershipChange::Suspended(suspended) => suspended,
                MembershipChange::Remove => {
                    after.tenant_roles.is_empty()
                        && after.partner.is_none()
                        && !after.platform_admin
                }
                MembershipChange::Role(_) => false,
            };
            if access_gone {
                let _ = ctx.repo().delete_sessions_of_user(&after.id).await;
            }
            StepState::Done {
                reference: after.id,
                created: false,
            }
        }
        Err(e) => failed(format!("store: {e}")),
    }
}

/// Each member's accounts at the identity provider, the mail server and the
/// files server (active, suspended, none), read live: a system that does not
/// answer is "unavailable" for everyone, never "no account".
pub async fn systems_of(ctx: &Ctx, slug: &str) -> Result<Vec<PersonAccounts>, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let emails: Vec<String> = ctx
        .repo()
        .users_of_tenant(&tenant.id)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let not_connected = || vec![AccountState::NotConnected; emails.len()];
    let identity = match &ctx.services.identity_admin {
        Some(idp) => {
            read_column(&emails, |e| async move {
                idp.find_user_by_email(e).await.map(|a| a.map(|a| a.active))
            })
            .await
        }
        None => not_connected(),
    };
    let mail = match &ctx.services.mail_admin {
        Some(mail) => {
            read_column(&emails, |e| async move {
                mail.find_mailbox(e).await.map(|m| m.map(|m| !m.frozen))
            })
            .await
        }
        None => not_connected(),
    };
    let files = match &ctx.services.files_admin {
        Some(files) => {
            read_column(&emails, |e| async move {
                files.find_user(e).await.map(|u| u.map(|u| u.enabled))
            })
            .await
        }
        None => not_connected(),
    };
    Ok(emails
        .into_iter()
        .zip(identity)
        .zip(mail)
        .zip(files)
        .map(|(((email, identity), mail), files)| PersonAccounts {
            email,
            identity,
            mail,
            files,
        })
        .collect())
}

/// One system's column: each person's account (Some(active) or None), or
/// "unavailable" for all at the first failure.
async fn read_column<'a, F, Fut>(emails: &'a [String], read: F) -> Vec<AccountState>
where
    F: Fn(&'a str) -> Fut,
    Fut: std::future::Future<Output = Result<Option<bool>, crate::ports::api_error::ApiError>>,
{
    let mut out = Vec::with_capacity(emails.len());
    for email in emails {
        match read(email).await {
            Ok(None) => out.push(AccountState::None),
            Ok(Some(true)) => out.push(AccountState::Active),
            Ok(Some(false)) => out.push(AccountState::Suspended),
            Err(e) => {
                tracing::warn!(error = %e, "accounts could not be read");
                return vec![AccountState::Unavailable; emails.len()];
            }
        }
    }
    out
}
