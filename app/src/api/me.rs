//! Who is signed in: every signed-in page asks once (the shell shares it).
use crate::domain::AppError;
use crate::domain::model::WhoAmI;
use leptos::prelude::*;

/// The signed-in person, their tenants (with the role in each) and partner;
/// `None` when nobody is signed in.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<WhoAmI>, AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, context::Target, me};
    let ctx = Ctx::load()?;
    if ctx.principal().is_none() {
        return Ok(None);
    }
    ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
        .await?;
    me::who_am_i(&ctx).await
}

/// The personal area: the apps' addresses and the person's own sessions.
#[server(endpoint = "my_area")]
pub async fn my_area() -> Result<crate::domain::views::PersonalArea, AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, context::Target, me};
    let ctx = Ctx::load()?;
    ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
        .await?;
    me::area(&ctx).await
}

/// Ends one of the person's own sessions.
#[server(endpoint = "end_my_session")]
pub async fn end_my_session(id: String) -> Result<(), AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, context::Target, me};
    let ctx = Ctx::load()?;
    ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
        .await?;
    me::end_session(&ctx, &id).await
}
