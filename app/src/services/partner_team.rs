//! A partner's team (`/partner/team`): its staff with their access level and
//! their second factors as the identity provider knows them; invite, change
//! access, remove, by THE rule (`domain::partner_team`: members read, only an
//! owner touches an owner, the last owner stays).
//!
//! Inviting makes (or finds) the person's account at the identity provider
//! in the partner's group, links our user to the partner (pre-created, so the
//! list shows them at once), and sends THE invitation hand-off. Removing ends
//! the link and the person's dezky sessions, takes them out of the partner's
//! group, and sets their account inactive when they have nowhere else to work.
use super::context::{Ctx, Target, fail};
use super::{partners, security};
use crate::domain::audit::Outcome;
use crate::domain::model::{Partner, PartnerAccess, PartnerLink, User};
use crate::domain::partner_team::check_change;
use crate::domain::views::{InvitedColleague, OperatorHandoff, PartnerTeamRow, PartnerTeamView};
use crate::domain::{AppError, System};
use crate::i18n::Locale;
use crate::ports::identity_admin::NewIdentityUser;
use crate::repo::PENDING_ISSUER;
use serde_json::json;

/// The partner's group at the identity provider.
pub fn group_of(partner: &Partner) -> String {
    format!("dezky-partner-{}", partner.slug)
}

/// The caller's partner, its staff, and the caller's access level.
async fn load(ctx: &Ctx) -> Result<(Partner, Vec<User>, PartnerAccess), AppError> {
    let (partner_id, access) = partners::authorized_own(ctx).await?;
    let partner = ctx
        .repo()
        .partner(&partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let staff = ctx.repo().users_of_partner(&partner_id).await?;
    Ok((partner, staff, access))
}

fn access_of(u: &User) -> Option<PartnerAccess> {
    u.partner.as_ref().map(|l| l.access)
}

fn owners(staff: &[User]) -> usize {
    staff
        .iter()
        .filter(|u| access_of(u) == Some(PartnerAccess::Owner))
        .count()
}

fn target(partner: &Partner, email: &str) -> Target {
    Target {
        resource_type: "user",
        resource_id: email.to_owned(),
        resource_name: email.to_owned(),
        tenant_slug: None,
        partner_slug: Some(partner.slug.clone()),
    }
}

fn refused(r: crate::domain::partner_team::TeamRefusal) -> AppError {
    fail(AppError::invalid("access", r.reason()))
}

/// The team, with second factors from the identity provider.
pub async fn team(ctx: &Ctx) -> Result<PartnerTeamView, AppError> {
    let (partner, staff, access) = load(ctx).await?;
    let mfa = security::mfa_of_people(ctx, staff.iter()).await;
    let mut rows: Vec<PartnerTeamRow> = staff
        .into_iter()
        .filter_map(|u| {
            Some(PartnerTeamRow {
                access: access_of(&u)?,
                signed_in: u.issuer != PENDING_ISSUER,
                name: u.name,
                email: u.email,
                active: u.active,
                since: u.created_at,
            })
        })
        .collect();
    rows.sort_by_key(|r| (r.access as u8, r.name.to_lowercase()));
    Ok(PartnerTeamView {
        partner_name: partner.name,
        access,
        you: ctx
            .principal()
            .map(|p| p.user.email.clone())
            .unwrap_or_default(),
        mfa,
        rows,
    })
}

/// Invites a colleague with `access`; duplicates by address are refused
/// (a person is staff of one partner).
pub async fn invite(
    ctx: &Ctx,
    name: &str,
    email: &str,
    access: PartnerAccess,
    lang: Locale,
) -> Result<InvitedColleague, AppError> {
    let (partner, staff, actor) = load(ctx).await?;
    let (name, email) = super::operators::check_invite(name, email)
        .map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    check_change(actor, None, Some(access), owners(&staff)).map_err(refused)?;
    let known = ctx.repo().users_by_email(&email).await?;
    if known.iter().any(|u| u.partner.is_some()) {
        return Err(fail(AppError::Taken {
            field: "email".into(),
        }));
    }
    let idp = ctx
        .services
        .identity_admin
        .as_ref()
        .ok_or_else(|| fail(AppError::not_connected(System::Identity)))?;
    let idp_failed = |e: crate::ports::api_error::ApiError| {
        tracing::warn!(error = %e, "inviting partner staff at the identity provider failed");
        fail(AppError::failed(System::Identity))
    };
    let group = group_of(&partner);
    let group_key = idp.ensure_group(&group).await.map_err(idp_failed)?;
    let (account, new_account) = match idp.find_user_by_email(&email).await.map_err(idp_failed)? {
        Some(a) => {
            if !a.groups.contains(&group) {
                idp.add_to_group(&group, a.id).await.map_err(idp_failed)?;
            }
            (a, false)
        }
        None => (
            idp.create_user(&NewIdentityUser {
                email: email.clone(),
                name: name.clone(),
                path: format!("dezky/partners/{}", partner.slug),
                groups: vec![group_key],
            })
            .await
            .map_err(idp_failed)?,
            true,
        ),
    };
    let link = PartnerLink {
        partner_id: partner.id.clone(),
        access,
    };
    // A person dezky knows (a customer's admin, say) keeps their identity.
    let found = known
        .iter()
        .find(|u| u.issuer != PENDING_ISSUER)
        .or_else(|| known.first())
        .cloned();
    match found {
        Some(mut user) => {
            user.partner = Some(link);
            ctx.repo().save_user(&mut user).await?;
        }
        None => {
            ctx.repo()
                .insert_pending_user(&email, &name, false, Some(link))
                .await?;
        }
    }
    let delivery = super::mail::deliver_invitation(
        ctx,
        &super::mail::brand_of(Some(&partner)),
        Some(account.id),
        new_account,
        &email,
        &name,
        &partner.name,
        lang,
    )
    .await
    .map_err(fail)?;
    let mailed = delivery.mail_error.is_none();
    ctx.record(
        "partner.user_invited",
        if mailed {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        &target(&partner, &email),
        json!({ "email": email, "access": access, "handoff": delivery.method, "mailed": mailed }),
    )
    .await;
    let handoff = match (delivery.temporary_password, delivery.unsent_link) {
        (Some(password), _) => Some(OperatorHandoff::TemporaryPassword { password }),
        (None, Some(url)) => Some(OperatorHandoff::RecoveryLink { url }),
        (None, None) => None,
    };
    Ok(InvitedColleague {
        name,
        email,
        access,
        mailed,
        existing_account: !new_account,
        handoff,
    })
}

/// The colleague with this address, and their access level.
fn colleague(staff: Vec<User>, email: &str) -> Result<(User, PartnerAccess), AppError> {
    staff
        .into_iter()
        .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
        .and_then(|u| access_of(&u).map(|a| (u, a)))
        .ok_or(AppError::NotFound)
}

/// Gives a colleague another access level.
pub async fn set_access(ctx: &Ctx, email: &str, access: PartnerAccess) -> Result<(), AppError> {
    let (partner, staff, actor) = load(ctx).await?;
    let n = owners(&staff);
    let (mut user, from) = colleague(staff, email)?;
    check_change(actor, Some(from), Some(access), n).map_err(refused)?;
    if from == access {
        return Ok(());
    }
    user.partner = Some(PartnerLink {
        partner_id: partner.id.clone(),
        access,
    });
    ctx.repo().save_user(&mut user).await?;
    ctx.record(
        "partner.user_access_changed",
        Outcome::Success,
        &target(&partner, &user.email),
        json!({ "email": user.email, "access": { "from": from, "to": access } }),
    )
    .await;
    Ok(())
}

/// Removes a colleague from the team. Ok(Some(error)): removed in dezky, but
/// the identity provider (named in the error) could not be updated.
pub async fn remove(ctx: &Ctx, email: &str) -> Result<Option<AppError>, AppError> {
    let (partner, staff, actor) = load(ctx).await?;
    let n = owners(&staff);
    let (mut user, from) = colleague(staff, email)?;
    check_change(actor, Some(from), None, n).map_err(refused)?;
    user.partner = None;
    ctx.repo().save_user(&mut user).await?;
    let sessions = ctx.repo().delete_sessions_of_user(&user.id).await?;
    let alone = !super::operator_tenants::works_elsewhere(ctx, &user, "").await?;
    let (idp, problem) = match &ctx.services.identity_admin {
        None => (
            "not_connected",
            Some(AppError::not_connected(System::Identity)),
        ),
        Some(idp) => {
            let result: Result<_, crate::ports::api_error::ApiError> = async {
                let Some(account) = idp.find_user_by_email(&user.email).await? else {
                    return Ok("no_account");
                };
                idp.remove_from_group(&group_of(&partner), account.id)
                    .await?;
                if alone {
                    idp.set_active(account.id, false).await?;
                    idp.end_sessions(account.id).await?;
                    return Ok("deactivated");
                }
                Ok("left_group")
            }
            .await;
            match result {
                Ok(state) => (state, None),
                Err(e) => {
                    tracing::warn!(error = %e, "removing partner staff at the identity provider failed");
                    ("failed", Some(AppError::failed(System::Identity)))
                }
            }
        }
    };
    ctx.record(
        "partner.user_removed",
        if problem.is_none() {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        &target(&partner, &user.email),
        json!({ "email": user.email, "access": from, "sessions_ended": sessions, "identity": idp }),
    )
    .await;
    Ok(problem)
}
