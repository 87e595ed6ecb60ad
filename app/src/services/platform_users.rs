//! Every user of the platform, for operators: search, and deactivate /
//! reactivate. Deactivating ends every dezky session at once (the session
//! resolver also refuses an inactive user) and makes the account inactive at
//! the identity provider with its sessions ended there; a provider that is
//! not connected or fails is said by name, and dezky's side stays done.
use super::context::{Ctx, fail};
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::model::User;
use crate::domain::views::{PlatformUserRow, PlatformUsers, UserDeactivation, UserIdentityOutcome};
use crate::repo::PENDING_ISSUER;
use serde_json::json;

async fn row(ctx: &Ctx, u: User) -> Result<PlatformUserRow, AppError> {
    let mut tenants = Vec::new();
    for m in &u.tenant_roles {
        if let Some(t) = ctx.repo().tenant(&m.tenant_id).await? {
            tenants.push(t.name);
        }
    }
    let partner = match &u.partner {
        Some(link) => ctx.repo().partner(&link.partner_id).await?.map(|p| p.name),
        None => None,
    };
    Ok(PlatformUserRow {
        signed_in: u.issuer != PENDING_ISSUER,
        operator: u.platform_admin,
        id: u.id,
        name: u.name,
        email: u.email,
        active: u.active,
        tenants,
        partner,
    })
}

/// Users whose name or address contains `q` (case-insensitive), a page at
/// a time (cursor `after`).
pub async fn list(ctx: &Ctx, q: &str, after: Option<String>) -> Result<PlatformUsers, AppError> {
    let needle = q.trim().to_lowercase();
    let mut rows = Vec::new();
    let mut cursor = after;
    // Scan pages until 50 matches or the end.
    loop {
        let page = ctx.repo().users(cursor.as_deref(), 200).await?;
        for u in page.items {
            if needle.is_empty()
                || u.name.to_lowercase().contains(&needle)
                || u.email.to_lowercase().contains(&needle)
            {
                cursor = Some(u.id.clone());
                rows.push(row(ctx, u).await?);
                if rows.len() == 50 {
                    return Ok(PlatformUsers { rows, next: cursor });
                }
            } else {
                cursor = Some(u.id.clone());
            }
        }
        if page.next.is_none() {
            return Ok(PlatformUsers { rows, next: None });
        }
    }
}

/// Deactivates (or reactivates) a user everywhere dezky can.
pub async fn set_active(
    ctx: &Ctx,
    user_id: &str,
    active: bool,
) -> Result<UserDeactivation, AppError> {
    let mut user = ctx
        .repo()
        .user(user_id)
        .await?
        .ok_or_else(|| fail(AppError::NotFound))?;
    if !active && ctx.principal().is_some_and(|p| p.user.id == user.id) {
        return Err(fail(AppError::invalid("user", "self")));
    }
    if user.active != active {
        user.active = active;
        ctx.repo().save_user(&mut user).await?;
    }
    let sessions_ended = if active {
        0
    } else {
        ctx.repo().delete_sessions_of_user(&user.id).await?
    };
    let identity = match &ctx.services.identity_admin {
        None => UserIdentityOutcome::NotConnected,
        Some(idp) => match idp.find_user_by_email(&user.email).await {
            Ok(None) => UserIdentityOutcome::NoAccount,
            Ok(Some(account)) => {
                let changed = idp.set_active(account.id, active).await;
                let ended = if active || changed.is_err() {
                    Ok(0)
                } else {
                    idp.end_sessions(account.id).await
                };
                match (changed, ended) {
                    (Ok(_), Ok(_)) => UserIdentityOutcome::Done,
                    (Err(e), _) | (_, Err(e)) => {
                        tracing::warn!(error = %e, "identity provider: (de)activation failed");
                        UserIdentityOutcome::Failed
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "identity provider: user lookup failed");
                UserIdentityOutcome::Failed
            }
        },
    };
    ctx.record(
        if active {
            "user.reactivated"
        } else {
            "user.deactivated"
        },
        Outcome::Success,
        &super::context::Target {
            resource_type: "user",
            resource_id: user.id.clone(),
            resource_name: user.email.clone(),
            tenant_slug: None,
            partner_slug: None,
        },
        json!({ "sessions_ended": sessions_ended, "identity": identity }),
    )
    .await;
    Ok(UserDeactivation {
        user: row(ctx, user).await?,
        sessions_ended,
        identity,
    })
}
