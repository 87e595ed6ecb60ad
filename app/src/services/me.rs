//! The signed-in person: their tenants (with the role in each) and partner.
use super::context::{Ctx, Target};
use crate::domain::AppError;
use crate::domain::audit::Outcome;
use crate::domain::model::{PartnerSummary, TenantAccess, TenantStatus, WhoAmI};
use crate::domain::views::{MySession, PersonalArea};
use serde_json::json;

/// `None` when nobody is signed in.
pub async fn who_am_i(ctx: &Ctx) -> Result<Option<WhoAmI>, AppError> {
    let Some(p) = ctx.principal() else {
        return Ok(None);
    };
    let repo = ctx.repo();
    let mut tenants = Vec::new();
    for m in p.user.tenant_roles.iter().filter(|m| !m.suspended) {
        if let Some(t) = repo.tenant(&m.tenant_id).await?
            && t.status != TenantStatus::Deleted
        {
            let partner = repo.partner(&t.partner_id).await?;
            let shown = match &partner {
                Some(p) => crate::domain::branding::effective(
                    &t.branding,
                    &p.branding,
                    p.customer_branding,
                ),
                None => t.branding.clone(),
            };
            tenants.push(TenantAccess {
                accent: shown.accent_colour,
                logo: shown.logo.as_deref().map(crate::domain::logo::url),
                slug: t.slug,
                name: t.name,
                role: m.role,
                plan: t.plan,
                seats: t.seats,
            });
        }
    }
    let partner = match &p.user.partner {
        Some(link) => repo
            .partner(&link.partner_id)
            .await?
            .map(|partner| PartnerSummary {
                slug: partner.slug,
                name: partner.name,
                access: link.access,
                logo: partner
                    .branding
                    .logo
                    .as_deref()
                    .map(crate::domain::logo::url),
                accent: partner.branding.accent_colour,
            }),
        None => None,
    };
    Ok(Some(WhoAmI {
        name: p.user.name.clone(),
        email: p.user.email.clone(),
        client: p.client,
        operator: p.is_operator(),
        partner,
        tenants,
    }))
}

/// The personal area of the signed-in person: the apps' addresses and their
/// own sessions.
pub async fn area(ctx: &Ctx) -> Result<PersonalArea, AppError> {
    let p = ctx.principal().ok_or(AppError::Unauthenticated)?;
    let this = ctx.caller.session_id.as_deref();
    let mut sessions: Vec<MySession> = ctx
        .repo()
        .sessions_of_user(&p.user.id)
        .await?
        .into_iter()
        .map(|s| MySession {
            this_device: Some(s.id.as_str()) == this,
            id: s.id,
            client: s.client,
            ip: s.ip,
            user_agent: s.user_agent,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect();
    sessions.sort_by_key(|s| (!s.this_device, std::cmp::Reverse(s.last_seen_at)));
    Ok(PersonalArea {
        mail_url: ctx.services.apps.mail.clone(),
        files_url: ctx.services.apps.files.clone(),
        sessions,
    })
}

/// Ends one of the person's own sessions (never someone else's: an id that
/// is not theirs is not found). Ending this device's session signs them out.
pub async fn end_session(ctx: &Ctx, id: &str) -> Result<(), AppError> {
    let p = ctx.principal().ok_or(AppError::Unauthenticated)?;
    let session = ctx
        .repo()
        .session(id)
        .await?
        .filter(|s| s.user_id == p.user.id)
        .ok_or(AppError::NotFound)?;
    ctx.repo().delete_session(&session.id).await?;
    ctx.record(
        "session.ended_by_user",
        Outcome::Success,
        &Target {
            resource_type: "session",
            resource_id: p.user.id.clone(),
            resource_name: p.user.email.clone(),
            ..Target::default()
        },
        json!({ "client": session.client.client_id(), "ip": session.ip, "this_device": ctx.caller.session_id.as_deref() == Some(id) }),
    )
    .await;
    Ok(())
}
