//! A tenant's people and their role in it.
use super::context::Ctx;
use crate::domain::AppError;
use crate::domain::model::Tenant;
use crate::domain::views::MemberRow;

/// The members of `tenant`, by name.
pub async fn of_tenant(ctx: &Ctx, tenant: &Tenant) -> Result<Vec<MemberRow>, AppError> {
    let me = ctx
        .principal()
        .map(|p| p.user.id.clone())
        .unwrap_or_default();
    let mut rows: Vec<MemberRow> = ctx
        .repo()
        .users_of_tenant(&tenant.id)
        .await?
        .into_iter()
        .filter_map(|u| {
            let membership = u.membership(&tenant.id).cloned()?;
            Some(MemberRow {
                you: u.id == me,
                name: u.name,
                email: u.email,
                role: membership.role,
                active: u.active && !membership.suspended,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}
