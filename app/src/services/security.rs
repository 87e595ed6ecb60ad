//! A tenant's security policy and its people's second factors. The session
//! timeouts and the IP allow-list are enforced by dezky (the session
//! resolver and `tenants::authorized`); the MFA mode and the countries are
//! recorded, and the page says which is which (`domain::security`).
use super::context::{Ctx, Target};
use super::tenants;
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::authz::{Action, Grant};
use crate::domain::model::{SecurityPolicy, Tenant, User};
use crate::domain::security::{PolicyForm, ip_allowed};
use crate::domain::views::{MfaOverview, MfaRow, SecurityView};
use serde_json::{Map, Value, json};

/// The tenant's policy and the caller's address.
pub async fn view(ctx: &Ctx, slug: &str) -> Result<SecurityView, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    Ok(SecurityView {
        policy: tenant.security,
        your_ip: ctx.caller.ip.clone(),
    })
}

/// Saves a new policy; refuses an allow-list that would shut out the admin
/// saving it. The audit event carries each changed setting's before and after.
pub async fn save(ctx: &Ctx, slug: &str, form: PolicyForm) -> Result<SecurityPolicy, AppError> {
    let (mut tenant, grant) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let policy = form.checked().map_err(|e| AppError::Invalid {
        field: e.field.into(),
        reason: e.reason.into(),
    })?;
    if matches!(grant, Grant::Tenant(_)) && !ip_allowed(&policy.ip_allow_list, &ctx.caller.ip) {
        return Err(AppError::Invalid {
            field: "ip_allow_list".into(),
            reason: "locks_you_out".into(),
        });
    }
    let diff = diff(&tenant.security, &policy);
    if diff.is_empty() {
        return Ok(policy);
    }
    tenant.security = policy.clone();
    ctx.repo().save_tenant(&mut tenant).await?;
    ctx.record(
        "security.policy_changed",
        Outcome::Success,
        &Target {
            resource_type: "tenant",
            resource_id: tenant.id.clone(),
            resource_name: tenant.name.clone(),
            tenant_slug: Some(tenant.slug.clone()),
            partner_slug: None,
        },
        Value::Object(diff),
    )
    .await;
    Ok(policy)
}

/// `{ setting: { from, to } }` for each setting that changed.
fn diff(before: &SecurityPolicy, after: &SecurityPolicy) -> Map<String, Value> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Map::new();
    };
    a.into_iter()
        .filter(|(k, v)| b.get(k) != Some(v))
        .map(|(k, v)| {
            let from = b.get(&k).cloned().unwrap_or(Value::Null);
            (k, json!({ "from": from, "to": v }))
        })
        .collect()
}

/// Each member's confirmed second factors at the identity provider.
pub async fn mfa(ctx: &Ctx, slug: &str) -> Result<MfaOverview, AppError> {
    let (tenant, _) = tenants::authorized(ctx, slug, Action::AdministerTenant).await?;
    let members = ctx.repo().users_of_tenant(&tenant.id).await?;
    Ok(mfa_of(ctx, &tenant, &members).await)
}

/// The overview for `members` (the dashboard reads it too).
pub async fn mfa_of(ctx: &Ctx, tenant: &Tenant, members: &[User]) -> MfaOverview {
    mfa_of_people(
        ctx,
        members
            .iter()
            .filter(|m| m.membership(&tenant.id).is_some()),
    )
    .await
}

/// THE read of people's confirmed second factors at the identity provider
/// (a tenant's members, a partner's team).
pub async fn mfa_of_people<'a>(ctx: &Ctx, people: impl Iterator<Item = &'a User>) -> MfaOverview {
    let Some(idp) = &ctx.services.identity_admin else {
        return MfaOverview::NotConnected;
    };
    let mut rows = Vec::new();
    for m in people {
        let account = match idp.find_user_by_email(&m.email).await {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(error = %e, "second factors could not be read");
                return MfaOverview::Unavailable;
            }
        };
        let factors = match &account {
            Some(a) => match idp.authenticators(a.id).await {
                Ok(list) => list
                    .into_iter()
                    .filter(|f| f.confirmed)
                    .map(|f| f.kind)
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "second factors could not be read");
                    return MfaOverview::Unavailable;
                }
            },
            None => Vec::new(),
        };
        rows.push(MfaRow {
            name: m.name.clone(),
            email: m.email.clone(),
            has_account: account.is_some(),
            factors,
        });
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    MfaOverview::Known { rows }
}
