//! The operator team: dezky's own platform admins. "Invite operator" makes
//! the person at the identity provider in the platform-admin group, pre-creates
//! our user with the platform-admin flag (the list shows them at once; the
//! record is linked at their first sign-in), and hands over a recovery link,
//! or a one-time temporary password when the provider has no recovery flow.
use super::context::{Ctx, fail};
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::model::{PLATFORM_ADMIN_GROUP, TenantRole};
use crate::domain::provisioning::NewPerson;
use crate::domain::validate::FieldError;
use crate::domain::views::{InvitedOperator, OperatorHandoff, OperatorRow};
use crate::domain::{System, Unavailable};
use crate::ports::identity_admin::{NewIdentityUser, Recovery};
use crate::repo::PENDING_ISSUER;
use serde_json::json;

/// Where operators sit in the provider's directory tree.
const OPERATOR_PATH: &str = "dezky/platform";

/// The name and address of a new operator: THE rule for a new person's
/// name and address (`NewPerson`), the one adding a tenant member uses.
pub fn check_invite(name: &str, email: &str) -> Result<(String, String), FieldError> {
    let person = NewPerson {
        name: name.to_owned(),
        email: email.to_owned(),
        role: TenantRole::Member,
    }
    .normalised()?;
    Ok((person.name, person.email))
}

/// Every operator, those who have not signed in yet included.
pub async fn team(ctx: &Ctx) -> Result<Vec<OperatorRow>, AppError> {
    let mut rows: Vec<OperatorRow> = ctx
        .repo()
        .operators()
        .await?
        .into_iter()
        .map(|u| OperatorRow {
            signed_in: u.issuer != PENDING_ISSUER,
            name: u.name,
            email: u.email,
            active: u.active,
            since: u.created_at,
        })
        .collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(rows)
}

/// Invites a colleague to the operator console.
pub async fn invite(ctx: &Ctx, name: &str, email: &str) -> Result<InvitedOperator, AppError> {
    let (name, email) =
        check_invite(name, email).map_err(|e| fail(AppError::invalid(e.field, e.reason)))?;
    let idp = ctx.services.identity_admin.as_ref().ok_or_else(|| {
        fail(AppError::Unavailable {
            system: System::Identity,
            reason: Unavailable::NotConnected,
        })
    })?;
    let idp_failed = |e: crate::ports::api_error::ApiError| {
        tracing::warn!(error = %e, "inviting an operator at the identity provider failed");
        fail(AppError::Unavailable {
            system: System::Identity,
            reason: Unavailable::Failed,
        })
    };
    // A duplicate by address is refused, at the provider or here.
    let known = !ctx.repo().users_by_email(&email).await?.is_empty();
    if known
        || idp
            .find_user_by_email(&email)
            .await
            .map_err(idp_failed)?
            .is_some()
    {
        return Err(fail(AppError::Taken {
            field: "email".into(),
        }));
    }
    let group = idp
        .ensure_group(PLATFORM_ADMIN_GROUP)
        .await
        .map_err(idp_failed)?;
    let created = idp
        .create_user(&NewIdentityUser {
            email: email.clone(),
            name: name.clone(),
            path: OPERATOR_PATH.into(),
            groups: vec![group],
        })
        .await
        .map_err(idp_failed)?;
    let recovery = idp.recovery(created.id).await.map_err(idp_failed)?;
    ctx.repo()
        .insert_pending_user(&email, &name, true, None)
        .await?;
    let (handoff, method) = match recovery {
        Recovery::Link(url) => (OperatorHandoff::RecoveryLink { url }, "recovery_link"),
        Recovery::TemporaryPassword(password) => (
            OperatorHandoff::TemporaryPassword { password },
            "temporary_password",
        ),
    };
    ctx.record(
        "platform.user_invited",
        Outcome::Success,
        &super::context::Target {
            resource_type: "user",
            resource_id: email.clone(),
            resource_name: name.clone(),
            tenant_slug: None,
            partner_slug: None,
        },
        json!({ "email": email, "handoff": method }),
    )
    .await;
    Ok(InvitedOperator {
        name,
        email,
        handoff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_needs_a_name_and_an_address() {
        assert_eq!(
            check_invite(" Ida Drift ", " Ida@Dezky.EU "),
            Ok(("Ida Drift".into(), "ida@dezky.eu".into()))
        );
        assert_eq!(check_invite("", "a@b.dk").unwrap_err().field, "name");
        assert_eq!(check_invite("A", "").unwrap_err().reason, "required");
        for bad in [
            "ida",
            "ida@",
            "@dezky.eu",
            "ida@dezky",
            "ida@.dk",
            "i da@dezky.eu",
            "a@b@c.dk",
        ] {
            assert_eq!(
                check_invite("A", bad).unwrap_err().reason,
                "invalid_email",
                "{bad}"
            );
        }
    }
}
