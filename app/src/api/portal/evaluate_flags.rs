use crate::domain::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The full flag map for a tenant: the caller's own tenant by default (from
/// their membership, never from IdP groups); operators may name any tenant.
#[server(endpoint = "evaluate_flags")]
pub async fn evaluate_flags(tenant: Option<String>) -> Result<BTreeMap<String, bool>, AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, context::Target, flags, tenants};
    let ctx = Ctx::load()?;
    let slug = match tenant {
        Some(slug) => slug,
        None => {
            ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
                .await?;
            match tenants::first_of_caller(&ctx).await? {
                Some(slug) => slug,
                None => return Ok(BTreeMap::new()),
            }
        }
    };
    let (t, _) = tenants::authorized(&ctx, &slug, Action::ViewTenant).await?;
    flags::evaluate_for(&ctx, &t.slug).await
}
