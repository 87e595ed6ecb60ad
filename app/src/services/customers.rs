//! A partner's customers: the New customer wizard. A tenant comes to exist
//! only here, always under the partner who creates it.
//!
//! Creating a customer makes, in order: the tenant; a set-up access grant
//! for the creating partner (nobody at the customer can approve one yet;
//! shown to the customer as such, and endable); the first admin, through THE
//! add-person job (identity provider account in the tenant's group, files,
//! membership), under that grant; the invitation mail; the mail domain, if
//! one was given, through THE add-domain service. Input is checked in full
//! before anything is made; after the tenant exists, a failing system is
//! reported by name and what was made stays.
use super::context::{Ctx, Target, fail};
use super::{domains, partners, provisioning, tenants};
use crate::domain::access::{AccessGrant, AccessScope, GrantStatus, SETUP_HOURS};
use crate::domain::audit::Outcome;
use crate::domain::customers::{CustomerEdit, NewCustomer, SlugCheck};
use crate::domain::model::{
    BillingDetails, Branding, PartnerAccess, PartnerStatus, SecurityPolicy, Tenant, TenantStatus,
};
use crate::domain::provisioning::StepState;
use crate::domain::views::{CreatedCustomer, SetupProblem};
use crate::domain::{AppError, System, slug};
use crate::i18n::Locale;
use crate::ports::store::StoreError;
use serde_json::json;

/// Whether a slug is free, for the wizard's live feedback.
pub async fn slug_check(ctx: &Ctx, candidate: &str) -> Result<SlugCheck, AppError> {
    partners::authorized_own(ctx).await?;
    if let Err(e) = slug::validate(candidate) {
        return Ok(SlugCheck::Invalid(e));
    }
    Ok(match ctx.repo().tenant_by_slug(candidate).await? {
        Some(_) => SlugCheck::Taken,
        None => SlugCheck::Available,
    })
}

/// The wizard's Create.
pub async fn create(
    ctx: &Ctx,
    form: NewCustomer,
    lang: Locale,
) -> Result<CreatedCustomer, AppError> {
    let (partner_id, access) = partners::authorized_own(ctx).await?;
    if access == PartnerAccess::Member {
        return Err(fail(AppError::invalid("partner", "partner_admin_only")));
    }
    let c = form
        .checked()
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let repo = ctx.repo();
    let partner = repo
        .partner(&partner_id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    if matches!(
        partner.status,
        PartnerStatus::Suspended | PartnerStatus::Terminated
    ) {
        return Err(fail(AppError::invalid("partner", "partner_not_active")));
    }
    // Everything that can be refused is refused before anything is made.
    let domain = match &c.domain {
        None => None,
        Some(d) => {
            let (ascii, _) =
                domains::normalise(d).map_err(|r| fail(AppError::invalid("domain", r)))?;
            if repo.mail_domain_by_name(&ascii).await?.is_some()
                || repo.tenant_by_domain(&ascii).await?.is_some()
            {
                return Err(fail(AppError::invalid("domain", "domain_of_other_tenant")));
            }
            Some(ascii)
        }
    };
    if repo.tenant_by_slug(&c.slug).await?.is_some() {
        return Err(fail(AppError::Taken {
            field: "slug".into(),
        }));
    }
    let now = repo.now();
    let tenant = Tenant {
        id: repo.new_id(),
        slug: c.slug.clone(),
        partner_id: partner.id.clone(),
        name: c.name.clone(),
        plan: c.plan.to_owned(),
        status: TenantStatus::Active,
        seats: c.seats,
        primary_domain: None,
        billing: BillingDetails {
            company: c.name.clone(),
            email: c.admin.email.clone(),
            ..BillingDetails::default()
        },
        industry: None,
        brand_colour: None,
        security: SecurityPolicy::default(),
        branding: Branding::default(),
        deleted_at: None,
        billing_account: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    match repo.insert_tenant(&tenant).await {
        Ok(()) => {}
        // Another Create with the same slug won the race.
        Err(StoreError::Duplicate { .. }) => {
            return Err(fail(AppError::Taken {
                field: "slug".into(),
            }));
        }
        Err(e) => return Err(e.into()),
    }
    let target = tenants::target(&tenant);
    ctx.record(
        "tenant.created",
        Outcome::Success,
        &Target {
            partner_slug: Some(partner.slug.clone()),
            ..target.clone()
        },
        json!({
            "partner": partner.slug,
            "plan": tenant.plan,
            "seats": tenant.seats,
            "first_admin": c.admin.email,
            "domain": domain,
        }),
    )
    .await;
    let grant = setup_grant(ctx, &tenant).await?;
    ctx.record(
        "partner_access.setup_granted",
        Outcome::Success,
        &target,
        json!({ "grant": grant.id, "scope": grant.scope.as_str(), "expires_at": grant.expires_at }),
    )
    .await;

    let mut problems = Vec::new();
    let mut created = CreatedCustomer {
        slug: tenant.slug.clone(),
        name: tenant.name.clone(),
        admin_email: c.admin.email.clone(),
        job: None,
        mailed: false,
        temporary_password: None,
        unsent_link: None,
        domain: None,
        problems: Vec::new(),
    };
    // The first admin, through THE add-person job, under the set-up grant.
    match provisioning::add_person(ctx, &tenant.slug, c.admin.clone()).await {
        Ok(result) => {
            let identity = result.job.steps.iter().find_map(|s| match &s.state {
                StepState::Done { reference, created } if s.system == System::Identity => {
                    Some((reference.clone(), *created))
                }
                _ => None,
            });
            if let Some(failed) = result.job.failed_step() {
                problems.push(SetupProblem {
                    step: "admin".into(),
                    error: AppError::failed(failed.system),
                });
            } else if let Some((idp_id, new_account)) = identity {
                invite(
                    ctx,
                    &tenant,
                    &c.admin,
                    &idp_id,
                    new_account,
                    lang,
                    &mut created,
                )
                .await
                .unwrap_or_else(|e| {
                    problems.push(SetupProblem {
                        step: "invitation".into(),
                        error: e,
                    })
                });
            }
            created.job = Some(result.job);
        }
        Err(e) => problems.push(SetupProblem {
            step: "admin".into(),
            error: e,
        }),
    }
    // The mail domain, through THE add-domain service (verification is the
    // customer's or the partner's next step on the Domains page).
    if let Some(name) = domain {
        match domains::add(ctx, &tenant.slug, &name).await {
            Ok(detail) => created.domain = Some(detail.summary.display_name),
            Err(e) => problems.push(SetupProblem {
                step: "domain".into(),
                error: e,
            }),
        }
    }
    created.problems = problems;
    Ok(created)
}

/// The creating partner's admin access for the first [`SETUP_HOURS`].
async fn setup_grant(ctx: &Ctx, tenant: &Tenant) -> Result<AccessGrant, AppError> {
    let user = ctx
        .principal()
        .map(|p| p.user.clone())
        .ok_or_else(|| fail(AppError::Unauthenticated))?;
    let now = ctx.repo().now();
    let grant = AccessGrant {
        id: ctx.repo().new_id(),
        partner_id: tenant.partner_id.clone(),
        tenant_id: tenant.id.clone(),
        requested_by: user.id,
        requested_by_name: user.name.clone(),
        requested_by_email: user.email,
        reason: String::new(),
        scope: AccessScope::Admin,
        hours: SETUP_HOURS,
        status: GrantStatus::Approved,
        requested_at: now,
        decided_by: Some(user.name),
        decided_at: Some(now),
        expires_at: Some(now + i64::from(SETUP_HOURS) * 3_600_000),
        ended_by: None,
        ended_at: None,
        setup: true,
        version: 1,
    };
    ctx.repo().insert_grant(&grant).await?;
    Ok(grant)
}

/// The first admin's invitation, through THE hand-off
/// (`mail::deliver_invitation`); audited with its method.
async fn invite(
    ctx: &Ctx,
    tenant: &Tenant,
    admin: &crate::domain::provisioning::NewPerson,
    idp_id: &str,
    new_account: bool,
    lang: Locale,
    created: &mut CreatedCustomer,
) -> Result<(), AppError> {
    let partner = ctx.repo().partner(&tenant.partner_id).await?;
    let delivery = super::mail::deliver_invitation(
        ctx,
        &super::mail::brand_of(partner.as_ref()),
        idp_id.parse().ok(),
        new_account,
        &admin.email,
        &admin.name,
        &tenant.name,
        lang,
    )
    .await?;
    created.mailed = delivery.mail_error.is_none();
    created.temporary_password = delivery.temporary_password;
    created.unsent_link = delivery.unsent_link;
    ctx.record(
        "tenant.admin_invited",
        if created.mailed {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        &tenants::target(tenant),
        json!({ "email": admin.email, "handoff": delivery.method, "mailed": created.mailed }),
    )
    .await;
    delivery.mail_error.map_or(Ok(()), Err)
}

/// One of the caller's partner's live customers, for a change by its owners
/// and admins (every call checks the partner owns the tenant; unknown and
/// not-ours answer the same, audited with what was `attempted`).
async fn own_customer(ctx: &Ctx, slug: &str, attempted: &str) -> Result<Tenant, AppError> {
    let (partner_id, access) = partners::authorized_own(ctx).await?;
    let tenant = ctx
        .repo()
        .tenant_by_slug(slug)
        .await?
        .filter(|t| t.status != TenantStatus::Deleted);
    let Some(tenant) = tenant.filter(|t| t.partner_id == partner_id) else {
        ctx.record(
            "tenant.access_denied",
            Outcome::Denied,
            &tenants::unknown_target(slug),
            json!({ "attempted": attempted, "reason": "not_a_customer" }),
        )
        .await;
        return Err(fail(AppError::Forbidden));
    };
    if access == PartnerAccess::Member {
        return Err(fail(AppError::invalid("partner", "partner_admin_only")));
    }
    Ok(tenant)
}

/// The partner suspends or resumes one of its own customers (owners and
/// admins of the partner). THE suspension with its cascade, as the
/// operator's.
pub async fn set_suspended(
    ctx: &Ctx,
    slug: &str,
    suspend: bool,
) -> Result<crate::domain::views::TenantCascade, AppError> {
    let tenant = own_customer(ctx, slug, "SuspendTenant").await?;
    super::operator_tenants::suspend_or_resume(ctx, tenant, suspend).await
}

/// The partner changes a customer's name, plan or seats (THE wizard's
/// rules; never fewer seats than the people it has). Audited with the diff.
pub async fn update(
    ctx: &Ctx,
    slug: &str,
    edit: &CustomerEdit,
) -> Result<crate::domain::views::TenantInfo, AppError> {
    let mut tenant = own_customer(ctx, slug, "UpdateTenant").await?;
    let checked = edit
        .checked()
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let people = ctx.repo().users_of_tenant(&tenant.id).await?.len();
    if (checked.seats as usize) < people {
        return Err(fail(AppError::invalid("seats", "below_people")));
    }
    let before = serde_json::to_value(&tenant).unwrap_or_default();
    tenant.name = checked.name;
    tenant.plan = checked.plan.to_owned();
    tenant.seats = checked.seats;
    let after = serde_json::to_value(&tenant).unwrap_or_default();
    let diff = crate::domain::audit::diff(&before, &after, &["name", "plan", "seats"]);
    if diff.as_object().is_some_and(|d| !d.is_empty()) {
        ctx.repo()
            .save_tenant(&mut tenant)
            .await
            .map_err(|e| match e {
                StoreError::VersionConflict => fail(AppError::Conflict),
                e => fail(e.into()),
            })?;
        ctx.record(
            "tenant.updated",
            Outcome::Success,
            &tenants::target(&tenant),
            json!({ "diff": diff }),
        )
        .await;
    }
    Ok(tenants::view(tenant, None))
}
