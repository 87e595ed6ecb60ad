//! Adding people to a tenant's workplace (the Users & groups page): one
//! provisioning job across the identity provider, the mail server and the
//! files server, with its steps, and "Retry" after a failure.
use crate::domain::AppError;
use crate::domain::model::TenantRole;
use crate::domain::provisioning::ProvisioningJob;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A job after a run, with the one-time password when this run set one
/// (shown once; never stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonJob {
    pub job: ProvisioningJob,
    pub one_time_password: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<crate::services::provisioning::JobResult> for PersonJob {
    fn from(r: crate::services::provisioning::JobResult) -> Self {
        Self {
            job: r.job,
            one_time_password: r.one_time_password,
        }
    }
}

/// Adds a person: identity account, mailbox, files account, membership.
#[server(endpoint = "add_person")]
pub async fn add_person(
    slug: String,
    name: String,
    email: String,
    role: TenantRole,
) -> Result<PersonJob, AppError> {
    use crate::domain::provisioning::NewPerson;
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    let person = NewPerson { name, email, role };
    provisioning::add_person(&ctx, &slug, person)
        .await
        .map(PersonJob::from)
}

/// Runs a failed job again; nothing done before is done twice.
#[server(endpoint = "retry_person_job")]
pub async fn retry_person_job(slug: String, job_id: String) -> Result<PersonJob, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::retry(&ctx, &slug, &job_id)
        .await
        .map(PersonJob::from)
}

/// The tenant's recent provisioning jobs, newest first.
#[server(endpoint = "person_jobs")]
pub async fn person_jobs(slug: String) -> Result<Vec<ProvisioningJob>, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::jobs(&ctx, &slug).await
}

/// Suspends, resumes or resets the password of a member (a job, like adding).
#[server(endpoint = "person_lifecycle")]
pub async fn person_lifecycle(
    slug: String,
    email: String,
    what: crate::domain::provisioning::Lifecycle,
) -> Result<PersonJob, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::lifecycle(&ctx, &slug, &email, what)
        .await
        .map(PersonJob::from)
}

/// Ends every session of a member, at the identity provider and in dezky.
#[server(endpoint = "force_logout")]
pub async fn force_logout(slug: String, email: String) -> Result<usize, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::force_logout(&ctx, &slug, &email).await
}

/// Gives a member another role in the tenant; the last admin keeps theirs.
#[server(endpoint = "change_person_role")]
pub async fn change_person_role(
    slug: String,
    email: String,
    role: TenantRole,
) -> Result<TenantRole, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::change_role(&ctx, &slug, &email, role).await
}

/// Each member's accounts across the identity, mail and files servers.
#[server(endpoint = "person_systems")]
pub async fn person_systems(
    slug: String,
) -> Result<Vec<crate::domain::views::PersonAccounts>, AppError> {
    use crate::services::{Ctx, provisioning};
    let ctx = Ctx::load()?;
    provisioning::systems_of(&ctx, &slug).await
}
