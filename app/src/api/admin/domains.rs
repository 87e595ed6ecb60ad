//! The tenant's mail domains (the Domains page).
use crate::domain::AppError;
use crate::domain::spf::SpfReport;
use crate::domain::views::{DomainDetail, DomainsView, RemoveDomainOutcome};
use leptos::prelude::*;

/// The tenant's domains with their status.
#[server(endpoint = "tenant_domains")]
pub async fn tenant_domains(slug: String) -> Result<DomainsView, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::list(&ctx, &slug).await
}

/// One domain: the records to publish, the last check, the DMARC guide.
#[server(endpoint = "domain_records")]
pub async fn domain_records(slug: String, name: String) -> Result<DomainDetail, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::detail(&ctx, &slug, &name).await
}

/// Adds a domain: created in the mail server with DKIM keys.
#[server(endpoint = "add_domain")]
pub async fn add_domain(slug: String, name: String) -> Result<DomainDetail, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::add(&ctx, &slug, &name).await
}

/// Checks the domain's records against live DNS now.
#[server(endpoint = "check_domain")]
pub async fn check_domain(slug: String, name: String) -> Result<DomainDetail, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::check(&ctx, &slug, &name).await
}

/// Makes a verified domain the one new mailboxes are made on.
#[server(endpoint = "make_primary_domain")]
pub async fn make_primary_domain(slug: String, name: String) -> Result<(), AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::set_primary(&ctx, &slug, &name).await
}

/// Removes a domain nothing uses (or says what still does).
#[server(endpoint = "remove_domain")]
pub async fn remove_domain(slug: String, name: String) -> Result<RemoveDomainOutcome, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::remove(&ctx, &slug, &name).await
}

/// Chooses the domain's step on the DMARC ladder.
#[server(endpoint = "choose_dmarc_step")]
pub async fn choose_dmarc_step(
    slug: String,
    name: String,
    step: u8,
) -> Result<DomainDetail, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::set_dmarc_step(&ctx, &slug, &name, step).await
}

/// The domain's published SPF record expanded, with its lookup count.
#[server(endpoint = "spf_meter")]
pub async fn spf_meter(slug: String, name: String) -> Result<SpfReport, AppError> {
    use crate::services::{Ctx, domains};
    let ctx = Ctx::load()?;
    domains::spf_report(&ctx, &slug, &name).await
}
